MATCH (l:Learner {id: $id})
RETURN l.id AS id,
       [(l)-[h:HOLDS]->(c:Credential) | h {.*, credential: c.id}] AS holdings,
       [(l)-[x:HAS_PRIOR_LEARNING]->(p:PriorLearning) | p {.*, position: x.position}] AS priorLearning
