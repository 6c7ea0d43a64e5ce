/**
 * ESCO import benchmark (`npm run bench:esco`): imports the full ESCO v1.1.1 download from
 * the shared reference data into the running Neo4j named by NEO4J_URI (the database is NOT
 * reset: run it on an instance you can fill), then imports it again (the idempotent
 * re-import), and prints wall time (reading, writing, waiting for indexes), rows per second
 * and the peak resident memory of this process.
 *
 *   NEO4J_URI=bolt://127.0.0.1:7691 npm run bench:esco -- [--folder <esco csv folder>]
 *     [--reset]    delete EVERY node first, so the first import is a real first import
 *     [--batched]  one transaction per batch instead of one for the whole set
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { importEsco, escoFolder } from '../src/importers/esco/index.js';
import { readSettings } from '../src/settings.js';
import { TransactionTooLargeError, createDriver, databaseOf, migrate } from '../src/store/index.js';

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const batched = args.includes('--batched');
const at = args.indexOf('--folder');
const folder = at >= 0 ? args[at + 1]! : join(readSettings().referenceData, 'esco-v1.1.1');
const settings = readSettings();
if (!settings.external) {
  console.error('Set NEO4J_URI to a running Neo4j (e.g. bolt://127.0.0.1:7691).');
  process.exit(2);
}
if (!existsSync(folder)) {
  console.error(`ESCO download not found in ${folder} (set PATHWAYS_DATA or --folder).`);
  process.exit(2);
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const driver = createDriver(settings.external);
try {
  await migrate(driver, settings.external.database);
  if (reset) {
    const session = driver.session(databaseOf(settings.external));
    try {
      await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } finally {
      await session.close();
    }
  }
  const server = await driver.executeQuery(
    "CALL dbms.listConfig('server.memory.heap.max_size') YIELD value RETURN value",
  );
  console.log(
    `Neo4j heap ${String(server.records[0]?.get('value'))}; ${batched ? 'one transaction per batch' : 'one transaction'}${reset ? '; database emptied first' : ''}`,
  );
  for (const run of ['first import', 're-import']) {
    const started = performance.now();
    let summary;
    try {
      summary = await importEsco(driver, escoFolder(folder), {
        database: settings.external.database,
        transaction: batched ? 'batched' : 'single',
      });
    } catch (err) {
      if (!(err instanceof TransactionTooLargeError)) throw err;
      const after = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${run}: refused after ${after} s: ${err.message}`);
      process.exitCode = 1;
      break;
    }
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const i = summary.imported;
    console.log(
      `${run}: ${seconds.toFixed(1)} s wall (read+map+validate ${summary.seconds.read} s, write ${summary.seconds.write} s, indexes ${summary.seconds.indexes} s)`,
    );
    console.log(
      `  rows read ${summary.rows.read} (accepted ${summary.rows.accepted}, rejected ${summary.rows.rejected}), ${Math.round(summary.rows.read / seconds)} rows/s`,
    );
    console.log(
      `  skills ${i.skills}, skill groups ${i.skillGroups}, occupations ${i.occupations}, ISCO groups ${i.iscoGroups}, broader ${i.broaderLinks}, occupation-skill ${i.occupationSkillLinks}, skill-skill ${i.skillSkillLinks}`,
    );
    console.log(`  write steps (ms): ${JSON.stringify(summary.writeSteps)}`);
    console.log(`  peak RSS so far ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  }
} finally {
  clearInterval(sampler);
  await driver.close();
}
