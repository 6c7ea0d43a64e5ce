/**
 * Analytics benchmark on the synthetic 50k catalogue (bench/synthetic.ts LARGE), in memory:
 * the catalogue is projected once, then each analytics module is timed over the whole
 * catalogue (and complexity over every qualification). Pure, no Neo4j. Demand is timed in
 * its two parts: planning synthetic learners towards one qualification (once; what the
 * service spends its time on) and counting their plans.
 *
 *   node --expose-gc --import tsx bench/analytics.bench.ts [--runs 3] [--learners 200] [--what-if]
 *
 * `--what-if` times the what-if lines only.
 */
import {
  draftTouches,
  whatIfScope,
  credentialDemand,
  credentialOverlap,
  curricularComplexity,
  skillCoverage,
  stackability,
} from '../src/analytics/index.js';
import type { LearnerPlan } from '../src/analytics/index.js';
import { loadHighs } from '../src/engine/planner/mip.js';
import { planPathway } from '../src/engine/planner/plan.js';
import {
  buildCatalogueGraph,
  credentialOf,
  credentialWriteIssues,
  deriveCatalogueGraph,
  ruleAccepts,
} from '../src/graph/index.js';
import {
  applyDraft,
  CatalogueDraft,
  draftEffect,
  parseCatalogue,
  PlanRequest,
} from '../src/model/index.js';
import { planJob } from '../src/service/planning.js';
import { PlanningThreads } from '../src/service/planningThreads.js';
import { MAX_WHAT_IF_PLANS, runWhatIfJobs } from '../src/service/whatIf.js';
import { learnerPlans, runWhatIfJob } from '../src/service/whatIfJob.js';
import { sampleHoldings } from './learners.js';
import { LARGE, random, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const learnersAt = args.indexOf('--learners');
const LEARNERS = learnersAt >= 0 ? Number(args[learnersAt + 1]) : 200;
const WHAT_IF_ONLY = args.includes('--what-if');

const parsed = parseCatalogue(syntheticCatalogue(LARGE));
if (!parsed.ok) throw new Error('the synthetic catalogue is invalid');
const graph = buildCatalogueGraph(parsed.value);
const qualifications = parsed.value.credentials.filter((c) => c.qualification).map((c) => c.id);
const occupation = parsed.value.occupations[0]?.id;

function time(label: string, run: () => string): void {
  const ms: number[] = [];
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    summary = run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms  (${summary})`,
  );
}

console.log(
  `catalogue: ${parsed.value.credentials.length} credentials, ${qualifications.length} qualifications, ${graph.order} nodes`,
);
if (!WHAT_IF_ONLY) {
  time('complexity, every qualification', () => {
    let total = 0;
    for (const q of qualifications)
      total += curricularComplexity(graph, { qualification: q }).courses.length;
    return `${total} course rows`;
  });
  time('overlap, skills (1 level up), threshold 0.5', () => {
    const r = credentialOverlap(graph);
    return `${r.credentials} compared, ${r.pairs.length} pairs, ${r.candidateRecognitions.length} candidates`;
  });
  time('stackability, whole catalogue', () => {
    const r = stackability(graph);
    return `${r.credentials.length} rows, ${r.orphans.length} orphans, ${r.sharedModules.length} shared pairs`;
  });
  if (occupation)
    time('coverage of one occupation, whole catalogue', () => {
      const r = skillCoverage(graph, { occupation });
      return `${r.essential.covered}/${r.essential.total} essential covered`;
    });
}

// Demand: synthetic learners (bench/learners.ts) towards one diploma (the CLI benchmark's
// target when the catalogue has it), planned as the service plans them, then counted.
const target = qualifications.includes('dip1999') ? 'dip1999' : qualifications[0]!;
const highs = await loadHighs();
if (!WHAT_IF_ONLY) {
  const rnd = random(11);
  const planStarted = performance.now();
  const plans: LearnerPlan[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const holdings = sampleHoldings(graph, target, rnd);
    const plan = planPathway(
      graph,
      { holdings, asOf: '2026-11-23', target: { qualification: target } },
      { mip: highs },
    );
    plans.push({
      learner: `learner-${i}`,
      target: { qualification: target },
      status: plan.status,
      steps: plan.steps,
    });
  }
  const planMs = performance.now() - planStarted;
  console.log(
    `${`demand: plan ${LEARNERS} learners towards ${target}`.padEnd(44)} once   ${planMs.toFixed(0)} ms  (${(planMs / LEARNERS).toFixed(1)} ms a learner)`,
  );
  time(`demand: count ${LEARNERS} plans`, () => {
    const r = credentialDemand(graph, plans);
    return `${r.credentials.length} credentials taken, ${r.unused.length} unused, ${r.unreachable.learners} unreachable`;
  });
}

// What-if: one module of the demand target's cone changed (credits and cost raised), with
// the same synthetic learners re-planned, as the service runs it (service/whatIfJob.ts, one
// engine job). Validation of the changed catalogue (applyDraft: the import's checks on the
// whole union) is timed apart: the service pays it once per request with the stored document
// it reads from Neo4j.
const accepted = (id: string): string[] => {
  const rule = credentialOf(graph, id)?.awardRule;
  return rule ? ruleAccepts(rule) : [];
};
const stack = [target];
let changedModule: string | undefined;
while (stack.length && !changedModule) {
  for (const id of accepted(stack.pop()!)) {
    const c = credentialOf(graph, id);
    if (c?.awardRule) stack.push(id);
    else if (c) changedModule = id;
  }
}
const record = parsed.value.credentials.find((c) => c.id === changedModule)!;
const draft = {
  name: 'one module dearer',
  credentials: [{ ...record, credits: record.credits + 5, cost: (record.cost ?? 0) + 500 }],
};
const learners = Array.from({ length: LEARNERS }, (_, i) => ({
  id: `learner-${i}`,
  holdings: sampleHoldings(graph, target, random(11 + i)),
}));
let applied: ReturnType<typeof applyDraft> | undefined;
time('what-if: validate the draft (whole union)', () => {
  applied = applyDraft(parsed.value, draft);
  return applied.ok ? `${changedModule} valid` : 'refused';
});
if (!applied?.ok) throw new Error('the benchmark draft is invalid');
// What the service does for a draft of credentials only (service/whatIf.ts, validatedDraft):
// the checks on the graph, and the comparison with the stored records it names (which the
// service reads from Neo4j by id).
time('what-if: validate the same on the graph', () => {
  const checked = credentialWriteIssues(graph, { credentials: draft.credentials });
  if (!checked?.ok) return 'refused';
  const { changes } = draftEffect(
    CatalogueDraft.parse(draft),
    (kind) => (kind === 'credentials' ? [record] : []),
    (kind) => (kind === 'credentials' ? checked.value.credentials : []),
    new Set(),
  );
  return `${changes.replaced.join(', ')} replaced`;
});
const { effective, changes } = applied.value;
time('what-if: derive the graph after the draft', () => {
  const after = deriveCatalogueGraph(graph, effective);
  return `${after.order} nodes, ${after.size} edges`;
});
const request = PlanRequest.parse({
  target: { qualification: target },
  holdings: [],
  asOf: '2026-11-23',
});
// The learners' plans alone, side by side: every plan made again after the draft (the brute
// force the property test compares with), and only those that can change.
const after = deriveCatalogueGraph(graph, effective);
const reexamined = whatIfScope(graph, after, draftTouches(effective));
for (const prove of [false, true])
  time(`what-if: learner plans, ${prove ? 'only what can change' : 're-planning everyone'}`, () => {
    const r = learnerPlans(
      graph,
      after,
      { draft: effective, plan: planJob(request, []), learners },
      reexamined,
      highs,
      { prove },
    );
    const changed = r.plans.filter(
      (p) => JSON.stringify(p.before) !== JSON.stringify(p.after),
    ).length;
    return `${r.plans.length} pairs, ${r.planned} plans before, ${r.replanned} after, ${changed} differ`;
  });
time(`what-if: one module, ${LEARNERS} learners re-planned`, () => {
  const r = runWhatIfJob(
    graph,
    {
      draft: effective,
      changes,
      touched: draftTouches(effective),
      options: {},
      plan: planJob(request, []),
      learners,
      allLearners: learners.length,
      catalogue: true,
      maxPlans: MAX_WHAT_IF_PLANS,
    },
    highs,
  );
  return `${r.reexamined.length} re-examined (${r.reexamined.join(', ')}), ${r.learners.plans} learner plans a side, ${r.learners.changed.length} changed, ${r.qualifications.length} minimum plans changed`;
});

// The same what-if as the API runs it: learners shared out over two planning threads (the
// machine's cores), each thread holding its copy of the catalogue already (sent once per
// catalogue version, not per request).
const pool = new PlanningThreads({ threads: 2 });
// The pool's threads do not keep a process alive (they are unref'd): this timer does.
const keepAlive = setInterval(() => undefined, 1000);
await pool.prepare(graph);
const threaded: number[] = [];
let threadedSummary = '';
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const r = await runWhatIfJobs(
    pool,
    graph,
    {
      draft: effective,
      changes,
      touched: draftTouches(effective),
      options: {},
      plan: planJob(request, []),
      maxPlans: MAX_WHAT_IF_PLANS,
    },
    learners,
  );
  threaded.push(performance.now() - started);
  threadedSummary = `${r.learners.plans} learner plans a side, ${r.learners.changed.length} changed`;
}
threaded.sort((a, b) => a - b);
console.log(
  `${`what-if: the same on 2 planning threads`.padEnd(44)} median ${threaded[Math.floor(threaded.length / 2)]!.toFixed(0)} ms  (${threadedSummary})`,
);
await pool.close();
clearInterval(keepAlive);
