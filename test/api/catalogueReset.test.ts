/**
 * Issue 11: after `pathways db clear` the catalogue version restarted at 1, so a running API
 * whose projection had the same version number kept planning with the deleted catalogue (a
 * deleted credential still planned, a new one was "unknown"). The catalogue's identity is now
 * its epoch (renewed by a clear) and version: this test holds an API (its projection, its
 * planning thread, its learner cache) and a CLI projection snapshot on one catalogue, clears
 * the database with the CLI's own `db clear`, imports a different catalogue until the version
 * number is the old one again, and checks that both plan with the new catalogue only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import type { Plan } from '../../src/engine/planner/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { expectExit, pathways, ROOT } from '../support/cli.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';

const BEFORE = join(ROOT, 'test/fixtures/reset/before.json');
const AFTER = join(ROOT, 'test/fixtures/reset/after.json');
const AS_OF = '2026-11-23';
const document = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const taken = (plan: Plan) => plan.steps.flatMap((s) => s.take.map((t) => t.credential));

let driver: Driver;
let api: TestApi | undefined;
const app = () => {
  if (!api) throw new Error('the API is not open yet');
  return api.app;
};

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
});

afterAll(async () => {
  await api?.close();
  await driver.close();
});

const catalogue = async () =>
  (await request(app()).get('/v1/catalogue').expect(200)).body as {
    version: number;
    epoch: string;
  };
const plan = (body: object) =>
  request(app())
    .post('/v1/plans')
    .send({ asOf: AS_OF, ...body });
/** A stored learner is planned with only with a key (role plan); `db clear` deletes keys too. */
const planKey = async () =>
  `Bearer ${(await createApiKey(driver, { name: 'reset', role: 'plan' })).token}`;
const planLearner = (body: object, key: string) => plan(body).set('Authorization', key);
const cliPlan = (...args: string[]) => pathways('plan', '--json', '--as-of', AS_OF, ...args);

test('after db clear, a catalogue re-imported to the same version number is planned with, not the deleted one', async () => {
  // The old catalogue, at version 2.
  await importCatalogue(driver, document(BEFORE));
  await importCatalogue(driver, document(BEFORE));
  api = await testApi({ plannerThreads: 1, learnerCacheMs: 60_000 });
  const old = await catalogue();
  expect(old.version).toBe(2);
  expect(old.epoch).toMatch(/^[0-9a-f-]{36}$/);

  // The API plans with it (its projection, planning thread and learner cache now hold it),
  // and so does the CLI (which leaves a projection snapshot of it behind).
  const before = await plan({ holdings: [], target: { qualification: 'reset:cert' } }).expect(200);
  expect(taken(before.body as Plan)).toEqual(['reset:old-module']);
  const learner = await planLearner(
    { learner: 'reset:learner', target: { qualification: 'reset:cert' } },
    await planKey(),
  );
  expect((learner.body as Plan).status).toBe('achieved');
  const cliBefore = await cliPlan('--qualification', 'reset:cert');
  expectExit(cliBefore, 0);
  expect(taken(JSON.parse(cliBefore.stdout) as Plan)).toEqual(['reset:old-module']);

  // Cleared the way the CLI clears, then a different catalogue up to the same version number.
  expectExit(await pathways('db', 'clear', '--yes'), 0);
  const cleared = await catalogue();
  expect(cleared.version).toBe(0);
  expect(cleared.epoch).not.toBe(old.epoch);
  await importCatalogue(driver, document(AFTER));
  await importCatalogue(driver, document(AFTER));
  const now = await catalogue();
  expect(now.version).toBe(old.version);
  expect(now.epoch).toBe(cleared.epoch);

  // The API notices within its one-second re-check (the documented staleness), not never.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const gone = await plan({
    holdings: [{ credential: 'reset:old-module', awardedOn: '2025-01-10' }],
    target: { qualification: 'reset:cert' },
  }).expect(404);
  expect((gone.body as { detail: string }).detail).toContain('reset:old-module');
  const after = await plan({ holdings: [], target: { qualification: 'reset:cert' } }).expect(200);
  expect(taken(after.body as Plan)).toEqual(['reset:new-module']);
  const added = await plan({ holdings: [], target: { qualification: 'reset:new-cert' } }).expect(
    200,
  );
  expect(taken(added.body as Plan)).toEqual(['reset:new-module']);
  // The learner's holdings are read again under the new catalogue (the cache keeps them 60 s).
  const relearnt = await planLearner(
    { learner: 'reset:learner', target: { qualification: 'reset:cert' } },
    await planKey(),
  ).expect(200);
  expect(taken(relearnt.body as Plan)).toEqual(['reset:new-module']);

  // A new CLI process does not take the old snapshot for the catalogue of the same version.
  const cliNew = await cliPlan('--qualification', 'reset:new-cert');
  expectExit(cliNew, 0);
  expect(taken(JSON.parse(cliNew.stdout) as Plan)).toEqual(['reset:new-module']);
  const cliGone = await cliPlan(
    '--holding',
    'reset:old-module@2025-01-10',
    '--qualification',
    'reset:cert',
  );
  expectExit(cliGone, 2);
  expect(cliGone.stderr).toContain('reset:old-module');
  // Five CLI processes (each a second or more to start, many on a loaded machine).
}, 240_000);
