// ESCO skill groups: properties replaced whole, keyed on the ESCO URI.
UNWIND $rows AS row
MERGE (g:SkillGroup {id: row.id})
SET g = row.props
