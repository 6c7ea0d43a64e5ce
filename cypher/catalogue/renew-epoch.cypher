// A new catalogue lifetime: version 0 under a fresh epoch (see bump-version.cypher).
MERGE (m:CatalogueMeta {id: 'catalogue'})
SET m.epoch = randomUUID(), m.version = 0, m.updatedAt = datetime()
RETURN m.version AS version, m.epoch AS epoch
