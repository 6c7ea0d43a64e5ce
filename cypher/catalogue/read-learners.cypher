MATCH (l:Learner)
RETURN l.id AS id,
       [(l)-[h:HOLDS]->(c) | h {.*, credential: c.id}] AS holdings
ORDER BY id
