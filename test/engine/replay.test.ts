/**
 * The search's compiled replay (src/engine/planner/replay.ts) against simulate(), the
 * replay that plans are described with: on random small catalogues (every rule form, sharing,
 * entry rules, co-requisites, recognition, learning outcomes, constraints, every target kind)
 * and random sets of candidates, both say the same about whether the goal is reached and
 * which chosen credentials could never start.
 */
import fc from 'fast-check';
import { buildProblem, compileReplay, simulate } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { planInstance } from '../support/reference/generate.js';
import { requestOf } from './differential-harness.js';

const SEED = 20261201;

describe('compiled replay vs simulate', () => {
  it('gives the same verdict on random catalogues and random candidate sets', () => {
    let compared = 0;
    let reached = 0;
    let stuck = 0;
    fc.assert(
      fc.property(
        planInstance(),
        fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (instance, masks) => {
          const problem = buildProblem(
            buildCatalogueGraph(instance.doc),
            requestOf(instance, 'credits'),
          );
          const replay = compileReplay(problem);
          const sets = [
            [],
            problem.candidates,
            ...masks.map((mask) => problem.candidates.filter((_id, i) => mask[i % mask.length])),
          ];
          for (const set of sets) {
            const expected = simulate(problem, set);
            // mayReach: the verdict with strict co-requisites relaxed to ordinary ones.
            const relaxed = simulate(problem, set, { relaxStrict: true });
            expect(replay(set)).toEqual({
              reached: expected.reached,
              stuck: expected.stuck,
              mayReach: relaxed.reached,
            });
            compared++;
            if (expected.reached) reached++;
            if (expected.stuck.length > 0) stuck++;
          }
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
    // The random sets reach the goal, miss it, and leave credentials stuck, all often.
    expect(reached).toBeGreaterThan(compared / 10);
    expect(compared - reached).toBeGreaterThan(compared / 10);
    expect(stuck).toBeGreaterThan(compared / 50);
  });

  it('refuses a set naming something that is not a candidate', () => {
    fc.assert(
      fc.property(planInstance(), (instance) => {
        const problem = buildProblem(
          buildCatalogueGraph(instance.doc),
          requestOf(instance, 'credits'),
        );
        expect(() => compileReplay(problem)(['not-a-candidate'])).toThrow(
          /replay: "not-a-candidate" is not a candidate/,
        );
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});
