/**
 * What the end-to-end benchmarks share (cli.bench.ts, stackability.bench.ts): making one
 * catalogue the only one in the database, a no-op catalogue write, timing whole CLI processes,
 * and the order statistics they report.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Driver } from 'neo4j-driver';
import { CatalogueShape, parseWith } from '../src/model/index.js';
import {
  clearDatabase,
  credentialReferences,
  ensureMigrated,
  importCatalogue,
  writeCatalogue,
} from '../src/store/index.js';
import { cypher } from '../src/store/cypher.js';

/**
 * Makes `doc` the only catalogue in the database (a clear and an import) unless it already is
 * (as many credentials stored, and its first one among them).
 */
export async function ensureCatalogue(
  driver: Driver,
  database: string | undefined,
  doc: { credentials?: { id: string }[] },
  name: string,
): Promise<void> {
  await ensureMigrated(driver, database);
  const credentials = doc.credentials ?? [];
  const { records } = await driver.executeQuery(
    cypher('catalogue/count-credentials'),
    {},
    { database },
  );
  const stored = Number(records[0]?.get(0) ?? 0);
  const probe = await credentialReferences(driver, credentials[0]!.id, { database });
  if (stored === credentials.length && probe) return;
  console.log(`loading the ${name} catalogue (${credentials.length} credentials)...`);
  await clearDatabase(driver, database);
  const t = performance.now();
  await importCatalogue(driver, doc, { database });
  console.log(`imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/**
 * A catalogue write that changes nothing but the version: one stored credential written again
 * as it is, as another process would (logged as a change to that credential). Written without
 * the import's validation against the whole stored catalogue (it is stored already), which on
 * the 50k would cost the benchmark seconds per write and measure nothing.
 */
export async function noOpWrite(
  driver: Driver,
  database: string | undefined,
  credential: unknown,
): Promise<void> {
  const parsed = parseWith(CatalogueShape, { credentials: [credential] });
  if (!parsed.ok) throw new Error(`not a credential: ${JSON.stringify(parsed.issues)}`);
  await writeCatalogue(driver, parsed.value, { database });
}

export interface ProcessRun {
  ms: number;
  /**
   * User plus system CPU time: what the process itself cost, which other load on a shared
   * machine inflates far less than wall time.
   */
  cpuMs: number;
  rssMb: number;
  /** Bytes written to stdout. */
  bytes: number;
}

/** How much of stdout a run keeps for `check`. */
const KEPT = 1 << 16;

/**
 * One whole CLI process (`root/bin/pathways.js ...cliArgs`) from spawn to exit; peak RSS and
 * CPU time from GNU time when present. Rejects on a non-zero exit or when `check` refuses the
 * start of its output (its first 64 KB).
 */
export function runCli(
  root: string,
  cliArgs: string[],
  check: (stdout: string) => boolean,
  env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' },
): Promise<ProcessRun> {
  const timed = existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const argv = timed
    ? ['-f', '%M %U %S', process.execPath, `${root}/bin/pathways.js`, ...cliArgs]
    : [`${root}/bin/pathways.js`, ...cliArgs];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let head = '';
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (head.length < KEPT) head += d.toString();
      bytes += d.length;
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const [kb, user, system] = timed
        ? stderr.trim().split('\n').pop()!.split(' ').map(Number)
        : [NaN, NaN, NaN];
      if (code !== 0) reject(new Error(`exit ${code}: ${stderr.slice(0, 2000)}`));
      else if (!check(head)) reject(new Error(`unexpected output: ${head.slice(0, 500)}`));
      else resolve({ ms, cpuMs: (user! + system!) * 1000, rssMb: kb! / 1024, bytes });
    });
  });
}

export const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** The p-th percentile (nearest rank). */
export const percentile = (xs: number[], p: number) =>
  sorted(xs)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))]!;
export const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
export const f0 = (x: number) => x.toFixed(0);

/** The machine a run was made on (lscpu's model name) and the load average now. */
export function machine(): string {
  let model: string | undefined;
  try {
    model = execFileSync('lscpu', { encoding: 'utf8' }).match(/Model name:\s*(.*)/)?.[1];
  } catch {
    model = undefined;
  }
  return `${model ?? 'unknown CPU'}, load average ${loadAverage()}`;
}

export const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
