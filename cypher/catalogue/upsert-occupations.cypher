UNWIND $rows AS row
MERGE (o:Occupation {id: row.id})
SET o = row.props
WITH o, row
OPTIONAL MATCH (o)-[old:NEEDS]->()
DELETE old
WITH DISTINCT o, row
UNWIND row.needs AS need
MATCH (s {id: need.skill}) WHERE s:Skill OR s:SkillGroup
MERGE (o)-[n:NEEDS]->(s)
SET n.relation = need.relation
