/**
 * Dated plans through the HTTP API, over the real test Neo4j loaded with the seed: a plan
 * request with a calendar answers dated credentials and a completion that the independent
 * checker accepts; a credential written with offerings reads back with them and moves the
 * next plan's dates; a bad calendar or offering is a 400 or 422 naming its field.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { buildProblem, checkCalendar } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { CredentialDetail, PlanResponse, Problem, parseCatalogue } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput();
const CERT = 'smtu:cert-data-analytics';
const calendar = { start: '2027-02-01', maxCreditsPerTerm: 30 };

let driver: Driver;
let api: TestApi;
let write: string;
let plan: string;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  api = await testApi({ anonymousRoles: [] });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  write = (await createApiKey(driver, { name: 'w', role: 'write' })).token;
  plan = (await createApiKey(driver, { name: 'p', role: 'plan' })).token;
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

const datedPlan = async () => {
  const res = await request(api.app)
    .post('/v1/plans')
    .set({ Authorization: `Bearer ${plan}` })
    .send({ holdings: [], target: { qualification: CERT }, asOf: '2027-01-15', calendar })
    .expect(200);
  return PlanResponse.parse(res.body);
};

describe('dated plans over the API', () => {
  it('answers dated credentials and a proven completion that the checker accepts', async () => {
    const body = await datedPlan();
    expect(body.calendar).toMatchObject({
      status: 'dated',
      completion: '2027-12-07',
      proven: true,
      maxCreditsPerTerm: 30,
    });
    expect(body.steps.map((s) => s.starts)).toEqual(['2027-02-01', '2027-09-15']);
    const doc = parseCatalogue((await readCatalogue(driver)).doc);
    if (!doc.ok) throw new Error('stored catalogue rejected');
    const graph = buildCatalogueGraph(doc.value);
    const problem = buildProblem(graph, {
      holdings: [],
      asOf: '2027-01-15',
      target: { qualification: CERT },
    });
    const chosen = body.steps.flatMap((s) => s.take.map((t) => t.credential));
    // The response's calendar (JSON) is the engine's, replayed from its dates.
    expect(checkCalendar(problem, chosen, calendar, body.calendar!)).toEqual([]);
  });

  it('a credential written with offerings reads back with them and moves the next dates', async () => {
    const current = CredentialDetail.parse(
      (
        await request(api.app)
          .get('/v1/credentials/smtu:mc-python-data')
          .set({ Authorization: `Bearer ${write}` })
          .expect(200)
      ).body,
    );
    expect(current.offerings?.[0]).toEqual({
      intakes: ['09-15', '02-01'],
      durationWeeks: 12,
      open: true,
    });
    const stored = (
      (await readCatalogue(driver)).doc.credentials as Record<string, unknown>[]
    ).find((c) => c.id === 'smtu:mc-python-data')!;
    await request(api.app)
      .put('/v1/credentials/smtu:mc-python-data')
      .set({ Authorization: `Bearer ${write}` })
      .send({ ...stored, offerings: [{ anyTime: true, durationWeeks: 6 }] })
      .expect(200);
    const back = CredentialDetail.parse(
      (
        await request(api.app)
          .get('/v1/credentials/smtu:mc-python-data')
          .set({ Authorization: `Bearer ${write}` })
          .expect(200)
      ).body,
    );
    expect(back.offerings).toEqual([{ anyTime: true, durationWeeks: 6, open: true }]);
    // Python now starts the day Foundations ends and runs six weeks.
    const after = await datedPlan();
    const python = after.calendar!.credentials.find((d) => d.credential === 'smtu:mc-python-data');
    expect(python).toMatchObject({ start: '2027-04-26', end: '2027-06-06' });
  });

  it('a calendar with two loads, or an offering with two starts, is refused naming the field', async () => {
    const res = await request(api.app)
      .post('/v1/plans')
      .set({ Authorization: `Bearer ${plan}` })
      .send({
        holdings: [],
        target: { qualification: CERT },
        calendar: { start: '2027-02-30', maxCreditsPerTerm: 30, maxCreditsPerMonth: 5 },
      })
      .expect(400);
    const paths = Problem.parse(res.body).errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['calendar.start', 'calendar.maxCreditsPerMonth']),
    );
    const bad = await request(api.app)
      .put('/v1/credentials/smtu:new-course')
      .set({ Authorization: `Bearer ${write}` })
      .send({
        id: 'smtu:new-course',
        title: 'New',
        kind: 'course',
        credits: 5,
        offerings: [{ startDate: '2027-09-01', anyTime: true }],
      });
    expect([400, 422]).toContain(bad.status);
    expect(JSON.stringify(bad.body)).toContain('offerings[0].startDate');
  });

  it('objective time: the fastest plan, proven, no later than the cheapest; refused without a calendar', async () => {
    const ask = async (objective: string[]) =>
      PlanResponse.parse(
        (
          await request(api.app)
            .post('/v1/plans')
            .set({ Authorization: `Bearer ${plan}` })
            .send({
              holdings: [],
              target: { qualification: CERT },
              asOf: '2027-01-15',
              calendar,
              objective,
            })
            .expect(200)
        ).body,
      );
    const fastest = await ask(['time', 'credits']);
    const cheapest = await ask(['credits', 'time']);
    expect(fastest.objective).toEqual(['time', 'credits']);
    expect(fastest.optimality).toBe('optimal');
    expect(fastest.time).toMatchObject({ proven: true, completion: fastest.calendar!.completion });
    expect(fastest.time!.earliestPossible).toBe(fastest.time!.completion);
    expect(fastest.calendar!.completion! <= cheapest.calendar!.completion!).toBe(true);
    expect(fastest.totals.credits).toBeGreaterThanOrEqual(cheapest.totals.credits);
    const doc = parseCatalogue((await readCatalogue(driver)).doc);
    if (!doc.ok) throw new Error('stored catalogue rejected');
    const problem = buildProblem(buildCatalogueGraph(doc.value), {
      holdings: [],
      asOf: '2027-01-15',
      target: { qualification: CERT },
    });
    const chosen = fastest.steps.flatMap((s) => s.take.map((t) => t.credential));
    expect(checkCalendar(problem, chosen, calendar, fastest.calendar!)).toEqual([]);

    const refused = await request(api.app)
      .post('/v1/plans')
      .set({ Authorization: `Bearer ${plan}` })
      .send({ holdings: [], target: { qualification: CERT }, objective: ['time', 'credits'] })
      .expect(400);
    expect(Problem.parse(refused.body).errors?.map((e) => e.path)).toEqual(['objective']);
  });
});
