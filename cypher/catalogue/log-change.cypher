// What the write of this transaction changed, at the version bump-version just set (run right
// after it, in the same transaction): a process holding the graph of an earlier version reads
// only these records (src/store/changeLog.ts). `whole` when the write changed more than
// credentials or too many to list. Entries of another epoch or more than $keep versions old
// are pruned here, so the log stays small.
MATCH (m:CatalogueMeta {id: 'catalogue'})
CREATE (:CatalogueChange {epoch: m.epoch, version: m.version, whole: $whole,
                          written: $written, removed: $removed})
WITH m
CALL (m) {
  MATCH (old:CatalogueChange)
  WHERE old.epoch <> m.epoch OR old.version <= m.version - $keep
  DELETE old
}
