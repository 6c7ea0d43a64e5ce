/**
 * What-if end to end over the real test Neo4j with the seed catalogue: the example draft
 * (docs/examples/draft-smtu-2027.json) evaluated through the API (on a planning thread) and
 * the CLI, a draft that fails validation refused with its field and nothing written, then the
 * draft applied and the same learners and targets planned normally: the plans equal the
 * what-if's "after"; applying twice writes nothing the second time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { WhatIfReport } from '../../src/analytics/index.js';
import { PlanRequest, Problem } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { runPlan } from '../../src/service/planning.js';
import { catalogueIdentity, importCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { expectExit, pathways, ROOT } from '../support/cli.js';
import { resetDatabase, seedLearnerIds, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const CERT = 'smtu:cert-data-analytics';
const DRAFT_FILE = join(ROOT, 'docs/examples/draft-smtu-2027.json');
const DRAFT = JSON.parse(readFileSync(DRAFT_FILE, 'utf8')) as object;
// Every stored learner, prior learning included: what-if plans them as plan requests would.
const LEARNERS = seedLearnerIds();

let driver: Driver;
let api: TestApi;
let plan: { Authorization: string };
let write: { Authorization: string };

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  api = await testApi({ anonymousRoles: [], plannerThreads: 1 });
  await api.store.ready();
  await importCatalogue(driver, seedInput());
  const key = async (role: 'plan' | 'write') =>
    `Bearer ${(await createApiKey(driver, { name: role, role })).token}`;
  plan = { Authorization: await key('plan') };
  write = { Authorization: await key('write') };
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

const figures = (p: {
  status: string;
  totals: { credits: number; cost: number };
  steps: unknown[];
}) => ({
  status: p.status,
  credits: p.totals.credits,
  cost: p.totals.cost,
  terms: p.steps.length,
});
const taken = (p: { steps: { take: { credential: string }[] }[] }) =>
  p.steps.flatMap((s) => s.take.map((t) => t.credential)).sort();

test('a draft evaluated, refused when invalid, applied, and planned normally after', async () => {
  const version = async () => (await catalogueIdentity(driver)).version;
  const start = await version();

  // Evaluated through the API (role plan) and the CLI: the same report, nothing written.
  const res = await request(api.app).post('/v1/what-if').set(plan).send(DRAFT);
  expect(res.status).toBe(200);
  const report = WhatIfReport.parse(res.body);
  const cli = await pathways('what-if', DRAFT_FILE, '--format', 'json');
  expectExit(cli, 0);
  expect(JSON.parse(cli.stdout)).toEqual(res.body);
  expect(await version()).toBe(start);

  // What the example shows: statistics dearer, dataviz out of the certificate.
  expect(report.changes.replaced).toEqual(['smtu:mc-statistics', CERT]);
  expect(report.reexamined).toContain(CERT);
  const cert = report.qualifications.find((q) => q.qualification === CERT)!;
  expect(cert.before).toMatchObject({ status: 'planned', credits: 20 });
  expect(cert.after).toMatchObject({ status: 'planned', credits: 25 });
  expect(report.orphans.created).toContain('smtu:mc-dataviz');
  expect(report.microCredentialShares).toEqual([]);
  const partway = report.learners.changed.find(
    (c) => c.learner === 'learner-partway' && c.qualification === CERT,
  )!;
  expect(partway.after!.credits).toBeGreaterThan(partway.before!.credits);
  const recognised = report.learners.changed.find(
    (c) => c.learner === 'learner-recognised' && c.qualification === CERT,
  )!;
  expect(recognised.entered).toContain('smtu:mc-business-intelligence');
  const markdown = await request(api.app)
    .post('/v1/what-if')
    .set(plan)
    .set('Accept', 'text/markdown')
    .send(DRAFT);
  expect(markdown.text).toMatch(/learner learner-partway/);

  // Plans before the change, as a plan request naming the learner makes them.
  const planned = (learner: string) =>
    runPlan(api.store, PlanRequest.parse({ learner, target: { qualification: CERT } }));
  const before = new Map(
    await Promise.all(LEARNERS.map(async (l) => [l, await planned(l)] as const)),
  );
  for (const c of report.learners.changed.filter((x) => x.qualification === CERT))
    expect(c.before).toEqual(figures(before.get(c.learner)!));

  // A draft the catalogue cannot take: 400 (API), exit 2 (CLI), naming the field; nothing written.
  const bad = { remove: { credentials: ['smtu:mc-statistics'] } };
  const refused = await request(api.app).post('/v1/what-if').set(plan).send(bad);
  expect(refused.status).toBe(400);
  expect(Problem.parse(refused.body).errors?.map((e) => e.path)).toContain('remove.credentials[0]');
  const refusedApply = await request(api.app).post('/v1/what-if/apply').set(write).send(bad);
  expect(refusedApply.status).toBe(400);
  const shape = await request(api.app)
    .post('/v1/what-if')
    .set(plan)
    .send({ credentials: [{ id: 'x', title: 'X', kind: 'module', credits: -1 }] });
  expect(shape.status).toBe(400);
  expect(Problem.parse(shape.body).errors?.map((e) => e.path)).toContain('credentials[0].credits');
  // A draft changing a converted credential's credits alone would change nothing: refused.
  const seed = seedInput() as { credentials: Record<string, unknown>[] };
  const course = seed.credentials.find((c) => c.creditSystem === 'US semester credit hours')!;
  const miscounted = { credentials: [{ ...course, credits: 8 }] };
  for (const path of ['/v1/what-if', '/v1/what-if/apply']) {
    const res = await request(api.app)
      .post(path)
      .set(path.endsWith('apply') ? write : plan)
      .send(miscounted);
    expect(res.status).toBe(400);
    expect(Problem.parse(res.body).errors).toEqual([
      expect.objectContaining({
        path: 'credentials[0].credits',
        message: expect.stringMatching(/counts 3 × 2 = 6 ECTS/),
      }),
    ]);
  }
  const badFile = join(ROOT, 'test-results', 'bad-draft.json');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(badFile, JSON.stringify(bad));
  const cliBad = await pathways('what-if', badFile, '--apply');
  expectExit(cliBad, 2);
  expect(cliBad.stderr).toMatch(/remove\.credentials\[0\]/);
  expect(await version()).toBe(start);
  // Applying needs the write role.
  expect((await request(api.app).post('/v1/what-if/apply').set(plan).send(DRAFT)).status).toBe(403);

  // Applied: then planned normally, every learner's plan is the what-if's "after".
  const applied = await request(api.app).post('/v1/what-if/apply').set(write).send(DRAFT);
  expect(applied.status).toBe(200);
  expect(applied.body).toMatchObject({ written: true, version: start + 1 });
  for (const learner of LEARNERS) {
    const after = await planned(learner);
    const change = report.learners.changed.find(
      (c) => c.learner === learner && c.qualification === CERT,
    );
    const was = before.get(learner)!;
    if (!change) {
      expect(figures(after)).toEqual(figures(was));
      expect(taken(after)).toEqual(taken(was));
      continue;
    }
    expect(figures(after)).toEqual(change.after);
    const expected = taken(was)
      .filter((c) => !change.left.includes(c))
      .concat(change.entered)
      .sort();
    expect(taken(after)).toEqual(expected);
  }
  const fromNothing = await runPlan(
    api.store,
    PlanRequest.parse({ holdings: [], target: { qualification: CERT } }),
  );
  expect(figures(fromNothing)).toEqual(cert.after);

  // Applying twice: nothing written the second time (API and CLI).
  const again = await request(api.app).post('/v1/what-if/apply').set(write).send(DRAFT);
  expect(again.body).toMatchObject({ written: false, version: start + 1 });
  const cliAgain = await pathways('what-if', DRAFT_FILE, '--apply');
  expectExit(cliAgain, 0);
  expect(cliAgain.stdout).toMatch(/Nothing to apply/);
  expect(await version()).toBe(start + 1);
  // And the draft now changes nothing.
  const now = WhatIfReport.parse(
    (await request(api.app).post('/v1/what-if').set(plan).send(DRAFT)).body,
  );
  expect(now.reexamined).toEqual([]);
  expect(now.changes.unchanged).toEqual(['smtu:mc-statistics', CERT]);
});
