/**
 * `pathways analyse …` end to end: the real CLI against the test Neo4j loaded with the seed
 * catalogue. Each sub-command's JSON is what the pure analysis gives on the same projection;
 * the text, CSV and Markdown renderings carry the same rows; unknown ids and bad arguments
 * exit 2 naming the field. Each spawn costs a second or two, so they run in parallel.
 */
import type { Driver } from 'neo4j-driver';
import {
  credentialDemand,
  credentialOverlap,
  credentialQuality,
  curricularComplexity,
  skillCoverage,
  stackability,
} from '../../src/analytics/index.js';
import { demandTable, qualityTable, renderTable } from '../../src/export/analytics.js';
import type { CatalogueGraph } from '../../src/graph/index.js';
import { PlanRequest } from '../../src/model/index.js';
import { runPlan } from '../../src/service/planning.js';
import { connectStore, type Store } from '../../src/service/store.js';
import { readSettings } from '../../src/settings.js';
import { expectExit, pathways } from '../support/cli.js';
import { resetToSeed, seedLearnerIds, testDriver } from '../support/neo4j.js';

const CERT = 'smtu:cert-data-analytics';
const ANALYST = 'http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2';

let driver: Driver;
let store: Store;
let graph: CatalogueGraph;

beforeAll(async () => {
  driver = testDriver();
  await resetToSeed(driver);
  store = await connectStore(readSettings(process.env));
  graph = await store.projection.current();
});

afterAll(async () => {
  await store.close();
  await driver.close();
});

const json = (stdout: string) => JSON.parse(stdout) as unknown;

test('each sub-command --format json answers what the analysis gives', async () => {
  const [stack, overlap, coverage, complexity] = await Promise.all([
    pathways('analyse', 'stackability', '--provider', 'smtu', '--format', 'json'),
    pathways(
      'analyse',
      'overlap',
      '--basis',
      'both',
      '--threshold',
      '0.2',
      '--same-provider',
      '--format',
      'json',
    ),
    pathways(
      'analyse',
      'coverage',
      '--occupation',
      ANALYST,
      '--qualification',
      CERT,
      '--essential-only',
      '--format',
      'json',
    ),
    pathways('analyse', 'complexity', '--qualification', CERT, '--format', 'json'),
  ]);
  for (const r of [stack, overlap, coverage, complexity]) expectExit(r, 0);
  expect(json(stack.stdout)).toEqual(stackability(graph, { provider: 'smtu' }));
  expect(json(overlap.stdout)).toEqual(
    credentialOverlap(graph, { basis: 'both', threshold: 0.2, acrossProviders: false }),
  );
  expect(json(coverage.stdout)).toEqual(
    skillCoverage(graph, {
      occupation: ANALYST,
      by: { qualification: CERT },
      includeOptional: false,
    }),
  );
  expect(json(complexity.stdout)).toEqual(curricularComplexity(graph, { qualification: CERT }));
});

test('text, CSV and Markdown carry the same rows', async () => {
  const expected = curricularComplexity(graph, { qualification: CERT });
  const [text, csv, markdown, stackText] = await Promise.all([
    pathways('analyse', 'complexity', '--qualification', CERT),
    pathways('analyse', 'complexity', '--qualification', CERT, '--format', 'csv'),
    pathways('analyse', 'complexity', '--qualification', CERT, '--format', 'markdown'),
    pathways('analyse', 'stackability', '--qualification', CERT),
  ]);
  for (const r of [text, csv, markdown, stackText]) expectExit(r, 0);
  expect(text.stdout).toContain(`Structural complexity ${expected.structuralComplexity}`);
  const lines = csv.stdout.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'credential,title,credits,blockingFactor,delayFactor,centrality,cruciality,complexity',
  );
  expect(lines).toHaveLength(expected.courses.length + 1);
  for (const c of expected.courses) {
    expect(csv.stdout).toContain(`${c.credential},`);
    expect(text.stdout).toContain(c.credential);
    expect(markdown.stdout).toContain(`| ${c.credential} |`);
  }
  expect(markdown.stdout).toMatch(/^# Curricular complexity of /);
  expect(stackText.stdout).toMatch(new RegExp(`^Stackability: qualification ${CERT}`));
});

test('analyse quality answers what the analysis gives, as JSON and as CSV', async () => {
  const [asJson, csv] = await Promise.all([
    pathways(
      'analyse',
      'quality',
      '--provider',
      'smtu',
      '--kinds',
      'micro-credential,certificate',
      '--format',
      'json',
    ),
    pathways('analyse', 'quality', '--format', 'csv'),
  ]);
  for (const r of [asJson, csv]) expectExit(r, 0);
  expect(json(asJson.stdout)).toEqual(
    credentialQuality(graph, { provider: 'smtu', kinds: ['micro-credential', 'certificate'] }),
  );
  const expected = credentialQuality(graph, {});
  const lines = csv.stdout.trimEnd().split('\r\n');
  expect(lines[0]).toBe('credential,kind,provider,missing,failed,countsTowards');
  expect(lines).toHaveLength(expected.credentials.length + 1);
  expect(csv.stdout).toBe(renderTable(qualityTable(expected), 'csv'));
});

test('unknown ids and bad arguments exit 2 naming what is wrong', async () => {
  const [provider, occupation, threshold, both, missing, format] = await Promise.all([
    pathways('analyse', 'stackability', '--provider', 'nobody'),
    pathways('analyse', 'coverage', '--occupation', 'http://example.org/no-such-job'),
    pathways('analyse', 'overlap', '--threshold', '2'),
    pathways('analyse', 'stackability', '--provider', 'smtu', '--qualification', CERT),
    pathways('analyse', 'complexity'),
    pathways('analyse', 'overlap', '--format', 'xml'),
  ]);
  const [qualityProvider, qualityKinds] = await Promise.all([
    pathways('analyse', 'quality', '--provider', 'nobody'),
    pathways('analyse', 'quality', '--kinds', 'nanodegree'),
  ]);
  for (const r of [qualityProvider, qualityKinds]) expectExit(r, 2);
  expect(qualityProvider.stderr).toMatch(/provider "nobody" is not in the catalogue/);
  expect(qualityKinds.stderr).toMatch(/kinds/);
  for (const r of [provider, occupation, threshold, both, missing, format]) expectExit(r, 2);
  expect(provider.stderr).toMatch(/nobody/);
  expect(occupation.stderr).toMatch(/no-such-job/);
  expect(threshold.stderr).toMatch(/threshold/);
  expect(both.stderr).toMatch(/qualification: give provider or qualification, not both/);
  expect(missing.stderr).toMatch(/qualification/);
  expect(format.stderr).toMatch(/--format must be one of text, json, csv, markdown/);
  for (const r of [provider, occupation, threshold, both, missing, format])
    expect(r.stdout).toBe('');
});

test('analyse demand: the stored learners planned towards a qualification, in each format', async () => {
  const [json_, csv, text, unknown] = await Promise.all([
    pathways('analyse', 'demand', '--qualification', CERT, '--learners', '--format', 'json'),
    pathways('analyse', 'demand', '--qualification', CERT, '--format', 'csv'),
    pathways('analyse', 'demand', '--qualification', CERT),
    pathways('analyse', 'demand', '--provider', 'nobody'),
  ]);
  for (const r of [json_, csv, text]) expectExit(r, 0);
  // The seed's learners, each planned as a plan request naming them would be.
  const learners = seedLearnerIds();
  const plans = await Promise.all(
    learners.map(async (learner) => {
      const target = { qualification: CERT };
      const plan = await runPlan(store, PlanRequest.parse({ learner, target }));
      return { learner, target, status: plan.status, steps: plan.steps };
    }),
  );
  const expected = credentialDemand(graph, plans, { listLearners: true });
  expect(json(json_.stdout)).toEqual(expected);
  // Every seed learner planned once; only learner-complete already holds the certificate.
  expect(expected.plans).toMatchObject({ counted: learners.length, achieved: 1 });
  const lines = csv.stdout.trimEnd().split('\r\n');
  expect(lines[0]).toBe('credential,title,kind,provider,next,total,learners');
  expect(lines).toHaveLength(expected.credentials.length + 1);
  const n = learners.length;
  expect(text.stdout).toMatch(
    new RegExp(
      `^Demand from ${n} learners \\(${n} plans: ${n - 1} planned, 1 achieved, 0 unreachable\\)`,
    ),
  );
  for (const c of expected.credentials) expect(text.stdout).toContain(c.credential);
  expectExit(unknown, 2);
  expect(unknown.stderr).toMatch(/provider "nobody" is not in the catalogue/);
});

test('analyse demand per intake: every plan dated from --start under a study load, in each format', async () => {
  const START = '2027-02-01';
  const calendar = { start: START, maxCreditsPerTerm: 30 };
  const flags = ['--qualification', CERT, '--start', START, '--max-credits-per-term', '30'];
  const before = new Date().toISOString().slice(0, 10);
  const [json_, csv, markdown, fromToday, both, badDate, badLoad] = await Promise.all([
    pathways('analyse', 'demand', ...flags, '--learners', '--format', 'json'),
    pathways('analyse', 'demand', ...flags, '--format', 'csv'),
    pathways('analyse', 'demand', ...flags, '--learners', '--format', 'markdown'),
    pathways(
      'analyse',
      'demand',
      '--qualification',
      CERT,
      '--max-credits-per-month',
      '10',
      '--format',
      'json',
    ),
    pathways(
      'analyse',
      'demand',
      '--qualification',
      CERT,
      '--max-credits-per-term',
      '30',
      '--max-credits-per-month',
      '10',
    ),
    pathways('analyse', 'demand', '--qualification', CERT, '--start', '2027-02-30'),
    pathways('analyse', 'demand', '--qualification', CERT, '--max-credits-per-term', '0'),
  ]);
  const after = new Date().toISOString().slice(0, 10);
  for (const r of [json_, csv, markdown, fromToday]) expectExit(r, 0);

  // The seed's learners, each planned as a dated plan request naming them would be.
  const learners = seedLearnerIds();
  const plans = await Promise.all(
    learners.map(async (learner) => {
      const target = { qualification: CERT };
      const plan = await runPlan(store, PlanRequest.parse({ learner, target, calendar }));
      const { status, steps, calendar: dated, priorLearning } = plan;
      return { learner, target, status, steps, calendar: dated, priorLearning };
    }),
  );
  const expected = credentialDemand(graph, plans, { listLearners: true, calendar });
  const report = json(json_.stdout) as typeof expected;
  expect(report).toEqual(expected);
  expect(report.calendar).toEqual({ start: START, maxCreditsPerTerm: 30, undated: 0 });
  const row = (id: string) => report.credentials.find((c) => c.credential === id)!;
  // By hand (seed/README.md): SMTU modules start on 1 February and 15 September and last 12
  // weeks. Python needs Foundations finished: learner-recognised holds it and starts Python in
  // February; learner-new and learner-lapsed take Foundations in February, then Python in
  // September. Statistics has no entry rule: all four start it in February.
  expect(row('smtu:mc-python-data').intakes).toEqual([
    { start: START, offering: 0, next: 1, total: 1, learners: ['learner-recognised'] },
    {
      start: '2027-09-15',
      offering: 0,
      next: 0,
      total: 2,
      learners: ['learner-lapsed', 'learner-new'],
    },
  ]);
  expect(row('smtu:mc-statistics').intakes).toEqual([
    {
      start: START,
      offering: 0,
      next: 4,
      total: 4,
      learners: ['learner-lapsed', 'learner-new', 'learner-partway', 'learner-recognised'],
    },
  ]);

  // CSV: each credential's row (intake "all") then one per intake.
  const lines = csv.stdout.trimEnd().split('\r\n');
  expect(lines[0]).toBe('credential,title,kind,provider,intake,offering,next,total,learners');
  const rows = expected.credentials.reduce(
    (n, c) => n + 1 + c.intakes!.length + (c.assumed!.total ? 1 : 0) + (c.undated!.total ? 1 : 0),
    0,
  );
  expect(lines).toHaveLength(rows + 1);
  expect(lines).toContain(
    'smtu:mc-python-data,Python for Data Analysis,micro-credential,smtu,2027-09-15,0,0,2,',
  );
  expect(markdown.stdout).toBe(renderTable(demandTable(expected), 'markdown'));
  expect(markdown.stdout).toMatch(/per intake from 2027-02-01 at most 30 credits a term/);

  // A study load alone dates from today.
  const today = (json(fromToday.stdout) as typeof expected).calendar!;
  expect([before, after]).toContain(today.start);
  expect(today).toMatchObject({ maxCreditsPerMonth: 10 });

  for (const r of [both, badDate, badLoad]) {
    expectExit(r, 2);
    expect(r.stdout).toBe('');
  }
  expect(both.stderr).toMatch(
    /maxCreditsPerMonth: give maxCreditsPerTerm or maxCreditsPerMonth, not both/,
  );
  expect(badDate.stderr).toMatch(/start/);
  expect(badLoad.stderr).toMatch(/maxCreditsPerTerm/);
});
