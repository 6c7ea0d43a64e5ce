// Removes a learner, their prior-learning records and every relationship they have (their
// holdings): nothing of them stays.
MATCH (l:Learner {id: $id})
OPTIONAL MATCH (l)-[:HAS_PRIOR_LEARNING]->(p:PriorLearning)
DETACH DELETE p
WITH DISTINCT l
DETACH DELETE l
RETURN count(*) AS deleted
