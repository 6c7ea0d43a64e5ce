// Removes a credential with its own rule trees, offerings and links.
MATCH (c:Credential {id: $id})
OPTIONAL MATCH (r:Requirement {owner: $id})
DETACH DELETE r
WITH DISTINCT c
OPTIONAL MATCH (c)-[:OFFERED_AS]->(o:Offering)
DETACH DELETE o
WITH DISTINCT c
DETACH DELETE c
RETURN count(*) AS deleted
