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
 */
import fc from 'fast-check';
import { IndexedBound, boundContext, relax } from '../../src/engine/planner/index.js';
import type { ObjectiveName } from '../../src/model/index.js';
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
            expect(equal).toBeGreaterThanOrEqual(
              relax(ctx, problem.base, new Set()).bound - TOLERANCE,
            );
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
