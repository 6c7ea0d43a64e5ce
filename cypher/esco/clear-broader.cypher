// Drops the outgoing BROADER links of these concepts before they are written again. Each
// row names its label so every look-up is an index seek (a label-less match would scan).
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.label = 'Skill'
  MATCH (:Skill {id: row.id})-[r:BROADER]->()
  DELETE r
}
CALL (row) {
  WITH row WHERE row.label = 'SkillGroup'
  MATCH (:SkillGroup {id: row.id})-[r:BROADER]->()
  DELETE r
}
CALL (row) {
  WITH row WHERE row.label = 'Occupation'
  MATCH (:Occupation {id: row.id})-[r:BROADER]->()
  DELETE r
}
CALL (row) {
  WITH row WHERE row.label = 'IscoGroup'
  MATCH (:IscoGroup {id: row.id})-[r:BROADER]->()
  DELETE r
}
