import { auditQualification } from '../../src/engine/audit.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { credentialOf } from '../../src/graph/index.js';
import { seedGraph } from '../support/seed.js';

// The seed's partial credit transfer: Lakeshore's 3-semester-hour course, converted at the
// declared 2 ECTS per hour, grants 6 ECTS towards the Higher Diploma's electives.
const graph = seedGraph();
const HDIP = 'smtu:hdip-data-analytics';
const COURSE = 'lakeshore:course-cloud-computing';
const asOf = '2026-01-15';
const held = [
  { credential: 'smtu:mc-data-foundations', awardedOn: '2025-06-30' },
  { credential: COURSE, awardedOn: '2025-05-15' },
];

describe('seed: partial credit transfer towards the Higher Diploma electives', () => {
  it('counts the US course as 6 ECTS, converted from 3 semester hours by the declared factor', () => {
    expect(credentialOf(graph, COURSE)!.credits).toBe(6);
    expect(credentialOf(graph, COURSE)!.converted).toMatchObject({
      creditSystem: 'US semester credit hours',
      amount: 3,
      factor: 2,
    });
  });

  it('plans one 5-ECTS elective instead of two, and says the course counted by transfer', () => {
    const target = { qualification: HDIP };
    const without = planPathway(graph, { holdings: held.slice(0, 1), asOf, target });
    const withTransfer = planPathway(graph, { holdings: held, asOf, target });
    expect(without.status).toBe('planned');
    expect(withTransfer.status).toBe('planned');
    expect(withTransfer.optimality).toBe('optimal');
    expect(without.totals.credits - withTransfer.totals.credits).toBe(5);
    expect(withTransfer.transfers).toEqual([
      expect.objectContaining({
        held: COURSE,
        qualification: HDIP,
        rule: 'electives',
        credits: 6,
        source: expect.stringContaining('Lakeshore') as unknown,
        converted: expect.objectContaining({ amount: 3, factor: 2 }) as unknown,
      }),
    ]);
    expect(withTransfer.explanation.join('\n')).toMatch(
      /Cloud Computing Fundamentals \(CIS 240\), which you hold, counts 6 ECTS \(3 US semester credit hours at 2\) towards 'Electives: 10 ECTS' of .* by transfer/,
    );
  });

  it('the audit shows the transfer applied to the electives rule, and the agreement', () => {
    const audit = auditQualification(graph, {
      holdings: held,
      asOf,
      target: { qualification: HDIP },
    });
    expect(audit.transfers).toEqual([
      expect.objectContaining({ held: COURSE, rule: 'electives', credits: 6, counted: true }),
    ]);
    const hdip = audit.goal.subAudits.find((s) => s.credential === HDIP)!;
    const electives = hdip.rule!.children.find((c) => c.label === 'Electives: 10 ECTS')!;
    expect(electives.status).toBe('partial');
    expect(electives.done).toBe(6);
    expect(electives.applied).toEqual([
      expect.objectContaining({ item: COURSE, credits: 6, via: 'transfer' }),
    ]);
  });

  it('is not counted once the agreement has ended', () => {
    const later = auditQualification(graph, {
      holdings: held,
      asOf: '2029-01-15',
      target: { qualification: HDIP },
    });
    expect(later.transfers).toEqual([]);
    expect(later.unused).toContain(COURSE);
  });
});
