/**
 * Dated plans (engine/planner/calendar.ts): random learners against random qualifications on
 * the seed and on the synthetic 50k catalogue (bench/synthetic.ts LARGE) with two intakes a
 * year per earnable credential (1 September and 1 February, 12 weeks; 24 above 10 credits),
 * from 2027-02-01 at 30 credits a term. Reports the time of the dated plan (planPathway with a
 * calendar, HiGHS loaded), of the same plan undated, and of the scheduling alone on the plan's
 * set (median, p99), the share proven the earliest (by bounds, by the exact search), and that
 * the independent checker accepts every dated plan.
 *
 * With `--objective time,credits` (any list naming time) it also times the plan chosen for
 * that objective (fastest.ts): median, p99, the share proven (overall and by cone size), how
 * often time decided (the plan finishes earlier than the one chosen without time, and by how
 * many days), and that the checker accepts each.
 *
 *   node --expose-gc --import tsx bench/calendar.bench.ts [--pairs 200] [--only seed|large] [--objective time,credits]
 */
import { readFileSync } from 'node:fs';
import {
  buildProblem,
  checkCalendar,
  planPathway,
  scheduleCalendar,
  type PlanRequest,
} from '../src/engine/planner/index.js';
import { loadHighs } from '../src/engine/planner/mip.js';
import { buildCatalogueGraph, type CatalogueGraph } from '../src/graph/index.js';
import { type CatalogueDocument, type ObjectiveName } from '../src/model/index.js';
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
const PAIRS = Number(arg('--pairs') ?? 200);
const ONLY = arg('--only');
const CALENDAR = { start: '2027-02-01', maxCreditsPerTerm: 30 };
const OBJECTIVE = arg('--objective')?.split(',') as ObjectiveName[] | undefined;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const line = (label: string, xs: number[]) =>
  `  ${label.padEnd(34)} median ${fmt(quantile(xs, 0.5))} ms, p99 ${fmt(quantile(xs, 0.99))} ms, max ${fmt(Math.max(...xs))} ms`;

function pairs(graph: CatalogueGraph, doc: CatalogueDocument, count: number, seed: number) {
  const rnd = random(seed);
  const quals = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  const out: PlanRequest[] = [];
  for (let i = 0; i < count; i++) {
    const target = quals[Math.floor(rnd() * quals.length)]!;
    out.push({
      holdings: sampleHoldings(graph, target, rnd),
      asOf: '2027-01-15',
      target: { qualification: target },
    });
  }
  return out;
}

async function run(name: string, doc: CatalogueDocument) {
  const highs = await loadHighs();
  const graph = buildCatalogueGraph(doc);
  const requests = pairs(graph, doc, PAIRS, 7);
  for (const r of pairs(graph, doc, 20, 99))
    planPathway(graph, { ...r, calendar: CALENDAR }, { mip: highs });
  const dated: number[] = [];
  const undated: number[] = [];
  const scheduling: number[] = [];
  let planned = 0;
  let proven = 0;
  let byBounds = 0;
  let byExact = 0;
  let checked = 0;
  let groups = 0;
  let maxGroups = 0;
  for (const request of requests) {
    let t = performance.now();
    const plain = planPathway(graph, request, { mip: highs });
    undated.push(performance.now() - t);
    t = performance.now();
    const plan = planPathway(graph, { ...request, calendar: CALENDAR }, { mip: highs });
    dated.push(performance.now() - t);
    if (plan.status !== 'planned' || plain.status !== 'planned') continue;
    planned++;
    const chosen = plan.steps.flatMap((s) => s.take.map((x) => x.credential));
    const problem = buildProblem(graph, request);
    t = performance.now();
    const calendar = scheduleCalendar(problem, chosen, CALENDAR);
    scheduling.push(performance.now() - t);
    groups += chosen.length;
    maxGroups = Math.max(maxGroups, chosen.length);
    if (calendar.proven) proven++;
    if (calendar.method === 'bounds') byBounds++;
    if (calendar.method === 'exact') byExact++;
    if (checkCalendar(problem, chosen, CALENDAR, plan.calendar!).length === 0) checked++;
  }
  console.log(
    `${name}: ${requests.length} pairs, ${planned} planned, ${fmt(groups / Math.max(1, planned))} credentials a plan on average (max ${maxGroups})`,
  );
  console.log(line('dated plan (planPathway + calendar)', dated));
  console.log(line('same plan undated', undated));
  console.log(line('scheduling alone (scheduleCalendar)', scheduling));
  console.log(
    `  proven the earliest: ${proven}/${planned} (${((100 * proven) / Math.max(1, planned)).toFixed(1)}%; ${byBounds} by the bounds, ${byExact} by the exact search); checker accepted ${checked}/${planned}`,
  );
  if (OBJECTIVE) timeObjective(graph, requests, highs);
}

/** Plans chosen for an objective with time (fastest.ts), on the same pairs. */
function timeObjective(
  graph: CatalogueGraph,
  requests: PlanRequest[],
  highs: Awaited<ReturnType<typeof loadHighs>>,
) {
  const objective = OBJECTIVE!;
  const times: number[] = [];
  let planned = 0;
  let proven = 0;
  let checked = 0;
  let byTime = 0;
  let saved = 0;
  let nodes = 0;
  let sets = 0;
  const bySize = new Map<string, { plans: number; proven: number }>();
  for (const request of requests) {
    const timed = { ...request, objective, calendar: CALENDAR };
    const t = performance.now();
    const plan = planPathway(graph, timed, { mip: highs });
    times.push(performance.now() - t);
    if (plan.status !== 'planned' || !plan.time) continue;
    planned++;
    nodes += plan.time.nodes;
    sets += plan.time.sets;
    const problem = buildProblem(graph, timed);
    const size = problem.candidates.length;
    const bucket = size <= 10 ? '≤10' : size <= 20 ? '11–20' : size <= 40 ? '21–40' : '>40';
    const row = bySize.get(bucket) ?? { plans: 0, proven: 0 };
    row.plans++;
    if (plan.time.proven) {
      proven++;
      row.proven++;
    }
    bySize.set(bucket, row);
    if (plan.time.decidedBy === 'time') {
      byTime++;
      saved +=
        (Date.parse(plan.time.withoutTime.completion!) - Date.parse(plan.time.completion!)) /
        86_400_000;
    }
    const chosen = plan.steps.flatMap((s) => s.take.map((x) => x.credential));
    if (
      plan.calendar?.status === 'dated' &&
      checkCalendar(problem, chosen, CALENDAR, plan.calendar).length === 0
    )
      checked++;
  }
  console.log(line(`dated plan by ${objective.join(',')}`, times));
  console.log(
    `  ${objective.join(',')}: proven ${proven}/${planned} (${((100 * proven) / Math.max(1, planned)).toFixed(1)}%); by cone size: ${[
      ...bySize,
    ]
      .sort()
      .map(([k, v]) => `${k} candidates ${v.proven}/${v.plans}`)
      .join(
        ', ',
      )}; time decided ${byTime} (${byTime ? (saved / byTime).toFixed(0) : 0} days earlier on average); checker accepted ${checked}/${planned}; ${nodes} search nodes and ${sets} sets dated in all`,
  );
}

console.log(
  `Calendar benchmark, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${PAIRS} pairs, start ${CALENDAR.start}, ${CALENDAR.maxCreditsPerTerm} credits a term`,
);
if (ONLY !== 'large')
  await run(
    'seed catalogue',
    parsedCatalogue(
      JSON.parse(readFileSync(new URL('../seed/catalogue.json', import.meta.url), 'utf8')),
    ),
  );
if (ONLY !== 'seed')
  await run(
    'synthetic 50k, two intakes a year',
    withTwoIntakesAYear(parsedCatalogue(syntheticCatalogue(LARGE))),
  );
