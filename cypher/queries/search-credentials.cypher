// One page of credentials, filtered, ordered by id; $after is the last id of the previous page.
MATCH (c:Credential)
// A credential deleted while this query runs can still be matched, without properties.
WHERE c.id IS NOT NULL
  AND ($after IS NULL OR c.id > $after)
  AND ($kind IS NULL OR c.kind = $kind)
  AND ($provider IS NULL OR EXISTS { (:Provider {id: $provider})-[:AWARDS]->(c) })
  AND ($eqfLevel IS NULL OR c.eqfLevel = $eqfLevel)
  AND ($qualification IS NULL OR (c:Qualification) = $qualification)
  AND ($skill IS NULL OR EXISTS { (c)-[:CERTIFIES]->(:LearningOutcome)-[:DEVELOPS]->(:Skill {id: $skill}) })
RETURN c {.id, .title, .kind, .credits, .eqfLevel, .language, .mode,
          earnable: coalesce(c.earnable, NOT EXISTS { (c)-[:HAS_RULE]->() }),
          qualification: c:Qualification,
          provider: [(p:Provider)-[:AWARDS]->(c) | p.id][0]} AS credential
ORDER BY c.id
LIMIT $limit
