/**
 * Demand per intake (analytics/demand with a calendar) on the synthetic 50k catalogue
 * (bench/synthetic.ts LARGE) with two intakes a year per earnable credential, as
 * bench/calendar.bench.ts gives it (1 September and 1 February, 12 weeks; 24 above 10
 * credits): synthetic learners (bench/learners.ts) planned towards one diploma from
 * 2027-02-01 at 30 credits a term, undated and dated (once each: what the service spends its
 * time on), then their plans counted without and with the calendar (median and p99 of the
 * runs) and the heap the per-intake count adds.
 *
 *   node --expose-gc --import tsx bench/demand.bench.ts [--runs 20] [--learners 200]
 */
import { credentialDemand, type LearnerPlan } from '../src/analytics/index.js';
import { loadHighs } from '../src/engine/planner/mip.js';
import { planPathway } from '../src/engine/planner/plan.js';
import { buildCatalogueGraph } from '../src/graph/index.js';
import { sampleHoldings } from './learners.js';
import {
  LARGE,
  random,
  syntheticCatalogue,
  parsedCatalogue,
  withTwoIntakesAYear,
} from './synthetic.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 20);
const LEARNERS = Number(arg('--learners') ?? 200);
const CALENDAR = { start: '2027-02-01', maxCreditsPerTerm: 30 };

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const doc = withTwoIntakesAYear(parsedCatalogue(syntheticCatalogue(LARGE)));
const graph = buildCatalogueGraph(doc);
const qualifications = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
const target = qualifications.includes('dip1999') ? 'dip1999' : qualifications[0]!;
const highs = await loadHighs();

console.log(
  `Demand per intake, ${new Date().toISOString().slice(0, 10)}, node ${process.version}: ${doc.credentials.length} credentials, ${LEARNERS} learners towards ${target}, from ${CALENDAR.start} at ${CALENDAR.maxCreditsPerTerm} credits a term`,
);

const rnd = random(11);
const undated: LearnerPlan[] = [];
const dated: LearnerPlan[] = [];
let undatedMs = 0;
let datedMs = 0;
for (let i = 0; i < LEARNERS; i++) {
  const request = {
    holdings: sampleHoldings(graph, target, rnd),
    asOf: '2026-11-23',
    target: { qualification: target },
  };
  let t = performance.now();
  const plain = planPathway(graph, request, { mip: highs });
  undatedMs += performance.now() - t;
  t = performance.now();
  const plan = planPathway(graph, { ...request, calendar: CALENDAR }, { mip: highs });
  datedMs += performance.now() - t;
  const learner = `learner-${i}`;
  undated.push({ learner, target: request.target, status: plain.status, steps: plain.steps });
  dated.push({
    learner,
    target: request.target,
    status: plan.status,
    steps: plan.steps,
    ...(plan.calendar ? { calendar: plan.calendar } : {}),
  });
}
console.log(
  `  plan ${LEARNERS} learners undated                once ${undatedMs.toFixed(0)} ms (${(undatedMs / LEARNERS).toFixed(1)} ms a learner)`,
);
console.log(
  `  plan ${LEARNERS} learners dated                  once ${datedMs.toFixed(0)} ms (${(datedMs / LEARNERS).toFixed(1)} ms a learner)`,
);

function time(label: string, run: () => string) {
  const ms: number[] = [];
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    gc();
    const t = performance.now();
    summary = run();
    ms.push(performance.now() - t);
  }
  console.log(
    `  ${label.padEnd(40)} median ${fmt(quantile(ms, 0.5))} ms, p99 ${fmt(quantile(ms, 0.99))} ms (${summary})`,
  );
}
time(`count ${LEARNERS} plans`, () => {
  const r = credentialDemand(graph, undated);
  return `${r.credentials.length} credentials taken`;
});
time(`count ${LEARNERS} dated plans per intake`, () => {
  const r = credentialDemand(graph, dated, { calendar: CALENDAR });
  const intakes = r.credentials.reduce((n, c) => n + c.intakes!.length, 0);
  return `${r.credentials.length} credentials taken at ${intakes} intakes, ${r.calendar!.undated} undated plans`;
});

// Heap the per-intake report holds, over the plain one (both kept alive while measured).
gc();
let before = process.memoryUsage().heapUsed;
const plainReport = credentialDemand(graph, undated, { listLearners: true });
gc();
const plainBytes = process.memoryUsage().heapUsed - before;
before = process.memoryUsage().heapUsed;
const intakeReport = credentialDemand(graph, dated, { calendar: CALENDAR, listLearners: true });
gc();
const intakeBytes = process.memoryUsage().heapUsed - before;
console.log(
  `  heap held by the report (with learners)   plain ${(plainBytes / 1024).toFixed(0)} KiB, per intake ${(intakeBytes / 1024).toFixed(0)} KiB (${plainReport.credentials.length} and ${intakeReport.credentials.length} rows)`,
);
