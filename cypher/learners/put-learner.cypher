// Creates or replaces one learner: their holdings become exactly the given ones.
MERGE (l:Learner {id: $id})
WITH l
OPTIONAL MATCH (l)-[old:HOLDS]->()
DELETE old
WITH DISTINCT l
UNWIND $holdings AS h
MATCH (c:Credential {id: h.credential})
CREATE (l)-[r:HOLDS]->(c)
SET r = h.props
