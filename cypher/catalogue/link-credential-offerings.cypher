// The offerings of each credential (when and how it can be taken), replaced whole: Offering
// nodes owned by their credential (no id of their own), in order.
UNWIND $rows AS row
MATCH (c:Credential {id: row.id})
OPTIONAL MATCH (c)-[:OFFERED_AS]->(old:Offering)
DETACH DELETE old
WITH DISTINCT c, row
CALL (c, row) {
  UNWIND range(0, size(row.offerings) - 1) AS i
  CREATE (c)-[:OFFERED_AS {order: i}]->(o:Offering)
  SET o = row.offerings[i]
}
