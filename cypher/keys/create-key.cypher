CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, createdAt: $createdAt})
SET k.rateLimit = $rateLimit
RETURN k {.id, .name, .role, .createdAt, .rateLimit} AS key
