MATCH (s) WHERE s:Skill OR s:SkillGroup
RETURN s {.*, group: s:SkillGroup} AS skill,
       [(s)-[:BROADER]->(b) | b.id] AS broader,
       [(s)-[n:NEEDS]->(t) | {skill: t.id, relation: n.relation}] AS needs
ORDER BY s.id
