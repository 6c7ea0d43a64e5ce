/**
 * planPathway with a HiGHS module (the service's configuration) must give the same optimum,
 * a replayable plan, and alternatives of the same values as the search alone.
 */
import type { Highs } from 'highs';
import {
  STRATEGY,
  branchAndBound,
  buildProblem,
  compileReplay,
  mipAnswer,
  planPathway,
  solvePlanProblem,
} from '../../src/engine/planner/index.js';
import { loadHighs, solveMip } from '../../src/engine/planner/mip.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { seedCatalogue } from '../support/seed.js';

const doc = seedCatalogue();
const graph = buildCatalogueGraph(doc);
const qualifications = doc.credentials.filter((c) => c.qualification).map((c) => c.id);

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

describe('planPathway with the MIP hand-off', () => {
  const cases = doc.learners.flatMap((l) =>
    qualifications
      // The MSc by search alone takes ~1 s: once is enough.
      .filter((q) => q !== 'smtu:msc-data-analytics' || l.id === 'learner-recognised')
      .map((q) => [l.id, q] as const),
  );
  it.each(cases)('%s → %s: same optimum and alternatives as the search alone', (learner, q) => {
    const holdings = doc.learners.find((l) => l.id === learner)!.holdings;
    const request = { holdings, asOf: '2026-11-23', target: { qualification: q } };
    const alone = planPathway(graph, request, { alternatives: 1 });
    const hybrid = planPathway(graph, request, { alternatives: 1, mip: highs });
    expect(hybrid.status).toBe(alone.status);
    expect(hybrid.optimality).toBe('optimal');
    expect(hybrid.objectiveValue).toBeCloseTo(alone.objectiveValue, 9);
    expect(hybrid.alternatives.map((a) => a.objectiveValue)).toEqual(
      alone.alternatives.map((a) => a.objectiveValue),
    );
    expect(hybrid.totals.credits).toBeCloseTo(
      hybrid.steps.flatMap((s) => s.take).reduce((sum, t) => sum + t.credits, 0),
      9,
    );
  });
});

describe('the strategy (strategy.ts)', () => {
  const request = (learner: string, q: string) => ({
    holdings: doc.learners.find((l) => l.id === learner)!.holdings,
    asOf: '2026-11-23',
    target: { qualification: q },
  });
  const replayOf = (learner: string, q: string) => {
    const problem = buildProblem(graph, request(learner, q));
    return { problem, replay: compileReplay(problem) };
  };

  it('reads each MIP answer: optimal and infeasible prove, a time-limited set is an incumbent, the rest search', () => {
    const { problem, replay } = replayOf('learner-new', 'smtu:cert-data-analytics');
    const best = planPathway(graph, request('learner-new', 'smtu:cert-data-analytics'));
    const chosen = best.steps.flatMap((s) => s.take.map((t) => t.credential)).sort();
    const value = best.objectiveValue;
    expect(mipAnswer({ status: 'optimal', chosen, value }, replay)).toEqual({
      kind: 'proven',
      result: { chosen, value, lowerBound: value, optimal: true, nodes: 0 },
    });
    expect(mipAnswer({ status: 'time-limit', chosen, value }, replay)).toEqual({
      kind: 'incumbent',
      chosen,
      value,
    });
    expect(mipAnswer({ status: 'infeasible', value: Infinity }, replay)).toMatchObject({
      kind: 'proven',
      result: { chosen: undefined, optimal: true, lowerBound: Infinity },
    });
    // A set that does not reach the goal is never taken at the solver's word.
    const short = chosen.slice(1);
    expect(replay(short).reached).toBe(false);
    expect(mipAnswer({ status: 'optimal', chosen: short, value: 1 }, replay)).toEqual({
      kind: 'search',
    });
    for (const status of ['unsupported-cycle', 'time-limit', 'highs: Unknown', 'cutoff'] as const)
      expect(mipAnswer({ status, value: Infinity }, replay)).toEqual({ kind: 'search' });
    // Nothing under the cutoff proves the plan that set it.
    expect(mipAnswer({ status: 'cutoff', value: Infinity }, replay, { chosen, value })).toEqual({
      kind: 'proven',
      result: { chosen, value, lowerBound: value, optimal: true, nodes: 0 },
    });
    expect(problem.candidates.length).toBeGreaterThan(0);
  });

  it.each(qualifications)('HiGHS with a cutoff: %s from nothing', (q) => {
    const { problem } = replayOf('learner-new', q);
    const free = solveMip(problem, highs);
    expect(free.status).toBe('optimal');
    // At the optimum's weight: an optimum (the tolerance keeps the equals).
    const at = solveMip(problem, highs, { cutoff: free.value });
    expect(at.status).toBe('optimal');
    expect(at.value).toBeCloseTo(free.value, 9);
    // Below it: nothing, told apart from an infeasible problem.
    expect(solveMip(problem, highs, { cutoff: free.value - 0.5 }).status).toBe('cutoff');
    // Above it: the optimum still.
    expect(solveMip(problem, highs, { cutoff: free.value + 10 }).value).toBeCloseTo(free.value, 9);
  });

  it.each(qualifications)(
    'a MIP that runs out of time at once still ends in the optimum: %s from nothing',
    (q) => {
      const { problem, replay } = replayOf('learner-new', q);
      const alone = solvePlanProblem(problem, replay, []);
      // Every threshold so the MIP is tried first, with no time to answer.
      const rushed = solvePlanProblem(problem, replay, [], {
        mip: highs,
        mipFirstAbove: 0,
        mipTimeLimitSeconds: 1e-9,
      });
      expect(rushed.optimal).toBe(true);
      expect(rushed.value).toBeCloseTo(alone.value, 9);
      expect(rushed.lowerBound).toBeCloseTo(alone.value, 9);
    },
  );

  it('an anyOf goal its root cannot prove is proven one qualification at a time, without HiGHS', () => {
    // learner-lapsed towards the MSc or the Higher Diploma (the MSc contains it): the goal's
    // bound splits each module between the two qualifications' rules, and stays under the
    // optimum; each qualification's own root proves its plan, and the least of their bounds
    // proves the cheaper one.
    const problem = buildProblem(graph, {
      holdings: doc.learners.find((l) => l.id === 'learner-lapsed')!.holdings,
      asOf: '2026-11-23',
      target: { anyOf: ['smtu:msc-data-analytics', 'smtu:hdip-data-analytics'] },
    });
    const replay = compileReplay(problem);
    const root = branchAndBound(problem, {
      maxNodes: 1,
      replay,
      fixIn: false,
      ascent: STRATEGY.rootAscent,
      ascentPatience: STRATEGY.rootAscentPatience,
    });
    expect(root.optimal).toBe(false);
    let solves = 0;
    const counting = {
      ...highs,
      solve: (...args: Parameters<Highs['solve']>) => {
        solves++;
        return highs.solve(...args);
      },
    } as Highs;
    const byParts = solvePlanProblem(problem, replay, [], { mip: counting });
    const highsAlone = solvePlanProblem(problem, replay, [], {
      mip: highs,
      mipFirstAbove: -1,
      rootFirstUpTo: -1,
    });
    expect(solves).toBe(0);
    expect(byParts.optimal).toBe(true);
    expect(byParts.value).toBeCloseTo(highsAlone.value, 9);
    expect(replay(byParts.chosen!)).toMatchObject({ reached: true, stuck: [] });
  });
});
