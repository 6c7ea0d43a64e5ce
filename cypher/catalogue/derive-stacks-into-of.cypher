// derive-stacks-into for a write of some credentials only ($ids), when nothing else changed:
// a STACKS_INTO link depends on the award rule of its target and on what its source is (or
// certifies), so only the links touching a written credential can change. They are dropped
// and derived again, into it (what its award rule accepts) and out of it (award rules that
// accept it or an outcome it certifies); the rest of the catalogue's links stay as they are.
MATCH (c:Credential)
WHERE c.id IN $ids
OPTIONAL MATCH (c)-[old:STACKS_INTO]-()
WITH collect(DISTINCT c) AS written, collect(DISTINCT old) AS stale
FOREACH (s IN stale | DELETE s)
WITH written
UNWIND written AS c
CALL (c) {
  MATCH (c)-[:HAS_RULE]->(:Requirement)-[:CHILD*0..]->(:Requirement)-[:ACCEPTS]->(x)
  OPTIONAL MATCH (certifier:Credential)-[:CERTIFIES]->(x:LearningOutcome)
  WITH DISTINCT CASE WHEN x:Credential THEN x ELSE certifier END AS s
  WHERE s IS NOT NULL AND s <> c
  MERGE (s)-[:STACKS_INTO]->(c)
  RETURN count(*) AS into
}
CALL (c) {
  OPTIONAL MATCH (c)-[:CERTIFIES]->(lo:LearningOutcome)
  WITH c, [c] + collect(lo) AS accepted
  UNWIND accepted AS x
  MATCH (q:Credential)-[:HAS_RULE]->(:Requirement)-[:CHILD*0..]->(:Requirement)-[:ACCEPTS]->(x)
  WITH DISTINCT q
  WHERE q <> c
  MERGE (c)-[:STACKS_INTO]->(q)
  RETURN count(*) AS outOf
}
RETURN sum(into + outOf) AS derived
