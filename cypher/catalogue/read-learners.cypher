MATCH (l:Learner)
RETURN l.id AS id,
       [(l)-[h:HOLDS]->(c) | h {.*, credential: c.id}] AS holdings,
       [(l)-[x:HAS_PRIOR_LEARNING]->(p:PriorLearning) | p {.*, position: x.position}] AS priorLearning
ORDER BY id
