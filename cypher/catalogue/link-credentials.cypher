// Replaces a credential's outgoing structure: provider, outcomes, co-requisites, suggested order.
UNWIND $rows AS row
MATCH (c:Credential {id: row.id})
OPTIONAL MATCH (c)-[old:CERTIFIES|COREQUISITE|PRECEDES]->()
DELETE old
WITH DISTINCT c, row
OPTIONAL MATCH (:Provider)-[oldAward:AWARDS]->(c)
DELETE oldAward
WITH DISTINCT c, row
CALL (c, row) {
  MATCH (p:Provider {id: row.provider})
  MERGE (p)-[:AWARDS]->(c)
}
CALL (c, row) {
  UNWIND range(0, size(row.learningOutcomes) - 1) AS i
  MATCH (lo:LearningOutcome {id: row.learningOutcomes[i]})
  MERGE (c)-[r:CERTIFIES]->(lo)
  SET r.order = i
}
CALL (c, row) {
  UNWIND range(0, size(row.corequisites) - 1) AS i
  MATCH (o:Credential {id: row.corequisites[i]})
  MERGE (c)-[r:COREQUISITE]->(o)
  SET r.order = i
}
CALL (c, row) {
  UNWIND range(0, size(row.precedes) - 1) AS i
  MATCH (o:Credential {id: row.precedes[i]})
  MERGE (c)-[r:PRECEDES]->(o)
  SET r.order = i
}
