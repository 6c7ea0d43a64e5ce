MATCH (p:Provider)
WHERE $after IS NULL OR p.id > $after
RETURN p {.*} AS provider
ORDER BY p.id
LIMIT $limit
