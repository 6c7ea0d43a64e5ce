/**
 * The search's lower bound, cost splitting over integer indexes
 * (src/engine/planner/indexedBound.ts), against the exhaustive reference on random small
 * catalogues (every rule form, sharing, entry rules, co-requisites, recognition, learning
 * outcomes, constraints, every target kind):
 *
 * - at the root, no partitioning's bound exceeds the least weight of a feasible set: the equal
 *   split with and without entry rules, random fractions (zeros included), every step of the
 *   ascent; nor does the branch and bound's proven bound when it stops early with the ascent
 *   at its root;
 * - at random search nodes (some candidates included, some excluded), w(included) plus the
 *   bound, with and without entry rules, under the equal split and under the ascent's
 *   partitioning, never exceeds the least weight of a feasible set that holds the included
 *   and none of the excluded; and at the node that leaves out every candidate that can also be
 *   earned by its award rule (such a credential stays reachable: its award rule stays charged);
 * - the strategy with the ascent at the root plans the exhaustive optimum, proven.
 *
 * And worked examples: a credential left out that can still be earned, a rule that may count
 * one filler twice (trying each repeated filler finds the optimum that subtracting the dearest
 * one misses), a held module confined to one slot, and a relaxed set one swap away from a
 * plan at the bound.
 */
import fc from 'fast-check';
import {
  IndexedBound,
  branchAndBound,
  buildProblem,
  compileReplay,
  planPathway,
  repair,
  swapToBound,
} from '../../src/engine/planner/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue, type ObjectiveName } from '../../src/model/index.js';
import { RefPlanner } from '../support/reference/index.js';
import { planInstance } from '../support/reference/generate.js';
import { boundCase, requestOf } from './differential-harness.js';

const SEED = 20261206;
/** Seeds kept from the former bound.test.ts (its properties were on the string relaxation). */
const ASCENT_SEED = 20261205;
const NODES_SEED = 20261207;
const STRATEGY_SEED = 20261206;
const TOLERANCE = 1e-6;

describe('the indexed cost-splitting bound never exceeds the exhaustive optimum', () => {
  for (const objective of ['credits', 'count', 'cost'] as ObjectiveName[]) {
    it(`at the root and at random nodes, any partitioning: ${objective} (400 catalogues)`, () => {
      let compared = 0;
      let nodes = 0;
      let tightened = 0;
      fc.assert(
        fc.property(
          planInstance({ positiveCosts: objective === 'cost' }),
          fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 1, maxLength: 64 }),
          fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 16, maxLength: 16 }),
          (instance, draws, decisions) => {
            const found = boundCase(instance, objective);
            if (!found) return;
            const { problem, reference } = found;
            const optimum = { value: found.optimum };
            compared++;
            const bounds = new IndexedBound(problem);
            const root = IndexedBound.rootState(problem);
            const withoutEntry = bounds.relax(root, { entryRules: false });
            expect(withoutEntry).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            const equal = bounds.relax(root);
            expect(equal).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            // Every step of the ascent is a partitioning, so a lower bound.
            let best = equal;
            for (let t = 1; t < 25 && bounds.step(t); t++) {
              const next = bounds.relax(root);
              expect(next).toBeLessThanOrEqual(optimum.value + TOLERANCE);
              best = Math.max(best, next);
            }
            if (best > equal + TOLERANCE) tightened++;
            const ascended = bounds.fraction.slice();
            // Random fractions (renormalised by the relaxation over the chargeable rules).
            bounds.fraction.forEach((_, p) => (bounds.fraction[p] = draws[p % draws.length]!));
            expect(bounds.relax(root)).toBeLessThanOrEqual(optimum.value + TOLERANCE);

            // A random node: each candidate included, excluded or undecided.
            const included = new Set<string>();
            const excluded = new Set<string>();
            problem.candidates.forEach((id, k) => {
              const d = decisions[k % decisions.length]!;
              if (d === 1) included.add(id);
              else if (d === 2 && k % 3 === 0) excluded.add(id);
            });
            // The least weight of a feasible set holding the included and none of the excluded.
            const least = reference.leastWith(included, excluded);
            if (least === undefined || !Number.isFinite(least)) return;
            nodes++;
            const state = IndexedBound.nodeState(problem, included, excluded);
            const weight = [...included].reduce((t, id) => t + problem.weight.get(id)!, 0);
            for (const fractions of ['equal', 'ascended'] as const) {
              if (fractions === 'equal') bounds.equalSplit();
              else bounds.fraction.set(ascended);
              for (const entryRules of [true, false])
                expect(weight + bounds.relax(state, { entryRules })).toBeLessThanOrEqual(
                  least + TOLERANCE,
                );
            }
          },
        ),
        { seed: SEED, numRuns: 400 },
      );
      // The property must have met real cases, and the ascent must do something.
      expect(compared).toBeGreaterThan(100);
      expect(nodes).toBeGreaterThan(50);
      console.info(
        `${objective}: ${compared} compared, ${nodes} nodes, ascent tighter on ${tightened}`,
      );
    });
  }
});

describe('the ascent and the search stopped early never exceed the exhaustive optimum', () => {
  for (const objective of ['credits', 'count', 'cost'] as ObjectiveName[]) {
    it(`holds for every partitioning, the ascent and the search's proven bound: ${objective} (400 catalogues)`, () => {
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
            const bounds = new IndexedBound(problem);
            const root = IndexedBound.rootState(problem);
            const equal = bounds.relax(root);
            expect(equal).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            if (bounds.hasEntryRules)
              expect(bounds.relax(root, { entryRules: false })).toBeLessThanOrEqual(
                optimum.value + TOLERANCE,
              );
            // Random fractions, drawn in turn for every (rule, filler) placement.
            bounds.fraction.forEach((_, p) => (bounds.fraction[p] = draws[p % draws.length]!));
            expect(bounds.relax(root)).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            // The ascent from the equal split, 25 relaxations at most, as the search's root.
            bounds.equalSplit();
            let best = bounds.relax(root);
            for (let t = 1; t < 25 && bounds.step(t); t++) {
              const next = bounds.relax(root);
              expect(next).toBeLessThanOrEqual(optimum.value + TOLERANCE);
              best = Math.max(best, next);
            }
            if (best > equal + TOLERANCE) tightened++;
            // The search with the ascent at its root: its bound when stopped early, its
            // optimum when it proves one.
            const searched = branchAndBound(problem, { maxNodes: 3, ascent: 25 });
            expect(searched.lowerBound).toBeLessThanOrEqual(optimum.value + TOLERANCE);
            if (searched.optimal) expect(searched.value).toBeCloseTo(optimum.value, 6);
          },
        ),
        { seed: ASCENT_SEED, numRuns: 400 },
      );
      // The property must have met real cases, and the ascent must do something.
      expect(compared).toBeGreaterThan(100);
      console.info(`${objective}: ${compared} compared, ascent tighter on ${tightened}`);
    });
  }
});

describe('at search nodes the bound never exceeds the least weight still possible', () => {
  it('w(included) + the bound, with and without entry rules, under exclusions (credits, 2,500 catalogues)', () => {
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
          const bounds = new IndexedBound(problem);
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
            const state = IndexedBound.nodeState(problem, included, excluded);
            const weight = [...included].reduce((t, id) => t + problem.weight.get(id)!, 0);
            expect(weight + bounds.relax(state)).toBeLessThanOrEqual(least + TOLERANCE);
            if (bounds.hasEntryRules)
              expect(weight + bounds.relax(state, { entryRules: false })).toBeLessThanOrEqual(
                least + TOLERANCE,
              );
          }
        },
      ),
      { seed: NODES_SEED, numRuns: 2500 },
    );
    expect(nodes).toBeGreaterThan(100);
    expect(excludedAwards).toBeGreaterThan(5);
    console.info(`the bound at nodes: ${nodes} nodes, ${excludedAwards} excluding an award`);
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
  const bounds = new IndexedBound(problem);
  const leftOut = IndexedBound.nodeState(problem, new Set(), new Set(['q1']));
  expect(bounds.relax(leftOut)).toBeLessThanOrEqual(1 + TOLERANCE);
  // Every step of the ascent (10 relaxations at most) too.
  for (let t = 1; t < 10 && bounds.step(t); t++)
    expect(bounds.relax(leftOut)).toBeLessThanOrEqual(1 + TOLERANCE);
});

/** A course of `credits`, needing `entry` first when given. */
const course = (id: string, credits: number, entry?: string) => ({
  id,
  title: id,
  kind: 'course',
  credits,
  ...(entry ? { entryRule: { op: 'ALL', accepts: [entry] } } : {}),
});

/**
 * The root's bound (equal split) towards qualification q with the given award rule, over
 * `courses`, holding `held`; and the candidates of its relaxed solution, sorted.
 */
function rootBound(
  courses: ReturnType<typeof course>[],
  awardRule: unknown,
  held: string[] = [],
): { bound: number; chosen: string[] } {
  const doc = parseCatalogue({
    credentials: [
      ...courses,
      { id: 'q', title: 'q', kind: 'degree', qualification: true, credits: 15, awardRule },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
  const problem = buildProblem(buildCatalogueGraph(doc.value), {
    holdings: held.map((credential) => ({ credential, awardedOn: '2025-06-30' })),
    target: { qualification: 'q' },
    asOf: '2026-01-01',
  });
  const bounds = new IndexedBound(problem);
  const bound = bounds.relax(IndexedBound.rootState(problem));
  return {
    bound,
    chosen: bounds
      .chosen()
      .map((k) => problem.candidates[k]!)
      .sort(),
  };
}

test('a rule counting one filler twice: the bound tries each repeated filler (the MSc shape)', () => {
  // Stage: ALL (maxShared 1) of two "2 of 3" lists sharing a and d; d needs p (10 credits)
  // first. Optimum: a counted in both lists, with b and c: 15 credits. The relaxation without
  // sharing charges a twice (20); subtracting the dearest repeated filler (d, 5 + 10) gives 5
  // (the string relaxation this bound replaced did); trying a, then d, as the one counted
  // twice gives 15. The relaxed solution read back is the case that gave the bound.
  const { bound, chosen } = rootBound(
    [course('a', 5), course('b', 5), course('c', 5), course('p', 10), course('d', 5, 'p')],
    {
      op: 'ALL',
      maxShared: 1,
      children: [
        { op: 'N_OF', n: 2, accepts: ['a', 'b', 'd'] },
        { op: 'N_OF', n: 2, accepts: ['a', 'c', 'd'] },
      ],
    },
  );
  expect(bound).toBeCloseTo(15, 9);
  expect(chosen).toEqual(['a', 'b', 'c']);
});

test('a held module fills one slot: the bound confines it (core and option both accepting it)', () => {
  // q: ALL of a core {a, b} and an option ANY {a, c}; a is held. Without sharing a counts in
  // one slot only, so the least plan takes b and c (10); counting a in both slots gives 5.
  const { bound, chosen } = rootBound(
    [course('a', 5), course('b', 5), course('c', 5)],
    {
      op: 'ALL',
      children: [
        { op: 'ALL', accepts: ['a', 'b'] },
        { op: 'ANY', accepts: ['a', 'c'] },
      ],
    },
    ['a'],
  );
  expect(bound).toBeCloseTo(10, 9);
  expect(chosen).toEqual(['b', 'c']);
});

test('a module charged in two slots fills one: the bound confines it (core and option both accepting it)', () => {
  // q: ALL of a core {x, y} and an option ANY {x, z}; nothing held. x fills one slot, so the
  // least plan is x, y and z (10). The relaxation alone charges x in both slots (3 + 2 + 3).
  const { bound, chosen } = rootBound([course('x', 3), course('y', 2), course('z', 5)], {
    op: 'ALL',
    children: [
      { op: 'ALL', accepts: ['x', 'y'] },
      { op: 'ANY', accepts: ['x', 'z'] },
    ],
  });
  expect(bound).toBeCloseTo(10, 9);
  expect(chosen).toEqual(['x', 'y', 'z']);
});

test('a relaxed set one swap from a plan at the bound: the root finds it (the seed learner with most modules held)', () => {
  // q: 2 of {a, b, c}, 5 credits each; a has a co-requisite k (1 credit) that q does not
  // count. The bound (10) is the optimum, b and c, but the relaxed set takes a and b, which
  // is no plan (a needs k). The repair adds k (cheapest first) and keeps it: 11. Exchanging a
  // for c gives a plan at the bound, which proves itself at the root.
  const doc = parseCatalogue({
    credentials: [
      { ...course('a', 5), corequisites: ['k'] },
      course('b', 5),
      course('c', 5),
      course('k', 1),
      {
        id: 'q',
        title: 'q',
        kind: 'degree',
        qualification: true,
        credits: 15,
        awardRule: { op: 'N_OF', n: 2, accepts: ['a', 'b', 'c'] },
      },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
  const problem = buildProblem(buildCatalogueGraph(doc.value), {
    holdings: [],
    target: { qualification: 'q' },
    asOf: '2026-01-01',
  });
  const bounds = new IndexedBound(problem);
  expect(bounds.relax(IndexedBound.rootState(problem))).toBeCloseTo(10, 9);
  const relaxed = new Set(bounds.chosen().map((k) => problem.candidates[k]!));
  expect([...relaxed].sort()).toEqual(['a', 'b']);
  const replay = compileReplay(problem);
  expect([...repair(problem, relaxed, problem.candidates, replay)].sort()).toEqual(['a', 'b', 'k']);
  const swapped = swapToBound(problem, relaxed, problem.candidates, 10, replay);
  expect([...(swapped ?? [])].sort()).toEqual(['b', 'c']);
  // Nothing within a bound of 9.
  expect(swapToBound(problem, relaxed, problem.candidates, 9, replay)).toBeUndefined();
  const root = branchAndBound(problem, { maxNodes: 1, fixIn: false, ascent: 25 });
  expect(root).toMatchObject({ optimal: true, value: 10, nodes: 1 });
  expect(root.chosen).toEqual(['b', 'c']);
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
      { seed: STRATEGY_SEED, numRuns: 300 },
    );
    expect(planned).toBeGreaterThan(80);
  });
});
