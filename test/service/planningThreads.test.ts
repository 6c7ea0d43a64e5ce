/**
 * Planning threads: the pool answers exactly what the engine answers on the calling thread,
 * carries engine errors across as the same errors, follows catalogue versions, and survives
 * a thread that dies.
 */
import { credentialQuality, stackability } from '../../src/analytics/index.js';
import { EngineInputError } from '../../src/engine/errors.js';
import { qualityTable, renderTable, stackabilityTable } from '../../src/export/analytics.js';
import {
  buildCatalogueGraph,
  updateCatalogueGraph,
  updateOf,
  type CatalogueGraph,
} from '../../src/graph/index.js';
import type { AnalysisJob, EngineJob } from '../../src/service/engineJobs.js';
import { inlineEngine, PlanningThreads } from '../../src/service/planningThreads.js';
import { seedCatalogue } from '../support/seed.js';

const doc = seedCatalogue();
const graph = buildCatalogueGraph(doc, 1);
const asOf = '2026-11-23';
const holdingsOf = (learner: string) => doc.learners.find((l) => l.id === learner)!.holdings;

/** One job of each kind per seed learner, against a qualification of every size. */
const jobs: EngineJob[] = doc.learners.flatMap((l) => [
  {
    kind: 'audit',
    input: { holdings: l.holdings, asOf, target: { qualification: 'smtu:hdip-data-analytics' } },
  },
  {
    kind: 'plan',
    input: { holdings: l.holdings, asOf, target: { qualification: 'smtu:msc-data-analytics' } },
    options: { alternatives: 1 },
  },
  {
    kind: 'plan',
    input: {
      holdings: l.holdings,
      asOf,
      target: { anyOf: ['jarvi:cert-solar-installer', 'bzn:cert-solar-technician'] },
      objective: ['cost', 'credits'],
    },
    options: {},
  },
  {
    kind: 'ladder',
    input: { holdings: l.holdings, asOf, qualification: 'smtu:msc-data-analytics' },
  },
]);

let pool: PlanningThreads;
beforeEach(() => {
  pool = new PlanningThreads({ threads: 2 });
});
afterEach(async () => {
  await pool.close();
});

describe('PlanningThreads', () => {
  it('answers every kind of job exactly as the engine does on the calling thread', async () => {
    const expected = await Promise.all(jobs.map((job) => inlineEngine.run(graph, job)));
    // All at once, so that both threads take some.
    const answered = await Promise.all(jobs.map((job) => pool.run(graph, job)));
    expect(answered).toEqual(expected);
    expect(pool.size).toBe(2);
  });

  it('renders an analysis on the thread: the text of the report the calling thread would make', async () => {
    const stacking = { kind: 'stackability', input: {} } as const;
    const report = stackability(graph, {});
    const json = await pool.run(graph, { kind: 'rendered', job: stacking, format: 'json' });
    expect(typeof json).toBe('string');
    expect(json).toBe(JSON.stringify(report));
    const csv = await pool.run(graph, { kind: 'rendered', job: stacking, format: 'csv' });
    expect(csv).toBe(renderTable(stackabilityTable(report), 'csv'));
    const quality: AnalysisJob = {
      kind: 'quality',
      input: { kinds: ['micro-credential', 'module'] },
    };
    expect(await pool.run(graph, { kind: 'rendered', job: quality, format: 'markdown' })).toBe(
      renderTable(
        qualityTable(credentialQuality(graph, { kinds: ['micro-credential', 'module'] })),
        'markdown',
      ),
    );
    // A refusal of the analysis crosses back as the same error, rendered or not.
    await expect(
      pool.run(graph, {
        kind: 'rendered',
        job: { kind: 'stackability', input: { provider: 'nobody' } },
        format: 'json',
      }),
    ).rejects.toMatchObject({ name: 'AnalyticsInputError', kind: 'unknown-id' });
  });

  it('carries an engine input error across as the same error (an unknown id stays a 404)', async () => {
    const failure = pool.run(graph, {
      kind: 'ladder',
      input: { holdings: [], asOf, qualification: 'no-such-qualification' },
    });
    await expect(failure).rejects.toBeInstanceOf(EngineInputError);
    await expect(failure).rejects.toMatchObject({
      module: 'ladder',
      kind: 'unknown-id',
      path: ['qualification'],
      detail: 'unknown credential "no-such-qualification"',
    });
  });

  it('plans against the catalogue it is given: a new version reaches every thread', async () => {
    const job: EngineJob = {
      kind: 'plan',
      input: {
        holdings: holdingsOf('learner-partway'),
        asOf,
        target: { qualification: 'smtu:cert-data-analytics' },
      },
      options: {},
    };
    const before = await pool.run(graph, job);
    expect(before.status).toBe('planned');
    const planned = before.steps.flatMap((s) => s.take.map((t) => t.credential));
    // The same catalogue with every planned credential twice as many credits.
    const changed: CatalogueGraph = buildCatalogueGraph(
      {
        ...doc,
        credentials: doc.credentials.map((c) =>
          planned.includes(c.id) ? { ...c, credits: c.credits * 2 } : c,
        ),
      },
      2,
    );
    const after = await Promise.all([pool.run(changed, job), pool.run(changed, job)]);
    const inline = await inlineEngine.run(changed, job);
    for (const plan of after) {
      expect(plan).toEqual(inline);
      expect(plan.totals.credits).toBeGreaterThan(before.totals.credits);
    }
    // And back: a thread is sent whichever graph the caller names.
    await expect(pool.run(graph, job)).resolves.toEqual(before);
  });

  it('applies an update to the graph a thread holds, as the calling thread does', async () => {
    await pool.prepare(graph);
    // A new certificate stacking two seed modules, and a module removed, as a write would.
    const target = doc.credentials.find((c) => c.id === 'smtu:mc-python-data')!;
    const added = {
      ...target,
      id: 'smtu:cert-new',
      title: 'New certificate',
      kind: 'certificate' as const,
      earnable: false,
      learningOutcomes: [],
      corequisites: [],
      precedes: [],
      entryRule: undefined,
      awardRule: { op: 'ALL' as const, accepts: ['smtu:mc-python-data', 'smtu:mc-statistics'] },
    };
    const updated = updateCatalogueGraph(
      graph,
      { written: [added], removed: [] },
      { version: 2, epoch: '' },
    );
    expect(updateOf(updated)?.base).toBe(graph);
    const job: EngineJob = {
      kind: 'plan',
      input: { holdings: [], asOf, target: { qualification: 'smtu:cert-new' } },
      options: {},
    };
    const expected = await inlineEngine.run(updated, job);
    expect(expected).toMatchObject({ status: 'planned' });
    const answers = await Promise.all([pool.run(updated, job), pool.run(updated, job)]);
    expect(answers).toEqual([expected, expected]);
    // Other jobs on the new graph too (their reasons now name the new certificate).
    expect(await pool.run(updated, jobs[1]!)).toEqual(await inlineEngine.run(updated, jobs[1]!));
  });

  it('fails the jobs of a thread that dies, and replaces it on the next job', async () => {
    const job = jobs[1]!;
    const expected = await inlineEngine.run(graph, job);
    const inFlight = pool.run(graph, job);
    // Stop the only thread started so far while it holds the job.
    const [thread] = pool['threads'];
    await thread!.worker.terminate();
    await expect(inFlight).rejects.toThrow(/planning thread stopped/);
    await expect(pool.run(graph, job)).resolves.toEqual(expected);
  });

  it('prepares every thread with the catalogue before the first job', async () => {
    await pool.prepare(graph);
    expect(pool.size).toBe(2);
    // Both threads hold the graph already: jobs are sent no catalogue.
    const threads = pool['threads'];
    for (const thread of threads) expect(thread?.graph).toBe(graph);
    await expect(pool.run(graph, jobs[0]!)).resolves.toEqual(
      await inlineEngine.run(graph, jobs[0]!),
    );
  });

  it('refuses jobs once closed', async () => {
    await pool.run(graph, jobs[0]!);
    await pool.close();
    await expect(pool.run(graph, jobs[0]!)).rejects.toThrow(/closed/);
  });

  it('needs at least one thread', () => {
    expect(() => new PlanningThreads({ threads: 0 })).toThrow(
      /planningThreads: threads must be a positive integer/,
    );
  });
});
