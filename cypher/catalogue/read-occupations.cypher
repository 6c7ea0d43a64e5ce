MATCH (o:Occupation)
RETURN o {.*} AS occupation,
       [(o)-[n:NEEDS]->(s) | {skill: s.id, relation: n.relation}] AS needs
ORDER BY o.id
