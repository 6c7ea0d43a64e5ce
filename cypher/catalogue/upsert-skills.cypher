// Skills and skill groups; labels differ, the id is the ESCO URI either way.
UNWIND $rows AS row
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
