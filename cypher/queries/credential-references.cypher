// What still points at a credential: rules of other credentials, recognitions, holdings.
MATCH (c:Credential {id: $id})
RETURN
  [(r:Requirement)-[:ACCEPTS]->(c) WHERE r.owner <> $id | r.owner] AS ruleOwners,
  [(c)-[:RECOGNISED_AS|TRANSFERS_TO]-(o) | o.id] AS recognitions,
  COUNT { (:Learner)-[:HOLDS]->(c) } AS holders
