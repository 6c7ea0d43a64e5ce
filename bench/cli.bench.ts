/**
 * CLI end-to-end benchmark (`npm run bench:cli`): the wall time of whole `pathways plan --json`
 * processes, from spawn to exit, and their peak RSS, against a running Neo4j: the local
 * instance (started if needed; give it a 2 GB heap for the synthetic catalogue) or NEO4J_URI.
 *
 *   PATHWAYS_NEO4J_HEAP_MB=2048 npm run bench:cli -- [--catalogue seed|synthetic] [--runs 20]
 *     [--changed-runs 5] [--instance default] [--root DIR] [--api-runs 5] [--port 8106]
 *
 * The catalogue is made the only one in the database first (`db clear` and an import) unless
 * it already is. Then:
 *   cold   one `plan` after the catalogue changed (a no-op write of one credential bumps its
 *          version) with no graph snapshot kept at all: a whole read;
 *   warm   `--runs` more `plan`s on the unchanged catalogue: median, p99, min, max, RSS;
 *   changed  `--changed-runs` times (5): the same no-op write, made by this process (another
 *          one for the CLI), then one `plan`: it finds the snapshot of the version before and
 *          catches up through the change log (a checkout without one reads everything).
 *   api    `--api-runs` times: an API process (`pathways serve --port`, one planning thread)
 *          that has answered a plan sees the catalogue change (the same no-op write, made by
 *          this process), and the first `POST /v1/plans` after its one-second re-check is timed;
 *   api-write  `--api-runs` times: the same no-op write made through the API itself
 *          (`PUT /v1/credentials/{id}` with a write key), then the first `POST /v1/plans`:
 *          both timed (the projection takes in a write it made without reading everything).
 * `--root DIR` runs another checkout's built CLI (`DIR/bin/pathways.js`), e.g. an export of
 * the commit before a change, to set before against after on the same machine and database.
 * Each figure goes to bench/RESULTS.md by hand, with `lscpu`'s model name and the date.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { resolveConnection } from '../src/neo4j-server/index.js';
import { readSettings } from '../src/settings.js';
import { createDriver } from '../src/store/index.js';
import { projectionSnapshotFolder } from '../src/service/store.js';
import { createApiKey } from '../src/service/apiKeys.js';
import {
  ensureCatalogue,
  f0,
  machine,
  noOpWrite,
  percentile as pct,
  runCli as runProcess,
  type ProcessRun as Run,
} from './support.js';
import { LARGE, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const CATALOGUE = arg('catalogue', 'seed');
const RUNS = Number(arg('runs', '20'));
const CHANGED_RUNS = Number(arg('changed-runs', '5'));
const API_RUNS = Number(arg('api-runs', '5'));
const INSTANCE = arg('instance', 'default');
const PORT = Number(arg('port', '8106'));
const settings = readSettings();
const ROOT = arg('root', settings.home);
if (!['seed', 'synthetic'].includes(CATALOGUE)) throw new Error('--catalogue seed|synthetic');
if (!existsSync(`${ROOT}/dist/cli/main.js`)) throw new Error(`build ${ROOT} first (npm run build)`);

const seedDoc = () =>
  JSON.parse(readFileSync(`${settings.home}/seed/catalogue.json`, 'utf8')) as {
    credentials: { id: string }[];
  };
const doc = CATALOGUE === 'seed' ? seedDoc() : syntheticCatalogue(LARGE);
const credentials = doc.credentials ?? [];
const TARGET = CATALOGUE === 'seed' ? 'smtu:hdip-data-analytics' : 'dip1999';
const HOLDINGS =
  CATALOGUE === 'seed' ? ['--learner', 'learner-new'] : ['--holding', 'm749.0@2025-06-30'];
const PLAN_ARGS = [
  'plan',
  ...HOLDINGS,
  '--qualification',
  TARGET,
  '--json',
  '--as-of',
  '2026-12-01',
];

const connection = await resolveConnection(settings, INSTANCE);
const driver = createDriver(connection);
const database = connection.database;
const env = { ...process.env, NO_COLOR: '1' };

/** A write by another process that changes nothing but the catalogue's version. */
const bumpVersion = () =>
  noOpWrite(driver, database, credentials.find((c) => c.id === TARGET) ?? credentials[0]!);

/** One `pathways plan` process. */
const runCli = (cliArgs: string[]) =>
  runProcess(ROOT, cliArgs, (stdout) => stdout.includes('"status"'), env);

function post(
  path: string,
  body: unknown,
  method = 'POST',
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const data = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        path,
        method,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function apiFirstRequests(): Promise<{
  first: number[];
  writes: number[];
  afterOwn: number[];
}> {
  const server = spawn(
    process.execPath,
    [`${ROOT}/bin/pathways.js`, 'serve', '--port', String(PORT), '--planner-threads', '1'],
    { cwd: ROOT, env: { ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const body = {
    ...(CATALOGUE === 'seed'
      ? { learner: 'learner-new' }
      : { holdings: [{ credential: 'm749.0', awardedOn: '2025-06-30' }] }),
    target: { qualification: TARGET },
    asOf: '2026-12-01',
  };
  // Stored learners are planned with only with a key (role plan or above): one write key
  // for the plans and the writes alike.
  const { token } = await createApiKey(driver, { name: 'bench-cli', role: 'write' }, { database });
  const auth = { authorization: `Bearer ${token}` };
  const plan = () => post('/v1/plans', body, 'POST', auth);
  try {
    for (let i = 0; ; i++) {
      const answer = await plan().catch(() => undefined);
      if (answer?.status === 200) break;
      if (i > 600) throw new Error('the API did not answer a plan within 5 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const first: number[] = [];
    for (let r = 0; r < API_RUNS; r++) {
      await plan();
      await bumpVersion();
      await new Promise((r) => setTimeout(r, 1_100)); // the projection's re-check interval
      const answer = await plan();
      if (answer.status !== 200) throw new Error(`plan answered ${answer.status}`);
      first.push(answer.ms);
    }
    // The same write made through the API: its projection takes it in without a whole read.
    const one = credentials.find((c) => c.id === TARGET) ?? credentials[0]!;
    const writes: number[] = [];
    const afterOwn: number[] = [];
    for (let r = 0; r < API_RUNS; r++) {
      await plan();
      // As a client should: a 503 (load shed while the API is still busy with the previous
      // change, Retry-After: 1) is retried after a second.
      let write = await post(`/v1/credentials/${encodeURIComponent(one.id)}`, one, 'PUT', auth);
      for (let retry = 0; write.status === 503 && retry < 60; retry++) {
        await new Promise((r) => setTimeout(r, 1_000));
        write = await post(`/v1/credentials/${encodeURIComponent(one.id)}`, one, 'PUT', auth);
      }
      if (write.status !== 200) throw new Error(`PUT answered ${write.status}`);
      writes.push(write.ms);
      const answer = await plan();
      if (answer.status !== 200) throw new Error(`plan answered ${answer.status}`);
      afterOwn.push(answer.ms);
    }
    return { first, writes, afterOwn };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('close', r));
  }
}

try {
  await ensureCatalogue(driver, database, doc, CATALOGUE);
  console.log(
    `CLI benchmark, ${new Date().toISOString()}, ${machine()}, ${ROOT}, ${CATALOGUE}: pathways ${PLAN_ARGS.join(' ')}`,
  );
  await bumpVersion();
  // The snapshots of the checkout that runs (another one with --root).
  rmSync(projectionSnapshotFolder({ ...settings, home: ROOT }), { recursive: true, force: true });
  const cold = await runCli(PLAN_ARGS);
  console.log(
    `cold (first plan after a catalogue change, no snapshot at all): ${f0(cold.ms)} ms, CPU ${f0(cold.cpuMs)} ms, RSS ${f0(cold.rssMb)} MB`,
  );
  const warm: Run[] = [];
  for (let r = 0; r < RUNS; r++) warm.push(await runCli(PLAN_ARGS));
  const ms = warm.map((w) => w.ms);
  const rss = warm.map((w) => w.rssMb);
  const cpu = warm.map((w) => w.cpuMs);
  console.log(
    `warm (${RUNS} runs): median ${f0(pct(ms, 50))} ms, p99 ${f0(pct(ms, 99))} ms, ` +
      `min ${f0(Math.min(...ms))} ms, max ${f0(Math.max(...ms))} ms; ` +
      `CPU median ${f0(pct(cpu, 50))} ms, p99 ${f0(pct(cpu, 99))} ms; ` +
      `RSS median ${f0(pct(rss, 50))} MB, max ${f0(Math.max(...rss))} MB`,
  );
  // Another process changes the catalogue; the next plan finds the snapshot the warm runs
  // saved, of the version just before.
  const changed: Run[] = [];
  for (let r = 0; r < CHANGED_RUNS; r++) {
    await bumpVersion();
    changed.push(await runCli(PLAN_ARGS));
  }
  if (changed.length) {
    const line = (xs: number[]) =>
      `median ${f0(pct(xs, 50))}, min ${f0(Math.min(...xs))}, max ${f0(Math.max(...xs))}`;
    console.log(
      `after a change by another process, snapshot of the version before (${CHANGED_RUNS} runs): ` +
        `wall ${line(changed.map((c) => c.ms))} ms; CPU ${line(changed.map((c) => c.cpuMs))} ms; ` +
        `RSS median ${f0(
          pct(
            changed.map((c) => c.rssMb),
            50,
          ),
        )} MB`,
    );
  }
  if (API_RUNS > 0) {
    const { first, writes, afterOwn } = await apiFirstRequests();
    const line = (xs: number[]) =>
      `median ${f0(pct(xs, 50))} ms, min ${f0(Math.min(...xs))} ms, max ${f0(Math.max(...xs))} ms`;
    console.log(`API, first plan after a catalogue change (${API_RUNS} runs): ${line(first)}`);
    console.log(`API, PUT /v1/credentials/{id} (${API_RUNS} runs): ${line(writes)}`);
    console.log(`API, first plan after its own PUT (${API_RUNS} runs): ${line(afterOwn)}`);
  }
  console.log(`load average at the end: ${machine()}`);
} finally {
  await driver.close();
}
