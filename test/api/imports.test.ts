/**
 * The importers and renderers over HTTP: a plan by content negotiation (CSV, Markdown), CTDL
 * files imported by an admin, and a learner's Open Badges credentials turned into holdings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { parseCatalogue, PlanResponse, Problem } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { getLearner, importCatalogue } from '../../src/store/index.js';
import { ESCO_FIXTURE, syntheticEscoDownload } from '../fixtures/esco.js';
import { testApi, type TestApi } from '../support/api.js';
import { openBadge } from '../support/badges.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const file = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const SEED = seedInput();
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

test('an ESCO import that would shrink the graph: 409 naming the numbers, written with allowShrink', async () => {
  const upload = (download: Record<string, string>, extra: object = {}) =>
    request(api.app)
      .post('/v1/catalogue/imports/esco')
      .set('Authorization', admin)
      .send({
        files: Object.entries(download).map(([name, content]) => ({ name, content })),
        ...extra,
      });
  const skillLinks = async () =>
    (
      await driver.executeQuery('MATCH (:Skill)-[r:NEEDS]->(:Skill) RETURN count(r) AS n')
    ).records[0]!.get('n') as number;
  await upload(syntheticEscoDownload()).expect(200);
  const full = await skillLinks();
  // The skill-skill file cut in half at a line boundary: well-formed, but half the links.
  const cut = syntheticEscoDownload(240, { 'skillSkillRelations.csv': 120 });
  const before = await graphDump(driver);

  const refused = await upload(cut);
  expect(refused.status).toBe(409);
  expect(refused.headers['content-type']).toMatch(/problem\+json/);
  const problem = Problem.parse(refused.body);
  expect(problem.type).toMatch(/import-would-shrink$/);
  // The numbers are the graph's: the synthetic download's links and those stored before it.
  expect(problem.errors).toEqual([
    {
      in: 'body',
      path: 'allowShrink',
      message: expect.stringMatching(
        new RegExp(
          `^skillSkillRelations\\.csv: the import would leave ${full - 120} skill-skill links where the graph has ${full} \\(\\d+% fewer\\)$`,
        ),
      ) as unknown,
    },
  ]);
  expect(problem.detail).toContain('allowShrink: true');
  expect(await graphDump(driver)).toEqual(before);

  // allowShrink is a boolean, and only for ESCO.
  const notBoolean = await upload(cut, { allowShrink: 'yes' });
  expect(notBoolean.status).toBe(400);
  expect(notBoolean.body.errors[0]).toMatchObject({ in: 'body', path: 'allowShrink' });
  const content = file('../fixtures/ctdl/welding-pathway.jsonld');
  const ctdl = await request(api.app)
    .post('/v1/catalogue/imports/ctdl')
    .set('Authorization', admin)
    .send({ files: [{ name: 'welding-pathway.jsonld', content }], allowShrink: true });
  expect(ctdl.status).toBe(400);
  expect(ctdl.body.errors[0]).toMatchObject({ in: 'body', path: 'allowShrink' });
  expect(await graphDump(driver)).toEqual(before);

  const allowed = await upload(cut, { allowShrink: true }).expect(200);
  expect(allowed.body.shrunk).toMatchObject([
    {
      kind: 'skillSkillLinks',
      files: ['skillSkillRelations.csv'],
      before: full,
      after: full - 120,
    },
  ]);
  expect(full - (await skillLinks())).toBe(120);
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
