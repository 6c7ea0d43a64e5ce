// Revoked keys stay listed (who had access when), but never authenticate again.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, $revokedAt)
RETURN k {.id, .name, .role, .createdAt, .revokedAt, .rateLimit} AS key
