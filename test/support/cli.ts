import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: where `pathways` runs from in the CLI tests. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time of the files under a folder. */
function newest(folder: string): number {
  let max = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) max = Math.max(max, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return max;
}

/**
 * How the tests start the CLI: the build (`dist/cli/main.js`, what `bin/pathways.js` runs) when
 * it is newer than every source file, otherwise the sources through tsx, so an edit is never
 * tested through a stale build. The build starts about 1.5 s sooner a run, which over the
 * suite's hundreds of runs is minutes.
 */
export const CLI: readonly string[] = (() => {
  const built = join(ROOT, 'dist/cli/main.js');
  return existsSync(built) && newest(join(ROOT, 'src')) <= statSync(built).mtimeMs
    ? [built]
    : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
})();

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pathways <args>` (`CLI`) from the project root with this
 * process's environment, so it talks to the Neo4j jest's global setup named in NEO4J_URI.
 */
export function pathways(...args: string[]): Promise<Run> {
  return pathwaysWith({ env: process.env }, ...args);
}

/**
 * Like `pathways`, with the environment given (in place of this process's) and each chunk of
 * standard error handed to `onStderr` as it comes, with the child (to act while it runs).
 */
export function pathwaysWith(
  options: { env: NodeJS.ProcessEnv; onStderr?: (text: string, child: ChildProcess) => void },
  ...args: string[]
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      env: { ...options.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs a bash command line from the project root (with `set -o pipefail`, so a pipeline's
 * status is its last failing command's), with `pathways` defined as `CLI`.
 */
export function shell(commandLine: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const cli = `pathways() { ${[process.execPath, ...CLI].map((a) => `'${a}'`).join(' ')} "$@"; }`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `${cli}; set -o pipefail; ${commandLine}`], {
      cwd: ROOT,
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** The whole output, for failure messages. */
export const shown = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Fails with the whole output unless the command exited with `code`. */
export function expectExit(r: Run, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}, got:\n${shown(r)}`);
}
