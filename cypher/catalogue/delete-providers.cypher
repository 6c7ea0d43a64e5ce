// Removes providers (a draft's removals); validation has made sure no credential names them.
UNWIND $ids AS id
MATCH (p:Provider {id: id})
DETACH DELETE p
