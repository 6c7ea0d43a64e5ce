// Removes credentials (a draft's removals) with their links; their rule trees are dropped
// by delete-rules first, their offerings here, and validation has made sure nothing else still refers to them.
UNWIND $ids AS id
MATCH (c:Credential {id: id})
OPTIONAL MATCH (c)-[:OFFERED_AS]->(o:Offering)
DETACH DELETE o
WITH DISTINCT c
DETACH DELETE c
