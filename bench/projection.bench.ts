/**
 * Projection benchmark against a real Neo4j (NEO4J_URI set):
 * imports the synthetic 50k catalogue (bench/synthetic.ts LARGE) through importCatalogue
 * unless it is there already, then times, several times each, readCatalogue (the Cypher
 * reads and the document rebuilt and validated) and a cold CatalogueProjection load (version
 * check, read, graphology build), then the same projection catching up after one credential
 * is written by another process (the change log). The figures go to bench/RESULTS.md.
 *
 *   NEO4J_URI=bolt://127.0.0.1:7693 node --expose-gc --import tsx bench/projection.bench.ts \
 *     [--runs 3] [--reimport]
 */
import { readSettings } from '../src/settings.js';
import {
  CatalogueProjection,
  createDriver,
  databaseOf,
  importCatalogue,
  migrate,
  readCatalogue,
} from '../src/store/index.js';
import { cypher } from '../src/store/cypher.js';
import { noOpWrite } from './support.js';
import { LARGE, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const REIMPORT = args.includes('--reimport');

const connection = readSettings().external;
if (!connection) throw new Error('set NEO4J_URI to the Neo4j to measure');
const { database } = databaseOf(connection);
const driver = createDriver(connection);
const fmt = (ms: number) => ms.toFixed(0);
try {
  await migrate(driver, database);
  const doc = syntheticCatalogue(LARGE);
  const { records } = await driver.executeQuery(
    cypher('catalogue/count-credentials'),
    {},
    database ? { database } : {},
  );
  const stored = Number(records[0]?.get(0) ?? 0);
  console.log(`Projection benchmark, ${new Date().toISOString().slice(0, 10)}, ${connection.uri}`);
  if (REIMPORT || stored !== (doc.credentials ?? []).length) {
    const t = performance.now();
    const summary = await importCatalogue(driver, doc, { database });
    console.log(
      `import (importCatalogue, one transaction): ${fmt(performance.now() - t)} ms, ` +
        `${summary.credentials} credentials, ${summary.requirements} requirements`,
    );
  } else console.log(`catalogue already stored (${stored} credentials)`);

  const read: number[] = [];
  const load: number[] = [];
  global.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let graph: Awaited<ReturnType<CatalogueProjection['current']>> | undefined;
  for (let r = 0; r < RUNS; r++) {
    graph = undefined;
    global.gc?.();
    let t = performance.now();
    await readCatalogue(driver, database);
    read.push(performance.now() - t);
    global.gc?.();
    t = performance.now();
    graph = await new CatalogueProjection(driver, { database }).current();
    load.push(performance.now() - t);
    if (graph.order === 0) throw new Error('empty projection');
  }
  global.gc?.();
  const heap = (process.memoryUsage().heapUsed - baseline) / 1e6;
  const min = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `readCatalogue: median ${fmt(median(read))} ms, min ${fmt(min(read))} ms (${RUNS} runs)`,
  );
  console.log(
    `CatalogueProjection cold load (version, read, build): median ${fmt(median(load))} ms, ` +
      `min ${fmt(min(load))} ms; graph held: ${heap.toFixed(0)} MB, ${graph?.order} nodes, ${graph?.size} edges`,
  );

  // Another process writes one credential; the projection catches up through the change log
  // (readChangesSince, updateCatalogueGraph) instead of reading everything again.
  const how: string[] = [];
  const projection = new CatalogueProjection(driver, {
    database,
    recheckAfterMs: 0,
    loaded: (h) => how.push(h),
  });
  await projection.current();
  const one = (doc.credentials ?? [])[RUNS % (doc.credentials ?? []).length]!;
  const caughtUp: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    await noOpWrite(driver, database, one);
    global.gc?.();
    how.length = 0;
    const t = performance.now();
    await projection.current();
    caughtUp.push(performance.now() - t);
    if (how.join() !== 'changes') throw new Error(`caught up by ${how.join()}, not the change log`);
  }
  console.log(
    `CatalogueProjection after one credential written by another process (change log): ` +
      `median ${fmt(median(caughtUp))} ms, min ${fmt(min(caughtUp))} ms (${RUNS} runs)`,
  );
} finally {
  await driver.close();
}
