MATCH (s) WHERE s:Skill OR s:SkillGroup
RETURN s {.*, group: s:SkillGroup} AS skill,
       [(s)-[:BROADER]->(b) | b.id] AS broader
ORDER BY s.id
