/**
 * Demand from learners' plans (src/analytics/demand): a hand-worked catalogue and plans, and
 * the module against a brute-force count on random catalogues and plans.
 */
import fc from 'fast-check';
import {
  checkDemandOptions,
  credentialDemand,
  DemandReport,
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

const doc: CatalogueDocumentInput = {
  providers: [
    { id: 'p1', name: 'P1' },
    { id: 'p2', name: 'P2' },
  ],
  credentials: [
    module('m1', 'p1'),
    module('m2', 'p1'),
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
