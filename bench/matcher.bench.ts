/**
 * The programme matcher (src/analytics/matcher): for each random learner, every qualification
 * of the catalogue ranked by what is left, the first page (`--limit`, default 10) with exact
 * plans. On the seed and on the synthetic 50k catalogue (bench/synthetic.ts LARGE, 2,000
 * qualifications). Reports the wall and CPU time per learner (median, p99, max), the plans
 * made per learner, the time of the shared bounds alone, the one-off catalogue split (per
 * graph), memory, and for comparison the brute force (every qualification planned) on a few
 * learners. HiGHS loaded, as the service runs it.
 *
 *   node --expose-gc --import tsx bench/matcher.bench.ts [--learners 50] [--limit 10]
 *     [--only seed|large] [--brute 3] [--calendar]
 */
import { readFileSync } from 'node:fs';
import { matchProgrammes } from '../src/analytics/index.js';
import { catalogueSplit, sharedBound } from '../src/analytics/matcher/bound.js';
import { stackingClosure } from '../src/engine/closure.js';
import { checkHoldings } from '../src/engine/holdings.js';
import { itemFor } from '../src/engine/items.js';
import { planPathway } from '../src/engine/planner/index.js';
import { loadHighs } from '../src/engine/planner/mip.js';
import { buildCatalogueGraph, type CatalogueGraph } from '../src/graph/index.js';
import type { CatalogueDocument } from '../src/model/index.js';
import { sampleHoldings } from './learners.js';
import { loadAverage, machine } from './support.js';
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
const LEARNERS = Number(arg('--learners') ?? 50);
const LIMIT = Number(arg('--limit') ?? 10);
const BRUTE = Number(arg('--brute') ?? 3);
const ONLY = arg('--only');
const CALENDAR = process.argv.includes('--calendar')
  ? { start: '2027-02-01', maxCreditsPerTerm: 30 }
  : undefined;
const AS_OF = '2027-01-15';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const line = (label: string, xs: number[], unit = 'ms') =>
  `  ${label.padEnd(36)} median ${fmt(quantile(xs, 0.5))} ${unit}, p99 ${fmt(quantile(xs, 0.99))} ${unit}, max ${fmt(Math.max(...xs))} ${unit}`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** A learner part-way through one or two qualifications (bench/learners.ts, merged). */
function learners(graph: CatalogueGraph, doc: CatalogueDocument, count: number, seed: number) {
  const rnd = random(seed);
  const quals = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  const out: { credential: string; awardedOn: string }[][] = [];
  for (let i = 0; i < count; i++) {
    const held = new Map<string, { credential: string; awardedOn: string }>();
    const targets = rnd() < 0.5 ? 1 : 2;
    for (let t = 0; t < targets; t++)
      for (const h of sampleHoldings(graph, quals[Math.floor(rnd() * quals.length)]!, rnd))
        held.set(h.credential, h);
    out.push([...held.values()]);
  }
  return out;
}

async function run(name: string, doc: CatalogueDocument) {
  const mip = await loadHighs();
  const graph = buildCatalogueGraph(doc);
  const qualifications = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  catalogueSplit(graph);
  const splitMs = performance.now() - t;
  gc();
  const splitHeap = process.memoryUsage().heapUsed - heapBefore;

  // Warm-up on other learners (compilation), unmeasured.
  for (const holdings of learners(graph, doc, 5, 99))
    matchProgrammes(graph, { holdings, asOf: AS_OF, limit: LIMIT, calendar: CALENDAR }, { mip });

  const wall: number[] = [];
  const cpu: number[] = [];
  const bounds: number[] = [];
  const planned: number[] = [];
  let proven = 0;
  let heapPeak = 0;
  const all = learners(graph, doc, LEARNERS, 7);
  for (const holdings of all) {
    // The shared bounds alone: one check and closure, every qualification bounded.
    t = performance.now();
    const check = checkHoldings(graph, holdings, AS_OF);
    const closure = stackingClosure(
      graph,
      check.valid.map((h) => itemFor(graph, h.credential, 'held', AS_OF)),
      AS_OF,
      { explain: false },
    );
    const shared = sharedBound(graph, closure.items, 'credits');
    for (const q of qualifications) shared.qualification(q);
    bounds.push(performance.now() - t);

    const c0 = process.cpuUsage();
    t = performance.now();
    const report = matchProgrammes(
      graph,
      { holdings, asOf: AS_OF, limit: LIMIT, calendar: CALENDAR },
      { mip },
    );
    wall.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    planned.push(report.ranking.planned);
    if (report.ranking.proven) proven++;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  console.log(
    `${name}: ${qualifications.length} qualifications, ${LEARNERS} learners (holding ${fmt(all.reduce((s, h) => s + h.length, 0) / all.length)} credentials on average), page of ${LIMIT}${CALENDAR ? `, dated from ${CALENDAR.start} at ${CALENDAR.maxCreditsPerTerm} credits a term` : ''}`,
  );
  console.log(`  catalogue split (once per graph)     ${fmt(splitMs)} ms, +${mb(splitHeap)} heap`);
  console.log(line('matcher, wall', wall));
  console.log(line('matcher, CPU time', cpu));
  console.log(line('of it: shared bounds of all targets', bounds));
  console.log(line('plans made per learner', planned, 'plans'));
  console.log(
    `  ranking proven (every deciding plan optimal): ${proven}/${LEARNERS}; heap at most ${mb(heapPeak)}, rss ${mb(process.memoryUsage().rss)}`,
  );

  // Brute force on a few learners: every qualification planned.
  const brute: number[] = [];
  for (const holdings of all.slice(0, BRUTE)) {
    t = performance.now();
    for (const q of qualifications)
      planPathway(
        graph,
        { holdings, asOf: AS_OF, target: { qualification: q }, calendar: CALENDAR },
        { mip },
      );
    brute.push(performance.now() - t);
  }
  if (brute.length) console.log(line(`brute force (${brute.length} learners), wall`, brute));
}

console.log(
  `Matcher benchmark, ${new Date().toISOString()}, node ${process.version}, ${machine()}`,
);
if (ONLY !== 'large') {
  const seed = parsedCatalogue(
    JSON.parse(readFileSync(new URL('../seed/catalogue.json', import.meta.url), 'utf8')),
  );
  await run('seed catalogue', seed);
}
if (ONLY !== 'seed') {
  const large = parsedCatalogue(syntheticCatalogue(LARGE));
  await run('synthetic 50k', CALENDAR ? withTwoIntakesAYear(large) : large);
}
console.log(`load average at the end: ${loadAverage()}`);
