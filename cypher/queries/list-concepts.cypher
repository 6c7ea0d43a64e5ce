// ESCO concepts of the given labels, ordered by id, one page.
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels) AND ($after IS NULL OR n.id > $after)
RETURN n {.id, .label, .skillType, .iscoGroup, group: n:SkillGroup,
          altLabels: coalesce(n.altLabels, [])} AS concept
ORDER BY n.id
LIMIT $limit
