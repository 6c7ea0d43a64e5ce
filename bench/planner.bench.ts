/**
 * Planner benchmark (`npm run bench`): projection build time and memory, audit and plan
 * latency over random learner/target pairs, the share of plans proven optimal, and, side by
 * side in the same run, a greedy baseline (how many more credits) on the seed catalogue and a
 * synthetic catalogue of 50,000 credentials and 2,000 qualifications.
 *
 *   npm run bench -- [--pairs 1000] [--only seed|large] [--max-nodes 100000]
 *     [--product-only] [--vs-highs] [--slowest N] [--by-target] [--pair i[,j...]] [--warmup N]
 *     [--root-ascent N] [--root-first-up-to N] [--root-repair-up-to N] [--mip-first-above N]
 *     [--split]
 *
 * `--product-only` skips the baselines; `--vs-highs` keeps only the like-for-like one, "HiGHS
 * alone, same path": `planPathway` with HiGHS as its only solver (problem construction, the
 * solve and the replay into steps, as the product), on the same pairs right after the product;
 * `--root-ascent`, `--root-first-up-to`, `--root-repair-up-to` and `--mip-first-above` override the product's
 * strategy (strategy.ts) for threshold runs; `--slowest N` lists the N slowest planPathway pairs
 * (by index); `--by-target` splits planPathway's time by target qualification; `--pair` runs
 * only the given pair indexes (for profiling one pair); `--warmup N` first plans and audits N
 * other pairs (seed 99), unmeasured, so that the first measured pairs do not pay for compiling
 * the code (the runs before 2026-11-23 run 4 had no warm-up). `--split` (with the HiGHS
 * baseline) also times each path's solve alone (`solvePlanProblem` on the pair's problem, built
 * again) and prints what is left of `planPathway` around it (construction, the replay's
 * compilation, the description), shared by both paths: the ratio a solve taking no time at
 * all would give.
 *
 * Since 2026-12-07 the npm script runs the compiled build (`tsc -p tsconfig.build.json`, then
 * bench/compiled.ts loads dist/ for every src/ import): the code `serve` runs, without tsx's
 * transform, which made the planner about a tenth slower. `node --import tsx
 * bench/planner.bench.ts` still measures the sources.
 */
import { readFileSync } from 'node:fs';
import { auditQualification } from '../src/engine/audit.js';
import {
  buildProblem,
  branchAndBound,
  compileReplay,
  memoisedReplay,
  solvePlanProblem,
  repair,
  simulate,
  type PlanProblem,
  type PlanRequest,
} from '../src/engine/planner/index.js';
import {
  ruleAccepts,
  buildCatalogueGraph,
  credentialOf,
  type CatalogueGraph,
} from '../src/graph/index.js';
import { parseCatalogue, type CatalogueDocument } from '../src/model/index.js';
import { loadHighs, solveMip } from '../src/engine/planner/mip.js';
import { planPathway } from '../src/engine/planner/plan.js';
import { sampleHoldings } from './learners.js';
import { LARGE, random, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const PAIRS = Number(arg('pairs', '1000'));
const ONLY = arg('only', 'all');
const MAX_NODES = Number(arg('max-nodes', '100000'));
const PRODUCT_ONLY = args.includes('--product-only');
const VS_HIGHS = args.includes('--vs-highs');
const optional = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
/** The product's strategy, with the command line's overrides. */
const PRODUCT = {
  rootAscent: optional('root-ascent'),
  rootFirstUpTo: optional('root-first-up-to'),
  rootRepairUpTo: optional('root-repair-up-to'),
  mipFirstAbove: optional('mip-first-above'),
};
/** HiGHS as the only solver: straight to the MIP (the search only when it cannot answer). */
const HIGHS_ONLY = { mipFirstAbove: -1, rootFirstUpTo: -1 };
const WARMUP = Number(arg('warmup', '0'));
const SLOWEST = Number(arg('slowest', '0'));
const BY_TARGET = args.includes('--by-target');
const SPLIT = args.includes('--split');
const ONLY_PAIRS = arg('pair', '')
  .split(',')
  .filter((x) => x !== '')
  .map(Number);
const AS_OF = '2026-11-23';

const percentile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function load(doc: unknown): CatalogueDocument {
  const parsed = parseCatalogue(doc);
  if (!parsed.ok)
    throw new Error(`invalid catalogue: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  return parsed.value;
}

/** Random learners against random qualifications (see sampleHoldings). */
function pairs(
  graph: CatalogueGraph,
  doc: CatalogueDocument,
  count: number,
  seed: number,
): PlanRequest[] {
  const rnd = random(seed);
  const quals = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  const out: PlanRequest[] = [];
  for (let i = 0; i < count; i++) {
    const target = quals[Math.floor(rnd() * quals.length)]!;
    const holdings = sampleHoldings(graph, target, rnd);
    out.push({ holdings, asOf: AS_OF, target: { qualification: target } });
  }
  return out;
}

async function run(name: string, doc: CatalogueDocument) {
  const highs = await loadHighs();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const graph = buildCatalogueGraph(doc);
  const buildMs = performance.now() - t0;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const requests = pairs(graph, doc, PAIRS, 7);
  for (const request of pairs(graph, doc, WARMUP, 99)) {
    auditQualification(graph, request);
    planPathway(graph, request, { mip: highs, ...PRODUCT });
    if (!PRODUCT_ONLY) planPathway(graph, request, { mip: highs, ...HIGHS_ONLY });
  }

  const audit: number[] = [];
  const product: number[] = [];
  /** CPU time of the same calls: steadier than wall time on a shared machine. */
  const productCpu: number[] = [];
  let productOptimal = 0;
  let productPlanned = 0;
  const plan: number[] = [];
  const highsPath: number[] = [];
  let highsPathOptimal = 0;
  let highsPathDiffer = 0;
  const productSolve: number[] = [];
  const highsSolve: number[] = [];
  const greedyMs: number[] = [];
  let optimal = 0;
  let planned = 0;
  let greedyWorse = 0;
  let greedyExtra = 0;
  let greedyCredits = 0;
  let optimumCredits = 0;
  let nodes = 0;
  let maxLeaves = 0;
  const mipMs: number[] = [];
  let mipSame = 0;
  let mipCompared = 0;
  let mipBetter = 0;
  let mipUnsupported = 0;
  const slow: { index: number; ms: number; candidates: number; target: string }[] = [];
  const replays: ReplayFigures = { simulate: [], compiled: [], compile: [], mismatches: 0 };
  const replayRandom = random(5);
  for (const [index, request] of requests.entries()) {
    if (ONLY_PAIRS.length > 0 && !ONLY_PAIRS.includes(index)) continue;
    let t = performance.now();
    auditQualification(graph, request);
    audit.push(performance.now() - t);

    t = performance.now();
    const cpu = process.cpuUsage();
    const full = planPathway(graph, request, { mip: highs, ...PRODUCT });
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    productCpu.push((used.user + used.system) / 1000);
    product.push(ms);
    if (SLOWEST > 0 || BY_TARGET)
      slow.push({
        index,
        ms,
        candidates: buildProblem(graph, request).candidates.length,
        target: (request.target as { qualification: string }).qualification,
      });
    if (full.status === 'planned') {
      productPlanned++;
      if (full.optimality === 'optimal') productOptimal++;
    }
    if (PRODUCT_ONLY) continue;

    t = performance.now();
    const alone = planPathway(graph, request, { mip: highs, ...HIGHS_ONLY });
    highsPath.push(performance.now() - t);
    if (alone.status === 'planned' && alone.optimality === 'optimal') highsPathOptimal++;
    if (alone.status !== full.status || Math.abs(alone.objectiveValue - full.objectiveValue) > 1e-6)
      highsPathDiffer++;
    if (SPLIT) {
      productSolve.push(solveAlone(graph, request, { mip: highs, ...PRODUCT }));
      highsSolve.push(solveAlone(graph, request, { mip: highs, ...HIGHS_ONLY }));
    }
    if (VS_HIGHS) continue;

    t = performance.now();
    const problem = buildProblem(graph, request);
    replaysSideBySide(problem, replayRandom, replays);
    const result = simulate(problem, []).reached
      ? undefined
      : branchAndBound(problem, { maxNodes: MAX_NODES });
    plan.push(performance.now() - t);
    if (!result?.chosen) continue;
    planned++;
    nodes += result.nodes;
    if (result.optimal) optimal++;
    const leaves = ruleAccepts(
      credentialOf(graph, (request.target as { qualification: string }).qualification)!.awardRule!,
    ).length;
    maxLeaves = Math.max(maxLeaves, leaves);

    t = performance.now();
    const mip = solveMip(problem, highs);
    mipMs.push(performance.now() - t);
    if (mip.status === 'unsupported-cycle') mipUnsupported++;
    else if (mip.chosen) {
      mipCompared++;
      if (Math.abs(mip.value - result.value) <= 1e-6) mipSame++;
      else if (mip.value < result.value) mipBetter++;
    }

    t = performance.now();
    const greedy = repair(problem, new Set(), problem.candidates);
    greedyMs.push(performance.now() - t);
    const g = [...greedy].reduce((s, id) => s + problem.weight.get(id)!, 0);
    greedyCredits += g;
    optimumCredits += result.value;
    if (g > result.value + 1e-9) {
      greedyWorse++;
      greedyExtra += g - result.value;
    }
  }
  slow.sort((a, b) => b.ms - a.ms);
  for (const s of slow.slice(0, SLOWEST))
    console.log(
      `slow pair ${s.index}: ${fmt(s.ms)} ms, ${s.candidates} candidates, target ${s.target}`,
    );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  if (BY_TARGET) printByTarget(slow);
  console.log(`\n## ${name}`);
  console.log(
    `credentials ${doc.credentials.length}, qualifications ${doc.credentials.filter((c) => c.qualification).length}, largest target ${maxLeaves} leaves`,
  );
  console.log(`projection build: ${fmt(buildMs)} ms, heap +${heapMb.toFixed(0)} MB`);
  console.log(
    `pairs: ${requests.length} (${PRODUCT_ONLY || VS_HIGHS ? productPlanned : planned} needed a plan)`,
  );
  console.log('| | median ms | p99 ms | max ms | throughput /s |');
  console.log('|---|---|---|---|---|');
  for (const [label, xs] of [
    ['audit', audit],
    ['plan: planPathway (product: search and MIP)', product],
    ['plan: planPathway, CPU time (process)', productCpu],
    ['baseline: HiGHS alone, same path (planPathway, HiGHS the only solver)', highsPath],
    ['baseline: branch and bound alone', plan],
    ['baseline: MIP alone (HiGHS)', mipMs],
    ['baseline: greedy', greedyMs],
  ] as const) {
    if (xs.length === 0) continue;
    console.log(
      `| ${label} | ${fmt(percentile(xs, 0.5))} | ${fmt(percentile(xs, 0.99))} | ${fmt(Math.max(...xs))} | ${(1000 / mean(xs)).toFixed(0)} |`,
    );
  }
  if (highsPath.length > 0)
    console.log(
      `throughput, planPathway against HiGHS alone on the same path: ${(mean(highsPath) / mean(product)).toFixed(2)}×; ` +
        `HiGHS alone proven optimal ${highsPathOptimal}/${productPlanned}, status or objective differing on ${highsPathDiffer} pairs`,
    );
  if (productSolve.length > 0) {
    const rest = mean(product) - mean(productSolve);
    console.log(
      `solve alone (solvePlanProblem, mean ms a pair): product ${mean(productSolve).toFixed(3)}, HiGHS alone ${mean(highsSolve).toFixed(3)} ` +
        `(${(mean(highsSolve) / mean(productSolve)).toFixed(2)}×); the rest of planPathway, shared: product ${rest.toFixed(3)}, ` +
        `HiGHS alone ${(mean(highsPath) - mean(highsSolve)).toFixed(3)}; ratio with a solve taking no time: ${(mean(highsPath) / rest).toFixed(2)}×`,
    );
  }
  console.log(
    `planPathway proven optimal: ${productOptimal}/${productPlanned}; branch and bound alone proven optimal: ${optimal}/${planned} (${((100 * optimal) / Math.max(1, planned)).toFixed(1)}%), mean search nodes ${(nodes / Math.max(1, planned)).toFixed(1)}`,
  );
  console.log(
    `greedy: worse on ${greedyWorse}/${planned} plans, +${(greedyExtra / Math.max(1, greedyWorse)).toFixed(1)} credits when worse, ` +
      `+${((100 * (greedyCredits - optimumCredits)) / Math.max(1, optimumCredits)).toFixed(1)}% credits overall`,
  );
  console.log(
    `MIP (HiGHS): same optimum on ${mipSame}/${mipCompared} compared, better than a budget-limited branch and bound on ${mipBetter}, ` +
      `${mipUnsupported} with dependency cycles not supported`,
  );
  if (replays.simulate.length > 0) {
    const us = (xs: number[], q?: number) =>
      `${((q === undefined ? mean(xs) : percentile(xs, q)) * 1000).toFixed(1)} µs`;
    console.log(
      `replays of ${replays.simulate.length} random candidate sets, side by side (median / mean per set): ` +
        `simulate ${us(replays.simulate, 0.5)} / ${us(replays.simulate)}; ` +
        `compiled replay ${us(replays.compiled, 0.5)} / ${us(replays.compiled)} ` +
        `(compiling it: ${us(replays.compile)} per problem); verdicts differing: ${replays.mismatches}`,
    );
  }
  console.log(`heap used at end: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
}

/** The time of the strategy's solve alone on the request's problem (0 when nothing is to plan). */
function solveAlone(
  graph: CatalogueGraph,
  request: PlanRequest,
  options: Parameters<typeof solvePlanProblem>[3],
): number {
  const problem = buildProblem(graph, request);
  const replay = memoisedReplay(problem, compileReplay(problem));
  // As planPathway: nothing to solve when the learner is there or nothing can get there.
  if (replay([]).reached || !replay(problem.candidates).mayReach) return 0;
  const t = performance.now();
  solvePlanProblem(problem, replay, [], options);
  return performance.now() - t;
}

/** planPathway time per target: pairs, mean ms, share of the whole, mean candidates. */
function printByTarget(pairs: { ms: number; candidates: number; target: string }[]) {
  const by = new Map<string, { n: number; ms: number; candidates: number }>();
  let total = 0;
  for (const p of pairs) {
    const e = by.get(p.target) ?? { n: 0, ms: 0, candidates: 0 };
    e.n++;
    e.ms += p.ms;
    e.candidates += p.candidates;
    by.set(p.target, e);
    total += p.ms;
  }
  console.log('| target | pairs | mean ms | share of planPathway time | mean candidates |');
  console.log('|---|---|---|---|---|');
  for (const [target, e] of [...by].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `| ${target} | ${e.n} | ${fmt(e.ms / e.n)} | ${((100 * e.ms) / total).toFixed(1)}% | ${(e.candidates / e.n).toFixed(1)} |`,
    );
}

interface ReplayFigures {
  simulate: number[];
  compiled: number[];
  compile: number[];
  mismatches: number;
}

/** simulate() against the search's compiled replay on 10 random sets of the problem's candidates. */
function replaysSideBySide(problem: PlanProblem, rnd: () => number, out: ReplayFigures) {
  let t = performance.now();
  const replay = compileReplay(problem);
  out.compile.push(performance.now() - t);
  for (let k = 0; k < 10; k++) {
    const share = rnd();
    const set = problem.candidates.filter(() => rnd() < share);
    t = performance.now();
    const a = simulate(problem, set);
    out.simulate.push(performance.now() - t);
    t = performance.now();
    const b = replay(set);
    out.compiled.push(performance.now() - t);
    if (a.reached !== b.reached || a.stuck.join() !== b.stuck.join()) out.mismatches++;
  }
}

console.log(
  `Planner benchmark, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${PAIRS} pairs, max ${MAX_NODES} nodes per plan, warm-up ${WARMUP} pairs`,
);
await loadHighs();
if (ONLY !== 'large')
  await run(
    'seed catalogue',
    load(JSON.parse(readFileSync(new URL('../seed/catalogue.json', import.meta.url), 'utf8'))),
  );
if (ONLY !== 'seed')
  await run('synthetic 50k (bench/synthetic.ts LARGE, seed 42)', load(syntheticCatalogue(LARGE)));
