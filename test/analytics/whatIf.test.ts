/**
 * What-if on a draft (src/analytics/whatIf, run as the service runs it: service/whatIfJob.ts):
 * hand-worked small catalogues for each part of the report, then random catalogues and drafts
 * against plans computed directly on the catalogue rebuilt with the draft applied.
 */
import fc from 'fast-check';
import type { Highs } from 'highs';
import { stackability, whatIfScope, type WhatIfReport } from '../../src/analytics/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import {
  buildProblem,
  compileReplay,
  describePlan,
  planPathway,
  type Plan,
  type PlanRequest as PlanRequestInput,
} from '../../src/engine/planner/index.js';
import {
  buildCatalogueGraph,
  credentialOf,
  deriveCatalogueGraph,
  type CatalogueGraph,
} from '../../src/graph/index.js';
import {
  applyDraft,
  parseCatalogue,
  PlanRequest,
  formatPath,
  type CatalogueDocument,
  type CatalogueDocumentInput,
  type CatalogueDraftInput,
} from '../../src/model/index.js';
import { planJob } from '../../src/service/planning.js';
import { learnerPlans, mergeWhatIfReports, runWhatIfJob } from '../../src/service/whatIfJob.js';
import { runWhatIfJobs } from '../../src/service/whatIf.js';
import { inlineEngine } from '../../src/service/planningThreads.js';
import { draftTouches } from '../../src/analytics/index.js';
import { catalogueArb, draftArb } from '../support/drafts.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const AS_OF = '2026-01-01';

const parse = (input: CatalogueDocumentInput): CatalogueDocument => {
  const parsed = parseCatalogue(input);
  if (!parsed.ok)
    throw new Error(parsed.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n'));
  return parsed.value;
};

type Learner = { id: string; holdings: { credential: string; awardedOn: string }[] };

/** A what-if as the service runs it, on a document and a draft. */
function evaluate(
  doc: CatalogueDocument,
  draft: CatalogueDraftInput,
  learners: Learner[] = [],
  options: { qualification?: string } = {},
): { report: WhatIfReport; after: CatalogueDocument } {
  const applied = applyDraft(doc, draft);
  if (!applied.ok) throw new Error(JSON.stringify(applied.issues));
  const request = PlanRequest.parse({ target: { qualification: 'x' }, holdings: [], asOf: AS_OF });
  const report = runWhatIfJob(
    buildCatalogueGraph(doc),
    {
      draft: applied.value.effective,
      changes: applied.value.changes,
      touched: draftTouches(applied.value.effective),
      options,
      plan: planJob(request, []),
      learners,
      allLearners: learners.length,
      catalogue: true,
      maxPlans: 1000,
    },
    highs,
  );
  return { report, after: applied.value.document };
}

const module = (id: string, credits: number, extra: object = {}) => ({
  id,
  title: `Module ${id}`,
  kind: 'module' as const,
  credits,
  cost: credits * 10,
  provider: 'p1',
  ...extra,
});

const base: CatalogueDocumentInput = {
  providers: [{ id: 'p1', name: 'College' }],
  credentials: [
    module('m1', 5),
    module('m2', 5, { entryRule: { op: 'ALL', accepts: ['m1'] } }),
    module('m3', 5, { kind: 'micro-credential' }),
    module('m5', 5),
    {
      id: 'q1',
      title: 'Certificate one',
      kind: 'certificate',
      qualification: true,
      credits: 10,
      provider: 'p1',
      awardRule: { op: 'ALL', accepts: ['m1', 'm2'] },
    },
    {
      id: 'q2',
      title: 'Certificate two',
      kind: 'certificate',
      qualification: true,
      credits: 5,
      provider: 'p1',
      awardRule: { op: 'ANY', accepts: ['m3', 'm5'] },
    },
    {
      id: 'q3',
      title: 'Untouched',
      kind: 'certificate',
      qualification: true,
      credits: 5,
      provider: 'p1',
      awardRule: { op: 'ALL', accepts: ['m5'] },
    },
  ],
};
const doc = parse(base);

describe('what-if, hand-worked', () => {
  // The college raises m2 to 10 credits and drops m3 from q2.
  const draft: CatalogueDraftInput = {
    credentials: [
      module('m2', 10, { entryRule: { op: 'ALL', accepts: ['m1'] } }),
      {
        id: 'q2',
        title: 'Certificate two',
        kind: 'certificate',
        qualification: true,
        credits: 5,
        provider: 'p1',
        awardRule: { op: 'ANY', accepts: ['m5'] },
      },
    ],
  };
  const { report } = evaluate(doc, draft, [
    { id: 'learner-a', holdings: [{ credential: 'm1', awardedOn: '2025-01-01' }] },
    { id: 'learner-b', holdings: [{ credential: 'm5', awardedOn: '2025-01-01' }] },
  ]);

  it('re-examines only the qualifications whose cone the draft touches', () => {
    expect(report.changes).toEqual({
      added: [],
      replaced: ['m2', 'q2'],
      removed: [],
      unchanged: [],
    });
    expect(report.reexamined).toEqual(['q1', 'q2']);
  });

  it('reports the minimum credits that change, before and after', () => {
    expect(report.qualifications).toEqual([
      {
        qualification: 'q1',
        title: 'Certificate one',
        change: 'changed',
        before: { status: 'planned', credits: 10, cost: 100, terms: 2 },
        after: { status: 'planned', credits: 15, cost: 150, terms: 2 },
        explanation: expect.any(Array) as unknown,
      },
    ]);
    expect(report.unreachable).toEqual([]);
  });

  it('reports the orphan created and the micro-credential share lost', () => {
    expect(report.orphans).toEqual({ created: ['m3'], removed: [] });
    expect(report.microCredentialShares).toEqual([{ qualification: 'q2', before: 1, after: 0 }]);
  });

  it('reports the learners whose plan changes, with the credentials in and out', () => {
    // learner-a holds m1: q1 needs m2, dearer now; q2 takes m3 (5, cost 50) or m5: after, m5.
    expect(report.learners.plans).toBe(4);
    const a = report.learners.changed.filter((c) => c.learner === 'learner-a');
    expect(a.find((c) => c.qualification === 'q1')).toEqual({
      learner: 'learner-a',
      qualification: 'q1',
      before: { status: 'planned', credits: 5, cost: 50, terms: 1 },
      after: { status: 'planned', credits: 10, cost: 100, terms: 1 },
      entered: [],
      left: [],
    });
    // learner-b holds m5: q2 achieved before and after, q1 dearer.
    const b = report.learners.changed.filter((c) => c.learner === 'learner-b');
    expect(b.map((c) => c.qualification)).toEqual(['q1']);
  });

  it('gives the same report when its learners are shared out over several threads', async () => {
    const applied = applyDraft(doc, draft);
    if (!applied.ok) throw new Error('invalid');
    const job = {
      draft: applied.value.effective,
      changes: applied.value.changes,
      touched: draftTouches(applied.value.effective),
      options: {},
      plan: planJob(
        PlanRequest.parse({ target: { qualification: 'x' }, holdings: [], asOf: AS_OF }),
        [],
      ),
      maxPlans: 1000,
    };
    const learners = ['a', 'b', 'c'].map((id) => ({
      id: `learner-${id}`,
      holdings: [{ credential: id === 'b' ? 'm5' : 'm1', awardedOn: '2025-01-01' }],
    }));
    const graph = buildCatalogueGraph(doc);
    const one = await runWhatIfJobs(inlineEngine, graph, job, learners);
    const three = await runWhatIfJobs({ ...inlineEngine, parallelism: 3 }, graph, job, learners);
    expect(three).toEqual(one);
    expect(one.learners.plans).toBe(6);
  });

  it('narrows to one qualification', () => {
    const narrowed = evaluate(doc, draft, [], { qualification: 'q2' }).report;
    expect(narrowed.reexamined).toEqual(['q2']);
    expect(narrowed.qualifications).toEqual([]);
  });

  it('reports a target that becomes unreachable, with the explanation, and complexity changes', () => {
    const { report: r } = evaluate(doc, {
      credentials: [
        { id: 'm4', title: 'Not offered', kind: 'module', credits: 5, earnable: false },
        {
          id: 'q1',
          title: 'Certificate one',
          kind: 'certificate',
          qualification: true,
          credits: 10,
          provider: 'p1',
          awardRule: { op: 'ALL', accepts: ['m1', 'm2', 'm4'] },
        },
        module('m5', 5, { entryRule: { op: 'ALL', accepts: ['m1'] } }),
      ],
    });
    expect(r.unreachable).toEqual(['q1']);
    const q1 = r.qualifications.find((q) => q.qualification === 'q1')!;
    expect(q1.after?.status).toBe('infeasible');
    expect(q1.explanation.join(' ')).toMatch(/m4|Not offered/);
    // q3's curriculum {m5} gains no edge inside it (m1 is outside): unchanged measures; q1's
    // gains m4, which blocks nothing.
    const q1Complexity = r.complexity.find((c) => c.qualification === 'q1');
    expect(q1Complexity?.courses.map((c) => c.credential)).toEqual(['m4']);
    expect(r.reexamined).toEqual(['q1', 'q2', 'q3']);
  });

  it('reports orphans removed and a qualification reachable again', () => {
    const orphaned = parse({
      ...base,
      credentials: [
        ...base.credentials!,
        { id: 'm6', title: 'Lonely', kind: 'micro-credential', credits: 3 },
        { id: 'm7', title: 'Closed', kind: 'module', credits: 3, earnable: false },
        {
          id: 'q4',
          title: 'Blocked',
          kind: 'certificate',
          qualification: true,
          credits: 3,
          awardRule: { op: 'ALL', accepts: ['m7'] },
        },
      ],
    });
    const { report: r } = evaluate(orphaned, {
      recognitions: [{ from: 'm6', to: 'm7' }],
    });
    expect(r.orphans).toEqual({ created: [], removed: ['m6'] });
    expect(r.reachableAgain).toEqual(['q4']);
  });
});

/** The figures the report gives a plan. */
function figuresOn(graph: CatalogueGraph, q: string, holdings: Learner['holdings'] = []) {
  if (!graph.hasNode(q)) return null;
  const plan = planPathway(
    graph,
    { holdings, asOf: AS_OF, target: { qualification: q } },
    { mip: highs },
  );
  return {
    status: plan.status,
    credits: plan.totals.credits,
    cost: plan.totals.cost,
    terms: plan.steps.length,
  };
}

describe('what-if against plans on the catalogue rebuilt with the draft', () => {
  it('agrees on random catalogues and drafts: plans, scope, orphans', () => {
    fc.assert(
      fc.property(
        catalogueArb,
        draftArb,
        fc.subarray(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']),
        (catalogue, draft, held) => {
          const before = parse(catalogue);
          fc.pre(applyDraft(before, draft).ok);
          const learner = {
            id: 'learner-x',
            holdings: held.map((credential) => ({ credential, awardedOn: '2025-01-01' })),
          };
          fc.pre(!(draft.remove?.credentials ?? []).some((id) => held.includes(id)));
          const { report, after } = evaluate(before, draft, [learner]);
          const gb = buildCatalogueGraph(before);
          const ga = buildCatalogueGraph(after);
          for (const q of ['q1', 'q2']) {
            const fb = figuresOn(gb, q);
            const fa = figuresOn(ga, q);
            const row = report.qualifications.find((r) => r.qualification === q);
            if (report.reexamined.includes(q)) {
              if (JSON.stringify(fb) === JSON.stringify(fa)) expect(row).toBeUndefined();
              else expect([row?.before, row?.after]).toEqual([fb, fa]);
            } else expect(fa).toEqual(fb); // not re-examined: nothing may change
            const lb = figuresOn(gb, q, learner.holdings);
            const la = figuresOn(ga, q, learner.holdings);
            // Outside the scope nothing changes; inside it, the learner rows are checked against
            // re-planning everyone below (where a plan that stays optimal is kept).
            if (!report.reexamined.includes(q)) expect(la).toEqual(lb);
          }
          const ob = new Set(stackability(gb).orphans);
          const oa = new Set(stackability(ga).orphans);
          expect(report.orphans).toEqual({
            created: [...oa].filter((o) => !ob.has(o)).sort(),
            removed: [...ob].filter((o) => !oa.has(o)).sort(),
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * The brute force the re-planning is held to (analytics/whatIf/README.md, "Re-planning only
 * what can change"): every learner planned towards every re-examined qualification before and
 * after; the plan after is the plan before when that is still feasible after and weighs no
 * more than the planner's plan after (a tie the planner broke otherwise is no change); the
 * rows are the pairs whose figures or credentials differ.
 */
function bruteForceLearners(
  before: CatalogueGraph,
  after: CatalogueGraph,
  reexamined: readonly string[],
  learners: Learner[],
): WhatIfReport['learners'] {
  const planOn = (graph: CatalogueGraph, request: PlanRequestInput) =>
    credentialOf(graph, (request.target as { qualification: string }).qualification)?.qualification
      ? planPathway(graph, request, { mip: highs })
      : undefined;
  const taken = (steps: { take: { credential: string }[] }[]) =>
    steps.flatMap((s) => s.take.map((t) => t.credential));
  const figures = (status: Plan['status'], credits: number, cost: number, steps: unknown[]) => ({
    status,
    credits,
    cost,
    terms: steps.length,
  });
  const changed: WhatIfReport['learners']['changed'] = [];
  let plans = 0;
  for (const learner of learners)
    for (const qualification of reexamined) {
      plans++;
      const request = { holdings: learner.holdings, asOf: AS_OF, target: { qualification } };
      const pb = planOn(before, request);
      const pa = planOn(after, request);
      let fa = pa && figures(pa.status, pa.totals.credits, pa.totals.cost, pa.steps);
      let ta = pa ? taken(pa.steps) : [];
      if (pb?.status === 'planned' && pa?.status === 'planned') {
        const chosen = taken(pb.steps);
        const problem = buildProblem(after, request);
        if (
          chosen.every((id) => problem.weight.has(id)) &&
          compileReplay(problem)(chosen).reached &&
          chosen.reduce((w, id) => w + problem.weight.get(id)!, 0) <= pa.objectiveValue + 1e-9
        ) {
          const kept = describePlan(problem, chosen);
          const credentials = taken(kept.steps);
          const records = credentials.map((id) => credentialOf(after, id)!);
          fa = figures(
            'planned',
            records.reduce((n, c) => n + c.credits, 0),
            records.reduce((n, c) => n + (c.cost ?? 0), 0),
            kept.steps,
          );
          ta = credentials;
        }
      }
      const fb = pb && figures(pb.status, pb.totals.credits, pb.totals.cost, pb.steps);
      const tb = pb ? taken(pb.steps) : [];
      const entered = [...new Set(ta)].filter((c) => !tb.includes(c)).sort();
      const left = [...new Set(tb)].filter((c) => !ta.includes(c)).sort();
      if (!entered.length && !left.length && JSON.stringify(fb) === JSON.stringify(fa)) continue;
      changed.push({
        learner: learner.id,
        qualification,
        before: fb ?? null,
        after: fa ?? null,
        entered,
        left,
      });
    }
  return { plans, changed };
}

/** A draft that makes one module dearer or cheaper (credits, cost, or both, one way). */
const weightDraftArb = (catalogue: CatalogueDocumentInput) =>
  fc
    .record({
      id: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'),
      dearer: fc.boolean(),
      credits: fc.integer({ min: 0, max: 4 }),
      cost: fc.integer({ min: 0, max: 300 }),
    })
    .map(({ id, dearer, credits, cost }): CatalogueDraftInput => {
      const record = catalogue.credentials!.find((c) => c.id === id)!;
      const sign = dearer ? 1 : -1;
      return {
        credentials: [
          {
            ...record,
            credits: Math.max(0, record.credits + sign * credits),
            cost: Math.max(0, (record.cost ?? 0) + sign * cost),
          },
        ],
      };
    });

/** Learners with random holdings of modules, some with the same holdings as another. */
const learnersArb = fc
  .array(fc.subarray(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'c1']), { minLength: 1, maxLength: 5 })
  .map((sets): Learner[] =>
    [...sets, sets[0]!].map((held, i) => ({
      id: `learner-${i}`,
      holdings: held.map((credential) => ({ credential, awardedOn: '2025-01-01' })),
    })),
  );

describe('re-planning only what can change', () => {
  // qa takes m1 or m2 (m2 is lighter), qb needs m1 and m3.
  const small = parse({
    providers: [{ id: 'p1', name: 'College' }],
    credentials: [
      module('m1', 5),
      module('m2', 4),
      module('m3', 6),
      {
        id: 'qa',
        title: 'Either',
        kind: 'certificate',
        qualification: true,
        credits: 5,
        provider: 'p1',
        awardRule: { op: 'ANY', accepts: ['m1', 'm2'] },
      },
      {
        id: 'qb',
        title: 'Both',
        kind: 'certificate',
        qualification: true,
        credits: 10,
        provider: 'p1',
        awardRule: { op: 'ALL', accepts: ['m1', 'm3'] },
      },
    ],
  });
  const holding = (...ids: string[]) =>
    ids.map((credential) => ({ credential, awardedOn: '2025-01-01' }));
  const learners: Learner[] = [
    { id: 'learner-0', holdings: [] },
    { id: 'learner-1', holdings: holding('m1') },
    { id: 'learner-2', holdings: holding('m2') },
    { id: 'learner-3', holdings: [] },
  ];
  const madeFor = (draft: CatalogueDraftInput) => {
    const applied = applyDraft(small, draft);
    if (!applied.ok) throw new Error(JSON.stringify(applied.issues));
    const before = buildCatalogueGraph(small);
    const after = deriveCatalogueGraph(before, applied.value.effective);
    const request = PlanRequest.parse({
      target: { qualification: 'x' },
      holdings: [],
      asOf: AS_OF,
    });
    const job = { draft: applied.value.effective, plan: planJob(request, []), learners };
    const proven = learnerPlans(before, after, job, ['qa', 'qb'], highs);
    const everyone = learnerPlans(before, after, job, ['qa', 'qb'], highs, { prove: false });
    return { proven, everyone, report: evaluate(small, draft, learners).report };
  };

  it('plans a module made dearer again for nobody, and reports the plans it is in', () => {
    const { proven, everyone, report } = madeFor({
      credentials: [{ ...module('m1', 7), cost: 90 }],
    });
    // Three distinct holdings, two qualifications: six plans before and six after when
    // re-planning everyone. m1 is no option of the problem for a learner holding it, nor for qa
    // once m2 has earned it (no plan on either side); it is outside qa's other plan and in
    // every plan of qb, so nothing is planned after the draft.
    expect([everyone.planned, everyone.replanned]).toEqual([6, 6]);
    expect([proven.planned, proven.replanned]).toEqual([3, 0]);
    expect(report.learners.plans).toBe(8);
    expect(report.learners.changed).toEqual(
      ['learner-0', 'learner-2', 'learner-3'].map((learner) => ({
        learner,
        qualification: 'qb',
        before: { status: 'planned', credits: 11, cost: 110, terms: 1 },
        after: { status: 'planned', credits: 13, cost: 150, terms: 1 },
        entered: [],
        left: [],
      })),
    );
  });

  it('plans a module made cheaper again where it may enter a plan', () => {
    const { proven, report } = madeFor({ credentials: [{ ...module('m1', 3), cost: 30 }] });
    expect(proven.replanned).toBeGreaterThan(0);
    expect(report.learners.changed.filter((c) => c.qualification === 'qa')).toEqual(
      ['learner-0', 'learner-3'].map((learner) => ({
        learner,
        qualification: 'qa',
        before: { status: 'planned', credits: 4, cost: 40, terms: 1 },
        after: { status: 'planned', credits: 3, cost: 30, terms: 1 },
        entered: ['m1'],
        left: ['m2'],
      })),
    );
  });

  const check = (
    catalogue: CatalogueDocumentInput,
    draft: CatalogueDraftInput,
    learners: Learner[],
  ) => {
    const doc = parse(catalogue);
    const applied = applyDraft(doc, draft);
    if (!applied.ok) {
      fc.pre(false);
      return;
    }
    const held = new Set(learners.flatMap((l) => l.holdings.map((h) => h.credential)));
    fc.pre(!applied.value.effective.remove.credentials.some((id) => held.has(id)));
    const { report } = evaluate(doc, draft, learners);
    const before = buildCatalogueGraph(doc);
    const after = deriveCatalogueGraph(before, applied.value.effective);
    // The scope on both graphs (a weight-only draft's is computed on the graph before only).
    expect(report.reexamined).toEqual(
      whatIfScope(before, after, draftTouches(applied.value.effective)),
    );
    expect(report.learners).toEqual(bruteForceLearners(before, after, report.reexamined, learners));
    // Shared out as the planning threads run it: the first share also reports on the catalogue,
    // the other plans its learners only (deriving the graph after only if it must re-plan).
    const request = PlanRequest.parse({
      target: { qualification: 'x' },
      holdings: [],
      asOf: AS_OF,
    });
    const job = {
      draft: applied.value.effective,
      changes: applied.value.changes,
      touched: draftTouches(applied.value.effective),
      options: {},
      plan: planJob(request, []),
      allLearners: learners.length,
      maxPlans: 1000,
    };
    const half = Math.ceil(learners.length / 2);
    const shares = [learners.slice(0, half), learners.slice(half)].map((share, i) =>
      runWhatIfJob(before, { ...job, learners: share, catalogue: i === 0 }, highs),
    );
    expect(mergeWhatIfReports(shares)).toEqual(report);
  };

  it('reports what re-planning everyone reports, under drafts that only change weights', () => {
    fc.assert(
      fc.property(
        catalogueArb.chain((c) => fc.tuple(fc.constant(c), weightDraftArb(c), learnersArb)),
        ([catalogue, draft, learners]) => {
          check(catalogue, draft, learners);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('reports what re-planning everyone reports, under any draft', () => {
    fc.assert(
      fc.property(catalogueArb, draftArb, learnersArb, (catalogue, draft, learners) => {
        check(catalogue, draft, learners);
      }),
      { numRuns: 150 },
    );
  });
});
