OPTIONAL MATCH (m:CatalogueMeta {id: 'catalogue'})
RETURN coalesce(m.version, 0) AS version
