/**
 * Stackability end to end (`npm run bench:stackability`): the whole-catalogue report and its
 * orphans as a user gets them, from a catalogue stored in Neo4j (the local instance, started if
 * needed, or NEO4J_URI), in two ways:
 *
 *   cli   `pathways analyse stackability --format json` (and `--format csv`), whole processes
 *         from spawn to exit, on an unchanged catalogue (its graph snapshot already saved by a
 *         first, uncounted run): wall, CPU (user + system) and peak RSS from GNU time;
 *   api   `GET /v1/analytics/stackability` (JSON, then `Accept: text/csv`) from a running
 *         `pathways serve` (one planning thread) whose projection is loaded: time to the last
 *         byte, and, while each report is made, a small catalogue read (`GET
 *         /v1/credentials/m0.0`) every 50 ms: its slowest answer, and any 503 (the API sheds
 *         requests while its own thread is late), then the same read once right after.
 *
 *   PATHWAYS_NEO4J_HEAP_MB=2048 npm run bench:stackability -- [--runs 5] [--api-runs 5]
 *     [--port 8107] [--instance default] [--root DIR] [--only cli|api]
 *
 * The synthetic 50k catalogue (bench/synthetic.ts LARGE) is made the only one in the database
 * first unless it already is. `--root DIR` runs another checkout's built CLI (before/after).
 * Figures go to bench/RESULTS.md by hand, with the machine, the date and the load average.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { resolveConnection } from '../src/neo4j-server/index.js';
import { readSettings } from '../src/settings.js';
import { createDriver } from '../src/store/index.js';
import {
  ensureCatalogue,
  f0,
  loadAverage,
  median,
  runCli as runProcess,
  type ProcessRun as Run,
} from './support.js';
import { LARGE, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const RUNS = Number(arg('runs', '5'));
const API_RUNS = Number(arg('api-runs', '5'));
const PORT = Number(arg('port', '8107'));
const INSTANCE = arg('instance', 'default');
const ONLY = arg('only', 'both');
if (!['both', 'cli', 'api'].includes(ONLY)) throw new Error('--only cli|api');
const settings = readSettings();
const ROOT = arg('root', settings.home);
if (!existsSync(`${ROOT}/dist/cli/main.js`)) throw new Error(`build ${ROOT} first (npm run build)`);
const env = { ...process.env, NO_COLOR: '1' };

const doc = syntheticCatalogue(LARGE);

const connection = await resolveConnection(settings, INSTANCE);
const driver = createDriver(connection);
const database = connection.database;

/** One report from the CLI: its JSON, or its CSV table. */
const runCli = (cliArgs: string[]) =>
  runProcess(ROOT, cliArgs, (stdout) => /"scope"|^credential,/.test(stdout), env);

function get(
  path: string,
  accept = 'application/json',
): Promise<{ status: number; ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port: PORT, path, headers: { accept } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A read that passes the API's load shedding (health checks do not). */
const SMALL_READ = '/v1/credentials/m0.0';

/** One report from the API, with a small read every 50 ms meanwhile. */
async function apiReport(accept: string) {
  const state = { done: false };
  const pings: { status: number; ms: number }[] = [];
  const pinging = (async () => {
    while (!state.done) {
      pings.push(await get(SMALL_READ));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const report = await get('/v1/analytics/stackability', accept);
  state.done = true;
  await pinging;
  // The request right after: answered, not shed because the report kept the thread late.
  const next = await get(SMALL_READ);
  return {
    ...report,
    slowestPing: Math.max(0, ...pings.map((p) => p.ms)),
    shed: pings.filter((p) => p.status === 503).length + (next.status === 503 ? 1 : 0),
  };
}

async function api() {
  const server = spawn(
    process.execPath,
    [`${ROOT}/bin/pathways.js`, 'serve', '--port', String(PORT), '--planner-threads', '1'],
    { cwd: ROOT, env: { ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    // Until it answers (its projection loaded and sent to the thread): not counted.
    for (let i = 0; ; i++) {
      const answer = await get('/v1/analytics/stackability?provider=p0').catch(() => undefined);
      if (answer?.status === 200) break;
      if (i > 600) throw new Error('the API did not answer within 5 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const json = [];
    const csv = [];
    for (let r = 0; r < API_RUNS; r++) {
      json.push(await apiReport('application/json'));
      csv.push(await apiReport('text/csv'));
    }
    return { json, csv };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('close', r));
  }
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

await ensureCatalogue(driver, database, doc, 'synthetic');
await driver.close();
console.log(`load average at start: ${loadAverage()}`);

for (const format of ONLY === 'api' ? [] : ['json', 'csv']) {
  const cli = ['analyse', 'stackability', '--format', format];
  await runCli(cli); // the graph snapshot of this catalogue, saved if it was not
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runCli(cli));
  const wall = runs.map((r) => r.ms);
  console.log(
    `cli --format ${format}: wall median ${f0(median(wall))} ms (min ${f0(Math.min(...wall))}, max ${f0(Math.max(...wall))}), CPU median ${f0(median(runs.map((r) => r.cpuMs)))} ms, RSS median ${f0(median(runs.map((r) => r.rssMb)))} MB, ${mb(runs[0]!.bytes)} MB out, ${RUNS} runs`,
  );
}

const { json, csv } = ONLY === 'cli' ? { json: [], csv: [] } : await api();
for (const [name, runs] of [
  ['json', json],
  ['csv', csv],
] as const)
  if (runs.length)
    console.log(
      `api ${name}: median ${f0(median(runs.map((r) => r.ms)))} ms (min ${f0(Math.min(...runs.map((r) => r.ms)))}, max ${f0(Math.max(...runs.map((r) => r.ms)))}), ${mb(runs[0]!.bytes)} MB, slowest small read meanwhile ${f0(Math.max(...runs.map((r) => r.slowestPing)))} ms, ${runs.reduce((n, r) => n + r.shed, 0)} shed (503), ${API_RUNS} runs`,
    );
console.log(`load average at end: ${loadAverage()}`);
