/**
 * The Neo4j of the test suite, started by jest's global setup: the server NEO4J_URI names when
 * set, otherwise the local "test" instance (port 7688, never the user's "default" one) through
 * the product's own lifecycle code. The connection is published in process.env (NEO4J_URI,
 * NEO4J_USER, NEO4J_PASSWORD); the suite runs --runInBand, so the tests see it.
 */
import { instanceFor, startNeo4j, stopNeo4j } from '../../src/neo4j-server/index.js';
import { readSettings } from '../../src/settings.js';

export const TEST_INSTANCE = 'test';

// Setup and teardown are loaded separately: they share this flag through the environment.
const STARTED_FLAG = 'PATHWAYS_TEST_NEO4J_STARTED_BY_JEST';

export async function setupTestNeo4j(): Promise<void> {
  Reflect.deleteProperty(process.env, STARTED_FLAG);
  const settings = readSettings();
  if (settings.external) return;
  const local = await startNeo4j(settings.home, instanceFor(TEST_INSTANCE), {
    log: (message) => process.stderr.write(`${message}\n`),
  });
  if (!local.alreadyRunning) process.env[STARTED_FLAG] = '1';
  process.env.NEO4J_URI = local.uri;
  process.env.NEO4J_USER = local.user;
  process.env.NEO4J_PASSWORD = local.password;
}

/** Stops the local test instance only if setupTestNeo4j started it. */
export async function teardownTestNeo4j(): Promise<void> {
  if (process.env[STARTED_FLAG] !== '1') return;
  Reflect.deleteProperty(process.env, STARTED_FLAG);
  await stopNeo4j(readSettings().home, instanceFor(TEST_INSTANCE));
}
