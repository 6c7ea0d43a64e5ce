// ESCO look-up by label or alternative label: skills and skill groups, or occupations.
CALL db.index.fulltext.queryNodes('skill_text', $text) YIELD node AS n, score
WITH n, score
WHERE any(l IN labels(n) WHERE l IN $labels)
  AND ($afterScore IS NULL OR score < $afterScore OR (score = $afterScore AND n.id > $after))
RETURN n {.id, .label, .skillType, .iscoGroup, group: n:SkillGroup,
          altLabels: coalesce(n.altLabels, [])} AS concept, score
ORDER BY score DESC, n.id
LIMIT $limit
