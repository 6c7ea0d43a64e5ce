/**
 * Analytics benchmark on the synthetic 50k catalogue (bench/synthetic.ts LARGE), in memory:
 * the catalogue is projected once, then each analytics module is timed over the whole
 * catalogue (and complexity over every qualification). Pure, no Neo4j. Demand is timed in
 * its two parts: planning synthetic learners towards one qualification (once; what the
 * service spends its time on) and counting their plans.
 *
 *   node --expose-gc --import tsx bench/analytics.bench.ts [--runs 3] [--learners 200]
 */
import {
  credentialDemand,
  credentialOverlap,
  curricularComplexity,
  skillCoverage,
  stackability,
} from '../src/analytics/index.js';
import type { LearnerPlan } from '../src/analytics/index.js';
import { loadHighs } from '../src/engine/planner/mip.js';
import { planPathway } from '../src/engine/planner/plan.js';
import { buildCatalogueGraph } from '../src/graph/index.js';
import { parseCatalogue } from '../src/model/index.js';
import { sampleHoldings } from './learners.js';
import { LARGE, random, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const learnersAt = args.indexOf('--learners');
const LEARNERS = learnersAt >= 0 ? Number(args[learnersAt + 1]) : 200;

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

// Demand: synthetic learners (bench/learners.ts) towards one diploma (the CLI benchmark's
// target when the catalogue has it), planned as the service plans them, then counted.
const target = qualifications.includes('dip1999') ? 'dip1999' : qualifications[0]!;
const highs = await loadHighs();
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
