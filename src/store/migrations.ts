import { readdirSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { cypher, cypherStatements } from './cypher.js';
import { inTransaction, readOnce, withSession } from './driver.js';

const MIGRATIONS = new URL('../../cypher/migrations/', import.meta.url);

/**
 * Applies every migration in cypher/migrations in file order. Each statement is written to be
 * idempotent (`IF NOT EXISTS`), so this runs at every start; schema commands cannot share a
 * transaction with writes, hence one transaction each.
 */
export async function migrate(driver: Driver, database?: string): Promise<number> {
  let applied = 0;
  for (const statement of migrationStatements()) {
    await inTransaction(driver, 'write', (tx) => tx.run(statement), { database });
    applied++;
  }
  await inTransaction(driver, 'write', (tx) => tx.run(cypher('await-indexes')), { database });
  return applied;
}

const migrationStatements = (): string[] =>
  readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .flatMap((file) => cypherStatements(`migrations/${file.replace(/\.cypher$/, '')}`));

/** A statement that creates one named index or constraint, and nothing else. */
const SCHEMA_OBJECT =
  /^CREATE (?:CONSTRAINT|(?:RANGE |TEXT |POINT |FULLTEXT |VECTOR )?INDEX) (\w+) IF NOT EXISTS /;

/**
 * Applies the migrations unless every index and constraint they create is already there and
 * online, which one query tells (every command of the CLI opens the store, and running each
 * migration statement costs a round trip: about 0.2 s in all). A migration that is not the
 * creation of a named schema object cannot be checked this way, so then they all run.
 */
export async function ensureMigrated(driver: Driver, database?: string): Promise<void> {
  const names = migrationStatements().map((s) => SCHEMA_OBJECT.exec(s)?.[1]);
  if (names.every((n) => n !== undefined)) {
    const online = new Set(
      (await readOnce(driver, cypher('online-schema'), {}, database)).map(
        (r) => r.get('name') as string,
      ),
    );
    if (names.every((n) => online.has(n))) return;
  }
  await migrate(driver, database);
}

/**
 * Deletes all data (constraints and indexes stay). The delete is an auto-commit statement that
 * batches (CALL IN TRANSACTIONS runs in no transaction function, hence withSession), so readers
 * can see it half done: the catalogue's epoch is renewed before it (a read
 * overlapping the clear sees the identity move and is discarded) and after it (a projection
 * read part way through is never taken for the cleared, or a later, catalogue). The version
 * restarts at 0 under the new epoch.
 */
export async function clearDatabase(driver: Driver, database?: string): Promise<void> {
  await withSession(driver, 'write', { database }, async (session) => {
    await session.run(cypher('catalogue/renew-epoch'));
    await session.run(cypher('catalogue/clear-everything'));
    await session.run(cypher('catalogue/renew-epoch'));
  });
}
