// Removes recognition agreements (a draft's removals), each named by the credentials it joins.
UNWIND $rows AS row
MATCH (:Credential {id: row.from})-[r:RECOGNISED_AS]->(:Credential {id: row.to})
DELETE r
