// Replaces the prior learning of each learner in $rows with its records, one node each,
// linked from the learner in the order given.
UNWIND $rows AS row
MATCH (l:Learner {id: row.id})
OPTIONAL MATCH (l)-[:HAS_PRIOR_LEARNING]->(old:PriorLearning)
DETACH DELETE old
WITH DISTINCT l, row
UNWIND row.priorLearning AS r
CREATE (l)-[:HAS_PRIOR_LEARNING {position: r.position}]->(p:PriorLearning)
SET p = r.props
