/**
 * `POST /v1/matches` over the real test Neo4j loaded with the seed, answered by a planning
 * thread as `pathways serve` does: the ranked page equals the engine's on the stored
 * catalogue (inline holdings and a stored learner), a stored learner needs a key with role
 * `plan` (401 without, 403 with `read`), plan constraints reach every plan, and bad requests
 * are problems naming their field.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { MatchReport, matchProgrammes } from '../../src/analytics/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue, Problem } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput();
const AS_OF = '2027-01-15';
const PARTWAY = [
  { credential: 'smtu:mc-data-foundations', awardedOn: '2025-12-12' },
  { credential: 'smtu:mc-python-data', awardedOn: '2026-05-08' },
];

let driver: Driver;
let api: TestApi;
let planKey: string;
let readKey: string;
let graph: CatalogueGraph;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  api = await testApi({ anonymousRoles: ['read', 'plan'], plannerThreads: 1 });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  planKey = (await createApiKey(driver, { name: 'p', role: 'plan' })).token;
  readKey = (await createApiKey(driver, { name: 'r', role: 'read' })).token;
  const doc = parseCatalogue((await readCatalogue(driver)).doc);
  if (!doc.ok) throw new Error('stored catalogue rejected');
  graph = buildCatalogueGraph(doc.value);
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

const post = (body: unknown, key?: string) => {
  const r = request(api.app).post('/v1/matches');
  if (key) void r.set({ Authorization: `Bearer ${key}` });
  return r.send(body as object);
};

/** Ranks, targets, statuses and what is left: what must agree (plans may tie differently). */
const ranking = (r: MatchReport) =>
  r.matches.map((m) => [m.rank, m.target, m.status, m.left, m.offRamps.map((o) => o.credential)]);

describe('POST /v1/matches', () => {
  it('ranks the stored catalogue for inline holdings as the engine does', async () => {
    const res = await post({ holdings: PARTWAY, asOf: AS_OF, limit: 6, occupations: true });
    expect(res.status).toBe(200);
    const body = MatchReport.parse(res.body);
    const expected = matchProgrammes(
      graph,
      { holdings: PARTWAY, asOf: AS_OF, limit: 6, occupations: true },
      { mip: await loadHighs() },
    );
    expect(ranking(body)).toEqual(ranking(expected));
    expect(body.targets).toBe(8); // six qualifications, two occupations
    expect(body.matches).toHaveLength(6);
    expect(body.matches[0]!.status).not.toBe('unreachable');
    // What the page lists is planned; a bound is only said of what comes after.
    expect(body.ranking.after.targets).toBe(2);
  });

  it('reads a stored learner with a plan key, never without a key or with a read key', async () => {
    const body = { learner: 'learner-partway', asOf: AS_OF, limit: 3 };
    const anonymous = await post(body);
    expect(anonymous.status).toBe(401);
    expect((await post(body, readKey)).status).toBe(403);
    const res = await post(body, planKey);
    expect(res.status).toBe(200);
    const stored = MatchReport.parse(res.body);
    const inline = MatchReport.parse(
      (await post({ holdings: PARTWAY, asOf: AS_OF, limit: 3 })).body,
    );
    expect(ranking(stored)).toEqual(ranking(inline));
    expect(stored.holdings.valid.map((h) => h.credential).sort()).toEqual(
      PARTWAY.map((h) => h.credential).sort(),
    );
  });

  it('pages and filters by provider', async () => {
    const all = MatchReport.parse((await post({ holdings: PARTWAY, asOf: AS_OF, limit: 6 })).body);
    const page = MatchReport.parse(
      (await post({ holdings: PARTWAY, asOf: AS_OF, offset: 2, limit: 2 })).body,
    );
    expect(ranking(page)).toEqual(ranking(all).slice(2, 4));
    const smtu = MatchReport.parse(
      (await post({ holdings: PARTWAY, asOf: AS_OF, provider: 'smtu', limit: 6 })).body,
    );
    expect(smtu.targets).toBe(3);
    expect(smtu.matches.every((m) => m.provider === 'smtu')).toBe(true);
  });

  it("plans every match under the request's constraints, as the engine does", async () => {
    const constraints = { excludeCredentials: ['smtu:mc-sql-databases'], excludeProviders: [] };
    const res = await post({ holdings: PARTWAY, asOf: AS_OF, limit: 6, constraints });
    expect(res.status).toBe(200);
    const body = MatchReport.parse(res.body);
    const expected = matchProgrammes(
      graph,
      { holdings: PARTWAY, asOf: AS_OF, limit: 6, constraints },
      { mip: await loadHighs() },
    );
    expect(ranking(body)).toEqual(ranking(expected));
    for (const m of body.matches)
      expect(m.take.map((t) => t.credential)).not.toContain('smtu:mc-sql-databases');
    const free = MatchReport.parse((await post({ holdings: PARTWAY, asOf: AS_OF, limit: 6 })).body);
    expect(ranking(body)).not.toEqual(ranking(free));
  });

  it('refuses bad requests, naming the field', async () => {
    const cases: [unknown, number, string][] = [
      [{ holdings: [], limit: 0 }, 400, 'limit'],
      [{ holdings: [], learner: 'learner-new' }, 400, 'learner'],
      [{ holdings: [], objective: 'speed' }, 400, 'objective'],
      [{ holdings: [], calendar: { start: '2027-02-30' } }, 400, 'calendar.start'],
      [{ holdings: [], constraints: { budget: -1 } }, 400, 'constraints.budget'],
      [{ holdings: [], provider: 'nobody' }, 404, 'provider'],
      [
        { holdings: [{ credential: 'nope', awardedOn: '2025-01-01' }] },
        404,
        'holdings[0].credential',
      ],
      [{ learner: 'nobody' }, 404, 'learner'],
    ];
    for (const [body, status, path] of cases) {
      const res = await post(body, planKey);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      const problem = Problem.parse(res.body);
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    }
  });
});
