MATCH (a:Credential)-[r:TRANSFERS_TO]->(q:Credential)
RETURN a.id AS from, q.id AS qualification, r {.*} AS props
ORDER BY from, qualification, r.rule
