MATCH (p:Provider)
RETURN p {.*} AS provider
ORDER BY p.id
