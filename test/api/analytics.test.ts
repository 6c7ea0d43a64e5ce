/**
 * The analytics routes end to end (supertest against the express app) over the real test
 * Neo4j loaded with the seed catalogue: each answers exactly what the pure analysis gives on
 * the same projection (computed on a planning thread), typed by the schema the OpenAPI
 * document publishes; bad parameters are 400 naming the field, unknown ids 404, and a caller
 * without a key is refused.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import {
  CoverageReport,
  credentialDemand,
  credentialOverlap,
  credentialQuality,
  curricularComplexity,
  CurricularComplexity,
  DemandReport,
  OverlapReport,
  QualityReport,
  skillCoverage,
  stackability,
  StackabilityReport,
} from '../../src/analytics/index.js';
import { openApiJson } from '../../src/api/app.js';
import {
  complexityTable,
  demandTable,
  overlapTable,
  qualityTable,
  renderTable,
} from '../../src/export/analytics.js';
import { credentialOf, type CatalogueGraph } from '../../src/graph/index.js';
import { PlanRequest, Problem } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { runDemand } from '../../src/service/demand.js';
import { runPlan } from '../../src/service/planning.js';
import { inlineEngine, type PlanningEngine } from '../../src/service/planningThreads.js';
import { CatalogueProjection, importCatalogue } from '../../src/store/index.js';
import { getLearner, putLearner } from '../../src/store/learners.js';
import { testApi, type TestApi } from '../support/api.js';
import { resetDatabase, seedLearnerIds, testDriver } from '../support/neo4j.js';
import { seedGraph, seedInput } from '../support/seed.js';

const SEED = seedInput();
const CERT = 'smtu:cert-data-analytics';
const ANALYST = 'http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2';

let driver: Driver;
let api: TestApi;
let graph: CatalogueGraph;
let read: { Authorization: string };

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  // As `pathways serve` runs them: on a planning thread, errors crossing back to the API.
  api = await testApi({ anonymousRoles: [], plannerThreads: 1 });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  graph = await api.store.projection.current();
  read = {
    Authorization: `Bearer ${(await createApiKey(driver, { name: 'analyst', role: 'read' })).token}`,
  };
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

const get = (path: string, query: Record<string, string>) =>
  request(api.app).get(path).query(query).set(read);

function expectProblem(res: request.Response, status: number, field: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = Problem.parse(res.body);
  expect(problem.errors?.map((e) => [e.in, e.path])).toContainEqual(['query', field]);
  return problem;
}

describe('each route answers what the analysis gives on the same projection', () => {
  test('GET /v1/analytics/stackability, whole catalogue and one provider', async () => {
    const all = await get('/v1/analytics/stackability', {});
    expect(all.status).toBe(200);
    expect(StackabilityReport.parse(all.body)).toEqual(stackability(graph, {}));
    expect(all.body.credentials.length).toBeGreaterThan(0);

    const smtu = await get('/v1/analytics/stackability', { provider: 'smtu' });
    expect(smtu.status).toBe(200);
    expect(smtu.body).toEqual(stackability(graph, { provider: 'smtu' }));
    expect(smtu.body).not.toEqual(all.body);
  });

  test('GET /v1/analytics/stackability?qualification=…&asOf=…', async () => {
    const res = await get('/v1/analytics/stackability', {
      qualification: CERT,
      asOf: '2026-11-23',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(stackability(graph, { qualification: CERT, asOf: '2026-11-23' }));
    expect(res.body.scope).toEqual({ kind: 'qualification', id: CERT });
  });

  test('GET /v1/analytics/overlap with numbers, booleans and lists given as text', async () => {
    const res = await get('/v1/analytics/overlap', {
      basis: 'both',
      threshold: '0.2',
      strongThreshold: '0.6',
      broaderLevels: '2',
      acrossProviders: 'false',
      kinds: 'micro-credential,unit',
    });
    expect(res.status).toBe(200);
    const expected = credentialOverlap(graph, {
      basis: 'both',
      threshold: 0.2,
      strongThreshold: 0.6,
      broaderLevels: 2,
      acrossProviders: false,
      kinds: ['micro-credential', 'unit'],
    });
    expect(OverlapReport.parse(res.body)).toEqual(expected);
    expect(expected.pairs.length).toBeGreaterThan(0);
    // The defaults are the analysis's own.
    const defaults = await get('/v1/analytics/overlap', {});
    expect(defaults.body).toEqual(credentialOverlap(graph, {}));
  });

  test('GET /v1/analytics/coverage of the catalogue, a qualification and credentials', async () => {
    const all = await get('/v1/analytics/coverage', { occupation: ANALYST });
    expect(all.status).toBe(200);
    expect(CoverageReport.parse(all.body)).toEqual(skillCoverage(graph, { occupation: ANALYST }));

    const cert = await get('/v1/analytics/coverage', {
      occupation: ANALYST,
      qualification: CERT,
      includeOptional: 'false',
      narrowerLevels: '0',
    });
    expect(cert.status).toBe(200);
    expect(cert.body).toEqual(
      skillCoverage(graph, {
        occupation: ANALYST,
        by: { qualification: CERT },
        includeOptional: false,
        narrowerLevels: 0,
      }),
    );
    expect(cert.body.subject.kind).toBe('qualification');

    const two = await get('/v1/analytics/coverage', {
      occupation: ANALYST,
      credentials: 'smtu:mc-python-data, smtu:mc-statistics',
    });
    expect(two.body).toEqual(
      skillCoverage(graph, {
        occupation: ANALYST,
        by: { credentials: ['smtu:mc-python-data', 'smtu:mc-statistics'] },
      }),
    );
  });

  test('GET /v1/analytics/complexity of a qualification', async () => {
    const res = await get('/v1/analytics/complexity', { qualification: CERT });
    expect(res.status).toBe(200);
    expect(CurricularComplexity.parse(res.body)).toEqual(
      curricularComplexity(graph, { qualification: CERT }),
    );
    expect(res.body.courses.length).toBeGreaterThan(0);
    const quarter = await get('/v1/analytics/complexity', {
      qualification: CERT,
      termSystem: 'quarter',
    });
    expect(quarter.body).toEqual(
      curricularComplexity(graph, { qualification: CERT, termSystem: 'quarter' }),
    );
  });

  test('GET /v1/analytics/quality, by default, for one provider and for other kinds', async () => {
    const all = await get('/v1/analytics/quality', {});
    expect(all.status).toBe(200);
    expect(QualityReport.parse(all.body)).toEqual(credentialQuality(graph, {}));
    expect(all.body.credentials.length).toBeGreaterThan(0);
    // The store keeps every standard element: the same verdicts as on the document itself
    // (the store reads credentials back in id order, so rows are compared by id).
    const byId = (r: QualityReport) =>
      new Map(r.credentials.map((c) => [c.credential, [c.present, c.missing, c.failed]]));
    expect(byId(all.body as QualityReport)).toEqual(byId(credentialQuality(seedGraph(), {})));

    const smtu = await get('/v1/analytics/quality', {
      provider: 'smtu',
      kinds: 'micro-credential, certificate',
    });
    expect(smtu.status).toBe(200);
    expect(smtu.body).toEqual(
      credentialQuality(graph, { provider: 'smtu', kinds: ['micro-credential', 'certificate'] }),
    );
    expect(smtu.body.scope).toEqual({
      provider: 'smtu',
      kinds: ['micro-credential', 'certificate'],
    });
  });
});

describe('GET /v1/analytics/demand: the stored learners planned, nothing written', () => {
  // The seed's learners and one more who holds a module of CERT's elective already.
  const LEARNERS = [...seedLearnerIds(), 'learner-demand'].sort();
  beforeAll(async () => {
    await putLearner(driver, {
      id: 'learner-demand',
      holdings: [{ credential: 'smtu:mc-dataviz', awardedOn: '2026-01-15', verified: false }],
    });
  });

  test("towards one qualification: what each learner's own plan request gives, counted", async () => {
    const res = await get('/v1/analytics/demand', { qualification: CERT, learners: 'true' });
    expect(res.status).toBe(200);
    const report = DemandReport.parse(res.body);

    // Each stored learner planned as a plan request naming them would be.
    const plans = await Promise.all(
      LEARNERS.map(async (learner) => {
        const target = { qualification: CERT };
        const plan = await runPlan(api.store, PlanRequest.parse({ learner, target }));
        return { learner, target, status: plan.status, steps: plan.steps };
      }),
    );
    expect(report).toEqual(credentialDemand(graph, plans, { listLearners: true }));

    // By hand: learner-complete holds the certificate's modules; nobody else holds statistics,
    // and learner-prior-learning is granted it by exemption (seed/README.md); data foundations
    // is held by three and needed first by the other three.
    const n = LEARNERS.length;
    expect(report.plans).toEqual({ counted: n, planned: n - 1, achieved: 1, infeasible: 0 });
    const row = (id: string) => report.credentials.find((c) => c.credential === id);
    expect(row('smtu:mc-statistics')).toMatchObject({
      total: 5,
      learners: LEARNERS.filter((l) => l !== 'learner-complete' && l !== 'learner-prior-learning'),
    });
    expect(row('smtu:mc-data-foundations')).toMatchObject({
      next: 3,
      total: 3,
      learners: ['learner-demand', 'learner-lapsed', 'learner-new'],
    });
    expect(report.unreachable).toEqual({ learners: 0, ids: [] });
    // Modules outside the certificate are needed by nobody planning for it.
    expect(report.unused).toContain('smtu:mod-capstone');
    expect(report.unused).not.toContain('smtu:mc-statistics');

    // Nothing was written: the learners are as they were.
    expect((await getLearner(driver, 'learner-demand'))?.holdings).toHaveLength(1);
  });

  test('without a qualification, every learner towards every qualification of a provider', async () => {
    const qualifications = graph
      .filterNodes((_id, n) => n.type === 'credential' && n.qualification && n.provider === 'smtu')
      .sort();
    expect(qualifications.length).toBeGreaterThan(1);
    const res = await get('/v1/analytics/demand', { provider: 'smtu', kinds: 'micro-credential' });
    expect(res.status).toBe(200);
    const report = DemandReport.parse(res.body);
    expect(report.plans.counted).toBe(LEARNERS.length * qualifications.length);
    expect(report.learners).toBe(LEARNERS.length);
    expect(
      report.credentials.every((c) => c.provider === 'smtu' && c.kind === 'micro-credential'),
    ).toBe(true);
    expect(report.credentials.every((c) => c.learners === undefined)).toBe(true);
    // A learner counts once per credential, however many targets need it.
    expect(report.credentials.every((c) => c.total <= LEARNERS.length && c.next <= c.total)).toBe(
      true,
    );
  });

  test('more plans than the limit are refused before any is made, naming what narrows them', async () => {
    // Seven learners towards every qualification of the catalogue is more than 10 plans.
    await expect(runDemand(api.store, {}, { maxPlans: 10 })).rejects.toThrow(
      /^analytics\/demand: 7 learners and \d+ target qualifications make \d+ plans, more than 10: name a qualification or a provider$/,
    );
    await expect(
      runDemand(api.store, { qualification: CERT }, { maxPlans: 10 }),
    ).resolves.toMatchObject({ plans: { counted: 7 } });
  });

  test('every plan is made and counted on one catalogue, even if it changes mid-request', async () => {
    // The store's own projection, re-checking Neo4j on every call, with one hook: right after
    // demand has read the catalogue, another writer renames a credential (a new version).
    class ChangingProjection extends CatalogueProjection {
      first: CatalogueGraph | undefined;
      override async current(): Promise<CatalogueGraph> {
        const graph = await super.current();
        if (!this.first) {
          this.first = graph;
          const doc = structuredClone(SEED) as { credentials: { id: string; title: string }[] };
          doc.credentials.find((c) => c.id === 'smtu:mc-statistics')!.title = 'Statistics, new';
          await importCatalogue(driver, doc);
        }
        return graph;
      }
    }
    const projection = new ChangingProjection(driver, { recheckAfterMs: 0 });
    const store = { ...api.store, projection };
    // The engine as the API's, recording the catalogue each plan is made on.
    const plannedOn: CatalogueGraph[] = [];
    const engine: PlanningEngine = {
      ...inlineEngine,
      run: (on, job) => {
        plannedOn.push(on);
        return inlineEngine.run(on, job);
      },
    };
    try {
      const report = await runDemand(store, { qualification: CERT }, { engine });
      const pinned = projection.first!;
      expect(plannedOn).toHaveLength(LEARNERS.length);
      expect(plannedOn.every((on) => on === pinned)).toBe(true);
      // The change was there to be seen: the projection now shows a newer catalogue.
      const now = await projection.current();
      expect(now.getAttribute('version')).toBeGreaterThan(pinned.getAttribute('version'));
      expect(credentialOf(now, 'smtu:mc-statistics')?.title).toBe('Statistics, new');
      // And the counts are those of the catalogue read first, titles included.
      expect(report.credentials.find((c) => c.credential === 'smtu:mc-statistics')?.title).toBe(
        credentialOf(pinned, 'smtu:mc-statistics')!.title,
      );
    } finally {
      await importCatalogue(driver, SEED);
    }
  });

  test('per intake: every learner planned with the calendar, dated plans counted', async () => {
    const calendar = { start: '2027-02-01', maxCreditsPerTerm: 30 };
    const res = await get('/v1/analytics/demand', {
      qualification: CERT,
      learners: 'true',
      start: '2027-02-01',
      maxCreditsPerTerm: '30',
    });
    expect(res.status).toBe(200);
    const report = DemandReport.parse(res.body);
    const plans = await Promise.all(
      LEARNERS.map(async (learner) => {
        const target = { qualification: CERT };
        const plan = await runPlan(api.store, PlanRequest.parse({ learner, target, calendar }));
        const { status, steps, calendar: dated, priorLearning } = plan;
        return { learner, target, status, steps, calendar: dated, priorLearning };
      }),
    );
    expect(report).toEqual(credentialDemand(graph, plans, { listLearners: true, calendar }));
    expect(report.calendar).toEqual({ ...calendar, undated: 0 });
    // By hand: Foundations has no entry rule, so the three who need it start it at the first
    // intake, 1 February (seed/README.md, "Offerings and intakes").
    const foundations = report.credentials.find((c) => c.credential === 'smtu:mc-data-foundations');
    expect(foundations?.intakes).toEqual([
      {
        start: '2027-02-01',
        offering: 0,
        next: 3,
        total: 3,
        learners: ['learner-demand', 'learner-lapsed', 'learner-new'],
      },
    ]);
    // Without the calendar the same learners give the same totals.
    const plain = DemandReport.parse(
      (await get('/v1/analytics/demand', { qualification: CERT, learners: 'true' })).body,
    );
    expect(report.credentials.map((c) => [c.credential, c.next, c.total, c.learners])).toEqual(
      plain.credentials.map((c) => [c.credential, c.next, c.total, c.learners]),
    );
  });

  test('per intake: a credential without offerings is counted on the default', async () => {
    // Towards the Järvi certificate every learner needs a valid electrical safety card, which
    // has no offerings (a one-day course): the plans assume the default for it.
    const res = await get('/v1/analytics/demand', {
      qualification: 'jarvi:cert-solar-installer',
      learners: 'true',
      start: '2027-02-01',
    });
    expect(res.status).toBe(200);
    const report = DemandReport.parse(res.body);
    expect(report.calendar).toEqual({ start: '2027-02-01', undated: 0 });
    const card = report.credentials.find((c) => c.credential === 'jarvi:card-electrical-safety');
    expect(card?.intakes).toEqual([]);
    expect(card?.assumed).toEqual({
      next: card?.next,
      total: card?.total,
      learners: card?.learners,
    });
    expect(card?.learners).toContain('learner-lapsed');
    // A unit with intakes is counted per intake, not on the default.
    const design = report.credentials.find((c) => c.credential === 'jarvi:unit-pv-design');
    expect(design?.intakes?.length).toBeGreaterThan(0);
    expect(design?.assumed).toEqual({ next: 0, total: 0, learners: [] });
  });

  test('as CSV: one row per credential some plan takes', async () => {
    const res = await get('/v1/analytics/demand', { qualification: CERT }).set(
      'Accept',
      'text/csv',
    );
    expect(res.status).toBe(200);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('credential,title,kind,provider,next,total,learners');
    const json = DemandReport.parse(
      (await get('/v1/analytics/demand', { qualification: CERT })).body,
    );
    expect(lines).toHaveLength(json.credentials.length + 1);
    // With a calendar: the credential's row, then one per intake.
    const dated = await get('/v1/analytics/demand', {
      qualification: CERT,
      start: '2027-02-01',
    }).set('Accept', 'text/csv');
    expect(dated.status).toBe(200);
    const report = DemandReport.parse(
      (await get('/v1/analytics/demand', { qualification: CERT, start: '2027-02-01' })).body,
    );
    expect(dated.text).toBe(renderTable(demandTable(report), 'csv'));
    expect(dated.text.split('\r\n')[0]).toBe(
      'credential,title,kind,provider,intake,offering,next,total,learners',
    );
  });
});

test('CSV and Markdown by content negotiation render the same report', async () => {
  const expected = complexityTable(curricularComplexity(graph, { qualification: CERT }));
  const csv = await get('/v1/analytics/complexity', { qualification: CERT }).set(
    'Accept',
    'text/csv',
  );
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.text).toBe(renderTable(expected, 'csv'));
  const md = await get('/v1/analytics/overlap', { threshold: '0.3' }).set(
    'Accept',
    'text/markdown',
  );
  expect(md.headers['content-type']).toMatch(/^text\/markdown/);
  expect(md.text).toBe(
    renderTable(overlapTable(credentialOverlap(graph, { threshold: 0.3 })), 'markdown'),
  );
  const quality = await get('/v1/analytics/quality', {}).set('Accept', 'text/csv');
  expect(quality.status).toBe(200);
  expect(quality.text).toBe(renderTable(qualityTable(credentialQuality(graph, {})), 'csv'));
});

describe('bad parameters are 400 naming the field; unknown ids 404', () => {
  test.each([
    ['/v1/analytics/overlap', { threshold: '2' }, 'threshold'],
    ['/v1/analytics/overlap', { threshold: 'high' }, 'threshold'],
    ['/v1/analytics/overlap', { broaderLevels: '1.5' }, 'broaderLevels'],
    // Blank is not zero.
    ['/v1/analytics/overlap', { broaderLevels: '' }, 'broaderLevels'],
    ['/v1/analytics/overlap', { threshold: ' ' }, 'threshold'],
    ['/v1/analytics/overlap', { acrossProviders: 'yes' }, 'acrossProviders'],
    ['/v1/analytics/overlap', { kinds: 'badge,diplomas' }, 'kinds[1]'],
    ['/v1/analytics/overlap', { measure: 'cosine' }, 'measure'],
    ['/v1/analytics/stackability', { provider: 'smtu', qualification: CERT }, 'qualification'],
    ['/v1/analytics/stackability', { asOf: '23/11/2026' }, 'asOf'],
    ['/v1/analytics/coverage', {}, 'occupation'],
    ['/v1/analytics/coverage', { occupation: ANALYST, narrowerLevels: '11' }, 'narrowerLevels'],
    [
      '/v1/analytics/coverage',
      { occupation: ANALYST, qualification: CERT, credentials: CERT },
      'credentials',
    ],
    ['/v1/analytics/complexity', {}, 'qualification'],
    ['/v1/analytics/complexity', { qualification: CERT, termSystem: 'year' }, 'termSystem'],
    ['/v1/analytics/complexity', { qualification: CERT, layout: 'mine' }, 'layout'],
    ['/v1/analytics/quality', { kinds: 'micro-credential,nanodegree' }, 'kinds[1]'],
    ['/v1/analytics/quality', { kinds: ' , ' }, 'kinds'],
    ['/v1/analytics/quality', { provider: ' smtu' }, 'provider'],
    ['/v1/analytics/demand', { learners: 'yes' }, 'learners'],
    ['/v1/analytics/demand', { kinds: 'module,lecture' }, 'kinds[1]'],
    ['/v1/analytics/demand', { start: '2027-02-30' }, 'start'],
    ['/v1/analytics/demand', { maxCreditsPerTerm: '0' }, 'maxCreditsPerTerm'],
    ['/v1/analytics/demand', { maxCreditsPerMonth: '' }, 'maxCreditsPerMonth'],
    [
      '/v1/analytics/demand',
      { maxCreditsPerTerm: '30', maxCreditsPerMonth: '10' },
      'maxCreditsPerMonth',
    ],
  ])('GET %s?%j: 400 naming %s', async (path, query, field) => {
    const res = await get(path, query);
    const problem = expectProblem(res, 400, field);
    expect(problem.type).toBe('https://pathways.dev/problems/invalid-request');
  });

  test('an unknown parameter is refused, not ignored', async () => {
    const res = await get('/v1/analytics/stackability', { providr: 'smtu' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/providr/);
  });

  test.each([
    ['/v1/analytics/stackability', { provider: 'nobody' }, 'provider'],
    ['/v1/analytics/stackability', { qualification: 'smtu:nothing' }, 'qualification'],
    ['/v1/analytics/overlap', { provider: 'nobody' }, 'provider'],
    ['/v1/analytics/coverage', { occupation: 'http://example.org/no-such-job' }, 'occupation'],
    [
      '/v1/analytics/coverage',
      { occupation: ANALYST, credentials: 'smtu:mc-statistics,smtu:nothing' },
      'by.credentials[1]',
    ],
    ['/v1/analytics/complexity', { qualification: 'smtu:nothing' }, 'qualification'],
    ['/v1/analytics/quality', { provider: 'nobody' }, 'provider'],
    ['/v1/analytics/demand', { qualification: 'smtu:nothing' }, 'qualification'],
    // A credential that is not a qualification is no target.
    ['/v1/analytics/demand', { qualification: 'smtu:mc-statistics' }, 'qualification'],
    ['/v1/analytics/demand', { provider: 'nobody' }, 'provider'],
  ])('GET %s?%j: 404 naming %s', async (path, query, field) => {
    const res = await get(path, query);
    const problem = expectProblem(res, 404, field);
    expect(problem.type).toBe('https://pathways.dev/problems/not-found');
  });

  test('a qualification without an award rule is 400, not a server error', async () => {
    const res = await get('/v1/analytics/complexity', { qualification: 'smtu:mc-statistics' });
    expectProblem(res, 400, 'qualification');
  });

  test('without a key the routes are refused (role read)', async () => {
    const res = await request(api.app).get('/v1/analytics/stackability');
    expect(res.status).toBe(401);
  });
});

test('the OpenAPI document publishes each route with its parameters and result schema', () => {
  const spec = JSON.parse(openApiJson()) as {
    paths: Record<
      string,
      {
        get: {
          parameters: { name: string; in: string; schema: { type?: string } }[];
          responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
        };
      }
    >;
  };
  const cases = {
    stackability: ['StackabilityReport', ['provider', 'qualification', 'asOf']],
    overlap: ['OverlapReport', ['threshold', 'acrossProviders', 'kinds', 'provider']],
    coverage: ['CoverageReport', ['occupation', 'qualification', 'credentials']],
    complexity: ['CurricularComplexity', ['qualification', 'termSystem', 'layout']],
    quality: ['QualityReport', ['provider', 'kinds']],
    demand: ['DemandReport', ['qualification', 'provider', 'kinds', 'learners']],
  } as const;
  for (const [name, [schema, parameters]] of Object.entries(cases)) {
    const op = spec.paths[`/v1/analytics/${name}`]!.get;
    expect(op.responses['200']!.content!['application/json']!.schema.$ref).toBe(
      `#/components/schemas/${schema}`,
    );
    expect(op.parameters.map((p) => p.name)).toEqual(expect.arrayContaining([...parameters]));
    expect(op.responses).toHaveProperty(['400']);
    expect(op.responses).toHaveProperty(['404']);
  }
  const threshold = spec.paths['/v1/analytics/overlap']!.get.parameters.find(
    (p) => p.name === 'threshold',
  )!;
  expect(threshold.schema.type).toBe('number');
});
