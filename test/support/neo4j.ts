import neo4j, { type Driver } from 'neo4j-driver';
import { importCatalogue, migrate } from '../../src/store/index.js';
import { seedInput } from './seed.js';

/**
 * A driver for the Neo4j the tests use: globalSetup puts it in NEO4J_URI / NEO4J_USER /
 * NEO4J_PASSWORD (the local "test" instance, or the server NEO4J_URI already named).
 */
export function testDriver(): Driver {
  const uri = process.env.NEO4J_URI;
  if (!uri) {
    throw new Error(
      'NEO4J_URI is not set: run the tests through jest (test/support/globalSetup.ts).',
    );
  }
  return neo4j.driver(
    uri,
    neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''),

    { disableLosslessIntegers: true },
  );
}

/** Deletes every node and relationship; keeps constraints and indexes. */
export async function resetDatabase(driver: Driver): Promise<void> {
  const database = process.env.NEO4J_DATABASE;

  const session = driver.session(database ? { database } : {});
  try {
    // CALL { } IN TRANSACTIONS needs an auto-commit transaction: session.run, not executeQuery.
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

/** The ids of the seed's learners, sorted: tests over every stored learner derive from them. */
export const seedLearnerIds = (): string[] =>
  (seedInput() as { learners: { id: string }[] }).learners.map((l) => l.id).sort();

/** Empties the test database and imports the seed catalogue into it. */
export async function resetToSeed(driver: Driver): Promise<void> {
  await resetDatabase(driver);
  await importCatalogue(driver, seedInput());
}

/**
 * For a suite whose every test starts from an empty database: migrates it once, empties it
 * before each test and closes the driver after the suite (call at the top of the file).
 */
export function emptyDatabaseForEachTest(driver: Driver): void {
  beforeAll(() => migrate(driver));
  beforeEach(() => resetDatabase(driver));
  afterAll(() => driver.close());
}
