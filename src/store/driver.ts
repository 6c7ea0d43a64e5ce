import neo4j, { type Driver, type RecordShape, type Record as Neo4jRecord } from 'neo4j-driver';
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

/**
 * One read as a single auto-commit query: one round trip, no retries. For the reads every API
 * request makes (key look-up, catalogue version, a learner's holdings): a managed transaction
 * (executeQuery) costs BEGIN and COMMIT on top, and while Neo4j is away it retries for up to
 * `maxTransactionRetryTime` (5 s) before failing, holding each request that long; this read
 * fails at once, and the API answers 503 with Retry-After. It shares executeQuery's bookmark
 * manager, so what was written through this driver is read back as written.
 */
export async function readOnce(
  driver: Driver,
  query: string,
  params: Record<string, unknown>,
  database?: string,
): Promise<Neo4jRecord<RecordShape>[]> {
  const session = driver.session({
    ...databaseOf({ database }),
    defaultAccessMode: neo4j.session.READ,
    bookmarkManager: driver.executeQueryBookmarkManager,
  });
  try {
    return (await session.run(query, params)).records;
  } finally {
    await session.close();
  }
}
