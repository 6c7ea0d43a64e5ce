/**
 * Recognition of prior learning (src/engine/priorLearning.ts, planner/priorLearning.ts):
 * which records count, exemptable credentials, the seed's learner with validated prior
 * learning, and random small catalogues against an exhaustive reference that enumerates every
 * exemption subset within the share cap and every set of credentials the reference planner
 * (test/support/reference) finds feasible, with the provider minimum checked on each.
 */
import fc from 'fast-check';
import { auditQualification } from '../../src/engine/audit.js';
import { ladderTo } from '../../src/engine/ladder.js';
import {
  buildProblem,
  checkCalendar,
  effectiveCalendar,
  planPathway,
  scheduleCalendar,
  type Plan,
} from '../../src/engine/planner/index.js';
import { checkPriorLearning, exemptableCredentials } from '../../src/engine/priorLearning.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import type {
  CatalogueDocument,
  ObjectiveName,
  PriorLearningRecord,
} from '../../src/model/index.js';
import { priorLearningCatalogue } from '../support/reference/generate.js';
import { RefPlanner, compareScores, refExemptions } from '../support/reference/index.js';
import { seedCatalogue } from '../support/seed.js';

const seed = seedCatalogue();
const seedGraph = buildCatalogueGraph(seed);
const learner = seed.learners.find((l) => l.id === 'learner-prior-learning')!;
const CERT = 'smtu:cert-data-analytics';
const taken = (plan: Plan) => plan.steps.flatMap((s) => s.take.map((t) => t.credential)).sort();

const record = (over: Partial<PriorLearningRecord>): PriorLearningRecord => ({
  outcome: 'lo:stats-inference',
  method: 'validation',
  validatedOn: '2026-03-10',
  verified: true,
  ...over,
});

describe('which prior learning counts', () => {
  it('counts verified records validated on or before the reference date only', () => {
    const check = checkPriorLearning(
      seedGraph,
      {
        records: [
          record({}),
          record({ validatedOn: '2027-02-01' }),
          record({ verified: false }),
          record({ method: 'self-declared', verified: true }),
          record({ outcome: 'lo:not-there' }),
        ],
      },
      '2027-01-15',
    );
    expect(check.counted.map((c) => c.index)).toEqual([0]);
    expect(check.dropped.map((d) => d.reason)).toEqual([
      'not-yet-validated',
      'unverified',
      'self-declared',
      'unknown-outcome',
    ]);
  });

  it('counts unverified and self-declared records with countUnverified', () => {
    const check = checkPriorLearning(
      seedGraph,
      {
        records: [record({ verified: false }), record({ method: 'self-declared' })],
        countUnverified: true,
      },
      '2027-01-15',
    );
    expect(check.counted).toHaveLength(2);
  });

  it('maps a skill record to the outcomes of that skill', () => {
    const outcome = seed.learningOutcomes.find((lo) => lo.skills.length > 0)!;
    const skill = outcome.skills[0]!.skill;
    const check = checkPriorLearning(
      seedGraph,
      { records: [{ skill, method: 'assessment', validatedOn: '2026-01-01', verified: true }] },
      '2027-01-15',
    );
    expect(check.counted[0]!.outcomes).toContain(outcome.id);
  });

  it('makes a credential exemptable only when all its outcomes are held', () => {
    const one = checkPriorLearning(seedGraph, { records: [record({})] }, '2027-01-15');
    expect(exemptableCredentials(seedGraph, one, ['smtu:mc-statistics'])).toEqual([]);
    const both = checkPriorLearning(
      seedGraph,
      { records: [record({}), record({ outcome: 'lo:stats-regression' })] },
      '2027-01-15',
    );
    expect(
      exemptableCredentials(seedGraph, both, ['smtu:mc-statistics']).map((e) => e.evidence),
    ).toEqual([[0, 1]]);
  });
});

describe('the seed learner with validated prior learning', () => {
  const request = {
    holdings: learner.holdings,
    priorLearning: learner.priorLearning,
    asOf: '2027-01-15',
    target: { qualification: CERT },
  };

  it('gets a shorter plan through exemptions within the share cap', () => {
    const without = planPathway(seedGraph, { ...request, priorLearning: [] });
    const plan = planPathway(seedGraph, request);
    expect(without.totals.credits).toBe(15);
    expect(plan.optimality).toBe('optimal');
    expect(plan.totals.credits).toBe(5);
    expect(plan.priorLearning!.exemptions.map((x) => x.credential).sort()).toEqual([
      'smtu:mc-python-data',
      'smtu:mc-statistics',
    ]);
    expect(plan.priorLearning!.cap).toMatchObject({
      maxCredits: 10,
      exemptedCredits: 10,
      left: 0,
      minCreditsWithProvider: 5,
      creditsWithProvider: 5,
    });
    // The self-declared record does not count without countUnverified.
    expect(plan.priorLearning!.dropped.map((d) => d.reason)).toEqual(['self-declared']);
    expect(plan.explanation[0]).toMatch(/^Apply for recognition of /);
  });

  it('keeps the plan within the share cap when more could be exempted', () => {
    // Counting the self-declared dataviz outcome and its partner would make dataviz
    // exemptable too: 15 credits, over the cap of 10.
    const plan = planPathway(seedGraph, {
      ...request,
      priorLearning: [
        ...learner.priorLearning,
        record({ outcome: 'lo:data-storytelling', method: 'self-declared', verified: false }),
      ],
      countUnverified: true,
    });
    expect(plan.priorLearning!.exemptions).toHaveLength(2);
    expect(plan.priorLearning!.cap!.shareBinds).toBe(true);
    expect(plan.totals.credits).toBe(5);
  });

  it('dates a plan from its start: study goes on while the recognitions are decided', () => {
    const calendar = { start: '2027-02-01', maxCreditsPerTerm: 30 };
    const plan = planPathway(seedGraph, { ...request, calendar, objective: ['time', 'credits'] });
    // Applied for on the start day, decided four weeks later; the elective needs neither, so
    // it starts at once, and the exemptions finish as early as studying everything would.
    expect(plan.priorLearning!.exemptions.map((x) => x.decidedOn)).toEqual([
      '2027-03-01',
      '2027-03-01',
    ]);
    expect(plan.calendar!.start).toBe('2027-02-01');
    expect(plan.calendar!.completion).toBe('2027-04-25');
    expect(plan.totals.credits).toBe(5);
    expect(plan.optimality).toBe('optimal');
    const exempted = plan.priorLearning!.exemptions.map((x) => x.credential);
    const decidedOn = new Map(
      plan.priorLearning!.exemptions.map((x) => [x.credential, x.decidedOn!]),
    );
    const problem = buildProblem(seedGraph, { ...request, calendar }, { exempted, decidedOn });
    expect(
      checkCalendar(
        problem,
        taken(plan),
        effectiveCalendar(calendar, problem.constraints),
        plan.calendar!,
      ),
    ).toEqual([]);
  });

  it('starts what needs an exempted credential only after its decision, as the checker demands', () => {
    // Machine Learning's entry rule needs Statistics, which is exempted: its February intake
    // falls before the decision (2027-03-01), so it waits for September.
    const hdip = { ...request, target: { qualification: 'smtu:hdip-data-analytics' } };
    const calendar = { start: '2027-02-01' };
    const plan = planPathway(seedGraph, { ...hdip, calendar });
    const exempted = plan.priorLearning!.exemptions.map((x) => x.credential);
    expect(exempted).toContain('smtu:mc-statistics');
    const ml = plan.calendar!.credentials.find((c) => c.credential === 'smtu:mc-machine-learning')!;
    expect(ml.start).toBe('2027-09-15');
    const decidedOn = new Map(
      plan.priorLearning!.exemptions.map((x) => [x.credential, x.decidedOn!]),
    );
    const decided = buildProblem(seedGraph, { ...hdip, calendar }, { exempted, decidedOn });
    const effective = effectiveCalendar(calendar, decided.constraints);
    expect(checkCalendar(decided, taken(plan), effective, plan.calendar!)).toEqual([]);
    // Held from the start instead, the scheduler would start it in February: the checker,
    // told of the decision, refuses that schedule.
    const fromStart = buildProblem(seedGraph, { ...hdip, calendar }, { exempted });
    const early = scheduleCalendar(fromStart, taken(plan), effective);
    expect(early.credentials.find((c) => c.credential === 'smtu:mc-machine-learning')!.start).toBe(
      '2027-02-01',
    );
    expect(checkCalendar(decided, taken(plan), effective, early)).toContain(
      'smtu:mc-machine-learning starts before its entry rule is met',
    );
  });

  it('counts a partial credit transfer into the share cap, as a whole recognition counts', () => {
    // Lakeshore's cloud course transfers 6 ECTS (3 US semester hours) towards the Higher
    // Diploma's electives: of SMTU's cap (half of 60 credits), 6 are filled before exemptions.
    const hdip = { ...request, target: { qualification: 'smtu:hdip-data-analytics' } };
    const withTransfer = {
      ...hdip,
      holdings: [
        ...learner.holdings,
        { credential: 'lakeshore:course-cloud-computing', awardedOn: '2026-06-01' },
      ],
    };
    const without = planPathway(seedGraph, hdip).priorLearning!.cap!;
    const cap = planPathway(seedGraph, withTransfer).priorLearning!.cap!;
    expect(without).toMatchObject({ maxCredits: 30, transferCredits: 0 });
    expect(cap).toMatchObject({ maxCredits: 30, transferCredits: 6 });
    expect(cap.left).toBe(30 - 6 - cap.exemptedCredits);
  });

  it('counts on every rung of a ladder: fewer credits studied on the way', () => {
    const ladder = (priorLearning: PriorLearningRecord[]) =>
      ladderTo(seedGraph, {
        holdings: learner.holdings,
        asOf: request.asOf,
        qualification: 'smtu:hdip-data-analytics',
        priorLearning,
      });
    const without = ladder([]);
    const withPrior = ladder(learner.priorLearning);
    const certificate = (l: ReturnType<typeof ladder>) =>
      l.rungs.find((r) => r.credential === CERT)?.additionalCredits;
    expect(certificate(without)).toBe(15);
    expect(certificate(withPrior)).toBe(5);
    expect(withPrior.totalCredits).toBeLessThan(without.totalCredits);
  });

  it('shows in the audit which outcomes prior learning establishes and what is exemptable', () => {
    const audit = auditQualification(seedGraph, request);
    expect(audit.priorLearning!.counted.map((c) => c.outcomes).flat()).toContain(
      'lo:stats-inference',
    );
    expect(audit.priorLearning!.exemptable.sort()).toEqual([
      'smtu:mc-python-data',
      'smtu:mc-statistics',
    ]);
  });
});

// Random small catalogues: modules of a provider with a policy and of one without, a
// qualification of the first, entry rules on earlier modules, prior learning on outcomes.
const moduleSpec = fc.record({
  credits: fc.constantFrom(2, 5, 10),
  cost: fc.constantFrom(100, 400, 900),
  own: fc.boolean(),
  outcomes: fc.integer({ min: 1, max: 2 }),
  entryOn: fc.option(fc.nat(4), { nil: undefined }),
});
const instance = fc.record({
  modules: fc.array(moduleSpec, { minLength: 3, maxLength: 6 }),
  rule: fc.oneof(
    fc.record({ kind: fc.constant('credits' as const), need: fc.constantFrom(10, 15, 20) }),
    fc.record({ kind: fc.constant('n' as const), need: fc.integer({ min: 1, max: 3 }) }),
  ),
  held: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  share: fc.option(fc.constantFrom(0.25, 0.5, 1), { nil: undefined }),
  minimum: fc.option(fc.constantFrom(2, 5, 10), { nil: undefined }),
  cost: fc.constantFrom(0, 50, 500),
  objective: fc.constantFrom<ObjectiveName[]>(['credits'], ['cost'], ['count', 'credits']),
});

type Instance = typeof instance extends fc.Arbitrary<infer T> ? T : never;
const ASOF = '2027-01-15';

function catalogueOf(spec: Instance): {
  doc: CatalogueDocument;
  records: PriorLearningRecord[];
} {
  const ids = spec.modules.map((_, i) => `m${i}`);
  return priorLearningCatalogue(
    spec.modules.map((m, i) => ({
      ...m,
      ...(m.entryOn !== undefined && m.entryOn < i
        ? { entryRule: { op: 'ALL' as const, accepts: [ids[m.entryOn]!] } }
        : {}),
    })),
    spec.rule.kind === 'credits'
      ? { op: 'MIN_CREDITS', credits: spec.rule.need, accepts: ids }
      : { op: 'N_OF', n: Math.min(spec.rule.need, ids.length), accepts: ids },
    {
      exemption: true,
      cost: spec.cost,
      weeks: 2,
      ...(spec.share !== undefined ? { maxShareOfQualification: spec.share } : {}),
      ...(spec.minimum !== undefined ? { minCreditsWithProvider: spec.minimum } : {}),
    },
    spec.held,
  );
}

/** The reference optimum: every exemption subset within the share cap, every feasible set. */
function referenceScore(
  doc: CatalogueDocument,
  records: PriorLearningRecord[],
  objective: ObjectiveName[],
): number[] | undefined {
  const { sets: exemptionSets, minimumMet, stepValue } = refExemptions(doc, records, ASOF, 'q');
  let best: number[] | undefined;
  for (const exempted of exemptionSets) {
    const ref = new RefPlanner(doc, {
      holdings: exempted.map((c) => ({ credential: c.id, awardedOn: '2026-01-01' })),
      asOf: ASOF,
      target: { qualification: 'q' },
      objective,
    });
    const sets: string[][] = ref.achieved ? [[]] : [];
    for (let m = 1; m < 1 << ref.candidates.length; m++)
      sets.push(ref.candidates.filter((_, i) => m & (1 << i)));
    for (const set of sets) {
      if (set.length > 0 ? !ref.isFeasible(set) : !ref.achieved) continue;
      if (!minimumMet(set, exempted)) continue;
      const score = ref
        .score(set)
        .map((v, k) => v + exempted.reduce((t, c) => t + stepValue(c, objective[k]!), 0));
      if (!best || compareScores(score, best) < 0) best = score;
    }
  }
  return best;
}

describe('exemptions against the exhaustive reference', () => {
  it('finds the optimum on random small catalogues, proven', () => {
    fc.assert(
      fc.property(instance, (spec) => {
        const { doc, records } = catalogueOf(spec);
        const graph = buildCatalogueGraph(doc);
        const plan = planPathway(graph, {
          holdings: [],
          priorLearning: records,
          asOf: ASOF,
          target: { qualification: 'q' },
          objective: spec.objective,
        });
        const expected = referenceScore(doc, records, spec.objective);
        if (!expected) return plan.status === 'infeasible';
        expect(plan.status).not.toBe('infeasible');
        expect(plan.optimality).toBe('optimal');
        const exemptions = plan.priorLearning?.exemptions ?? [];
        const policy = doc.providers[0]!.priorLearningPolicy!;
        const score = spec.objective.map(
          (name) =>
            (name === 'count' ? plan.totals.count : plan.totals[name as 'credits' | 'cost']) +
            exemptions.length * (name === 'cost' ? (policy.cost ?? 0) : name === 'count' ? 1 : 0),
        );
        expect(score).toEqual(expected);
        // The caps hold for the plan returned.
        if (exemptions.length > 0) {
          const exempted = exemptions.reduce((t, x) => t + x.credits, 0);
          if (policy.maxShareOfQualification !== undefined)
            expect(exempted).toBeLessThanOrEqual(policy.maxShareOfQualification * 20 + 1e-9);
          if (policy.minCreditsWithProvider !== undefined)
            expect(plan.priorLearning!.cap!.creditsWithProvider).toBeGreaterThanOrEqual(
              policy.minCreditsWithProvider,
            );
        }
        return true;
      }),
      { numRuns: 150, seed: 20261205 },
    );
  });
});
