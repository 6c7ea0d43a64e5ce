/**
 * Recognition of prior learning against the real Neo4j the suite starts: a learner's records
 * and a provider's policy stored, read back as written and unchanged by a re-import; the
 * learner's records kept when only their holdings are replaced, and gone when they are
 * deleted. Then the seed learner's shorter plan and a bad record over the API and the CLI.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { PlanResponse, type CatalogueDocumentInput } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import {
  deleteLearner,
  getLearner,
  importCatalogue,
  migrate,
  putLearner,
  readCatalogue,
} from '../../src/store/index.js';
import { testApi } from '../support/api.js';
import { expectExit, pathways } from '../support/cli.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, resetToSeed, testDriver } from '../support/neo4j.js';

const records = [
  {
    outcome: 'lo:a',
    method: 'validation' as const,
    validatedOn: '2026-03-10',
    evidence: 'https://evidence.example.org/1',
    verified: true,
    source: 'panel',
  },
  {
    skill: 'http://example.org/skill/s',
    method: 'self-declared' as const,
    validatedOn: '2026-04-01',
  },
];

const doc = (): CatalogueDocumentInput => ({
  providers: [
    {
      id: 'p',
      name: 'P',
      priorLearningPolicy: {
        exemption: true,
        maxShareOfQualification: 0.5,
        minCreditsWithProvider: 5,
        cost: 150,
        weeks: 4,
        source: 'policy text',
      },
    },
    { id: 'o', name: 'O' },
  ],
  learningOutcomes: [{ id: 'lo:a', statement: 'A' }],
  credentials: [
    {
      id: 'c1',
      title: 'C1',
      kind: 'course',
      credits: 5,
      provider: 'p',
      learningOutcomes: ['lo:a'],
    },
  ],
  learners: [
    { id: 'l1', holdings: [{ credential: 'c1', awardedOn: '2025-01-01' }], priorLearning: records },
  ],
});

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await migrate(driver);
});
afterAll(() => driver.close());

describe('prior learning in the graph', () => {
  beforeEach(() => resetDatabase(driver));

  it('round-trips learners’ records and providers’ policies; re-import changes nothing', async () => {
    await importCatalogue(driver, doc());
    const { doc: back } = await readCatalogue(driver);
    expect(back.providers.find((p) => p.id === 'p')!.priorLearningPolicy).toEqual(
      doc().providers![0]!.priorLearningPolicy,
    );
    expect(back.providers.find((p) => p.id === 'o')!.priorLearningPolicy).toBeUndefined();
    expect(back.learners[0]!.priorLearning).toEqual([
      records[0],
      { ...records[1], verified: false },
    ]);
    const dump = await graphDump(driver);
    await importCatalogue(driver, doc());
    expect(await graphDump(driver)).toEqual(dump);
  });

  it('keeps a learner’s records when only holdings are replaced, and deletes them with the learner', async () => {
    await importCatalogue(driver, doc());
    await putLearner(driver, { id: 'l1', holdings: [] });
    expect((await getLearner(driver, 'l1'))!.priorLearning).toHaveLength(2);
    await putLearner(driver, { id: 'l1', holdings: [], priorLearning: [records[0]!] });
    expect((await getLearner(driver, 'l1'))!.priorLearning).toEqual([records[0]]);
    expect(await deleteLearner(driver, 'l1')).toBe(true);
    const left = await driver.executeQuery('MATCH (p:PriorLearning) RETURN count(p) AS n');
    expect(left.records[0]!.get('n')).toBe(0);
  });
});

describe('the seed learner with prior learning, over the API and the CLI', () => {
  beforeAll(() => resetToSeed(driver));
  const target = { qualification: 'smtu:cert-data-analytics' };

  it('API: a shorter plan through exemptions, and a bad record refused naming the field', async () => {
    const api = await testApi({ anonymousRoles: [] });
    try {
      await api.store.ready();
      const key = (await createApiKey(driver, { name: 'p', role: 'plan' })).token;
      const res = await request(api.app)
        .post('/v1/plans')
        .set({ Authorization: `Bearer ${key}` })
        .send({ learner: 'learner-prior-learning', target, asOf: '2027-01-15' })
        .expect(200);
      const plan = PlanResponse.parse(res.body);
      expect(plan.totals.credits).toBe(5);
      expect(plan.optimality).toBe('optimal');
      expect(plan.priorLearning!.exemptions.map((x) => x.credential).sort()).toEqual([
        'smtu:mc-python-data',
        'smtu:mc-statistics',
      ]);
      expect(plan.priorLearning!.cap).toMatchObject({ left: 0, maxCredits: 10 });
      const bad = await request(api.app)
        .post('/v1/plans')
        .set({ Authorization: `Bearer ${key}` })
        .send({
          holdings: [],
          priorLearning: [{ method: 'validation', validatedOn: '2026-01-01' }],
          target,
        })
        .expect(400);
      expect(JSON.stringify(bad.body)).toContain('priorLearning[0].outcome');
    } finally {
      await api.close();
    }
  });

  it('CLI: --prior-outcome gives the exemption; a bad date is a usage error naming the field', async () => {
    const base = ['plan', '--holding', 'smtu:mc-data-foundations@2026-01-30'];
    const args = [...base, '--qualification', target.qualification, '--as-of', '2027-01-15'];
    const prior = ['lo:stats-inference', 'lo:stats-regression'].flatMap((o) => [
      '--prior-outcome',
      `${o}@2026-03-10`,
    ]);
    const out = await pathways(...args, ...prior);
    expectExit(out, 0);
    expect(out.stdout).toContain('Apply for recognition of');
    const json = await pathways(...args, ...prior, '--json');
    expectExit(json, 0);
    expect((JSON.parse(json.stdout) as { totals: { credits: number } }).totals.credits).toBe(10);
    const bad = await pathways(...args, '--prior-outcome', 'lo:stats-inference@2026-13-40');
    expectExit(bad, 2);
    expect(bad.stderr).toContain('priorLearning[0].validatedOn');
  });
});
