// The epoch names this catalogue's lifetime: `db clear` deletes this node, so the next write
// starts version 1 under a new epoch, and a projection of the old catalogue is never current.
MERGE (m:CatalogueMeta {id: 'catalogue'})
SET m.version = coalesce(m.version, 0) + 1, m.updatedAt = datetime(),
    m.epoch = coalesce(m.epoch, randomUUID())
RETURN m.version AS version, m.epoch AS epoch
