/**
 * The published contract: `/openapi.json` is OpenAPI 3.1 generated from the route table, every
 * reference in it resolves, and real answers of every operation (happy and error paths) are
 * valid against the schema the document declares for their status, checked with a JSON Schema
 * 2020-12 validator independent of zod.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { openApiPath } from '../../src/api/openapi.js';
import { routes } from '../../src/api/app.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const SEED = seedInput();

interface Spec {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
}

let driver: Driver;
let api: TestApi;
let spec: Spec;
let ajv: Ajv2020;
let admin: string;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  api = await testApi({ anonymousRoles: [] });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  admin = (await createApiKey(driver, { name: 'spec', role: 'admin' })).token;
  spec = (await request(api.app).get('/openapi.json').expect(200)).body as Spec;
  ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema({ ...spec, $id: 'https://pathways.test/openapi.json' });
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

test('the document is OpenAPI 3.1 with every route of the table and only resolvable references', () => {
  expect(spec.openapi).toBe('3.1.0');
  for (const r of routes)
    expect(spec.paths[openApiPath(r.path)]?.[r.method]?.operationId).toBe(r.operationId);
  const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  expect(refs.length).toBeGreaterThan(50);
  for (const name of refs) expect(spec.components.schemas).toHaveProperty([name]);
  expect(spec.components.schemas).toHaveProperty(['PlanRequestInput']);
});

test('/docs is a page that renders the document with a same-origin script', async () => {
  const page = await request(api.app).get('/docs').expect(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  expect(page.text).toContain('<script src="/docs/docs.js">');
  const script = await request(api.app).get('/docs/docs.js').expect(200);
  expect(script.headers['content-type']).toMatch(/javascript/);
  expect(script.text).toContain("fetch('/openapi.json')");
});

test('the server address leads to the adviser page, without a key', async () => {
  const root = await request(api.app).get('/').expect(302);
  expect(root.headers.location).toBe('/app/');
});

/** Checks an answer against the schema the document declares for this operation and status. */
function conforms(method: string, path: string, res: request.Response): void {
  const operation = spec.paths[path]?.[method];
  expect(operation).toBeDefined();
  const declared = operation!.responses[String(res.status)];
  if (!declared) throw new Error(`${method} ${path}: status ${res.status} is not documented`);
  const [contentType, media] = Object.entries(declared.content ?? {})[0] ?? [];
  if (!media) {
    expect(res.text).toBe('');
    return;
  }
  expect(res.headers['content-type']).toContain(contentType);
  const validate = ajv.compile({
    $ref: `https://pathways.test/openapi.json${(media.schema as { $ref: string }).$ref}`,
  });
  if (!validate(res.body))
    throw new Error(`${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`);
}

const CERT = 'smtu:cert-data-analytics';
const calls: [string, string, (auth: string) => request.Test][] = [
  [
    'post',
    '/v1/plans',
    (a) =>
      request(api.app)
        .post('/v1/plans')
        .set('Authorization', a)
        .send({ learner: 'learner-partway', target: { qualification: CERT }, alternatives: 2 }),
  ],
  [
    'post',
    '/v1/plans',
    (a) =>
      request(api.app)
        .post('/v1/plans')
        .set('Authorization', a)
        .send({ holdings: [], target: { qualification: CERT }, constraints: { budget: 1 } }),
  ],
  [
    'post',
    '/v1/plans',
    (a) =>
      request(api.app)
        .post('/v1/plans')
        .set('Authorization', a)
        .send({
          holdings: [{ credential: 'x:y', awardedOn: '2020-01-01' }],
          target: { qualification: CERT },
        }),
  ],
  [
    'post',
    '/v1/audits',
    (a) =>
      request(api.app)
        .post('/v1/audits')
        .set('Authorization', a)
        .send({
          learner: 'learner-lapsed',
          target: { qualification: 'jarvi:cert-solar-installer' },
        }),
  ],
  [
    'post',
    '/v1/audits',
    (a) => request(api.app).post('/v1/audits').set('Authorization', a).send({ target: 3 }),
  ],
  [
    'post',
    '/v1/ladders',
    (a) =>
      request(api.app)
        .post('/v1/ladders')
        .set('Authorization', a)
        .send({ holdings: [], target: { qualification: 'smtu:msc-data-analytics' } }),
  ],
  [
    'post',
    '/v1/matches',
    (a) =>
      request(api.app)
        .post('/v1/matches')
        .set('Authorization', a)
        .send({
          learner: 'learner-partway',
          occupations: true,
          limit: 3,
          calendar: { start: '2027-02-01', maxCreditsPerTerm: 30 },
        }),
  ],
  [
    'post',
    '/v1/matches',
    (a) => request(api.app).post('/v1/matches').set('Authorization', a).send({ limit: 0 }),
  ],
  [
    'get',
    '/v1/credentials',
    (a) =>
      request(api.app)
        .get('/v1/credentials')
        .query({ q: 'solar', limit: 3 })
        .set('Authorization', a),
  ],
  [
    'get',
    '/v1/qualifications',
    (a) => request(api.app).get('/v1/qualifications').set('Authorization', a),
  ],
  [
    'get',
    '/v1/credentials/{id}',
    (a) => request(api.app).get(`/v1/credentials/${CERT}`).set('Authorization', a),
  ],
  [
    'get',
    '/v1/credentials/{id}',
    (a) => request(api.app).get('/v1/credentials/none').set('Authorization', a),
  ],
  [
    'get',
    '/v1/skills',
    (a) => request(api.app).get('/v1/skills').query({ q: 'python' }).set('Authorization', a),
  ],
  [
    'get',
    '/v1/occupations',
    (a) => request(api.app).get('/v1/occupations').set('Authorization', a),
  ],
  [
    'get',
    '/v1/providers',
    // Every seed provider, one with a prior-learning policy among them.
    (a) => request(api.app).get('/v1/providers').query({ limit: 10 }).set('Authorization', a),
  ],
  ['get', '/v1/catalogue', (a) => request(api.app).get('/v1/catalogue').set('Authorization', a)],
  [
    'post',
    '/v1/learners',
    (a) => request(api.app).post('/v1/learners').set('Authorization', a).send({ holdings: [] }),
  ],
  [
    'get',
    '/v1/learners/{id}',
    (a) => request(api.app).get('/v1/learners/learner-recognised').set('Authorization', a),
  ],
  [
    'put',
    '/v1/learners/{id}',
    (a) =>
      request(api.app)
        .put('/v1/learners/learner-spec')
        .set('Authorization', a)
        .send({ holdings: [] }),
  ],
  [
    'delete',
    '/v1/learners/{id}',
    (a) => request(api.app).delete('/v1/learners/learner-spec').set('Authorization', a),
  ],
  [
    'put',
    '/v1/credentials/{id}',
    (a) =>
      request(api.app)
        .put('/v1/credentials/spec:x')
        .set('Authorization', a)
        .send({ id: 'spec:x', title: 'X', kind: 'course', credits: 2 }),
  ],
  [
    'delete',
    '/v1/credentials/{id}',
    (a) => request(api.app).delete('/v1/credentials/spec:x').set('Authorization', a),
  ],
  [
    'post',
    '/v1/catalogue/imports',
    (a) =>
      request(api.app)
        .post('/v1/catalogue/imports')
        .set('Authorization', a)
        .send({ credentials: [{ id: 1 }] }),
  ],
  [
    'post',
    '/v1/what-if/apply',
    // A recognition's "from -> to" label joins two ids: longer than one id may be.
    (a) =>
      request(api.app)
        .post('/v1/what-if/apply')
        .set('Authorization', a)
        .send({
          format: 'pathways-draft/1',
          name: 'long labels',
          remove: { recognitions: [{ from: 'x'.repeat(400), to: 'y'.repeat(400) }] },
        }),
  ],
  ['get', '/healthz', () => request(api.app).get('/healthz')],
  ['get', '/readyz', () => request(api.app).get('/readyz')],
];

test.each(calls.map((c, i) => [i, c[0], c[1], c[2]] as const))(
  'answer %i (%s %s) is valid against the document',
  async (_i, method, path, call) => {
    conforms(method, path, await call(`Bearer ${admin}`));
  },
);

test('error answers (401) are valid against the document too', async () => {
  conforms('get', '/v1/providers', await request(api.app).get('/v1/providers'));
  conforms(
    'post',
    '/v1/plans',
    await request(api.app).post('/v1/plans').set('Authorization', 'Bearer nope').send({}),
  );
});
