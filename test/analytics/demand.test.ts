/**
 * Demand from learners' plans (src/analytics/demand): a hand-worked catalogue and plans, and
 * the module against a brute-force count on random catalogues and plans.
 */
import fc from 'fast-check';
import {
  checkDemandOptions,
  credentialDemand,
  DemandReport,
  type DemandOptions,
  type LearnerPlan,
} from '../../src/analytics/demand/index.js';
import { AnalyticsInputError } from '../../src/analytics/errors.js';
import type { CatalogueDocumentInput } from '../../src/model/index.js';
import { graphOf } from './support.js';

const module = (id: string, provider: string, kind: 'module' | 'unit' = 'module') => ({
  id,
  title: `Module ${id}`,
  kind,
  credits: 5,
  provider,
});
const qualification = (id: string, provider: string, accepts: string[]) => ({
  id,
  title: `Qualification ${id}`,
  kind: 'certificate' as const,
  qualification: true,
  credits: 0,
  provider,
  awardRule: { op: 'ALL' as const, accepts },
});

// Twice-yearly intakes; m1 also runs online any day (an offering with its own id); m3 and
// m4 have no offerings (a dated plan assumes the default for them).
const intakes = { intakes: ['09-01', '02-01'], durationWeeks: 12 };
const doc: CatalogueDocumentInput = {
  providers: [
    { id: 'p1', name: 'P1' },
    { id: 'p2', name: 'P2' },
  ],
  credentials: [
    {
      ...module('m1', 'p1'),
      offerings: [
        intakes,
        { id: 'm1-online', anyTime: true, durationWeeks: 12, mode: 'online' as const },
      ],
    },
    { ...module('m2', 'p1'), offerings: [intakes] },
    module('m3', 'p2'),
    module('m4', 'p1', 'unit'),
    qualification('q1', 'p1', ['m1', 'm2']),
    qualification('q2', 'p2', ['m1', 'm3']),
  ],
};
const graph = graphOf(doc);

const plan = (
  learner: string,
  target: string,
  status: LearnerPlan['status'],
  steps: string[][] = [],
): LearnerPlan => ({
  learner,
  target: { qualification: target },
  status,
  steps: steps.map((take) => ({ take: take.map((credential) => ({ credential })) })),
});

// L1 has two targets whose plans both take m1 (one seat); L2 holds m1 already; L3 has
// reached q1; L4 cannot reach q2.
const plans = [
  plan('L1', 'q1', 'planned', [['m1'], ['m2']]),
  plan('L1', 'q2', 'planned', [['m1', 'm3']]),
  plan('L2', 'q1', 'planned', [['m2']]),
  plan('L3', 'q1', 'achieved'),
  plan('L4', 'q2', 'infeasible'),
];
const counts = (r: DemandReport) => r.credentials.map((c) => [c.credential, c.next, c.total]);

describe('credential demand, hand-worked', () => {
  it('counts distinct learners taking each credential next and in all, and the unused', () => {
    const r = credentialDemand(graph, plans);
    expect(counts(r)).toEqual([
      ['m2', 1, 2],
      ['m1', 1, 1],
      ['m3', 1, 1],
    ]);
    expect(r.credentials[0]).toEqual({
      credential: 'm2',
      title: 'Module m2',
      kind: 'module',
      provider: 'p1',
      next: 1,
      total: 2,
    });
    expect(r.plans).toEqual({ counted: 5, planned: 3, achieved: 1, infeasible: 1 });
    expect(r.learners).toBe(4);
    expect(r.unused).toEqual(['m4']);
    expect(r.unreachable).toEqual({ learners: 1 });
    expect(DemandReport.parse(r)).toEqual(r);
  });

  it('names the learners only when asked', () => {
    const r = credentialDemand(graph, plans, { listLearners: true });
    expect(r.credentials.map((c) => [c.credential, c.learners])).toEqual([
      ['m2', ['L1', 'L2']],
      ['m1', ['L1']],
      ['m3', ['L1']],
    ]);
    expect(r.unreachable).toEqual({ learners: 1, ids: ['L4'] });
  });

  it('filters plans by target qualification', () => {
    const r = credentialDemand(graph, plans, { qualification: 'q1' });
    expect(counts(r)).toEqual([
      ['m2', 1, 2],
      ['m1', 1, 1],
    ]);
    expect(r.plans).toEqual({ counted: 3, planned: 2, achieved: 1, infeasible: 0 });
    expect(r.unused).toEqual(['m3', 'm4']);
    expect(r.unreachable.learners).toBe(0);
  });

  it('reports only the credentials of a provider or of some kinds', () => {
    const p2 = credentialDemand(graph, plans, { provider: 'p2' });
    expect(counts(p2)).toEqual([['m3', 1, 1]]);
    expect(p2.unused).toEqual([]);
    // The plans are still all counted, and so is the unreachable one.
    expect(p2.plans.counted).toBe(5);
    expect(p2.unreachable.learners).toBe(1);
    const units = credentialDemand(graph, plans, { kinds: ['unit'] });
    expect(units.credentials).toEqual([]);
    expect(units.unused).toEqual(['m4']);
  });

  it('has nothing to count without plans', () => {
    const r = credentialDemand(graph, []);
    expect([r.credentials, r.unused, r.learners]).toEqual([[], ['m1', 'm2', 'm3', 'm4'], 0]);
  });

  it.each([
    [{ provider: 'nope' }, [], /provider "nope" is not in the catalogue/],
    [{ qualification: 'm1' }, [], /"m1" is not a qualification of the catalogue/],
    [{ kinds: ['lecture'] }, [], /options\.kinds\[0\]/],
    [{}, [{ learner: 'L', target: { qualification: 'q1' }, status: 'planned' }], /plans/],
    [{}, [plan('L', 'q1', 'planned', [['ghost']])], /takes "ghost", which is not in the catalogue/],
  ])('rejects %j with plans %j, naming the module', (options, given, message) => {
    const run = () => credentialDemand(graph, given as never, options as never);
    expect(run).toThrow(AnalyticsInputError);
    expect(run).toThrow(new RegExp(`^analytics/demand: .*${message.source}`));
  });

  it('checks the options on their own, as credentialDemand does, before any plan exists', () => {
    expect(checkDemandOptions(graph, { qualification: 'q1' })).toEqual({
      qualification: 'q1',
      listLearners: false,
    });
    const refusal = (options: object) => {
      try {
        checkDemandOptions(graph, options);
      } catch (err) {
        return err;
      }
      return undefined;
    };
    expect(refusal({ provider: 'nope' })).toMatchObject({ kind: 'unknown-id', path: ['provider'] });
    // A credential that is not a qualification is an unknown qualification.
    expect(refusal({ qualification: 'm1' })).toMatchObject({
      kind: 'unknown-id',
      path: ['qualification'],
    });
    expect(() => checkDemandOptions(graph, { listLearners: 'yes' } as never)).toThrow(
      /^analytics\/demand: invalid options: options\.listLearners/,
    );
    expect(() => checkDemandOptions(graph, { extra: 1 } as never)).toThrow(AnalyticsInputError);
  });

  it('names where in the plans an unknown credential is', () => {
    const given = [plan('L1', 'q1', 'planned', [['m1'], ['m2', 'ghost']])];
    let error: unknown;
    try {
      credentialDemand(graph, [plans[0]!, ...given]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect(error).toMatchObject({
      kind: 'unknown-id',
      path: ['plans', 1, 'steps', 1, 'take', 1, 'credential'],
    });
  });
});

describe('credential demand per intake, hand-worked', () => {
  const START = '2027-02-01';
  const calendar = { start: START, maxCreditsPerTerm: 30 };
  type Take = [credential: string, start?: string, offering?: number];
  const dated = (
    learner: string,
    target: string,
    steps: Take[][],
    status: 'dated' | 'undated' = 'dated',
  ): LearnerPlan => ({
    learner,
    target: { qualification: target },
    status: 'planned',
    steps: steps.map((take) => ({
      take: take.map(([credential, start, offering]) => ({
        credential,
        ...(start !== undefined ? { start } : {}),
        ...(offering !== undefined ? { offering } : {}),
      })),
    })),
    calendar: { start: START, status },
  });
  // L1 has two targets and takes m1 at two intakes (February for q1, September for q2) and m3
  // on the default; L2 takes m2 in February; L3 has reached q1; L4 cannot reach q2; L5 takes
  // m1 online on 10 March; L6's plan could not be dated.
  const datedPlans = [
    dated('L1', 'q1', [[['m1', '2027-02-01', 0]], [['m2', '2027-09-01', 0]]]),
    dated('L1', 'q2', [[['m3', '2027-02-01']], [['m1', '2027-09-01', 0]]]),
    dated('L2', 'q1', [[['m2', '2027-02-01', 0]]]),
    plan('L3', 'q1', 'achieved'),
    plan('L4', 'q2', 'infeasible'),
    dated('L5', 'q1', [[['m1', '2027-03-10', 1]], [['m2', '2027-09-01', 0]]]),
    dated('L6', 'q2', [[['m1']], [['m3']]], 'undated'),
  ];
  const none = { next: 0, total: 0, learners: [] };

  it("splits each credential's seats by intake, default and undated", () => {
    const r = credentialDemand(graph, datedPlans, { calendar, listLearners: true });
    expect(r.credentials).toEqual([
      {
        credential: 'm1',
        title: 'Module m1',
        kind: 'module',
        provider: 'p1',
        next: 3,
        total: 3,
        learners: ['L1', 'L5', 'L6'],
        intakes: [
          { start: '2027-02-01', offering: 0, next: 1, total: 1, learners: ['L1'] },
          {
            start: '2027-03-10',
            offering: 1,
            offeringId: 'm1-online',
            next: 1,
            total: 1,
            learners: ['L5'],
          },
          // L1 again: the q2 plan takes m1 in its second step, in September.
          { start: '2027-09-01', offering: 0, next: 0, total: 1, learners: ['L1'] },
        ],
        assumed: none,
        undated: { next: 1, total: 1, learners: ['L6'] },
      },
      {
        credential: 'm2',
        title: 'Module m2',
        kind: 'module',
        provider: 'p1',
        next: 1,
        total: 3,
        learners: ['L1', 'L2', 'L5'],
        intakes: [
          { start: '2027-02-01', offering: 0, next: 1, total: 1, learners: ['L2'] },
          { start: '2027-09-01', offering: 0, next: 0, total: 2, learners: ['L1', 'L5'] },
        ],
        assumed: none,
        undated: none,
      },
      {
        credential: 'm3',
        title: 'Module m3',
        kind: 'module',
        provider: 'p2',
        next: 1,
        total: 2,
        learners: ['L1', 'L6'],
        intakes: [],
        assumed: { next: 1, total: 1, learners: ['L1'] },
        undated: { next: 0, total: 1, learners: ['L6'] },
      },
    ]);
    expect(r.calendar).toEqual({ start: START, maxCreditsPerTerm: 30, undated: 1 });
    expect(r.plans).toEqual({ counted: 7, planned: 5, achieved: 1, infeasible: 1 });
    expect(r.learners).toBe(6);
    expect(r.unused).toEqual(['m4']);
    expect(r.unreachable).toEqual({ learners: 1, ids: ['L4'] });
    expect(DemandReport.parse(r)).toEqual(r);
  });

  it('keeps the counts of a report without a calendar unchanged, dates or not', () => {
    const plain = credentialDemand(graph, datedPlans, { listLearners: true });
    expect(plain.calendar).toBeUndefined();
    expect(plain.credentials.every((c) => !('intakes' in c || 'assumed' in c))).toBe(true);
    const undated = datedPlans.map(({ calendar: _calendar, ...p }) => ({
      ...p,
      steps: p.steps.map((s) => ({ take: s.take.map(({ credential }) => ({ credential })) })),
    }));
    expect(plain).toEqual(credentialDemand(graph, undated, { listLearners: true }));
    const withCalendar = credentialDemand(graph, datedPlans, { calendar, listLearners: true });
    expect(
      withCalendar.credentials.map(({ intakes: _i, assumed: _a, undated: _u, ...c }) => c),
    ).toEqual(plain.credentials);
  });

  it('filters by qualification and provider within the intakes too', () => {
    const r = credentialDemand(graph, datedPlans, { calendar, qualification: 'q2' });
    expect(r.credentials.map((c) => [c.credential, c.intakes, c.assumed, c.undated])).toEqual([
      [
        'm1',
        [{ start: '2027-09-01', offering: 0, next: 0, total: 1 }],
        { next: 0, total: 0 },
        { next: 1, total: 1 },
      ],
      ['m3', [], { next: 1, total: 1 }, { next: 0, total: 1 }],
    ]);
    expect(r.calendar?.undated).toBe(1);
    const p2 = credentialDemand(graph, datedPlans, { calendar, provider: 'p2' });
    expect(p2.credentials.map((c) => c.credential)).toEqual(['m3']);
  });

  const refusal = (given: LearnerPlan[], options: DemandOptions = { calendar }) => {
    try {
      credentialDemand(graph, given, options);
    } catch (err) {
      return err as AnalyticsInputError;
    }
    return undefined;
  };

  it.each([
    [
      'a plan made without the calendar',
      plan('L1', 'q1', 'planned', [['m1']]),
      ['plans', 0, 'calendar'],
      /the plan of "L1" is not dated/,
    ],
    [
      'a plan dated from another start',
      {
        ...dated('L1', 'q1', [[['m1', '2027-09-01', 0]]]),
        calendar: { start: '2027-09-01', status: 'dated' as const },
      },
      ['plans', 0, 'calendar', 'start'],
      /dated from 2027-09-01, not from the calendar's 2027-02-01/,
    ],
    [
      'a dated credential without a start day',
      dated('L1', 'q1', [[['m1', '2027-02-01', 0], ['m2']]]),
      ['plans', 0, 'steps', 0, 'take', 1, 'start'],
      /takes "m2" without a start day/,
    ],
    [
      'an offering the credential does not have',
      dated('L1', 'q1', [[['m2', '2027-02-01', 1]]]),
      ['plans', 0, 'steps', 0, 'take', 0, 'offering'],
      /takes "m2" on offering 1, which it does not have/,
    ],
    [
      'no offering for a credential that has some',
      dated('L1', 'q1', [[['m1', '2027-02-01']]]),
      ['plans', 0, 'steps', 0, 'take', 0, 'offering'],
      /takes "m1" without saying on which of its offerings/,
    ],
  ])('refuses %s, naming where', (_what, given, path, message) => {
    const err = refusal([given]);
    expect(err).toBeInstanceOf(AnalyticsInputError);
    expect(err).toMatchObject({ path, kind: 'invalid' });
    expect(err!.message).toMatch(new RegExp(`^analytics/demand: .*${message.source}`));
  });

  it("refuses a calendar a plan request would refuse, by the plan request's schema", () => {
    expect(
      refusal(datedPlans, {
        calendar: { start: START, maxCreditsPerTerm: 30, maxCreditsPerMonth: 5 },
      }),
    ).toMatchObject({ path: ['calendar', 'maxCreditsPerMonth'] });
    expect(refusal(datedPlans, { calendar: { start: '2027-02-30' } })?.message).toMatch(
      /options\.calendar\.start/,
    );
    expect(refusal(datedPlans, { calendar: { maxCreditsPerTerm: 30 } } as never)?.message).toMatch(
      /options\.calendar\.start/,
    );
    // An achieved plan has nothing to date, and is counted as before.
    expect(refusal([plan('L3', 'q1', 'achieved')])).toBeUndefined();
  });
});

describe('credential demand against a brute-force count', () => {
  const arb = fc.record({
    providers: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 6 }),
    plans: fc.array(
      fc.record({
        learner: fc.integer({ min: 0, max: 4 }),
        target: fc.integer({ min: 0, max: 1 }),
        status: fc.constantFrom('planned' as const, 'achieved' as const, 'infeasible' as const),
        steps: fc.array(fc.array(fc.nat(5), { maxLength: 3 }), { maxLength: 3 }),
      }),
      { maxLength: 12 },
    ),
    provider: fc.option(fc.constantFrom('p0', 'p1'), { nil: undefined }),
    qualification: fc.option(fc.constantFrom('q0', 'q1'), { nil: undefined }),
  });

  it('counts what a direct count over every credential and plan gives', () => {
    fc.assert(
      fc.property(arb, (k) => {
        const ids = k.providers.map((_, i) => `m${i}`);
        const g = graphOf({
          providers: [
            { id: 'p0', name: 'P0' },
            { id: 'p1', name: 'P1' },
          ],
          credentials: [
            ...ids.map((id, i) => module(id, `p${k.providers[i]}`)),
            qualification('q0', 'p0', [ids[0]!]),
            qualification('q1', 'p1', [ids[0]!]),
          ],
        });
        const given = k.plans.map((p) =>
          plan(
            `L${p.learner}`,
            `q${p.target}`,
            p.status,
            p.status === 'planned' ? p.steps.map((s) => s.map((j) => ids[j % ids.length]!)) : [],
          ),
        );
        const r = credentialDemand(g, given, {
          provider: k.provider,
          qualification: k.qualification,
          listLearners: true,
        });

        const counted = given.filter(
          (p) =>
            k.qualification === undefined ||
            (p.target as { qualification: string }).qualification === k.qualification,
        );
        const takers = (id: string, firstOnly: boolean) =>
          new Set(
            counted
              .filter((p) =>
                (firstOnly ? p.steps.slice(0, 1) : p.steps).some((s) =>
                  s.take.some((t) => t.credential === id),
                ),
              )
              .map((p) => p.learner),
          );
        const scope = ids.filter(
          (_, i) => k.provider === undefined || `p${k.providers[i]}` === k.provider,
        );
        const expected = scope
          .filter((id) => takers(id, false).size > 0)
          .map((id) => [id, takers(id, true).size, [...takers(id, false)].sort()]);
        const got = r.credentials.map((c) => [c.credential, c.next, c.learners]);
        expect(got.sort()).toEqual(expected.sort());
        expect(r.credentials.every((c) => c.total === c.learners!.length)).toBe(true);
        expect(r.unused).toEqual(scope.filter((id) => takers(id, false).size === 0).sort());
        expect(r.unreachable.ids).toEqual(
          [
            ...new Set(counted.filter((p) => p.status === 'infeasible').map((p) => p.learner)),
          ].sort(),
        );
        // Most demanded first.
        const totals = r.credentials.map((c) => c.total);
        expect(totals).toEqual([...totals].sort((a, b) => b - a));
      }),
    );
  });
});

describe('credential demand per intake against a brute-force count', () => {
  const DAYS = ['2027-02-01', '2027-03-01', '2027-09-01'];
  const arb = fc.record({
    // Per module: its provider and how many offerings it has (0: the default is assumed).
    modules: fc.array(fc.record({ provider: fc.nat(1), offerings: fc.nat(2) }), {
      minLength: 1,
      maxLength: 5,
    }),
    plans: fc.array(
      fc.record({
        learner: fc.nat(4),
        target: fc.nat(1),
        status: fc.constantFrom('planned' as const, 'achieved' as const, 'infeasible' as const),
        dated: fc.boolean(),
        steps: fc.array(
          fc.array(fc.record({ module: fc.nat(4), day: fc.nat(2), offering: fc.nat(1) }), {
            maxLength: 3,
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 12 },
    ),
    provider: fc.option(fc.constantFrom('p0', 'p1'), { nil: undefined }),
    qualification: fc.option(fc.constantFrom('q0', 'q1'), { nil: undefined }),
  });

  it('counts per intake what a direct count over every plan and credential gives', () => {
    fc.assert(
      fc.property(arb, (k) => {
        const ids = k.modules.map((_, i) => `m${i}`);
        const offeringsOf = (i: number) => k.modules[i]!.offerings;
        const g = graphOf({
          providers: [
            { id: 'p0', name: 'P0' },
            { id: 'p1', name: 'P1' },
          ],
          credentials: [
            ...k.modules.map((m, i) => ({
              ...module(ids[i]!, `p${m.provider}`),
              ...(m.offerings
                ? {
                    offerings: Array.from({ length: m.offerings }, () => ({
                      anyTime: true as const,
                    })),
                  }
                : {}),
            })),
            qualification('q0', 'p0', [ids[0]!]),
            qualification('q1', 'p1', [ids[0]!]),
          ],
        });
        const calendar = { start: DAYS[0]!, maxCreditsPerMonth: 10 };
        const given: LearnerPlan[] = k.plans.map((p) => ({
          learner: `L${p.learner}`,
          target: { qualification: `q${p.target}` },
          status: p.status,
          steps:
            p.status === 'planned'
              ? p.steps.map((s) => ({
                  take: s.map((t) => {
                    const i = t.module % ids.length;
                    const n = offeringsOf(i);
                    return {
                      credential: ids[i]!,
                      ...(p.dated ? { start: DAYS[t.day]! } : {}),
                      ...(p.dated && n > 0 ? { offering: t.offering % n } : {}),
                    };
                  }),
                }))
              : [],
          calendar: { start: DAYS[0]!, status: p.dated ? 'dated' : 'undated' },
        }));
        const r = credentialDemand(g, given, {
          provider: k.provider,
          qualification: k.qualification,
          listLearners: true,
          calendar,
        });

        // Brute force: every (credential, where, learner, first step?) a counted plan holds.
        const counted = given.filter(
          (p) =>
            p.status !== 'infeasible' &&
            (k.qualification === undefined ||
              (p.target as { qualification: string }).qualification === k.qualification),
        );
        const where = (p: LearnerPlan, t: LearnerPlan['steps'][number]['take'][number]) =>
          p.calendar!.status === 'undated'
            ? 'undated'
            : t.offering === undefined
              ? 'assumed'
              : `${t.start} ${t.offering}`;
        const seats = (id: string, at: string) => {
          const takes = counted.flatMap((p) =>
            p.steps.flatMap((s, i) =>
              s.take
                .filter((t) => t.credential === id && where(p, t) === at)
                .map(() => ({ learner: p.learner, first: i === 0 })),
            ),
          );
          return {
            next: new Set(takes.filter((t) => t.first).map((t) => t.learner)).size,
            total: new Set(takes.map((t) => t.learner)).size,
            learners: [...new Set(takes.map((t) => t.learner))].sort(),
          };
        };
        const scope = ids.filter(
          (_, i) => k.provider === undefined || `p${k.modules[i]!.provider}` === k.provider,
        );
        for (const id of scope) {
          const c = r.credentials.find((x) => x.credential === id);
          const i = ids.indexOf(id);
          const intakes = DAYS.flatMap((day) =>
            Array.from({ length: offeringsOf(i) }, (_, o) => ({
              start: day,
              offering: o,
              ...seats(id, `${day} ${o}`),
            })),
          ).filter((x) => x.total > 0);
          if (!c) {
            expect(intakes).toEqual([]);
            expect(seats(id, 'assumed').total + seats(id, 'undated').total).toBe(0);
            continue;
          }
          expect(c.intakes).toEqual(intakes);
          expect(c.assumed).toEqual(seats(id, 'assumed'));
          expect(c.undated).toEqual(seats(id, 'undated'));
          // Every taker is in some bucket; a learner at two intakes is one seat in all.
          const union = new Set(
            [...c.intakes!, c.assumed!, c.undated!].flatMap((b) => b.learners!),
          );
          expect([...union].sort()).toEqual(c.learners);
        }
        expect(r.calendar).toEqual({
          ...calendar,
          undated: counted.filter(
            (p) => p.calendar!.status === 'undated' && p.steps.some((s) => s.take.length > 0),
          ).length,
        });
      }),
    );
  });
});
