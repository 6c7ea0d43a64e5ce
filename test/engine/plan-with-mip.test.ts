/**
 * planPathway with a HiGHS module (the service's configuration) must give the same optimum,
 * a replayable plan, and alternatives of the same values as the search alone.
 */
import { readFileSync } from 'node:fs';
import type { Highs } from 'highs';
import { planPathway } from '../../src/engine/planner/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue } from '../../src/model/index.js';

const parsed = parseCatalogue(
  JSON.parse(readFileSync(new URL('../../seed/catalogue.json', import.meta.url), 'utf8')),
);
if (!parsed.ok) throw new Error('seed catalogue is invalid');
const doc = parsed.value;
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
