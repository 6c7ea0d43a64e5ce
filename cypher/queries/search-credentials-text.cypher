// One page of a full-text search over titles and descriptions, best match first; the cursor
// is the (score, id) of the previous page's last row.
CALL db.index.fulltext.queryNodes('credential_text', $text) YIELD node AS c, score
WITH c, score
// A credential deleted while this query runs can still be matched, without properties.
WHERE c.id IS NOT NULL
  AND ($afterScore IS NULL OR score < $afterScore OR (score = $afterScore AND c.id > $after))
  AND ($kind IS NULL OR c.kind = $kind)
  AND ($provider IS NULL OR EXISTS { (:Provider {id: $provider})-[:AWARDS]->(c) })
  AND ($eqfLevel IS NULL OR c.eqfLevel = $eqfLevel)
  AND ($qualification IS NULL OR (c:Qualification) = $qualification)
  AND ($skill IS NULL OR EXISTS { (c)-[:CERTIFIES]->(:LearningOutcome)-[:DEVELOPS]->(:Skill {id: $skill}) })
RETURN c {.id, .title, .kind, .credits, .eqfLevel, .language, .mode,
          earnable: coalesce(c.earnable, NOT EXISTS { (c)-[:HAS_RULE]->() }),
          qualification: c:Qualification,
          provider: [(p:Provider)-[:AWARDS]->(c) | p.id][0]} AS credential, score
ORDER BY score DESC, c.id
LIMIT $limit
