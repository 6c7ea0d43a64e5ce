// Removes a credential with its own rule trees and links.
MATCH (c:Credential {id: $id})
OPTIONAL MATCH (r:Requirement {owner: $id})
DETACH DELETE r
WITH DISTINCT c
DETACH DELETE c
RETURN count(*) AS deleted
