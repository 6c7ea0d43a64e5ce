// A learner is a pseudonymous id; their holdings are replaced by the document's.
UNWIND $rows AS row
MERGE (l:Learner {id: row.id})
WITH l, row
OPTIONAL MATCH (l)-[old:HOLDS]->()
DELETE old
WITH DISTINCT l, row
UNWIND row.holdings AS h
MATCH (c:Credential {id: h.credential})
CREATE (l)-[r:HOLDS]->(c)
SET r = h.props
