/**
 * Regression cases for planner bugs found by review and by the differential tests (the
 * counterexamples of KI-1..3 are replayed in counterexamples.test.ts).
 */
import { planPathway, type PlanRequest } from '../../src/engine/planner/index.js';
import type { CatalogueGraph } from '../../src/graph/index.js';
import { all, any, award, graphOf, mc, stepsOf, taken } from '../support/cases/catalogue.js';

const plan = (graph: CatalogueGraph, extra: Partial<PlanRequest> = {}) =>
  planPathway(graph, {
    holdings: [],
    asOf: '2026-01-15',
    target: { qualification: 'q' },
    ...extra,
  });

describe('planner regressions', () => {
  it('a lexicographic objective compares fractional values exactly (credits, then cost)', () => {
    const g = graphOf({
      credentials: [
        mc('a', 5, { cost: 1000 }),
        mc('b', 5.1, { cost: 0 }),
        award('q', any(['a', 'b'])),
      ],
    });
    expect(taken(plan(g, { objective: ['credits', 'cost'] }))).toEqual(['a']);
    expect(taken(plan(g, { objective: ['cost', 'credits'] }))).toEqual(['b']);
  });

  it('a lexicographic objective over fractional costs (cost, then hours)', () => {
    const g = graphOf({
      credentials: [
        mc('a', 1, { cost: 0.5, hours: 100 }),
        mc('b', 1, { cost: 0.6, hours: 1 }),
        award('q', any(['a', 'b'])),
      ],
    });
    expect(taken(plan(g, { objective: ['cost', 'hours'] }))).toEqual(['a']);
    expect(taken(plan(g, { objective: ['hours', 'cost'] }))).toEqual(['b']);
  });

  it('terms keep a co-requisite with the credential that names it', () => {
    // x names y as co-requisite; with 10 credits a term, x and y share a term and g waits.
    const g = graphOf({
      credentials: [
        mc('g', 5),
        mc('x', 5, { corequisites: ['y'] }),
        mc('y', 5),
        award('q', all(['g', 'x'])),
      ],
    });
    const steps = stepsOf(
      plan(g, {
        constraints: { maxCreditsPerTerm: 10, excludeCredentials: [], excludeProviders: [] },
      }),
    );
    expect(steps).toEqual([['x', 'y'], ['g']]);
  });
});
