UNWIND $rows AS row
MATCH (s {id: row.id}) WHERE s:Skill OR s:SkillGroup
OPTIONAL MATCH (s)-[old:BROADER]->()
DELETE old
WITH DISTINCT s, row
UNWIND row.broader AS b
MATCH (t {id: b}) WHERE t:Skill OR t:SkillGroup
MERGE (s)-[:BROADER]->(t)
