MATCH (o:Occupation)
RETURN o {.*} AS occupation,
       [(o)-[n:NEEDS]->(s) | {skill: s.id, relation: n.relation}] AS needs,
       [(o)-[:BROADER]->(b) | b.id] AS broader
ORDER BY o.id
