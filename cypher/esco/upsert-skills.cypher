// ESCO skills (not groups): properties replaced whole, keyed on the ESCO URI.
UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
SET s = row.props
