// Properties only; relationships are written by link-credentials once every node exists.
UNWIND $rows AS row
MERGE (c:Credential {id: row.id})
SET c = row.props
WITH c, row
CALL (c, row) {
  WITH c WHERE row.qualification
  SET c:Qualification
}
CALL (c, row) {
  WITH c WHERE NOT row.qualification
  REMOVE c:Qualification
}
