/**
 * The cost-splitting bound over integer indexes (src/engine/planner/indexedBound.ts) against
 * the exhaustive reference on random small catalogues (every rule form, sharing, entry rules,
 * co-requisites, recognition, learning outcomes, constraints, every target kind):
 *
 * - at the root, no partitioning's bound exceeds the least weight of a feasible set: the equal
 *   split with and without entry rules, random fractions (zeros included), every step of the
 *   ascent; the equal split is at least bound.ts's `relax` (the same relaxation, counted once
 *   per slot where relax counts a credential both earnable and awarded twice);
 * - at random search nodes (some candidates included, some excluded), w(included) plus the
 *   bound, under the equal split and under the ascent's partitioning, never exceeds the least
 *   weight of a feasible set that holds the included and none of the excluded.
 *
 * And a worked example of a rule that may count one filler twice, where trying each repeated
 * filler finds the optimum that subtracting the dearest one misses.
 */
import fc from 'fast-check';
import { IndexedBound, boundContext, buildProblem, relax } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue, type ObjectiveName } from '../../src/model/index.js';
import { planInstance } from '../support/reference/generate.js';
import { boundCase } from './differential-harness.js';

const SEED = 20261206;
const TOLERANCE = 1e-6;

describe('the indexed cost-splitting bound never exceeds the exhaustive optimum', () => {
  for (const objective of ['credits', 'count', 'cost'] as ObjectiveName[]) {
    it(`at the root and at random nodes, any partitioning: ${objective} (400 catalogues)`, () => {
      let compared = 0;
      let nodes = 0;
      let tightened = 0;
      let aboveRelax = 0;
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
            const ctx = boundContext(problem);
            const relaxed = relax(ctx, problem.base, new Set()).bound;
            expect(equal).toBeGreaterThanOrEqual(relaxed - TOLERANCE);
            if (equal > relaxed + TOLERANCE) aboveRelax++;
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
        `${objective}: ${compared} compared, ${nodes} nodes, ascent tighter on ${tightened}, ` +
          `equal split above relax on ${aboveRelax}`,
      );
    });
  }
});

test('a rule counting one filler twice: the bound tries each repeated filler (the MSc shape)', () => {
  // Stage: ALL (maxShared 1) of two "2 of 3" lists sharing a and d; d needs p (10 credits)
  // first. Optimum: a counted in both lists, with b and c: 15 credits. The relaxation without
  // sharing charges a twice (20); subtracting the dearest repeated filler (d, 5 + 10) gives 5;
  // trying a, then d, as the one counted twice gives 15.
  const course = (id: string, credits: number, entry?: string) => ({
    id,
    title: id,
    kind: 'course',
    credits,
    ...(entry ? { entryRule: { op: 'ALL', accepts: [entry] } } : {}),
  });
  const doc = parseCatalogue({
    credentials: [
      course('a', 5),
      course('b', 5),
      course('c', 5),
      course('p', 10),
      course('d', 5, 'p'),
      {
        id: 'q',
        title: 'q',
        kind: 'degree',
        qualification: true,
        credits: 15,
        awardRule: {
          op: 'ALL',
          maxShared: 1,
          children: [
            { op: 'N_OF', n: 2, accepts: ['a', 'b', 'd'] },
            { op: 'N_OF', n: 2, accepts: ['a', 'c', 'd'] },
          ],
        },
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
  expect(bounds.relax(IndexedBound.rootState(problem))).toBeCloseTo(15, 9);
  expect(relax(boundContext(problem), problem.base, new Set()).bound).toBeLessThan(15);
  // The relaxed solution read back is the case that gave the bound: a, b and c.
  expect([...bounds.chosen()].map((k) => problem.candidates[k]).sort()).toEqual(['a', 'b', 'c']);
});

test('a held module fills one slot: the bound confines it (core and elective both accepting it)', () => {
  // q: ALL of a core {a, b} and an option ANY {a, c}; a is held. Without sharing a counts in
  // one slot only, so the least plan takes b and c (10); counting a in both slots gives 5.
  const course = (id: string) => ({ id, title: id, kind: 'course', credits: 5 });
  const doc = parseCatalogue({
    credentials: [
      course('a'),
      course('b'),
      course('c'),
      {
        id: 'q',
        title: 'q',
        kind: 'certificate',
        qualification: true,
        credits: 15,
        awardRule: {
          op: 'ALL',
          children: [
            { op: 'ALL', accepts: ['a', 'b'] },
            { op: 'ANY', accepts: ['a', 'c'] },
          ],
        },
      },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
  const problem = buildProblem(buildCatalogueGraph(doc.value), {
    holdings: [{ credential: 'a', awardedOn: '2025-06-30' }],
    target: { qualification: 'q' },
    asOf: '2026-01-01',
  });
  const bounds = new IndexedBound(problem);
  expect(bounds.relax(IndexedBound.rootState(problem))).toBeCloseTo(10, 9);
  expect(relax(boundContext(problem), problem.base, new Set()).bound).toBeCloseTo(5, 9);
  expect([...bounds.chosen()].map((k) => problem.candidates[k]).sort()).toEqual(['b', 'c']);
});

test('a module charged in two slots fills one: the bound confines it (core and option both accepting it)', () => {
  // q: ALL of a core {x, y} and an option ANY {x, z}; nothing held. x fills one slot, so the
  // least plan is x, y and z (10). The relaxation alone charges x in both slots (3 + 2 + 3).
  const course = (id: string, credits: number) => ({ id, title: id, kind: 'course', credits });
  const doc = parseCatalogue({
    credentials: [
      course('x', 3),
      course('y', 2),
      course('z', 5),
      {
        id: 'q',
        title: 'q',
        kind: 'certificate',
        qualification: true,
        credits: 10,
        awardRule: {
          op: 'ALL',
          children: [
            { op: 'ALL', accepts: ['x', 'y'] },
            { op: 'ANY', accepts: ['x', 'z'] },
          ],
        },
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
  expect(relax(boundContext(problem), problem.base, new Set()).bound).toBeCloseTo(8, 9);
  expect([...bounds.chosen()].map((k) => problem.candidates[k]).sort()).toEqual(['x', 'y', 'z']);
});
