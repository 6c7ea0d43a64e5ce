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

/** Deletes all data (constraints and indexes stay). An auto-commit statement: it batches. */
export async function clearDatabase(driver: Driver, database?: string): Promise<void> {
  const session = driver.session(databaseOf({ database }));
  try {
    await session.run(cypher('catalogue/clear-everything'));
  } finally {
    await session.close();
  }
}
