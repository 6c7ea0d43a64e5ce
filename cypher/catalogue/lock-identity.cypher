// Takes the catalogue's write lock for the rest of this transaction (every catalogue write
// bumps the version on this node, so they wait for this one) and returns the identity it
// holds: a write validated against the graph of that identity commits only if it is still so.
MERGE (m:CatalogueMeta {id: 'catalogue'})
SET m.version = coalesce(m.version, 0)
RETURN m.version AS version, coalesce(m.epoch, '') AS epoch
