/**
 * Analytics benchmark on the synthetic 50k catalogue (bench/synthetic.ts LARGE), in memory:
 * the catalogue is projected once, then each analytics module is timed over the whole
 * catalogue (and complexity over every qualification). Pure, no Neo4j.
 *
 *   node --expose-gc --import tsx bench/analytics.bench.ts [--runs 3]
 */
import {
  credentialOverlap,
  curricularComplexity,
  skillCoverage,
  stackability,
} from '../src/analytics/index.js';
import { buildCatalogueGraph } from '../src/graph/index.js';
import { parseCatalogue } from '../src/model/index.js';
import { LARGE, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;

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
