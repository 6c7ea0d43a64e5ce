/**
 * HTTP API load benchmark (`npm run bench:api`): `POST /v1/plans` under autocannon, on
 * loopback, against the API started as its own process (`node bin/pathways.js serve`), so that
 * the load generator and the server do not share an event loop.
 *
 *   PATHWAYS_NEO4J_LOAD_PORT=7694 PATHWAYS_NEO4J_LOAD_HEAP_MB=2048 npm run bench:api -- \
 *     [--instance load] [--catalogue seed|synthetic] [--scenarios load,rate,overload,outage]
 *     [--duration 15] [--warmup 5] [--connections 1,16,64] [--rate 1000] [--bodies 1000]
 *     [--seed 7] [--learner-share 0.5] [--max-in-flight 64] [--log-level info]
 *     [--overload-connections 256] [--overload-rate N|closed] [--overload-pipelining 1]
 *     [--outage-connections 16] [--outage-kill]
 *     [--servers 1] [--planner-threads N] [--learner-cache-ms MS] [--cpu-prof DIR] [--no-build]
 *
 * Scenarios:
 *   load      closed loop at each `--connections` count: requests/s, latency percentiles (of
 *             the 2xx answers), non-2xx by status, server CPU and RSS.
 *   rate      open loop at each `--rate` (requests/s, evenly spaced arrivals, at most 256
 *             sockets): the latency at that rate, counted from each request's scheduled time.
 *   overload  `--overload-connections` (far beyond `--max-in-flight`) offering, with
 *             autocannon's `overallRate` (each connection spends its share of the rate as
 *             fast as answers come, from the start of every second: bursts), `--overload-rate`
 *             requests/s (default: 4× the best plans/s of this process's
 *             closed-loop runs, or of a 16-connection run made for it); `--overload-rate
 *             closed` sends as fast as answers come back instead (with
 *             `--overload-pipelining`). Reports the share of 503/429, the latency of the 2xx
 *             answers, and `/healthz` polled every 200 ms during and after the run.
 *   outage    a run during which Neo4j is stopped (`pathways db stop`; with `--outage-kill`,
 *             killed at once: `db stop --kill`, SIGKILL, as a crash) and started again
 *             (`pathways db start`), without restarting the API: the timeline of 200s and 503s.
 *
 * Request bodies are generated once, deterministically (`--seed`), from the catalogue: a mix
 * of stored learner ids (the seed's learners; for the synthetic catalogue, 200 generated
 * learners stored once) and inline holdings drawn from the credentials the target's rules
 * accept (a random share of 0–70%, as in bench/planner.bench.ts), against random
 * qualifications (one in ten an `anyOf` of two). `--catalogue synthetic` imports
 * bench/synthetic.ts LARGE into the instance first when the graph does not hold it yet (one
 * transaction; give the instance a 2 GB heap). `--cpu-prof DIR` runs the server under
 * `node --cpu-prof` and leaves the profile in DIR when it exits. `--servers N` starts N API
 * processes (an experiment: the product serves from one) and splits the connections and the
 * offered rate evenly between them; CPU and RSS are then summed over the N.
 * `--planner-threads N` and `--learner-cache-ms MS` are passed on to `serve` (its defaults:
 * one planning thread per core, stored learners' holdings reused for 1000 ms).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, statSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildCatalogueGraph } from '../src/graph/index.js';
import {
  parseCatalogue,
  type CatalogueDocument,
  type CatalogueDocumentInput,
} from '../src/model/index.js';
import { createApiKey } from '../src/service/apiKeys.js';
import { connectStore, type Store } from '../src/service/store.js';
import { readSettings } from '../src/settings.js';
import { getLearner, importCatalogue, putLearner } from '../src/store/index.js';
import { sampleHoldings } from './learners.js';
import { LARGE, random, syntheticCatalogue } from './synthetic.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const INSTANCE = arg('instance', 'load');
const CATALOGUE = arg('catalogue', 'seed');
const SCENARIOS = arg('scenarios', 'load').split(',');
const DURATION = Number(arg('duration', '15'));
const WARMUP = Number(arg('warmup', '5'));
const CONNECTIONS = arg('connections', '1,16,64').split(',').map(Number);
const RATES = arg('rate', '1000').split(',').map(Number);
const BODIES = Number(arg('bodies', '1000'));
const SEED = Number(arg('seed', '7'));
const LEARNER_SHARE = Number(arg('learner-share', '0.5'));
const MAX_IN_FLIGHT = arg('max-in-flight', '64');
const LOG_LEVEL = arg('log-level', 'info');
const OVERLOAD_CONNECTIONS = Number(arg('overload-connections', '256'));
const OVERLOAD_RATE = arg('overload-rate', '');
const OVERLOAD_PIPELINING = Number(arg('overload-pipelining', '1'));
const OUTAGE_CONNECTIONS = Number(arg('outage-connections', '16'));
const OUTAGE_KILL = args.includes('--outage-kill');
const CPU_PROF = arg('cpu-prof', '');
const SERVERS = Number(arg('servers', '1'));
const PLANNER_THREADS = arg('planner-threads', '');
const LEARNER_CACHE_MS = arg('learner-cache-ms', '');
const BUILD = !args.includes('--no-build');
const AS_OF = '2026-11-23';
const SYNTHETIC_LEARNERS = 200;
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/pathways.js');

const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const percentile = (sorted: Float64Array | number[], q: number) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => {
  process.stdout.write(`${line}\n`);
};

// ---------------------------------------------------------------------------------------
// Catalogue and request bodies

function load(doc: unknown): CatalogueDocument {
  const parsed = parseCatalogue(doc);
  if (!parsed.ok)
    throw new Error(`invalid catalogue: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  return parsed.value;
}

/** The synthetic catalogue's stored learners: each aims at one qualification, partway. */
function syntheticLearners(doc: CatalogueDocument, graph: ReturnType<typeof buildCatalogueGraph>) {
  const rnd = random(1234);
  const quals = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  return Array.from({ length: SYNTHETIC_LEARNERS }, (_, i) => ({
    id: `bench-learner-${i}`,
    holdings: sampleHoldings(graph, quals[Math.floor(rnd() * quals.length)]!, rnd).map((h) => ({
      ...h,
      verified: false,
    })),
  }));
}

function requestBodies(
  doc: CatalogueDocument,
  graph: ReturnType<typeof buildCatalogueGraph>,
  learners: string[],
): string[] {
  const rnd = random(SEED);
  const quals = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  const pick = () => quals[Math.floor(rnd() * quals.length)]!;
  const out: string[] = [];
  for (let i = 0; i < BODIES; i++) {
    const first = pick();
    const target =
      rnd() < 0.1 ? { anyOf: [...new Set([first, pick()])] } : { qualification: first };
    const body =
      rnd() < LEARNER_SHARE
        ? { learner: learners[Math.floor(rnd() * learners.length)]!, target, asOf: AS_OF }
        : { holdings: sampleHoldings(graph, first, rnd), target, asOf: AS_OF };
    out.push(JSON.stringify(body));
  }
  return out;
}

/** Makes sure the graph holds the synthetic catalogue and its learners (imports once). */
/** Imports the catalogue (and stores the learners) unless the instance already holds them. */
async function ensureLoaded(
  store: Store,
  doc: CatalogueDocumentInput,
  learners: ReturnType<typeof syntheticLearners>,
) {
  const db = store.database ? { database: store.database } : {};
  const last = doc.credentials!.at(-1)!.id;
  const { records } = await store.driver.executeQuery(
    'MATCH (c:Credential {id: $id}) RETURN count(c) AS n',
    { id: last },
    db,
  );
  if ((records[0]?.get('n') as number) === 0) {
    say(`importing the ${CATALOGUE} catalogue (${doc.credentials!.length} credentials)...`);
    const t = performance.now();
    await importCatalogue(store.driver, doc, db);
    say(`imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  if (learners.length && !(await getLearner(store.driver, learners.at(-1)!.id, db))) {
    const t = performance.now();
    for (const learner of learners) await putLearner(store.driver, learner, db);
    say(
      `stored ${learners.length} synthetic learners in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// The server process

interface Server {
  child: ChildProcess;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

const cliEnv = () => ({ ...process.env, LOG_LEVEL });

async function startApi(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'pathways-api-bench-'));
  const logFile = join(dir, 'server.log');
  const node = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
  const child = spawn(
    process.execPath,
    [
      ...node,
      BIN,
      'serve',
      '--port',
      '0',
      '--instance',
      INSTANCE,
      '--anonymous',
      'none',
      '--max-in-flight',
      MAX_IN_FLIGHT,
      ...(PLANNER_THREADS ? ['--planner-threads', PLANNER_THREADS] : []),
      ...(LEARNER_CACHE_MS ? ['--learner-cache-ms', LEARNER_CACHE_MS] : []),
    ],
    { env: cliEnv(), stdio: ['ignore', 'pipe', openSync(logFile, 'a')] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Pathways API at (http:\/\/\S+?) /.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => {
      reject(new Error(`the API exited (${code}) before listening; see ${logFile}`));
    });
  });
  return {
    child,
    url,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}

/** RSS (MB) and CPU time (s) of a process (or `pid/task/tid`, one thread), from /proc. */
function procStats(pid: number | string): { rssMb: number; cpuS: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
  return { rssMb: rssKb / 1024, cpuS: ticks / 100 };
}

/** One HTTP request on its own connection: its status (0 when it failed) and duration. */
function timedRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        timeout: options.timeoutMs,
        headers: options.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - t });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      resolve({ status: 0, ms: performance.now() - t });
    });
    req.end(options.body);
  });
}

const get = (url: string, timeoutMs = 2000) => timedRequest(url, { timeoutMs });

const postPlan = (url: string, token: string, body: string, timeoutMs = 10_000) =>
  timedRequest(`${url}/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    timeoutMs,
  });

/** Waits for /readyz, then for a first plan (the catalogue projection loads on first use). */
async function waitReady(url: string, token: string, timeoutMs = 300_000) {
  const t = performance.now();
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await get(`${url}/readyz`)).status === 200) break;
    await sleep(250);
  }
  while (Date.now() < until) {
    const r = await postPlan(url, token, bodies[0]!, 120_000);
    if (r.status === 200) {
      say(
        `API ready, first plan answered ${((performance.now() - t) / 1000).toFixed(1)} s after start`,
      );
      return;
    }
    await sleep(500);
  }
  throw new Error(`${url} did not answer a plan within ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------------------------------
// Runs

interface RunOptions {
  connections: number;
  duration: number;
  pipelining?: number;
  overallRate?: number;
  /** Evenly spaced arrivals at `overallRate` (see `paced`) instead of autocannon. */
  paced?: boolean;
  /** Called once a second with the seconds elapsed and the timeline; true stops the run. */
  onSecond?: (second: number, timeline: Map<number, number>[]) => boolean;
}

interface RunResult {
  seconds: number;
  ok: number;
  statuses: Map<number, number>;
  errors: number;
  timeouts: number;
  okLatency: Float64Array;
  shedLatency: Float64Array;
  /** Per second: counts by status (0: connection error). */
  timeline: Map<number, number>[];
  serverCpuPct: number;
  /** Server CPU time per answer (ms): steadier than throughput on a shared machine. */
  serverCpuMsPerAnswer: number;
  /** Mean size of a 2xx answer's body and headers (bytes). */
  okBytes: number;
  serverRssMb: number;
  clientCpuPct: number;
  load: number;
}

let bodies: string[] = [];
let next = 0;

async function run(servers: Server[], token: string, o: RunOptions): Promise<RunResult> {
  const ok: number[] = [];
  let okBytes = 0;
  const shed: number[] = [];
  const statuses = new Map<number, number>();
  const timeline: Map<number, number>[] = [];
  const t0 = performance.now();
  const bucket = () => {
    const s = Math.floor((performance.now() - t0) / 1000);
    while (timeline.length <= s) timeline.push(new Map());
    return timeline[s]!;
  };
  const pids = servers.map((server) => server.child.pid!);
  /** Summed over the server processes. */
  const stats = () =>
    pids.map(procStats).reduce((a, b) => ({ rssMb: a.rssMb + b.rssMb, cpuS: a.cpuS + b.cpuS }));
  /** CPU time of the servers' main threads (the event loop; the planning threads excluded). */
  const mainCpu = () =>
    pids.map((pid) => procStats(`${pid}/task/${pid}`).cpuS).reduce((a, b) => a + b);
  const mainBefore = mainCpu();
  const before = stats();
  const clientBefore = process.cpuUsage();
  let rss = before.rssMb;
  const onResponse = (statusCode: number, bytes: number, ms: number) => {
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    const b = bucket();
    b.set(statusCode, (b.get(statusCode) ?? 0) + 1);
    if (statusCode >= 200 && statusCode < 300) {
      ok.push(ms);
      okBytes += bytes;
    } else shed.push(ms);
  };
  const onError = () => {
    const b = bucket();
    b.set(0, (b.get(0) ?? 0) + 1);
  };
  const instances = servers.map((server) =>
    (o.paced ? paced : attack)(server, token, o, servers.length, onResponse, onError),
  );
  let second = 0;
  const ticker = setInterval(() => {
    try {
      rss = Math.max(rss, stats().rssMb);
    } catch {
      // a server is gone: reported by the caller
    }
    second++;
    if (o.onSecond?.(second, timeline)) for (const instance of instances) instance.stop();
  }, 1000);
  const results = await Promise.all(instances.map((i) => i.finished));
  clearInterval(ticker);
  const seconds = (performance.now() - t0) / 1000;
  const after = stats();
  const mainAfter = mainCpu();
  const answers = Math.max(
    1,
    [...statuses.values()].reduce((a, b) => a + b, 0),
  );
  // On stderr, beside the table: the event loop's share of the server CPU per answer.
  process.stderr.write(
    `main thread ms/answer ${((1000 * (mainAfter - mainBefore)) / answers).toFixed(3)}\n`,
  );
  const client = process.cpuUsage(clientBefore);
  const sorted = (xs: number[]) => Float64Array.from(xs).sort();
  return {
    seconds,
    ok: ok.length,
    statuses,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    okLatency: sorted(ok),
    shedLatency: sorted(shed),
    timeline,
    serverCpuPct: (100 * (after.cpuS - before.cpuS)) / seconds,
    serverCpuMsPerAnswer:
      (1000 * (after.cpuS - before.cpuS)) /
      Math.max(
        1,
        [...statuses.values()].reduce((a, b) => a + b, 0),
      ),
    okBytes: okBytes / Math.max(1, ok.length),
    serverRssMb: Math.max(rss, after.rssMb),
    clientCpuPct: (client.user + client.system) / 1e4 / seconds,
    load: loadavg()[0]!,
  };
}

interface Attack {
  stop(): void;
  finished: Promise<{ errors: number; timeouts: number }>;
}

/** One autocannon instance against one server: its share of the connections and the rate. */
function attack(
  server: Server,
  token: string,
  o: RunOptions,
  of: number,
  onResponse: (status: number, bytes: number, ms: number) => void,
  onError: () => void,
): Attack {
  let done!: (result: autocannon.Result) => void;
  let failed!: (err: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url: `${server.url}/v1/plans`,
      connections: Math.ceil(o.connections / of),
      duration: o.duration,
      pipelining: o.pipelining ?? 1,
      timeout: 10,
      ...(o.overallRate ? { overallRate: o.overallRate / of } : {}),
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }),
        },
      ],
    },
    (err: unknown, result: autocannon.Result) => {
      if (err) failed(err);
      else done(result);
    },
  );
  instance.on('response', (_client: unknown, statusCode: number, bytes: number, ms: number) => {
    onResponse(statusCode, bytes, ms);
  });
  instance.on('reqError', onError);
  return {
    stop: () => {
      instance.stop();
    },
    finished,
  };
}

/**
 * Open loop with evenly spaced arrivals: `overallRate` requests a second, each sent at its
 * scheduled time whatever the answers do (autocannon's rate spends each connection's budget
 * at the start of every second, so its arrivals come in bursts). Latency counts from the
 * scheduled time, so a late send (a busy client) is not hidden. At most `connections`
 * sockets; a request that finds none free waits for one, and that wait counts.
 */
function paced(
  server: Server,
  token: string,
  o: RunOptions,
  of: number,
  onResponse: (status: number, bytes: number, ms: number) => void,
  onError: () => void,
): Attack {
  const rate = (o.overallRate ?? 100) / of;
  const agent = new Agent({ keepAlive: true, maxSockets: Math.ceil(o.connections / of) });
  const url = new URL(`${server.url}/v1/plans`);
  const t0 = performance.now();
  let sent = 0;
  let stopped = false;
  let pending = 0;
  let errors = 0;
  let timeouts = 0;
  let finish!: () => void;
  const finished = new Promise<{ errors: number; timeouts: number }>((resolve) => {
    finish = () => {
      agent.destroy();
      resolve({ errors, timeouts });
    };
  });
  const send = (at: number) => {
    pending++;
    const body = bodies[next++ % bodies.length]!;
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => {
          pending--;
          onResponse(res.statusCode ?? 0, bytes, performance.now() - at);
          if (stopped && pending === 0) finish();
        });
      },
    );
    req.on('timeout', () => {
      timeouts++;
      req.destroy(new Error('timeout'));
    });
    req.on('error', () => {
      pending--;
      errors++;
      onError();
      if (stopped && pending === 0) finish();
    });
    req.end(body);
  };
  const tick = () => {
    if (stopped) return;
    const elapsed = performance.now() - t0;
    if (elapsed >= o.duration * 1000) {
      stopped = true;
      if (pending === 0) finish();
      return;
    }
    const due = Math.floor((elapsed / 1000) * rate);
    while (sent < due) send(t0 + (++sent * 1000) / rate);
    setTimeout(tick, 1);
  };
  tick();
  return {
    stop: () => {
      stopped = true;
      if (pending === 0) finish();
    },
    finished,
  };
}

const TABLE_HEAD =
  '| connections | plans/s (2xx) | p50 ms | p90 ms | p99 ms | max ms | non-2xx | server CPU | server CPU ms/answer | server RSS MB | client CPU | load avg | 2xx KB |\n' +
  '| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |';

function row(label: string, r: RunResult): string {
  const non2xx = [...r.statuses]
    .filter(([s]) => s < 200 || s >= 300)
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}: ${n}`);
  if (r.errors) non2xx.push(`errors: ${r.errors}`);
  if (r.timeouts) non2xx.push(`timeouts: ${r.timeouts}`);
  const l = r.okLatency;
  return `| ${label} | ${(r.ok / r.seconds).toFixed(0)} | ${fmt(percentile(l, 0.5))} | ${fmt(percentile(l, 0.9))} | ${fmt(percentile(l, 0.99))} | ${fmt(l.at(-1) ?? NaN)} | ${non2xx.join(', ') || '0'} | ${r.serverCpuPct.toFixed(0)}% | ${r.serverCpuMsPerAnswer.toFixed(2)} | ${r.serverRssMb.toFixed(0)} | ${r.clientCpuPct.toFixed(0)}% | ${r.load.toFixed(1)} | ${(r.okBytes / 1024).toFixed(1)} |`;
}

function pathways(...command: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...command, '--instance', INSTANCE], {
      env: cliEnv(),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code) => {
      resolve(code ?? 1);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Scenarios

/** The best plans/s of the closed-loop runs so far (the overload scenario offers 4× that). */
let bestThroughput = 0;

async function loadScenario(servers: Server[], token: string) {
  say(`\n### Closed loop, ${DURATION} s per run\n`);
  say(TABLE_HEAD);
  for (const connections of CONNECTIONS) {
    const r = await run(servers, token, { connections, duration: DURATION });
    bestThroughput = Math.max(bestThroughput, r.ok / r.seconds);
    say(row(String(connections), r));
  }
}

async function rateScenario(servers: Server[], token: string) {
  say(
    `\n### Open loop: evenly spaced arrivals at the offered rate (Node http client, at most 256 sockets), ${DURATION} s per run\n`,
  );
  say(TABLE_HEAD.replace('| connections |', '| offered rate /s |'));
  for (const rate of RATES)
    say(
      row(
        String(rate),
        await run(servers, token, {
          connections: 256,
          duration: DURATION,
          overallRate: rate,
          paced: true,
        }),
      ),
    );
}

async function overloadScenario(servers: Server[], token: string) {
  const server = servers[0]!;
  let rate: number | undefined;
  if (OVERLOAD_RATE !== 'closed') {
    if (OVERLOAD_RATE !== '') rate = Number(OVERLOAD_RATE);
    else {
      if (bestThroughput === 0) {
        const r = await run(servers, token, { connections: 16, duration: DURATION });
        bestThroughput = r.ok / r.seconds;
      }
      rate = Math.round(4 * bestThroughput);
    }
  }
  const probes: { at: number; status: number; ms: number }[] = [];
  const probing = { on: true };
  const t0 = performance.now();
  const probe = (async () => {
    while (probing.on) {
      const r = await get(`${server.url}/healthz`, 5000);
      probes.push({ at: (performance.now() - t0) / 1000, ...r });
      await sleep(200);
    }
  })();
  const r = await run(servers, token, {
    connections: OVERLOAD_CONNECTIONS,
    pipelining: OVERLOAD_PIPELINING,
    duration: DURATION,
    ...(rate ? { overallRate: rate } : {}),
  });
  probing.on = false;
  await probe;
  const total = [...r.statuses.values()].reduce((a, b) => a + b, 0);
  const share = (s: number) => ((100 * (r.statuses.get(s) ?? 0)) / Math.max(1, total)).toFixed(1);
  const healthz = Float64Array.from(probes.map((p) => p.ms)).sort();
  const healthzBad = probes.filter((p) => p.status !== 200).length;
  const after = await get(`${server.url}/healthz`);
  const afterPlan = (await postPlan(server.url, token, bodies[0]!)).status;
  say(
    `\n### Overload: ${rate ? `${rate} requests/s offered (open loop, ${(rate / Math.max(1, bestThroughput)).toFixed(1)}× the best closed-loop plans/s)` : 'closed loop'}, ${OVERLOAD_CONNECTIONS} connections × pipelining ${OVERLOAD_PIPELINING}, max in flight ${MAX_IN_FLIGHT}, ${DURATION} s\n`,
  );
  say(TABLE_HEAD);
  say(row(`${OVERLOAD_CONNECTIONS}×${OVERLOAD_PIPELINING}`, r));
  say(
    `\nanswers: ${total} (${(total / r.seconds).toFixed(0)}/s); 2xx ${share(200)}%, 503 ${share(503)}%, 429 ${share(429)}%; ` +
      `503/429 answered in p50 ${fmt(percentile(r.shedLatency, 0.5))} ms, p99 ${fmt(percentile(r.shedLatency, 0.99))} ms`,
  );
  say(
    `/healthz during the run: ${probes.length} probes, ${healthzBad} not 200, latency p50 ${fmt(percentile(healthz, 0.5))} ms, p99 ${fmt(percentile(healthz, 0.99))} ms, max ${fmt(healthz.at(-1) ?? NaN)} ms; ` +
      `after the run: /healthz ${after.status} in ${fmt(after.ms)} ms, POST /v1/plans ${afterPlan}; server ${server.child.exitCode === null ? 'still running' : `exited (${server.child.exitCode})`}`,
  );
}

async function outageScenario(servers: Server[], token: string) {
  const server = servers[0]!;
  const stopAt = 10;
  const downFor = 10;
  const events: { at: number; what: string }[] = [];
  const t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  let upAt = Infinity;
  let phase: 'before' | 'stopping' | 'down' | 'starting' | 'up' = 'before';
  let steadySince = Infinity;
  const sequence = (async () => {
    await sleep(stopAt * 1000);
    phase = 'stopping';
    const stop = OUTAGE_KILL ? 'db stop --kill' : 'db stop';
    events.push({ at: now(), what: `${stop} issued` });
    await pathways(...stop.split(' '));
    events.push({ at: now(), what: `${stop} returned (Neo4j down)` });
    phase = 'down';
    await sleep(downFor * 1000);
    events.push({ at: now(), what: 'db start issued' });
    phase = 'starting';
    await pathways('db', 'start');
    upAt = now();
    events.push({ at: upAt, what: 'db start returned (Bolt answers)' });
    phase = 'up';
  })();
  const r = await run(servers, token, {
    connections: OUTAGE_CONNECTIONS,
    duration: 300,
    onSecond: (s, timeline) => {
      // `s` seconds have passed: look at the second that just ended.
      const last = timeline[s - 1];
      if (phase === 'up' && last && steadySince === Infinity) {
        const total = [...last.values()].reduce((a, b) => a + b, 0);
        if (total > 0 && (last.get(200) ?? 0) / total >= 0.99) steadySince = s;
      }
      return s >= steadySince + 10 || s >= 180;
    },
  });
  await sequence;
  const firstAfter = (from: number, match: (status: number) => boolean) => {
    for (let s = Math.floor(from); s < r.timeline.length; s++)
      if ([...r.timeline[s]!.keys()].some(match)) return s;
    return NaN;
  };
  const stopIssued = events[0]!.at;
  const first503 = firstAfter(stopIssued, (s) => s === 503 || s === 0 || s >= 500);
  const firstOk = firstAfter(upAt, (s) => s === 200);
  say(`\n### Outage: Neo4j stopped and started during a ${OUTAGE_CONNECTIONS}-connection run\n`);
  for (const e of events) say(`- t=${e.at.toFixed(1)} s: ${e.what}`);
  say(
    `- first non-2xx second after the stop was issued: t=${first503} s (${(first503 - stopIssued).toFixed(1)} s after)`,
  );
  say(
    `- first 200 after Bolt answered: second t=${firstOk} s; all-200 seconds from t=${steadySince - 1} s (${(steadySince - 1 - upAt).toFixed(1)} s after Bolt answered)`,
  );
  say(`- server ${server.child.exitCode === null ? 'still running (never restarted)' : 'exited'}`);
  say('\n| second | 200 | 503 | other |\n| ---: | ---: | ---: | --- |');
  r.timeline.forEach((m, s) => {
    const other = [...m]
      .filter(([k]) => k !== 200 && k !== 503)
      .map(([k, n]) => `${k === 0 ? 'error' : k}: ${n}`)
      .join(', ');
    say(`| ${s} | ${m.get(200) ?? 0} | ${m.get(503) ?? 0} | ${other} |`);
  });
}

// ---------------------------------------------------------------------------------------

say(
  `# API load benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
if (BUILD) {
  const code = await new Promise<number>((resolve) => {
    spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' }).once(
      'exit',
      (c) => {
        resolve(c ?? 1);
      },
    );
  });
  if (code !== 0) throw new Error('npm run build failed');
}
const input =
  CATALOGUE === 'synthetic'
    ? syntheticCatalogue(LARGE)
    : (JSON.parse(
        readFileSync(join(ROOT, 'seed/catalogue.json'), 'utf8'),
      ) as CatalogueDocumentInput);
const doc = load(input);
const graph = buildCatalogueGraph(doc);
const store = await connectStore(readSettings(), { instance: INSTANCE });
await store.ready();
// The seed document carries its own learners; the synthetic one's are stored beside it.
const extraLearners = CATALOGUE === 'synthetic' ? syntheticLearners(doc, graph) : [];
await ensureLoaded(store, input, extraLearners);
const learnerIds = (CATALOGUE === 'synthetic' ? extraLearners : doc.learners).map((l) => l.id);
const { records } = await store.driver.executeQuery(
  'MATCH (c:Credential) RETURN count(c) AS n',
  {},
  store.database ? { database: store.database } : {},
);
const { token } = await createApiKey(
  store.driver,
  { name: 'api-bench', role: 'plan', rateLimit: 1_000_000_000 },
  { database: store.database },
);
await store.close();
bodies = requestBodies(doc, graph, learnerIds);
const meanBytes = bodies.reduce((s, b) => s + b.length, 0) / bodies.length;
say(
  `catalogue: ${CATALOGUE} (${doc.credentials.length} credentials, ${doc.credentials.filter((c) => c.qualification).length} qualifications; the graph holds ${records[0]?.get('n') as number} credentials); ` +
    `${bodies.length} request bodies (seed ${SEED}, ${Math.round(LEARNER_SHARE * 100)}% stored learners of ${learnerIds.length}, mean ${meanBytes.toFixed(0)} bytes); ` +
    `server: ${SERVERS} process${SERVERS > 1 ? 'es' : ''}, max in flight ${MAX_IN_FLIGHT}, planner threads ${PLANNER_THREADS || 'default'}, learner cache ${LEARNER_CACHE_MS ? `${LEARNER_CACHE_MS} ms` : 'default'}, log level ${LOG_LEVEL}`,
);

const servers: Server[] = [];
for (let i = 0; i < SERVERS; i++) servers.push(await startApi());
const logSize = () => servers.reduce((n, server) => n + statSync(server.logFile).size, 0);
try {
  for (const server of servers) await waitReady(server.url, token);
  const warm = await run(servers, token, { connections: 16, duration: WARMUP });
  say(`warm-up: ${WARMUP} s at 16 connections: ${row('16', warm)}`);
  const startBytes = logSize();
  for (const scenario of SCENARIOS) {
    if (scenario === 'load') await loadScenario(servers, token);
    else if (scenario === 'rate') await rateScenario(servers, token);
    else if (scenario === 'overload') await overloadScenario(servers, token);
    else if (scenario === 'outage') await outageScenario(servers, token);
    else throw new Error(`unknown scenario ${scenario}`);
  }
  say(
    `\nserver log: ${((logSize() - startBytes) / 1e6).toFixed(1)} MB written during the runs (${servers.map((server) => server.logFile).join(', ')})`,
  );
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
