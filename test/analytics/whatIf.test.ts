/**
 * What-if on a draft (src/analytics/whatIf, run as the service runs it: service/whatIfJob.ts):
 * hand-worked small catalogues for each part of the report, then random catalogues and drafts
 * against plans computed directly on the catalogue rebuilt with the draft applied.
 */
import fc from 'fast-check';
import type { Highs } from 'highs';
import { stackability, type WhatIfReport } from '../../src/analytics/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
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
import { runWhatIfJob } from '../../src/service/whatIfJob.js';
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
            const changed = report.learners.changed.find((c) => c.qualification === q);
            if (!report.reexamined.includes(q)) expect(la).toEqual(lb);
            else if (JSON.stringify(lb) !== JSON.stringify(la))
              expect([changed?.before, changed?.after]).toEqual([lb, la]);
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
