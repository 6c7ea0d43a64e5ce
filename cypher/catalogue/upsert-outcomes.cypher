UNWIND $rows AS row
MERGE (lo:LearningOutcome {id: row.id})
SET lo = row.props
WITH lo, row
OPTIONAL MATCH (lo)-[old:DEVELOPS]->()
DELETE old
WITH DISTINCT lo, row
UNWIND row.skills AS link
MATCH (s {id: link.skill}) WHERE s:Skill OR s:SkillGroup
MERGE (lo)-[d:DEVELOPS]->(s)
SET d.relation = link.relation, d.order = link.order
