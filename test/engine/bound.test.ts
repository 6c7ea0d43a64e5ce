/**
 * The search's lower bounds (src/engine/planner/bound.ts) against the exhaustive reference:
 * on random small catalogues (every rule form, sharing, entry rules, co-requisites,
 * recognition, learning outcomes, constraints, every target kind) no bound may exceed the
 * least weight of a feasible set, whichever cost partitioning it uses: the equal split, the
 * split without entry rules, random shares (zeros included), the ascent's best, and the
 * branch and bound's proven bound when it stops early with the ascent at its root.
 */
import fc from 'fast-check';
import {
  ascend,
  boundContext,
  branchAndBound,
  buildProblem,
  planPathway,
  relax,
  type Shares,
} from '../../src/engine/planner/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { extendClosure } from '../../src/engine/closure.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue, type ObjectiveName } from '../../src/model/index.js';
import { RefPlanner } from '../support/reference/index.js';
import { planInstance } from '../support/reference/generate.js';
import { boundCase, requestOf } from './differential-harness.js';

const SEED = 20261205;
const TOLERANCE = 1e-6;

describe('lower bounds never exceed the exhaustive optimum', () => {
  for (const objective of ['credits', 'count', 'cost'] as ObjectiveName[]) {
    it(`holds for every partitioning and the ascent: ${objective} (400 catalogues)`, () => {
      let compared = 0;
      let tightened = 0;
      fc.assert(
        fc.property(
          planInstance({ positiveCosts: objective === 'cost' }),
          fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 1, maxLength: 64 }),
          (instance, draws) => {
            const found = boundCase(instance, objective);
            if (!found) return;
            const { problem } = found;
            const optimum = { value: found.optimum };
            compared++;
            const ctx = boundContext(problem);
            const none = new Set<string>();
            const equal = relax(ctx, problem.base, none).bound;
            expect(equal).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            if (ctx.withoutEntryRules)
              expect(
                relax(ctx, problem.base, none, { entryRules: false }).bound,
              ).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            // Random shares, drawn in turn for every (rule, filler) pair.
            const shares: Shares = new Map();
            let k = 0;
            for (const info of ctx.rules.values()) {
              const own = new Map<string, number>();
              for (const [id] of info.counts) own.set(id, draws[k++ % draws.length]!);
              shares.set(info.key, own);
            }
            expect(relax(ctx, problem.base, none, { shares }).bound).toBeLessThanOrEqual(
              optimum.value + TOLERANCE,
            );
            const ascended = ascend(ctx, problem.base, none, { iterations: 25 }).bound;
            expect(ascended).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            expect(ascended).toBeGreaterThanOrEqual(equal - TOLERANCE);
            if (ascended > equal + TOLERANCE) tightened++;
            // The search with the ascent at its root: its bound when stopped early, its
            // optimum when it proves one.
            const searched = branchAndBound(problem, { maxNodes: 3, ascent: 25 });
            expect(searched.lowerBound).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            if (searched.optimal) expect(searched.value).toBeCloseTo(optimum.value, 6);
          },
        ),
        { seed: SEED, numRuns: 400 },
      );
      // The property must have met real cases, and the ascent must do something.
      expect(compared).toBeGreaterThan(100);
      console.info(`${objective}: ${compared} compared, ascent tighter on ${tightened}`);
    });
  }
});

describe('at search nodes the bound never exceeds the least weight still possible', () => {
  it('w(included) + relax, with and without entry rules, under exclusions (credits, 2,500 catalogues)', () => {
    let nodes = 0;
    let excludedAwards = 0;
    fc.assert(
      fc.property(
        planInstance(),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 16, maxLength: 16 }),
        (instance, decisions) => {
          const request = requestOf(instance, 'credits');
          const problem = buildProblem(buildCatalogueGraph(instance.doc), request);
          if (problem.objective.length > 1) return;
          const reference = new RefPlanner(instance.doc, {
            ...request,
            objective: problem.objective,
          });
          if (reference.achieved) return;
          const ctx = boundContext(problem);
          // A random node (each candidate included, excluded or undecided), and the node that
          // excludes exactly the candidates that can also be earned by their award rule: such
          // a credential stays reachable, so its award rule must still be charged.
          const random = { included: new Set<string>(), excluded: new Set<string>() };
          problem.candidates.forEach((id, k) => {
            const d = decisions[k % decisions.length]!;
            if (d === 1) random.included.add(id);
            else if (d === 2) random.excluded.add(id);
          });
          const awards = problem.candidates.filter((id) => problem.awards.includes(id));
          const nodesHere = [random];
          if (awards.length) nodesHere.push({ included: new Set(), excluded: new Set(awards) });
          for (const { included, excluded } of nodesHere) {
            const least = reference.leastWith(included, excluded);
            if (least === undefined || !Number.isFinite(least)) continue;
            nodes++;
            if (awards.some((id) => excluded.has(id))) excludedAwards++;
            const held = problem.base.clone();
            extendClosure(
              problem.graph,
              held,
              [...included].map((id) => problem.items.get(id)!),
              problem.asOf,
              { explain: false },
            );
            const weight = [...included].reduce((t, id) => t + problem.weight.get(id)!, 0);
            expect(weight + relax(ctx, held, excluded).bound).toBeLessThanOrEqual(
              least + TOLERANCE,
            );
            if (ctx.withoutEntryRules)
              expect(
                weight + relax(ctx, held, excluded, { entryRules: false }).bound,
              ).toBeLessThanOrEqual(least + TOLERANCE);
          }
        },
      ),
      { seed: SEED + 2, numRuns: 2500 },
    );
    expect(nodes).toBeGreaterThan(100);
    expect(excludedAwards).toBeGreaterThan(5);
    console.info(`relax at nodes: ${nodes} nodes, ${excludedAwards} excluding an award`);
  });
});

test('leaving out a credential that can also be earned keeps its award rule charged (found by the property above at 8,000 runs)', () => {
  // q1 can be taken (10 credits) or earned by holding c1; c1 also transfers a credit into the
  // target's rule m0. The least plan with q1 left out as a candidate is c1 alone: 1 credit.
  const course = (id: string) => ({ id, title: id, kind: 'course', credits: 1 });
  const doc = parseCatalogue({
    credentials: [
      course('c0'),
      course('c1'),
      {
        id: 'q1',
        title: 'q1',
        kind: 'certificate',
        qualification: true,
        credits: 10,
        earnable: true,
        awardRule: { op: 'ALL', accepts: ['c1'] },
      },
      {
        id: 'q2',
        title: 'q2',
        kind: 'certificate',
        qualification: true,
        credits: 10,
        awardRule: {
          op: 'ALL',
          accepts: ['q1'],
          children: [{ op: 'MIN_CREDITS', credits: 0.5, accepts: ['c0'], key: 'm0' }],
        },
      },
    ],
    recognitions: [{ from: 'c1', towards: { qualification: 'q2', rule: 'm0' }, credits: 1 }],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
  const problem = buildProblem(buildCatalogueGraph(doc.value), {
    holdings: [],
    target: { qualification: 'q2' },
    asOf: '2025-02-28',
  });
  expect(problem.candidates).toContain('q1');
  const ctx = boundContext(problem);
  const leftOut = new Set(['q1']);
  expect(relax(ctx, problem.base, leftOut).bound).toBeLessThanOrEqual(1 + TOLERANCE);
  expect(ascend(ctx, problem.base, leftOut, { iterations: 10 }).bound).toBeLessThanOrEqual(
    1 + TOLERANCE,
  );
});

describe('the strategy with the ascent at the root', () => {
  it('plans the exhaustive optimum, proven, with the root (and its ascent) before HiGHS (300 catalogues)', async () => {
    const highs = await loadHighs();
    let planned = 0;
    fc.assert(
      fc.property(planInstance(), (instance) => {
        const request = requestOf(instance, 'credits');
        const graph = buildCatalogueGraph(instance.doc);
        // Every cone goes root first, the ascent whatever the gap.
        const plan = planPathway(graph, request, {
          mip: highs,
          mipFirstAbove: 0,
          rootFirstUpTo: 1000,
          rootAscent: 8,
          rootAscentWithin: 1,
        });
        const reference = new RefPlanner(instance.doc, { ...request, objective: plan.objective });
        if (reference.achieved) {
          expect(plan.status).toBe('achieved');
          return;
        }
        const optimum = reference.optimum();
        if (!optimum.feasible) {
          expect(plan.status).toBe('infeasible');
          return;
        }
        expect(plan.status).toBe('planned');
        expect(plan.optimality).toBe('optimal');
        if (plan.objective.length === 1) {
          expect(plan.objectiveValue).toBeCloseTo(optimum.value, 6);
          planned++;
        }
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
    expect(planned).toBeGreaterThan(80);
  });
});
