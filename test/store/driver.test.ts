/**
 * The store's one way of running statements (src/store/driver.ts), against the real Neo4j:
 * a transaction function commits what it wrote when it resolves and nothing when it throws,
 * a read transaction may not write, and withSession's auto-commit statements stand on their
 * own.
 */
import type { Driver } from 'neo4j-driver';
import { inTransaction, readOnce, withSession } from '../../src/store/index.js';
import { testDriver } from '../support/neo4j.js';

const database = process.env.NEO4J_DATABASE;
let driver: Driver;

const probes = async (): Promise<string[]> =>
  (
    await readOnce(
      driver,
      'MATCH (p:DriverHelperProbe) RETURN p.name AS name ORDER BY name',
      {},
      database,
    )
  ).map((r) => r.get('name') as string);

beforeAll(() => {
  driver = testDriver();
});
afterEach(async () => {
  await inTransaction(driver, 'write', (tx) => tx.run('MATCH (p:DriverHelperProbe) DELETE p'), {
    database,
  });
});
afterAll(async () => {
  await driver.close();
});

test('a write transaction commits when its work resolves, and returns what the work returns', async () => {
  const created = await inTransaction(
    driver,
    'write',
    async (tx) => {
      await tx.run('CREATE (:DriverHelperProbe {name: $name})', { name: 'kept' });
      return (await tx.run('MATCH (p:DriverHelperProbe) RETURN count(p) AS n')).records[0]!.get(
        'n',
      ) as number;
    },
    { database },
  );
  expect(created).toBe(1);
  expect(await probes()).toEqual(['kept']);
});

test('a write transaction whose work throws writes nothing', async () => {
  await expect(
    inTransaction(
      driver,
      'write',
      async (tx) => {
        await tx.run('CREATE (:DriverHelperProbe {name: $name})', { name: 'rolled back' });
        throw new Error('changed my mind');
      },
      { database },
    ),
  ).rejects.toThrow('changed my mind');
  expect(await probes()).toEqual([]);
});

test('a read transaction may not write', async () => {
  await expect(
    inTransaction(driver, 'read', (tx) => tx.run('CREATE (:DriverHelperProbe {name: "no"})'), {
      database,
    }),
  ).rejects.toThrow(/read|access mode/i);
  expect(await probes()).toEqual([]);
});

test('withSession runs auto-commit statements, and a failing work leaves the driver usable', async () => {
  await expect(
    withSession(driver, 'write', { database }, async (session) => {
      await session.run('CREATE (:DriverHelperProbe {name: "auto-commit"})');
      throw new Error('after the write');
    }),
  ).rejects.toThrow('after the write');
  // An auto-commit statement is committed by itself, before the work failed.
  expect(await probes()).toEqual(['auto-commit']);
  // The driver still answers afterwards.
  expect(
    await withSession(driver, 'read', { database }, async (session) =>
      (await session.run('RETURN 1 AS one')).records[0]!.get('one'),
    ),
  ).toBe(1);
});
