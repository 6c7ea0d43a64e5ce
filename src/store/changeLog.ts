import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { CatalogueDocument, Credential } from '../model/index.js';
import { credentialsIn, type CatalogueIdentity } from './catalogueReader.js';
import { cypher } from './cypher.js';
import { int, withSession } from './driver.js';

/**
 * The catalogue's change log: every catalogue write records, in its own transaction and at the
 * version it bumps, which credentials it wrote and removed, or that it changed more than a
 * list can say (`whole`: other kinds of record, or more than MAX_LOGGED_IDS credentials). A
 * process holding the graph of an earlier version then reads only those credentials and
 * updates its graph (CatalogueProjection), instead of reading the whole catalogue again; when
 * the log cannot cover the gap (another epoch, an entry pruned or missing, a `whole` entry,
 * too many records) it reads everything, as before. Entries are kept for CHANGE_LOG_KEEP
 * versions and within one epoch (`db clear` deletes them with everything else).
 */

/** What one catalogue write changed, as the log records it. */
export type LoggedChange =
  { whole: true } | { whole: false; written: readonly string[]; removed: readonly string[] };

/** Most credential ids one entry lists; a larger write is logged as `whole`. */
export const MAX_LOGGED_IDS = 1000;
/** Versions the log keeps: a process further behind reads the whole catalogue. */
export const CHANGE_LOG_KEEP = 200;
/**
 * Most credentials a process re-reads to catch up: beyond it a whole read (tens of thousands
 * of records in a few queries) is about as cheap and simpler.
 */
export const MAX_CATCH_UP_IDS = 5000;

/** A change to some credentials only, or `whole` when it is too large to list. */
export function credentialChange(
  written: readonly string[],
  removed: readonly string[] = [],
): LoggedChange {
  return written.length + removed.length > MAX_LOGGED_IDS
    ? { whole: true }
    : { whole: false, written, removed };
}

/**
 * What writing a catalogue document (an import, or a draft's records) changes in the graph:
 * its credentials, unless it also writes records of other kinds the graph holds (providers,
 * outcomes, skills, occupations, ISCO groups, recognitions), which the log does not follow.
 * Learners are not part of the catalogue graph.
 */
export function documentChange(
  doc: CatalogueDocument,
  removed: { credentials?: readonly string[]; others?: number } = {},
): LoggedChange {
  const others =
    doc.providers.length +
    doc.learningOutcomes.length +
    doc.skills.length +
    doc.occupations.length +
    (doc.iscoGroups?.length ?? 0) +
    doc.recognitions.length +
    (doc.creditConversions?.length ?? 0) +
    (removed.others ?? 0);
  if (others > 0) return { whole: true };
  return credentialChange(
    doc.credentials.map((c) => c.id),
    removed.credentials ?? [],
  );
}

/** Records `change` at the version just bumped in `tx` (after catalogue/bump-version). */
export async function logCatalogueChange(
  tx: Pick<ManagedTransaction, 'run'>,
  change: LoggedChange,
): Promise<void> {
  await tx.run(cypher('catalogue/log-change'), logChangeParameters(change));
}

/** The parameters of catalogue/log-change for `change`. */
export const logChangeParameters = (change: LoggedChange): Record<string, unknown> => ({
  whole: change.whole,
  written: change.whole ? [] : [...new Set(change.written)],
  removed: change.whole ? [] : [...new Set(change.removed)],
  keep: int(CHANGE_LOG_KEEP),
});

/** The credentials changed since an identity, read at the identity the result names. */
export interface CatalogueChanges extends CatalogueIdentity {
  /** Every id looked up: the logged ones and those `related` added. */
  ids: string[];
  /** Those of them stored now, as a whole read gives them back. */
  credentials: Credential[];
}

/** Attempts before giving up when writes keep landing while the changes are read. */
const READ_ATTEMPTS = 3;

/**
 * The credentials written or removed since `since` (same epoch), read in one transaction with
 * the log that names them, or `undefined` when the log cannot cover the gap (see above) or a
 * record is rejected by the checks a whole read makes. `related` adds the ids the caller must
 * read again besides the logged ones (credentials whose links a removal detached). The
 * identity is read before and after, so the result is one version's state (Neo4j reads at
 * read-committed isolation).
 */
export async function readChangesSince(
  driver: Driver,
  since: CatalogueIdentity,
  related: (logged: { written: Set<string>; removed: Set<string> }) => Iterable<string>,
  database?: string,
): Promise<CatalogueChanges | undefined> {
  return withSession(driver, 'read', { database }, async (session) => {
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      const read = await session.executeRead(async (tx) => {
        const [identityRows, logRows] = await Promise.all([
          tx.run(cypher('catalogue/version')),
          tx.run(cypher('catalogue/read-changes'), {
            epoch: since.epoch,
            version: int(since.version),
          }),
        ]);
        const identity = identityOf(identityRows.records[0]?.toObject());
        if (identity.epoch !== since.epoch || identity.version < since.version) return 'uncovered';
        const written = new Set<string>();
        const removed = new Set<string>();
        let expected = since.version + 1;
        for (const row of logRows.records.map((r) => r.toObject())) {
          if ((row.version as number) > identity.version) break; // committed meanwhile
          if (row.version !== expected || row.whole) return 'uncovered';
          for (const id of row.written as string[]) written.add(id);
          for (const id of row.removed as string[]) removed.add(id);
          expected++;
        }
        if (expected !== identity.version + 1) return 'uncovered';
        const ids = [...new Set([...written, ...removed, ...related({ written, removed })])];
        if (ids.length > MAX_CATCH_UP_IDS) return 'uncovered';
        const credentials = ids.length ? await credentialsIn(tx, ids) : [];
        if (!credentials) return 'uncovered';
        const after = identityOf(
          (await tx.run(cypher('catalogue/version'))).records[0]?.toObject(),
        );
        if (after.epoch !== identity.epoch || after.version !== identity.version) return 'moved';
        return { ...identity, ids, credentials };
      });
      if (read === 'uncovered') return undefined;
      if (read !== 'moved') return read;
    }
    return undefined;
  });
}

const identityOf = (row: Record<string, unknown> | undefined): CatalogueIdentity => ({
  version: (row?.version as number | undefined) ?? 0,
  epoch: (row?.epoch as string | undefined) ?? '',
});
