OPTIONAL MATCH (m:CatalogueMeta {id: 'catalogue'})
RETURN coalesce(m.version, 0) AS version, coalesce(m.epoch, '') AS epoch
