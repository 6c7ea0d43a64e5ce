MATCH (g:IscoGroup)
RETURN g {.*} AS group,
       [(g)-[:BROADER]->(b:IscoGroup) | b.id] AS broader
ORDER BY g.id
