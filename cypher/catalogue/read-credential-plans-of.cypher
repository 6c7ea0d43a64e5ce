// read-credential-plans for some credentials only.
MATCH (c:Credential)
WHERE c.id IN $ids AND (c)-[:STRICT_COREQUISITE|REFERENCE_PLAN]->()
RETURN c.id AS id,
       [(c)-[r:STRICT_COREQUISITE]->(o) | {id: o.id, order: r.order}] AS strictCorequisites,
       [(c)-[r:REFERENCE_PLAN]->(o) | {credential: o.id, term: r.term, order: r.order}] AS referencePlan
