/**
 * The search rounds each bound up to the least weight a plan can have at or above it
 * (search.ts, weightsAbove): a subset sum of the candidates' weights. Checked against every
 * subset of random small weight lists.
 */
import fc from 'fast-check';
import { weightsAbove } from '../../src/engine/planner/search.js';

/** The least subset sum of `weights` at or above `bound` (Infinity: none), by enumeration. */
function leastSumAbove(weights: readonly number[], bound: number): number {
  let least = Infinity;
  for (let mask = 0; mask < 1 << weights.length; mask++) {
    let sum = 0;
    weights.forEach((w, k) => {
      if (mask & (1 << k)) sum += w;
    });
    if (sum >= bound - 1e-9 && sum < least) least = sum;
  }
  return least;
}

describe('weightsAbove', () => {
  it('is the least subset sum at or above the bound (2,000 random weight lists)', () => {
    // Whole numbers, tenths (a 0.3-credit card among 5-credit modules) and a few larger
    // weights, as the objectives produce them.
    const weight = fc.oneof(
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 1, max: 40 }).map((t) => t / 10),
    );
    fc.assert(
      fc.property(
        fc.array(weight, { minLength: 1, maxLength: 10 }).filter((ws) => ws.some((w) => w > 0)),
        // Bounds on a grid of 0.05, off by float noise either way.
        fc.array(
          fc
            .tuple(fc.integer({ min: -20, max: 1600 }), fc.constantFrom(0, 1e-11, -1e-11))
            .map(([k, noise]) => k / 20 + noise),
          { minLength: 1, maxLength: 8 },
        ),
        (weights, bounds) => {
          const above = weightsAbove(weights);
          for (const bound of bounds)
            expect(above(bound)).toBeCloseTo(leastSumAbove(weights, bound), 9);
        },
      ),
      { seed: 20261207, numRuns: 2000 },
    );
  });

  it('rounds past sums no plan can have: 43.6 over whole credits and one 0.3 card is 44', () => {
    const above = weightsAbove([5, 5, 10, 15, 0.3, 4, 5, 25]);
    expect(above(43.6)).toBeCloseTo(44, 9);
    // A sum with the card stays: 5 + 5 + 10 + 15 + 4 + 0.3 (the unit alone would give 39.2).
    expect(above(39.2)).toBeCloseTo(39.3, 9);
    expect(above(69.4)).toBe(Infinity);
  });

  it('leaves a bound as it is when the weights have no common unit', () => {
    const above = weightsAbove([Math.PI, 1]);
    expect(above(2.5)).toBe(2.5);
  });
});
