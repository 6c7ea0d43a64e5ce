// BROADER links of both ESCO pillars, one row per link with the labels of both ends:
// skill pillar Skill->Skill, Skill->SkillGroup, SkillGroup->SkillGroup (and SkillGroup->Skill
// should a release add it); occupation pillar Occupation->Occupation, Occupation->IscoGroup,
// IscoGroup->IscoGroup. CREATE, not MERGE: clear-broader has just dropped the owners' links
// and the rows carry no duplicates.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.kind = 'Skill>Skill'
  MATCH (a:Skill {id: row.from}), (b:Skill {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'Skill>SkillGroup'
  MATCH (a:Skill {id: row.from}), (b:SkillGroup {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'SkillGroup>SkillGroup'
  MATCH (a:SkillGroup {id: row.from}), (b:SkillGroup {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'SkillGroup>Skill'
  MATCH (a:SkillGroup {id: row.from}), (b:Skill {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'Occupation>Occupation'
  MATCH (a:Occupation {id: row.from}), (b:Occupation {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'Occupation>IscoGroup'
  MATCH (a:Occupation {id: row.from}), (b:IscoGroup {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
CALL (row) {
  WITH row WHERE row.kind = 'IscoGroup>IscoGroup'
  MATCH (a:IscoGroup {id: row.from}), (b:IscoGroup {id: row.to})
  CREATE (a)-[:BROADER]->(b)
}
