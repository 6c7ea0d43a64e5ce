/**
 * `pathways serve` as it runs in production: a child process with its own logger, planning
 * threads and learner cache, answering plans on loopback (stored learners with a key, inline
 * holdings without one, a stored learner without a key refused), and on SIGINT finishing,
 * flushing its access log and exiting 0.
 */
import { spawn } from 'node:child_process';
import type { Driver } from 'neo4j-driver';
import { createApiKey } from '../../src/service/apiKeys.js';
import { CLI, ROOT } from '../support/cli.js';
import { resetToSeed, testDriver } from '../support/neo4j.js';

let driver: Driver;
let token: string;

beforeAll(async () => {
  driver = testDriver();
  await resetToSeed(driver);
  token = (await createApiKey(driver, { name: 'serve test', role: 'plan' })).token;
});

afterAll(async () => {
  await driver.close();
});

test('serve answers plans from its planning threads and flushes its access log on SIGINT', async () => {
  const child = spawn(
    process.execPath,
    [...CLI, 'serve', '--port', '0', '--planner-threads', '2', '--learner-cache-ms', '1000'],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /Pathways API at (http:\/\/\S+?) /.exec(stdout);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`serve exited (${code}) before listening:\n${stderr}`));
      });
    });

    const plan = (body: object, headers: Record<string, string> = {}) =>
      fetch(`${url}/v1/plans`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          ...body,
          target: { qualification: 'smtu:msc-data-analytics' },
          asOf: '2026-11-23',
        }),
      });
    const plans = await Promise.all(
      ['learner-partway', 'learner-recognised', 'learner-partway'].map(async (learner) => {
        const res = await plan({ learner }, { authorization: `Bearer ${token}` });
        expect(res.status).toBe(200);
        return (await res.json()) as { status: string; optimality: string };
      }),
    );
    for (const p of plans) expect(p).toMatchObject({ optimality: 'optimal' });
    // On loopback, anonymous callers plan with holdings given inline, never with a stored
    // learner's.
    expect((await plan({ learner: 'learner-partway' })).status).toBe(401);
    const inline = await plan({
      holdings: [{ credential: 'smtu:mc-python-data', awardedOn: '2025-06-30' }],
    });
    expect(inline.status).toBe(200);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  // Every request's access-log line reached stderr before exit, none with holdings.
  const requests = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; path?: string; status?: number })
    .filter((line) => line.msg === 'request' && line.path === '/v1/plans');
  expect(requests.map((r) => r.status)).toEqual([200, 200, 200, 401, 200]);
  expect(stderr).not.toContain('awardedOn');
});
