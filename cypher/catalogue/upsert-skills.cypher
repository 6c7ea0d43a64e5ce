// Skills and skill groups; labels differ, the id is the ESCO URI either way. A concept that
// changes kind keeps its node (and links) and swaps its label, so one id is never two nodes.
UNWIND $rows AS row
CALL (row) {
  OPTIONAL MATCH (g:SkillGroup {id: row.id})
  WITH g WHERE NOT row.group AND g IS NOT NULL
  REMOVE g:SkillGroup
  SET g:Skill
}
CALL (row) {
  OPTIONAL MATCH (s:Skill {id: row.id})
  WITH s WHERE row.group AND s IS NOT NULL
  REMOVE s:Skill
  SET s:SkillGroup
}
CALL (row) {
  WITH row WHERE NOT row.group
  MERGE (s:Skill {id: row.id})
  SET s = row.props
}
CALL (row) {
  WITH row WHERE row.group
  MERGE (s:SkillGroup {id: row.id})
  SET s = row.props
}
