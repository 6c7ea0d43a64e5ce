/**
 * What MCP costs over the HTTP route it wraps (`npm run bench:mcp`): the same plan body sent
 * N times, one after the other, as `POST /v1/plans` and as the `plan` tool over Streamable
 * HTTP (`POST /mcp`, the SDK's Client), against the API started as its own process
 * (`node bin/pathways.js serve`) on a Neo4j instance holding the seed catalogue (loaded by
 * `pathways up` when the graph is empty). Reports median, p99, calls/s and the server's RSS.
 *
 *   PATHWAYS_NEO4J_PORT=7722 npm run bench:mcp -- [--instance default] [--port 8721] [--n 200]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const INSTANCE = arg('instance', 'default');
const PORT = arg('port', '8721');
const N = Number(arg('n', '200'));
const URL_ = `http://127.0.0.1:${PORT}`;

const BODY = {
  holdings: [{ credential: 'smtu:mc-python-data', awardedOn: '2025-06-30' }],
  target: { qualification: 'smtu:hdip-data-analytics' },
  asOf: '2026-11-23',
  objective: ['credits', 'cost'],
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function timed(label: string, once: () => Promise<void>) {
  for (let i = 0; i < 20; i++) await once(); // warm-up: projection, solver, JIT
  const ms: number[] = [];
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} median ${percentile(ms, 50).toFixed(2)} ms  p99 ${percentile(ms, 99).toFixed(2)} ms  ${(N / seconds).toFixed(0)} calls/s`,
  );
}

function run(argv: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/pathways.js', ...argv], { stdio: 'inherit' });
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`pathways ${argv.join(' ')} exited ${code}`));
    });
  });
}

await run(['up', '--instance', INSTANCE]);
const server = spawn(
  process.execPath,
  [
    'bin/pathways.js',
    'serve',
    '--port',
    PORT,
    '--instance',
    INSTANCE,
    '--anonymous-rate-limit',
    '1000000',
  ],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
try {
  await new Promise<void>((resolve) => {
    server.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('Pathways API at')) resolve();
    });
  });
  console.log(
    `${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, n=${N}`,
  );
  await timed('POST /v1/plans', async () => {
    const res = await fetch(`${URL_}/v1/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BODY),
    });
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    await res.arrayBuffer();
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${URL_}/mcp`)));
  await client.listTools(); // the client validates structured output against the schemas
  await timed('plan tool (POST /mcp)', async () => {
    const result = await client.callTool({ name: 'plan', arguments: BODY });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  });
  await timed('search_credentials tool', async () => {
    const result = await client.callTool({ name: 'search_credentials', arguments: { q: 'data' } });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  });
  await client.close();
  const rss = await new Promise<string>((resolve) => {
    const ps = spawn('ps', ['-o', 'rss=', '-p', String(server.pid)]);
    let out = '';
    ps.stdout.on('data', (d: Buffer) => (out += d.toString()));
    ps.on('exit', () => {
      resolve(`${(Number(out.trim()) / 1024).toFixed(0)} MB`);
    });
  });
  console.log(`server RSS after the runs: ${rss}`);
} finally {
  server.kill('SIGTERM');
}
