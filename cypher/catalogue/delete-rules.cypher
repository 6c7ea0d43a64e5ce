// Drops the rule trees owned by these credentials before they are written again.
UNWIND $ids AS id
MATCH (r:Requirement {owner: id})
DETACH DELETE r
