/**
 * Term packing on real degree plans: every CurricularAnalytics file with a Term column in
 * $PATHWAYS_DATA/curricula (default ../shared/data), planned for a learner holding nothing
 * with `maxCreditsPerTerm` at the institution's heaviest term. Reports the time of planPathway
 * and of the term packing alone (packTerms on the plan's credentials), by number of courses,
 * and how many packings were proven the fewest terms.
 *
 *   node --expose-gc --import tsx bench/terms.bench.ts [--repeat 3]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProblem, packTerms, planPathway } from '../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../src/graph/index.js';
import {
  courseId,
  creditSystemOf,
  curriculumCatalogue,
  decodeText,
  namespaceOf,
  parseCurricular,
} from '../src/importers/curricular/index.js';
import { parseCatalogue } from '../src/model/index.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REPEAT = Number(arg('--repeat') ?? 3);
const dataDir =
  process.env.PATHWAYS_DATA ?? fileURLToPath(new URL('../../shared/data', import.meta.url));
const root = join(dataDir, 'curricula');
if (!existsSync(root)) {
  console.error(`no curricula in ${root} (set PATHWAYS_DATA)`);
  process.exit(2);
}

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.toLowerCase().endsWith('.csv') ? [path] : [];
  });

interface Row {
  courses: number;
  planMs: number;
  packMs: number;
  minimal: boolean;
  terms: number;
  institution: number;
}
const rows: Row[] = [];
for (const path of files(root)) {
  const parsed = parseCurricular(decodeText(readFileSync(path)).text, basename(path));
  if (!parsed.ok || !parsed.curriculum.courses.some((c) => c.term !== undefined)) continue;
  const curriculum = parsed.curriculum;
  const prefix = namespaceOf(relative(root, path));
  const { document, qualification } = curriculumCatalogue(curriculum, prefix);
  const doc = parseCatalogue(document);
  if (!doc.ok) continue;
  const load = new Map<number, number>();
  for (const c of curriculum.courses)
    if (c.term !== undefined) load.set(c.term, (load.get(c.term) ?? 0) + c.creditHours);
  const cap = Math.max(...load.values()) * creditSystemOf(curriculum).ects;
  const graph = buildCatalogueGraph(doc.value);
  const request = {
    holdings: [],
    asOf: '2026-01-15',
    target: { qualification },
    constraints: { maxCreditsPerTerm: cap },
  };
  let planMs = Infinity;
  let packMs = Infinity;
  let plan = planPathway(graph, request);
  if (plan.status !== 'planned') continue;
  const chosen = plan.steps.flatMap((s) => s.take.map((t) => t.credential));
  const problem = buildProblem(graph, request);
  for (let r = 0; r < REPEAT; r++) {
    let t = performance.now();
    plan = planPathway(graph, request);
    planMs = Math.min(planMs, performance.now() - t);
    t = performance.now();
    packTerms(problem, chosen, cap);
    packMs = Math.min(packMs, performance.now() - t);
  }
  rows.push({
    courses: chosen.filter((id) => id !== courseId(prefix, '')).length,
    planMs,
    packMs,
    minimal: plan.terms!.minimal,
    terms: plan.terms!.count,
    institution: load.size,
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const fmt = (x: number) => x.toFixed(1);
console.log(`degree plans: ${rows.length} (best of ${REPEAT} runs each)`);
console.log(
  '| courses | plans | proven fewest | fewer terms than the institution | planPathway ms: median / p95 / max | term packing alone ms: median / p95 / max |',
);
console.log('| --- | ---: | ---: | ---: | --- | --- |');
for (const [label, lo, hi] of [
  ['≤ 30', 0, 30],
  ['31–45', 31, 45],
  ['46–60', 46, 60],
  ['> 60', 61, Infinity],
  ['all', 0, Infinity],
] as const) {
  const bin = rows.filter((r) => r.courses >= lo && r.courses <= hi);
  if (!bin.length) continue;
  const plan = bin.map((r) => r.planMs);
  const pack = bin.map((r) => r.packMs);
  console.log(
    `| ${label} | ${bin.length} | ${bin.filter((r) => r.minimal).length} | ${bin.filter((r) => r.terms < r.institution).length} | ${fmt(quantile(plan, 0.5))} / ${fmt(quantile(plan, 0.95))} / ${fmt(Math.max(...plan))} | ${fmt(quantile(pack, 0.5))} / ${fmt(quantile(pack, 0.95))} / ${fmt(Math.max(...pack))} |`,
  );
}
const worse = rows.filter((r) => r.terms > r.institution).length;
console.log(`plans with more terms than the institution's: ${worse}`);
