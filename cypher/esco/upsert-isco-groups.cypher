// ISCO-08 groups of the ESCO occupation pillar, keyed on their ESCO URI.
UNWIND $rows AS row
MERGE (g:IscoGroup {id: row.id})
SET g = row.props
