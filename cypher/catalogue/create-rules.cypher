// One row per rule-tree node, parents before children.
UNWIND $rows AS row
CREATE (r:Requirement {id: row.id})
SET r = row.props
WITH r, row
CALL (r, row) {
  WITH r WHERE row.parent IS NULL
  MATCH (c:Credential {id: row.owner})
  CALL (c, r, row) {
    WITH c, r WHERE row.rule = 'award'
    CREATE (c)-[:HAS_RULE]->(r)
  }
  CALL (c, r, row) {
    WITH c, r WHERE row.rule = 'entry'
    CREATE (c)-[:HAS_ENTRY_RULE]->(r)
  }
}
CALL (r, row) {
  WITH r WHERE row.parent IS NOT NULL
  MATCH (p:Requirement {id: row.parent})
  CREATE (p)-[:CHILD {order: row.order}]->(r)
}
CALL (r, row) {
  UNWIND range(0, size(row.accepts) - 1) AS i
  MATCH (x {id: row.accepts[i]}) WHERE x:Credential OR x:LearningOutcome
  CREATE (r)-[:ACCEPTS {order: i}]->(x)
}
