UNWIND $rows AS row
MATCH (a:Credential {id: row.from}), (b:Credential {id: row.to})
MERGE (a)-[r:RECOGNISED_AS]->(b)
SET r = row.props
