// Removes credentials (a draft's removals) with their links; their rule trees are dropped
// by delete-rules first, and validation has made sure nothing else still refers to them.
UNWIND $ids AS id
MATCH (c:Credential {id: id})
DETACH DELETE c
