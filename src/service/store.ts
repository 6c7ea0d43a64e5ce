import type { Driver } from 'neo4j-driver';
import type { CatalogueGraph } from '../graph/index.js';
import { resolveConnection } from '../neo4j-server/index.js';
import type { Neo4jConnection, Settings } from '../settings.js';
import { createDriver, ensureMigrated } from '../store/index.js';
import { CatalogueProjection } from '../store/projection.js';
import { ProjectionSnapshotFolder } from '../store/projectionSnapshots.js';
import { databaseLost, DatabaseUnavailableError } from './errors.js';

/** An open connection to the system of record, with the engine's read model on top. */
export interface Store {
  connection: Neo4jConnection;
  driver: Driver;
  database?: string | undefined;
  projection: CatalogueProjection;
  /**
   * Resolves once Neo4j answers and the migrations are applied (checked once per store; a
   * failure is retried on the next call). Rejects with DatabaseUnavailableError while Neo4j
   * cannot be reached.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The session options every store/ function takes: the configured database, if any. */
export interface DatabaseOption {
  database?: string | undefined;
}

/**
 * Runs `use` with the store's driver and database option once the store is ready (Neo4j
 * answers, migrations applied): the one place the readiness check and the database option
 * are handled for the service layer, the API and the CLI. ready() is checked once per store,
 * so calling this for every request costs nothing after the first.
 */
export async function withCatalogueStore<T>(
  store: Store,
  use: (driver: Driver, options: DatabaseOption) => Promise<T>,
): Promise<T> {
  await store.ready();
  return use(store.driver, { database: store.database });
}

/**
 * The engine's read model of the catalogue (the projection), once the store is ready: what
 * audits, plans and analyses run on.
 */
export const catalogueGraph = (store: Store): Promise<CatalogueGraph> =>
  withCatalogueStore(store, () => store.projection.current());

export interface OpenOptions {
  /** Local instance to use (and start if needed) when NEO4J_URI is not set. */
  instance?: string;
  log?: (message: string) => void;
}

/**
 * Opens the store: the server named by NEO4J_URI, or the local instance (started if it is
 * not running), with migrations applied. Neo4j being unreachable becomes a
 * DatabaseUnavailableError that callers map to "503" or exit code 3.
 */
export async function openStore(settings: Settings, options: OpenOptions = {}): Promise<Store> {
  const store = await connectStore(settings, options);
  try {
    await store.ready();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * Like openStore, but does not wait for Neo4j: a long-running server starts (and reports
 * itself not ready) while the database is still down, and becomes ready once it answers.
 */
export async function connectStore(settings: Settings, options: OpenOptions = {}): Promise<Store> {
  const connection = await resolveConnection(settings, options.instance ?? 'default', {
    log: options.log,
  });
  const driver = createDriver(connection);
  let migrated: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (migrated ??= (async () => {
      try {
        await driver.verifyConnectivity();
        await ensureMigrated(driver, connection.database);
      } catch (err) {
        migrated = undefined;
        throw unavailable(err, connection.uri);
      }
    })());
  return {
    connection,
    driver,
    database: connection.database,
    projection: new CatalogueProjection(driver, {
      database: connection.database,
      snapshots: new ProjectionSnapshotFolder(projectionSnapshotFolder(settings)),
    }),
    ready,
    close: () => driver.close(),
  };
}

/**
 * Where built catalogue graphs are kept between processes (see ProjectionSnapshotFolder):
 * beside the local Neo4j instances, for an external server as well (a snapshot is keyed by
 * its catalogue's epoch, which no other database shares).
 */
export const projectionSnapshotFolder = (settings: Settings): string =>
  `${settings.home}/.neo4j/projections`;

/**
 * Maps a failure that means Neo4j cannot be reached (see databaseLost) to a
 * DatabaseUnavailableError naming the server, in one sentence; other errors pass through.
 */
export function unavailable(err: unknown, uri: string): unknown {
  if (err instanceof DatabaseUnavailableError) return err;
  const why = databaseLost(err);
  return why === undefined
    ? err
    : new DatabaseUnavailableError(`Neo4j at ${uri} is unreachable (${why}).`, { cause: err });
}
