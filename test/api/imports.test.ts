/**
 * The importers and renderers over HTTP: a plan by content negotiation (CSV, Markdown), CTDL
 * files imported by an admin, and a learner's Open Badges credentials turned into holdings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { parseCatalogue, PlanResponse } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { getLearner, importCatalogue } from '../../src/store/index.js';
import { ESCO_FIXTURE } from '../fixtures/esco.js';
import { testApi, type TestApi } from '../support/api.js';
import { openBadge } from '../support/badges.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';

const file = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const SEED = JSON.parse(file('../../seed/catalogue.json')) as unknown;
const PLAN = {
  holdings: [],
  target: { qualification: 'smtu:cert-data-analytics' },
  asOf: '2026-11-23',
};

let driver: Driver;
let api: TestApi;
let admin: string;
let writer: string;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  api = await testApi({ anonymousRoles: ['read', 'plan'] });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  admin = `Bearer ${(await createApiKey(driver, { name: 'admin', role: 'admin' })).token}`;
  writer = `Bearer ${(await createApiKey(driver, { name: 'writer', role: 'write' })).token}`;
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

test('a plan as CSV (one row per credential taken) or Markdown, by Accept', async () => {
  const json = PlanResponse.parse(
    (await request(api.app).post('/v1/plans').send(PLAN).expect(200)).body,
  );
  const taken = json.steps.flatMap((s) => s.take.map((t) => t.credential));

  const csv = await request(api.app)
    .post('/v1/plans')
    .set('Accept', 'text/csv')
    .send(PLAN)
    .expect(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  const rows = parse<{ credential: string }>(csv.text, { columns: true });
  expect(rows.map((r) => r.credential)).toEqual(taken);

  const md = await request(api.app)
    .post('/v1/plans')
    .set('Accept', 'text/markdown')
    .send(PLAN)
    .expect(200);
  expect(md.headers['content-type']).toMatch(/^text\/markdown/);
  expect(md.text).toContain(json.title);
});

test('CTDL files are imported by admins through the same path as the CLI', async () => {
  const content = file('../fixtures/ctdl/welding-pathway.jsonld');
  const body = { files: [{ name: 'welding-pathway.jsonld', content }] };
  await request(api.app)
    .post('/v1/catalogue/imports/ctdl')
    .set('Authorization', writer)
    .send(body)
    .expect(403);
  const res = await request(api.app)
    .post('/v1/catalogue/imports/ctdl')
    .set('Authorization', admin)
    .send(body)
    .expect(200);
  expect(res.body).toMatchObject({ accepted: 1, rejected: 0 });
  await request(api.app)
    .get(`/v1/credentials/${encodeURIComponent('https://example.edu/c/aas')}`)
    .expect(200);

  const broken = await request(api.app)
    .post('/v1/catalogue/imports/ctdl')
    .set('Authorization', admin)
    .send({ files: [{ name: 'broken.jsonld', content: '{"@id": "x", ' }] })
    .expect(200);
  expect(broken.body).toMatchObject({ accepted: 0, rejected: 1 });
  const unknown = await request(api.app)
    .post('/v1/catalogue/imports/nonsense')
    .set('Authorization', admin)
    .send(body);
  expect(unknown.status).toBe(404);
  // A name Object.prototype has is no format either (found by the fuzz run as a 500).
  await request(api.app)
    .post('/v1/catalogue/imports/constructor')
    .set('Authorization', admin)
    .send(body)
    .expect(404);
});

test("a learner's Open Badges 3.0 credential becomes a holding, recorded as unverified", async () => {
  const badge = openBadge('urn:uuid:api-test-1', {
    id: 'smtu:mc-statistics',
    name: 'Applied Statistics',
  });
  const res = await request(api.app)
    .post('/v1/learners/learner-badges/credentials')
    .set('Authorization', writer)
    .send({ credentials: [badge] })
    .expect(200);
  expect(res.body).toMatchObject({ learner: 'learner-badges', created: true });
  const learner = await getLearner(driver, 'learner-badges');
  expect(learner?.holdings).toEqual([
    expect.objectContaining({
      credential: 'smtu:mc-statistics',
      awardedOn: '2026-01-15',
      verified: false,
    }),
  ]);
  await request(api.app)
    .post('/v1/learners/learner-badges/credentials')
    .send({ credentials: [badge] })
    .expect(401);
});

test('credentials matched to holdings without a learner: nothing is stored, and a plan takes them', async () => {
  // One matched by its id, one matching nothing (with a similarly titled candidate).
  const credentials = [
    openBadge('urn:uuid:match-1', { id: 'smtu:mc-statistics', name: 'Applied Statistics' }),
    openBadge('urn:uuid:match-2', {
      id: 'urn:other:stats',
      name: 'Applied Statistics for Data Analytics',
    }),
  ];
  const before = await graphDump(driver);
  const res = await request(api.app)
    .post('/v1/holdings/matches')
    .send({
      credentials: [...credentials, '{not a credential}'],
    })
    .expect(400);
  expect(res.body.errors[0]).toMatchObject({ path: 'credentials[2]' });

  const matched = await request(api.app)
    .post('/v1/holdings/matches')
    .send({ credentials })
    .expect(200);
  expect(matched.body.accepted).toEqual([
    expect.objectContaining({
      credential: 'smtu:mc-statistics',
      by: 'id',
      holding: expect.objectContaining({
        credential: 'smtu:mc-statistics',
        awardedOn: '2026-01-15',
        verified: false,
      }),
    }),
  ]);
  expect(matched.body.unmatched).toEqual([
    expect.objectContaining({
      achievement: 'urn:other:stats',
      suggestion: expect.stringContaining('smtu:mc-statistics'),
    }),
  ]);
  expect(await graphDump(driver)).toEqual(before);

  // The matched holdings go inline with a plan, which then no longer takes that credential.
  const holdings = matched.body.holdings as unknown[];
  expect(holdings).toEqual([{ credential: 'smtu:mc-statistics', awardedOn: '2026-01-15' }]);
  const taken = async (held: unknown[]) => {
    const plan = await request(api.app)
      .post('/v1/plans')
      .send({ ...PLAN, holdings: held })
      .expect(200);
    return (plan.body.steps as { take: { credential: string }[] }[]).flatMap((s) =>
      s.take.map((t) => t.credential),
    );
  };
  expect(await taken([])).toContain('smtu:mc-statistics');
  expect(await taken(holdings)).not.toContain('smtu:mc-statistics');
});

const fixtureBytes = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)));

test('CurricularAnalytics files over HTTP, a Mac Roman one as base64; a bad one rejected per file', async () => {
  const res = await request(api.app)
    .post('/v1/catalogue/imports/curricular')
    .set('Authorization', admin)
    .send({
      files: [
        {
          name: 'mac-roman.csv',
          content: fixtureBytes('curricular/good/mac-roman.csv').toString('base64'),
          encoding: 'base64',
        },
        {
          name: 'bad-header.csv',
          content: fixtureBytes('curricular/rejected/bad-header.csv').toString('utf8'),
        },
      ],
    })
    .expect(200);
  expect(res.body).toMatchObject({ imported: 1, rejected: 1 });
});

test('the ESCO download over HTTP, its files found by name', async () => {
  const files = Object.entries(ESCO_FIXTURE).map(([name, content]) => ({ name, content }));
  const res = await request(api.app)
    .post('/v1/catalogue/imports/esco')
    .set('Authorization', admin)
    .send({ files })
    .expect(200);
  expect(JSON.stringify(res.body)).toContain('skills');
  const missing = await request(api.app)
    .post('/v1/catalogue/imports/esco')
    .set('Authorization', admin)
    .send({ files: files.filter((f) => f.name !== 'skills_en.csv') });
  expect(missing.status).toBe(422);
  expect(missing.headers['content-type']).toMatch(/problem\+json/);
});

test('the whole catalogue exports as a valid native document, for admins only', async () => {
  await request(api.app).get('/v1/catalogue/export').set('Authorization', writer).expect(403);
  const res = await request(api.app)
    .get('/v1/catalogue/export')
    .set('Authorization', admin)
    .expect(200);
  const parsed = parseCatalogue(res.body);
  expect(parsed.ok).toBe(true);
  const doc = res.body as { credentials: { id: string }[]; learners: { id: string }[] };
  expect(doc.credentials.map((c) => c.id)).toContain('smtu:cert-data-analytics');
  expect(doc.learners.map((l) => l.id)).toContain('learner-partway');
  expect(doc.credentials.map((c) => c.id)).toEqual([...doc.credentials.map((c) => c.id)].sort());
});
