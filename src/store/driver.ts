import neo4j, {
  type Driver,
  type ManagedTransaction,
  type RecordShape,
  type Record as Neo4jRecord,
  type Session,
} from 'neo4j-driver';
import type { Neo4jConnection } from '../settings.js';

/** A driver configured the way the store expects (plain JS numbers for integers). */
export function createDriver(connection: Neo4jConnection): Driver {
  // A server with auth disabled accepts any basic credentials.
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    // Retrying a transaction for the default 30 s would hold API requests long after Neo4j
    // went away; 5 s covers a leader switch or a brief blip, then callers get a 503.
    maxTransactionRetryTime: 5_000,
  });
}

/** Session options for the configured database (the server default when unset). */
export function databaseOf(connection: Pick<Neo4jConnection, 'database'>): { database?: string } {
  return connection.database ? { database: connection.database } : {};
}

/** Neo4j integers where Cypher needs them; everything else travels as JS numbers. */
export const int = (value: number) => neo4j.int(value);

/** Drops undefined entries: a map parameter is stored verbatim by `SET n = $props`. */
export function defined(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}

/** Whether a session or transaction reads or writes (routing, and executeRead/executeWrite). */
export type Access = 'read' | 'write';

/**
 * The one place the store opens a session: on the configured database, sharing the driver's
 * bookmark manager (so that what was written through this driver is read back as written,
 * whichever path wrote it), closed after `use` whatever happens. Store code runs its work as
 * transaction functions through inTransaction; this is used directly only where another kind
 * of transaction is needed on purpose (readOnce, clearDatabase, the ESCO single transaction).
 */
export async function withSession<T>(
  driver: Driver,
  access: Access,
  options: { database?: string | undefined },
  use: (session: Session) => Promise<T>,
): Promise<T> {
  const session = driver.session({
    ...databaseOf(options),
    defaultAccessMode: access === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    bookmarkManager: driver.executeQueryBookmarkManager,
  });
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/**
 * Runs `work` as one transaction function (executeRead or executeWrite): committed when it
 * resolves, rolled back when it throws, and retried by the driver on transient failures for
 * up to `maxTransactionRetryTime`. Since a retry runs `work` again, it must only talk to the
 * database: report progress after it returns. The store's one style of running statements.
 */
export function inTransaction<T>(
  driver: Driver,
  access: Access,
  work: (tx: ManagedTransaction) => Promise<T>,
  options: { database?: string | undefined } = {},
): Promise<T> {
  return withSession(driver, access, options, (session) =>
    access === 'read' ? session.executeRead(work) : session.executeWrite(work),
  );
}

/**
 * One read as a single auto-commit query: one round trip, no retries. For the reads every API
 * request makes (key look-up, catalogue version, a learner's holdings): a transaction
 * function (inTransaction) costs BEGIN and COMMIT on top, and while Neo4j is away it retries
 * for up to `maxTransactionRetryTime` (5 s) before failing, holding each request that long;
 * this read fails at once, and the API answers 503 with Retry-After. Its session shares the
 * bookmark manager of all the others (withSession), so what was written is read back.
 */
export async function readOnce(
  driver: Driver,
  query: string,
  params: Record<string, unknown>,
  database?: string,
): Promise<Neo4jRecord<RecordShape>[]> {
  return withSession(
    driver,
    'read',
    { database },
    async (session) => (await session.run(query, params)).records,
  );
}
