import { readdirSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { cypher, cypherStatements } from './cypher.js';
import { databaseOf } from './driver.js';

const MIGRATIONS = new URL('../../cypher/migrations/', import.meta.url);

/**
 * Applies every migration in cypher/migrations in file order. Each statement is written to be
 * idempotent (`IF NOT EXISTS`), so this runs at every start; schema commands cannot share a
 * transaction with writes, hence one auto-commit statement each.
 */
export async function migrate(driver: Driver, database?: string): Promise<number> {
  const files = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.cypher'))
    .sort();
  let applied = 0;
  for (const file of files) {
    for (const statement of cypherStatements(`migrations/${file.replace(/\.cypher$/, '')}`)) {
      await driver.executeQuery(statement, {}, databaseOf({ database }));
      applied++;
    }
  }
  await driver.executeQuery(cypher('await-indexes'), {}, databaseOf({ database }));
  return applied;
}

/**
 * Deletes all data (constraints and indexes stay). The delete is an auto-commit statement that
 * batches, so readers can see it half done: the catalogue's epoch is renewed before it (a read
 * overlapping the clear sees the identity move and is discarded) and after it (a projection
 * read part way through is never taken for the cleared, or a later, catalogue). The version
 * restarts at 0 under the new epoch.
 */
export async function clearDatabase(driver: Driver, database?: string): Promise<void> {
  const session = driver.session(databaseOf({ database }));
  try {
    await session.run(cypher('catalogue/renew-epoch'));
    await session.run(cypher('catalogue/clear-everything'));
    await session.run(cypher('catalogue/renew-epoch'));
  } finally {
    await session.close();
  }
}
