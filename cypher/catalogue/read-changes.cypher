// The change log after a version of one epoch (see log-change.cypher), oldest first.
MATCH (c:CatalogueChange)
WHERE c.epoch = $epoch AND c.version > $version
RETURN c.version AS version, c.whole AS whole, c.written AS written, c.removed AS removed
ORDER BY c.version
