// Partial credit transfer agreements: credits from a held credential towards one rule (by its
// key) of a qualification; one agreement per credential, qualification and rule.
UNWIND $rows AS row
MATCH (a:Credential {id: row.from}), (q:Credential {id: row.qualification})
MERGE (a)-[r:TRANSFERS_TO {rule: row.rule}]->(q)
SET r = row.props
