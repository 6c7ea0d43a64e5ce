/**
 * The HTTP API end to end (supertest against the express app) over the real test Neo4j
 * loaded with the seed catalogue: every route's happy path, every class of error as RFC 9457
 * problem+json, keys and roles, learner deletion, and a catalogue write seen by the next plan.
 * Every JSON answer is also checked against the zod schema the OpenAPI document publishes.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import type { z } from 'zod';
import {
  AuditResponse,
  CredentialDetail,
  Learner,
  LadderResponse,
  PlanResponse,
  Problem,
} from '../../src/model/index.js';
import { createApiKey, type Role } from '../../src/service/apiKeys.js';
import { importCatalogue } from '../../src/store/index.js';
import { secretOf, testApi, type TestApi } from '../support/api.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput() as { credentials: { id: string }[] };
const AS_OF = '2026-11-23';
const CERT = 'smtu:cert-data-analytics';

let driver: Driver;
let api: TestApi;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  // Set up as `pathways serve` is (the other API tests differ): plans run in a planning
  // thread, so a catalogue write must reach the thread; stored learners' holdings are cached,
  // so a learner write must be seen at once all the same (here the cache would otherwise
  // keep them for a minute).
  api = await testApi({ anonymousRoles: [], plannerThreads: 1, learnerCacheMs: 60_000 });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  for (const role of ['read', 'plan', 'write', 'admin'] as const)
    tokens[role] = (await createApiKey(driver, { name: `test ${role}`, role })).token;
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

const bearer = (role: Role) => ({ Authorization: `Bearer ${tokens[role]}` });

/** The body, parsed with the schema the API documents for it (throws when it does not fit). */
function fits<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return schema.parse(body);
}

function expectProblem(
  res: request.Response,
  status: number,
  type: string,
): z.output<typeof Problem> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = fits(Problem, res.body);
  expect(problem.status).toBe(status);
  expect(problem.type).toBe(`https://pathways.dev/problems/${type}`);
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  return problem;
}

describe('planning', () => {
  test('POST /v1/plans for a stored seed learner gives an optimal plan with steps and reasons', async () => {
    const res = await request(api.app)
      .post('/v1/plans')
      .set(bearer('plan'))
      .send({
        learner: 'learner-partway',
        target: { qualification: CERT },
        asOf: AS_OF,
        alternatives: 1,
      })
      .expect(200);
    const plan = fits(PlanResponse, res.body);
    expect(plan.status).toBe('planned');
    expect(plan.optimality).toBe('optimal');
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(plan.steps.flatMap((s) => s.take.map((t) => t.credential))).not.toContain(
      'smtu:mc-python-data',
    );
    expect(plan.explanation.join(' ')).toMatch(/take /i);
    expect(plan.totals.credits).toBe(plan.steps.reduce((n, s) => n + s.credits, 0));
  });

  test('POST /v1/plans with inline holdings stores nothing about the person', async () => {
    const before = await graphDump(driver);
    const res = await request(api.app)
      .post('/v1/plans')
      .set(bearer('plan'))
      .send({
        holdings: [{ credential: 'smtu:mc-data-foundations', awardedOn: '2026-01-10' }],
        target: { anyOf: [CERT, 'rijnmond:cert-data-driven-work'] },
        asOf: AS_OF,
        objective: ['credits', 'cost'],
      })
      .expect(200);
    expect(fits(PlanResponse, res.body).status).toBe('planned');
    expect(await graphDump(driver)).toEqual(before);
  });

  test('an unreachable target answers 200 with status infeasible and the reason', async () => {
    const res = await request(api.app)
      .post('/v1/plans')
      .set(bearer('plan'))
      .send({
        holdings: [],
        target: { qualification: CERT },
        asOf: AS_OF,
        constraints: { excludeProviders: ['smtu'] },
      })
      .expect(200);
    const plan = fits(PlanResponse, res.body);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility?.reason).toBe('excluded-by-constraints');
  });

  test('POST /v1/audits says what is left; POST /v1/ladders gives the chain of awards', async () => {
    const audit = fits(
      AuditResponse,
      (
        await request(api.app)
          .post('/v1/audits')
          .set(bearer('plan'))
          .send({ learner: 'learner-partway', target: { qualification: CERT }, asOf: AS_OF })
          .expect(200)
      ).body,
    );
    expect(audit.achieved).toBe(false);
    expect(audit.percent).toBeGreaterThan(0);
    expect(audit.goal.status).toBe('partial');

    const ladder = fits(
      LadderResponse,
      (
        await request(api.app)
          .post('/v1/ladders')
          .set(bearer('plan'))
          .send({ holdings: [], target: { qualification: 'smtu:msc-data-analytics' }, asOf: AS_OF })
          .expect(200)
      ).body,
    );
    expect(ladder.rungs.map((r) => r.credential)).toEqual([
      CERT,
      'smtu:hdip-data-analytics',
      'smtu:msc-data-analytics',
    ]);
  });

  test('an invalid body is 400 naming every field path', async () => {
    const res = await request(api.app)
      .post('/v1/plans')
      .set(bearer('plan'))
      .send({
        holdings: [{ credential: 'smtu:mc-statistics', awardedOn: '31/12/2025' }],
        target: {},
        alternatives: 9,
      });
    const problem = expectProblem(res, 400, 'invalid-request');
    const paths = problem.errors?.map((e) => `${e.in}:${e.path}`) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['body:target', 'body:holdings[0].awardedOn', 'body:alternatives']),
    );
  });

  test('an anyOf or allOf target names at most 20 credentials', async () => {
    const plan = (target: object) =>
      request(api.app)
        .post('/v1/plans')
        .set(bearer('plan'))
        .send({ holdings: [], target, asOf: AS_OF });
    expect((await plan({ anyOf: Array<string>(20).fill(CERT) })).status).toBe(200);
    for (const kind of ['anyOf', 'allOf']) {
      const problem = expectProblem(
        await plan({ [kind]: Array<string>(21).fill(CERT) }),
        400,
        'invalid-request',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^target/)]),
      );
    }
  });

  test('an unknown id inside holdings is 404 saying which one', async () => {
    const res = await request(api.app)
      .post('/v1/audits')
      .set(bearer('plan'))
      .send({
        holdings: [
          { credential: 'smtu:mc-statistics', awardedOn: '2026-01-01' },
          { credential: 'smtu:no-such-module', awardedOn: '2026-01-01' },
        ],
        target: { qualification: CERT },
      });
    const problem = expectProblem(res, 404, 'not-found');
    expect(problem.errors).toEqual([
      expect.objectContaining({ in: 'body', path: 'holdings[1].credential' }),
    ]);
    expect(problem.detail).toContain('smtu:no-such-module');
  });

  test('an unknown target or learner is 404', async () => {
    expectProblem(
      await request(api.app)
        .post('/v1/plans')
        .set(bearer('plan'))
        .send({ holdings: [], target: { qualification: 'nope:qualification' } }),
      404,
      'not-found',
    );
    expectProblem(
      await request(api.app)
        .post('/v1/plans')
        .set(bearer('plan'))
        .send({ learner: 'learner-who-never-was', target: { qualification: CERT } }),
      404,
      'not-found',
    );
  });

  test('malformed JSON is 400, a non-JSON body 415, an oversized body 413', async () => {
    expectProblem(
      await request(api.app)
        .post('/v1/plans')
        .set(bearer('plan'))
        .set('Content-Type', 'application/json')
        .send('{"target": '),
      400,
      'malformed-json',
    );
    expectProblem(
      await request(api.app)
        .post('/v1/plans')
        .set(bearer('plan'))
        .set('Content-Type', 'text/plain')
        .send('target=x'),
      415,
      'unsupported-media-type',
    );
    const huge = { holdings: [], target: { qualification: CERT }, padding: 'x'.repeat(300 * 1024) };
    expectProblem(
      await request(api.app).post('/v1/plans').set(bearer('plan')).send(huge),
      413,
      'body-too-large',
    );
  });
});

describe('catalogue reads', () => {
  test('credentials: filters and a cursor that walks every page exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(api.app)
        .get('/v1/credentials')
        .query({ limit: 7, ...(cursor ? { cursor } : {}) })
        .set(bearer('read'))
        .expect(200);
      const body = res.body as { items: { id: string }[]; next: string | null };
      seen.push(...body.items.map((c) => c.id));
      cursor = body.next;
    } while (cursor);
    expect(seen).toEqual(SEED.credentials.map((c) => c.id).sort());

    const smtuQualifications = await request(api.app)
      .get('/v1/qualifications')
      .query({ provider: 'smtu' })
      .set(bearer('read'))
      .expect(200);
    expect((smtuQualifications.body as { items: { id: string }[] }).items.map((c) => c.id)).toEqual(
      [CERT, 'smtu:hdip-data-analytics', 'smtu:msc-data-analytics'],
    );
  });

  test('credential text search ranks title matches and pages by relevance', async () => {
    const res = await request(api.app)
      .get('/v1/credentials')
      .query({ q: 'data analytics', limit: 2 })
      .set(bearer('read'))
      .expect(200);
    const body = res.body as { items: { id: string; title: string }[]; next: string | null };
    expect(body.items.length).toBe(2);
    expect(body.next).not.toBeNull();
    const rest = await request(api.app)
      .get('/v1/credentials')
      .query({ q: 'data analytics', limit: 50, cursor: body.next })
      .set(bearer('read'))
      .expect(200);
    const all = [...body.items, ...(rest.body as { items: { id: string }[] }).items].map(
      (c) => c.id,
    );
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(2);
  });

  test('one credential with its rule tree, what it stacks into and its recognitions', async () => {
    const cert = fits(
      CredentialDetail,
      (
        await request(api.app)
          .get(`/v1/credentials/${encodeURIComponent(CERT)}`)
          .set(bearer('read'))
          .expect(200)
      ).body,
    );
    expect(cert.awardRule?.children.length).toBeGreaterThan(0);
    expect(cert.stacksInto.map((s) => s.id)).toContain('smtu:hdip-data-analytics');
    const dataviz = fits(
      CredentialDetail,
      (
        await request(api.app)
          .get('/v1/credentials/rijnmond:mc-dataviz')
          .set(bearer('read'))
          .expect(200)
      ).body,
    );
    expect(dataviz.recognisedAs.map((r) => r.credential)).toContain('smtu:mc-dataviz');
    // Its learning outcomes, each with the statement an adviser validates prior learning on.
    expect(dataviz.outcomes.map((o) => o.id)).toEqual(dataviz.learningOutcomes);
    expect(dataviz.outcomes.length).toBeGreaterThan(0);
    for (const o of dataviz.outcomes) expect(o.statement).not.toBe(o.id);
    expectProblem(
      await request(api.app).get('/v1/credentials/nope:x').set(bearer('read')),
      404,
      'not-found',
    );
  });

  test('ESCO skills and occupations by label or alternative label; providers', async () => {
    const skills = await request(api.app)
      .get('/v1/skills')
      .query({ q: 'data analysis' })
      .set(bearer('read'))
      .expect(200);
    expect((skills.body as { items: { label: string }[] }).items.map((s) => s.label)).toContain(
      'perform data analysis',
    );
    const occupations = await request(api.app)
      .get('/v1/occupations')
      .set(bearer('read'))
      .expect(200);
    expect((occupations.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const providers = await request(api.app).get('/v1/providers').set(bearer('read')).expect(200);
    expect((providers.body as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([
      'bzn',
      'jarvi',
      'lakeshore',
      'rijnmond',
      'smtu',
    ]);
    // A provider's prior-learning policy comes back as one object, as it was imported.
    const smtu = (providers.body as { items: Record<string, unknown>[] }).items.find(
      (p) => p.id === 'smtu',
    );
    expect(Object.keys(smtu ?? {}).filter((k) => k.includes('.'))).toEqual([]);
    expect(smtu?.priorLearningPolicy).toMatchObject({
      exemption: true,
      maxShareOfQualification: 0.5,
    });
  });

  test('a cursor the API did not issue is 400', async () => {
    const problem = expectProblem(
      await request(api.app)
        .get('/v1/credentials')
        .query({ cursor: 'garbage' })
        .set(bearer('read')),
      400,
      'invalid-request',
    );
    expect(problem.errors?.[0]).toMatchObject({ in: 'query', path: 'cursor' });
  });

  test.each([
    ['limit', ''],
    ['limit', 'ten'],
    ['eqfLevel', ' '],
  ])('a blank or non-numeric %s (%j) is 400, not read as 0', async (field, value) => {
    const problem = expectProblem(
      await request(api.app)
        .get(`/v1/credentials?${field}=${encodeURIComponent(value)}`)
        .set(bearer('read')),
      400,
      'invalid-request',
    );
    expect(problem.errors?.[0]).toMatchObject({ in: 'query', path: field });
  });
});

describe('learners', () => {
  test('create, read, replace and delete; deletion leaves no trace', async () => {
    const before = await graphDump(driver);
    const created = await request(api.app)
      .post('/v1/learners')
      .set(bearer('write'))
      .send({ holdings: [{ credential: 'smtu:mc-statistics', awardedOn: '2026-02-01' }] })
      .expect(201);
    const learner = fits(Learner, created.body);
    expect(learner.id).toMatch(/^learner-/);
    expect(created.headers.location).toBe(`/v1/learners/${learner.id}`);

    await request(api.app)
      .put(`/v1/learners/${learner.id}`)
      .set(bearer('write'))
      .send({ holdings: [{ credential: 'smtu:mc-sql-databases', awardedOn: '2026-03-01' }] })
      .expect(200);
    const read = fits(
      Learner,
      (await request(api.app).get(`/v1/learners/${learner.id}`).set(bearer('plan')).expect(200))
        .body,
    );
    expect(read.holdings.map((h) => h.credential)).toEqual(['smtu:mc-sql-databases']);

    const plan = await request(api.app)
      .post('/v1/plans')
      .set(bearer('plan'))
      .send({ learner: learner.id, target: { qualification: CERT }, asOf: AS_OF })
      .expect(200);
    expect(JSON.stringify(plan.body)).not.toContain('"credential":"smtu:mc-sql-databases","title"');

    await request(api.app).delete(`/v1/learners/${learner.id}`).set(bearer('write')).expect(204);
    expect(await graphDump(driver)).toEqual(before);
    expect(JSON.stringify(await graphDump(driver))).not.toContain(learner.id);
    expectProblem(
      await request(api.app).get(`/v1/learners/${learner.id}`).set(bearer('plan')),
      404,
      'not-found',
    );
    expectProblem(
      await request(api.app).delete(`/v1/learners/${learner.id}`).set(bearer('write')),
      404,
      'not-found',
    );
  });

  /** POSTs a learner that must be refused; nothing may be written. */
  async function refusedCreation(body: object, status: number, type: string) {
    const before = await graphDump(driver);
    const problem = expectProblem(
      await request(api.app).post('/v1/learners').set(bearer('write')).send(body),
      status,
      type,
    );
    expect(await graphDump(driver)).toEqual(before);
    return problem;
  }

  test('a learner holding an unknown credential is refused whole, naming it', async () => {
    const problem = await refusedCreation(
      {
        id: 'learner-bad',
        holdings: [
          { credential: 'smtu:mc-statistics', awardedOn: '2026-02-01' },
          { credential: 'ghost:module', awardedOn: '2026-02-01' },
        ],
      },
      404,
      'not-found',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'holdings[1].credential' })]);
  });

  test("a stored learner's plans follow every write to them at once", async () => {
    const planFor = async (id: string) =>
      request(api.app)
        .post('/v1/plans')
        .set(bearer('plan'))
        .send({ learner: id, target: { qualification: CERT }, asOf: AS_OF });
    /** The holdings a plan was computed from. */
    const heldBy = (plan: { body: unknown }) =>
      fits(PlanResponse, plan.body).holdings.valid.map((h) => h.credential);

    // Unknown, then created: the 404 is not remembered.
    expectProblem(await planFor('learner-cached'), 404, 'not-found');
    await request(api.app)
      .post('/v1/learners')
      .set(bearer('write'))
      .send({
        id: 'learner-cached',
        holdings: [{ credential: 'smtu:mc-statistics', awardedOn: '2026-02-01' }],
      })
      .expect(201);
    expect(heldBy(await planFor('learner-cached'))).toEqual(['smtu:mc-statistics']);

    // Replaced: the next plan uses the new holdings.
    await request(api.app)
      .put('/v1/learners/learner-cached')
      .set(bearer('write'))
      .send({ holdings: [{ credential: 'smtu:mc-sql-databases', awardedOn: '2026-03-01' }] })
      .expect(200);
    expect(heldBy(await planFor('learner-cached'))).toEqual(['smtu:mc-sql-databases']);

    // Deleted: planning for them is 404 again.
    await request(api.app).delete('/v1/learners/learner-cached').set(bearer('write')).expect(204);
    expectProblem(await planFor('learner-cached'), 404, 'not-found');
  });

  test('a holding that expires before it was awarded is refused, naming it, and nothing is stored', async () => {
    const problem = await refusedCreation(
      {
        id: 'learner-backwards',
        holdings: [
          { credential: 'smtu:mc-statistics', awardedOn: '2026-02-01', expiresOn: '2025-02-01' },
        ],
      },
      400,
      'invalid-request',
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'holdings[0].expiresOn', message: 'is before awardedOn' }),
    ]);
  });

  test('creating an existing learner is 409', async () => {
    expectProblem(
      await request(api.app).post('/v1/learners').set(bearer('write')).send({ id: 'learner-new' }),
      409,
      'conflict',
    );
  });

  test('of two creations of one id at the same moment, exactly one succeeds', async () => {
    const create = (credential: string) =>
      request(api.app)
        .post('/v1/learners')
        .set(bearer('write'))
        .send({ id: 'learner-twice', holdings: [{ credential, awardedOn: '2026-02-01' }] });
    const answers = await Promise.all([
      create('smtu:mc-statistics'),
      create('smtu:mc-sql-databases'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    // The stored learner is the winner's, untouched by the loser.
    const winner = answers.find((a) => a.status === 201)!;
    const stored = await request(api.app)
      .get('/v1/learners/learner-twice')
      .set(bearer('plan'))
      .expect(200);
    expect(stored.body).toEqual(winner.body);
    await request(api.app).delete('/v1/learners/learner-twice').set(bearer('write')).expect(204);
  });
});

describe('catalogue writes', () => {
  const module = {
    id: 'smtu:mc-data-storytelling',
    title: 'Data storytelling',
    kind: 'micro-credential',
    credits: 1,
    provider: 'smtu',
    eqfLevel: 6,
  };

  test('a new credential is validated against the catalogue, written, and seen by the next plan', async () => {
    const version = (
      (await request(api.app).get('/v1/catalogue').set(bearer('read')).expect(200)).body as {
        version: number;
      }
    ).version;
    const dangling = await request(api.app)
      .put('/v1/credentials/smtu:broken')
      .set(bearer('write'))
      .send({
        ...module,
        id: 'smtu:broken',
        entryRule: { op: 'ALL', accepts: ['smtu:does-not-exist'] },
      });
    const problem = expectProblem(dangling, 422, 'invalid-catalogue');
    expect(problem.errors?.[0]?.path).toContain('entryRule');

    await request(api.app)
      .put(`/v1/credentials/${module.id}`)
      .set(bearer('write'))
      .send(module)
      .expect(201);
    const after = (
      (await request(api.app).get('/v1/catalogue').set(bearer('read')).expect(200)).body as {
        version: number;
      }
    ).version;
    expect(after).toBe(version + 1);
    await request(api.app).get(`/v1/credentials/${module.id}`).set(bearer('read')).expect(200);

    // Make the cheapest way to the certificate go through the new module.
    const cert = fits(
      CredentialDetail,
      (await request(api.app).get(`/v1/credentials/${CERT}`).set(bearer('read')).expect(200)).body,
    );
    const seedCert = (SEED.credentials as Record<string, unknown>[]).find((c) => c.id === CERT)!;
    const plan = async () =>
      fits(
        PlanResponse,
        (
          await request(api.app)
            .post('/v1/plans')
            .set(bearer('plan'))
            .send({ holdings: [], target: { qualification: CERT }, asOf: AS_OF })
            .expect(200)
        ).body,
      );
    const beforeChange = await plan();
    await request(api.app)
      .put(`/v1/credentials/${CERT}`)
      .set(bearer('write'))
      .send({
        ...seedCert,
        awardRule: { op: 'ALL', label: 'Storytelling only', accepts: [module.id] },
      })
      .expect(200);
    const afterChange = await plan();
    expect(afterChange.totals.credits).toBe(1);
    expect(afterChange.totals.credits).toBeLessThan(beforeChange.totals.credits);
    expect(cert.awardRule).toBeDefined();

    // Put the seed back, then the module can go (nothing refers to it any more).
    expectProblem(
      await request(api.app).delete(`/v1/credentials/${module.id}`).set(bearer('write')),
      409,
      'conflict',
    );
    await request(api.app)
      .put(`/v1/credentials/${CERT}`)
      .set(bearer('write'))
      .send(seedCert)
      .expect(200);
    await request(api.app).delete(`/v1/credentials/${module.id}`).set(bearer('write')).expect(204);
    expectProblem(
      await request(api.app).get(`/v1/credentials/${module.id}`).set(bearer('read')),
      404,
      'not-found',
    );
  });

  test('a write made by another process is picked up without a restart', async () => {
    const id = 'smtu:mc-written-elsewhere';
    await request(api.app).get(`/v1/credentials/${id}`).set(bearer('read')).expect(404);
    // Another process: a direct import through the store, not through this API.
    await importCatalogue(driver, { credentials: [{ ...module, id, title: 'Written elsewhere' }] });
    await new Promise((r) => setTimeout(r, 1100)); // the version is rechecked once a second
    await request(api.app).get(`/v1/credentials/${id}`).set(bearer('read')).expect(200);
    await request(api.app).delete(`/v1/credentials/${id}`).set(bearer('write')).expect(204);
  });

  test('a path id that differs from the body id is 400', async () => {
    expectProblem(
      await request(api.app).put('/v1/credentials/smtu:other').set(bearer('write')).send(module),
      400,
      'invalid-request',
    );
  });

  test('a write whose credits disagree with the converted figure the engine counts is refused, and nothing is written', async () => {
    const seedCourse = (SEED.credentials as Record<string, unknown>[]).find(
      (c) => c.creditSystem === 'US semester credit hours',
    )!;
    const id = seedCourse.id as string;
    const before = await graphDump(driver);
    // credits changed alone: 3 semester hours still count 3 × 2 = 6 ECTS.
    const refused = await request(api.app)
      .put(`/v1/credentials/${id}`)
      .set(bearer('write'))
      .send({ ...seedCourse, credits: 8 });
    const problem = expectProblem(refused, 422, 'invalid-catalogue');
    expect(problem.errors?.[0]?.path).toBe('credits');
    expect(problem.errors?.[0]?.message).toMatch(/engine counts 3 × 2 = 6 ECTS/);
    expect(await graphDump(driver)).toEqual(before);
    // The original figure changed with it: accepted and counted.
    await request(api.app)
      .put(`/v1/credentials/${id}`)
      .set(bearer('write'))
      .send({ ...seedCourse, credits: 8, creditsOriginal: 4 })
      .expect(200);
    const detail = fits(
      CredentialDetail,
      (await request(api.app).get(`/v1/credentials/${id}`).set(bearer('read')).expect(200)).body,
    );
    expect(detail.credits).toBe(8);
    await request(api.app)
      .put(`/v1/credentials/${id}`)
      .set(bearer('write'))
      .send(seedCourse)
      .expect(200);
  });

  test('whole-catalogue import is for admins, validated, and idempotent', async () => {
    expectProblem(
      await request(api.app).post('/v1/catalogue/imports').set(bearer('write')).send(SEED),
      403,
      'forbidden',
    );
    const before = await graphDump(driver);
    const bad = await request(api.app)
      .post('/v1/catalogue/imports')
      .set(bearer('admin'))
      .send({ ...SEED, credentials: [{ id: 'x', title: 'X', kind: 'course', credits: -3 }] });
    expect(expectProblem(bad, 422, 'invalid-catalogue').errors?.[0]?.path).toBe(
      'credentials[0].credits',
    );
    expect(await graphDump(driver)).toEqual(before);
    const ok = await request(api.app)
      .post('/v1/catalogue/imports')
      .set(bearer('admin'))
      .send(SEED)
      .expect(200);
    expect((ok.body as { credentials: number }).credentials).toBe(SEED.credentials.length);
    const strip = (d: Awaited<ReturnType<typeof graphDump>>) =>
      JSON.stringify(d).replace(/"version":\d+/g, '');
    expect(strip(await graphDump(driver))).toEqual(strip(before));
  });
});

describe('keys and roles', () => {
  test('no key is 401 with a challenge; a bad or revoked key is 401; too low a role is 403', async () => {
    const none = expectProblem(await request(api.app).get('/v1/providers'), 401, 'unauthorized');
    expect(none.detail).toContain('read');
    expectProblem(
      await request(api.app)
        .get('/v1/providers')
        .set('Authorization', 'Bearer pw_0000000000000000_' + 'A'.repeat(43)),
      401,
      'unauthorized',
    );
    expectProblem(
      await request(api.app).get('/v1/providers').set('Authorization', 'Basic abc'),
      401,
      'unauthorized',
    );
    const forbidden = expectProblem(
      await request(api.app)
        .post('/v1/plans')
        .set(bearer('read'))
        .send({ holdings: [], target: { qualification: CERT } }),
      403,
      'forbidden',
    );
    expect(forbidden.detail).toContain('"plan"');
    await request(api.app).get('/v1/providers').set(bearer('admin')).expect(200);
  });

  test('a revoked key stops working at once in the process that revoked it', async () => {
    const { token, key } = await createApiKey(driver, { name: 'short-lived', role: 'read' });
    await request(api.app).get('/v1/providers').set('Authorization', `Bearer ${token}`).expect(200);
    const { revokeKey } = await import('../../src/service/apiKeys.js');
    await revokeKey(driver, key.id);
    api.ctx.keys.forget(key.id);
    expectProblem(
      await request(api.app).get('/v1/providers').set('Authorization', `Bearer ${token}`),
      401,
      'unauthorized',
    );
  });

  test('keys are stored hashed: the secret appears nowhere in the graph', async () => {
    const { token } = await createApiKey(driver, { name: 'hash check', role: 'read' });
    const secret = secretOf(token);
    expect(JSON.stringify(await graphDump(driver))).not.toContain(secret);
  });

  test('anonymous read and plan only where configured, never writes', async () => {
    const anonymous = await testApi({ anonymousRoles: ['read', 'plan'] });
    try {
      await request(anonymous.app).get('/v1/providers').expect(200);
      await request(anonymous.app)
        .post('/v1/plans')
        .send({ holdings: [], target: { qualification: CERT }, asOf: AS_OF })
        .expect(200);
      expectProblem(
        await request(anonymous.app).delete('/v1/learners/learner-new'),
        401,
        'unauthorized',
      );
    } finally {
      await anonymous.close();
    }
  });

  test('per-key rate limit: 429 with Retry-After once the bucket is empty', async () => {
    const { token } = await createApiKey(driver, { name: 'tight', role: 'read', rateLimit: 3 });
    const call = () =>
      request(api.app).get('/v1/providers').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
    const limited = await call();
    expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Other keys are not affected.
    await request(api.app).get('/v1/providers').set(bearer('read')).expect(200);
  });
});

describe('protocol', () => {
  test("request ids are echoed (the caller's when sane) and security headers are set", async () => {
    const res = await request(api.app).get('/healthz').set('X-Request-Id', 'portal-42').expect(200);
    expect(res.headers['x-request-id']).toBe('portal-42');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const generated = await request(api.app)
      .get('/healthz')
      .set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('unknown routes are 404 problems; /readyz reports the catalogue version', async () => {
    expectProblem(await request(api.app).get('/v2/nothing').set(bearer('read')), 404, 'not-found');
    const ready = await request(api.app).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready' });
  });

  test('CORS only for configured origins', async () => {
    const res = await request(api.app).get('/healthz').set('Origin', 'https://portal.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const withCors = await testApi({ corsOrigins: ['https://portal.example'] });
    try {
      const allowed = await request(withCors.app)
        .get('/healthz')
        .set('Origin', 'https://portal.example');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example');
    } finally {
      await withCors.close();
    }
  });

  test('logs carry request ids but never holdings or keys', async () => {
    api.logs.length = 0;
    await request(api.app)
      .post('/v1/plans')
      .set(bearer('plan'))
      .set('X-Request-Id', 'log-check')
      .send({
        holdings: [{ credential: 'smtu:mc-time-series', awardedOn: '2026-01-01' }],
        target: { qualification: CERT },
      })
      .expect(200);
    const text = api.logs.join('');
    expect(text).toContain('log-check');
    expect(text).not.toContain('smtu:mc-time-series');
    expect(text).not.toContain(tokens.plan);
    expect(text).not.toContain(secretOf(tokens.plan));
  });
});
