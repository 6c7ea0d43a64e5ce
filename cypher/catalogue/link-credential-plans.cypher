// Strict co-requisites (same term) and the reference plan (term per credential) of each
// credential, replaced whole.
UNWIND $rows AS row
MATCH (c:Credential {id: row.id})
OPTIONAL MATCH (c)-[old:STRICT_COREQUISITE|REFERENCE_PLAN]->()
DELETE old
WITH DISTINCT c, row
CALL (c, row) {
  UNWIND range(0, size(row.strictCorequisites) - 1) AS i
  MATCH (o:Credential {id: row.strictCorequisites[i]})
  MERGE (c)-[r:STRICT_COREQUISITE]->(o)
  SET r.order = i
}
CALL (c, row) {
  UNWIND range(0, size(row.referencePlan) - 1) AS i
  MATCH (o:Credential {id: row.referencePlan[i].credential})
  MERGE (c)-[r:REFERENCE_PLAN]->(o)
  SET r.order = i, r.term = row.referencePlan[i].term
}
