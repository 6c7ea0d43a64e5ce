/**
 * ensureMigrated: the one-query check the CLI makes instead of running every migration, against
 * the real Neo4j. With the schema in place it changes nothing; with an index or a constraint
 * missing (dropped by hand, a new migration not applied yet) it applies the migrations.
 */
import type { Driver } from 'neo4j-driver';
import { ensureMigrated, migrate } from '../../src/store/index.js';
import { testDriver } from '../support/neo4j.js';

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await migrate(driver, process.env.NEO4J_DATABASE);
});
afterAll(async () => {
  await migrate(driver, process.env.NEO4J_DATABASE);
  await driver.close();
});

const schema = async () =>
  (
    await driver.executeQuery('SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name')
  ).records.map((r) => `${r.get('name') as string} ${r.get('state') as string}`);

test('with every index and constraint online, nothing changes', async () => {
  const before = await schema();
  await ensureMigrated(driver, process.env.NEO4J_DATABASE);
  expect(await schema()).toEqual(before);
});

test('a dropped index and a dropped constraint are created again', async () => {
  const before = await schema();
  expect(before).toContain('credential_kind ONLINE');
  expect(before).toContain('learner_id ONLINE');
  await driver.executeQuery('DROP INDEX credential_kind IF EXISTS');
  await driver.executeQuery('DROP CONSTRAINT learner_id IF EXISTS');
  expect(await schema()).not.toContain('credential_kind ONLINE');
  await ensureMigrated(driver, process.env.NEO4J_DATABASE);
  expect(await schema()).toEqual(before);
});
