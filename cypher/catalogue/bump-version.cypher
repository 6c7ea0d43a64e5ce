MERGE (m:CatalogueMeta {id: 'catalogue'})
SET m.version = coalesce(m.version, 0) + 1, m.updatedAt = datetime()
RETURN m.version AS version
