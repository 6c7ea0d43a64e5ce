// NEEDS {relation: essential|optional}: occupation-skill and skill-skill relations, one row
// per link with the labels of both ends. CREATE, not MERGE: clear-needs has just dropped the
// owners' links and the rows carry no duplicates.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.kind = 'Occupation>Skill'
  MATCH (a:Occupation {id: row.from}), (b:Skill {id: row.to})
  CREATE (a)-[:NEEDS {relation: row.relation}]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'Occupation>SkillGroup'
  MATCH (a:Occupation {id: row.from}), (b:SkillGroup {id: row.to})
  CREATE (a)-[:NEEDS {relation: row.relation}]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'Skill>Skill'
  MATCH (a:Skill {id: row.from}), (b:Skill {id: row.to})
  CREATE (a)-[:NEEDS {relation: row.relation}]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'Skill>SkillGroup'
  MATCH (a:Skill {id: row.from}), (b:SkillGroup {id: row.to})
  CREATE (a)-[:NEEDS {relation: row.relation}]->(b)
}
