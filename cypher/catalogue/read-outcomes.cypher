MATCH (lo:LearningOutcome)
RETURN lo {.*} AS outcome,
       [(lo)-[d:DEVELOPS]->(s) | {skill: s.id, relation: d.relation, order: d.order}] AS skills
ORDER BY lo.id
