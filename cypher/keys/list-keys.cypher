MATCH (k:ApiKey)
RETURN k {.id, .name, .role, .createdAt, .revokedAt, .rateLimit} AS key
ORDER BY k.createdAt, k.id
