// Drops the outgoing NEEDS links (essential/optional skills) of these skills, skill groups or
// occupations before they are written again.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.label = 'Skill'
  MATCH (:Skill {id: row.id})-[r:NEEDS]->()
  DELETE r
}
CALL (row) {
  WITH row WHERE row.label = 'SkillGroup'
  MATCH (:SkillGroup {id: row.id})-[r:NEEDS]->()
  DELETE r
}
CALL (row) {
  WITH row WHERE row.label = 'Occupation'
  MATCH (:Occupation {id: row.id})-[r:NEEDS]->()
  DELETE r
}
