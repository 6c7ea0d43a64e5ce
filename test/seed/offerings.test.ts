/**
 * The seed's offerings (seed/README.md, "Offerings and intakes"): which credentials have them,
 * and that every seed learner's plan to every qualification, started 2027-02-01 at 30 credits
 * a term, comes out dated, passes the independent checker, and is proven the earliest.
 */
import { buildProblem, checkCalendar, planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { seedCatalogue } from '../support/seed.js';

const doc = seedCatalogue();
const graph = buildCatalogueGraph(doc);
const calendar = { start: '2027-02-01', maxCreditsPerTerm: 30 };

describe('seed offerings', () => {
  it('every earnable credential has offerings but the one-day safety courses; one is closed', () => {
    const without = doc.credentials
      .filter((c) => !c.qualification && !c.awardRule && !c.offerings)
      .map((c) => c.id)
      .sort();
    expect(without).toEqual([
      'bzn:safety-fall-protection',
      'bzn:safety-first-aid',
      'jarvi:card-electrical-safety',
    ]);
    const closed = doc.credentials.filter((c) => c.offerings?.some((o) => !o.open));
    expect(closed.map((c) => c.id)).toEqual(['rijnmond:mc-power-bi']);
    const kinds = new Set(
      doc.credentials.flatMap((c) =>
        (c.offerings ?? []).map((o) => (o.startDate ? 'date' : o.intakes ? 'intakes' : 'any')),
      ),
    );
    expect([...kinds].sort()).toEqual(['any', 'date', 'intakes']);
  });

  it("dates every learner's plan to every qualification, checked and proven the earliest", () => {
    const qualifications = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
    let dated = 0;
    for (const learner of doc.learners)
      for (const qualification of qualifications) {
        const request = {
          holdings: learner.holdings,
          asOf: '2027-01-15',
          target: { qualification },
          calendar,
        };
        const plan = planPathway(graph, request);
        if (plan.status !== 'planned') continue;
        const chosen = plan.steps.flatMap((s) => s.take.map((t) => t.credential));
        expect(plan.calendar?.status).toBe('dated');
        expect(
          checkCalendar(buildProblem(graph, request), chosen, calendar, plan.calendar!),
        ).toEqual([]);
        expect([learner.id, qualification, plan.calendar?.proven]).toEqual([
          learner.id,
          qualification,
          true,
        ]);
        dated++;
      }
    expect(dated).toBeGreaterThan(20);
  });

  it('learner-partway finishes the Higher Diploma on 2028-02-29', () => {
    const learner = doc.learners.find((l) => l.id === 'learner-partway')!;
    const plan = planPathway(graph, {
      holdings: learner.holdings,
      asOf: '2027-01-15',
      target: { qualification: 'smtu:hdip-data-analytics' },
      calendar,
    });
    expect(plan.calendar).toMatchObject({
      completion: '2028-02-29',
      earliestPossible: '2028-02-29',
      proven: true,
    });
    expect(plan.calendar!.earned.map((e) => e.credential)).toContain('smtu:hdip-data-analytics');
  });
});
