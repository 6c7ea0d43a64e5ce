// read-credentials for some credentials only (a projection updated after a write it made).
MATCH (c:Credential)
WHERE c.id IN $ids
RETURN c {.*, qualification: c:Qualification} AS credential,
       [(p:Provider)-[:AWARDS]->(c) | p.id][0] AS provider,
       [(c)-[r:CERTIFIES]->(lo) | {id: lo.id, order: r.order}] AS learningOutcomes,
       [(c)-[r:COREQUISITE]->(o) | {id: o.id, order: r.order}] AS corequisites,
       [(c)-[r:PRECEDES]->(o) | {id: o.id, order: r.order}] AS precedes,
       [(c)-[r:OFFERED_AS]->(o:Offering) | o {.*, order: r.order}] AS offerings
ORDER BY c.id
