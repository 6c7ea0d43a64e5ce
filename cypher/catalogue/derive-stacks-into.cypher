// STACKS_INTO is derived from award rules: X stacks into Q when Q's award rule accepts X or
// an outcome X certifies. Recomputed whole after every catalogue write.
MATCH ()-[s:STACKS_INTO]->()
DELETE s
WITH count(*) AS removed
MATCH (q:Credential)-[:HAS_RULE]->(:Requirement)-[:CHILD*0..]->(:Requirement)-[:ACCEPTS]->(x)
OPTIONAL MATCH (certifier:Credential)-[:CERTIFIES]->(x:LearningOutcome)
WITH DISTINCT q, CASE WHEN x:Credential THEN x ELSE certifier END AS s
WHERE s IS NOT NULL AND s <> q
MERGE (s)-[:STACKS_INTO]->(q)
RETURN count(*) AS derived
