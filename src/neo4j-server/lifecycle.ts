import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
} from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Neo4jConnection } from '../settings.js';
import { boltProbe, boltReachable } from './bolt.js';
import { checkJava, ensureNeo4jRuntime } from './install.js';
import {
  boltUri,
  instanceFor,
  instancePaths,
  portVariable,
  renderConf,
  type Neo4jInstance,
} from './instance.js';

/** The port of an instance is taken by a process that is not that instance. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** The server process exited, or Bolt did not answer in time. Carries the tail of its log. */
export class Neo4jStartError extends Error {
  override readonly name = 'Neo4jStartError';
}

/** Connection to a local instance, as returned by startNeo4j. */
export interface LocalNeo4j extends Neo4jConnection {
  embedded: true;
  instance: string;
  /** Process-group id of the launcher (the server JVM it forks is in the same group). */
  pid: number;
  /** True when the instance was already up and nothing was started. */
  alreadyRunning: boolean;
}

export interface Neo4jStatus {
  instance: string;
  /** Our process group for this instance is alive. */
  running: boolean;
  pid: number | undefined;
  uri: string;
  /** A Bolt server answers on the instance's port. */
  boltReachable: boolean;
}

export interface StartOptions {
  /** How long to wait for Bolt to answer; default 120 s. */
  timeoutMs?: number;
  /** Environment for java/mvn (PATH, JAVA_HOME). Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Progress messages. */
  log?: (message: string) => void;
}

export interface StopOptions {
  /** How long to wait after SIGTERM before SIGKILL; default 30 s. */
  timeoutMs?: number;
  /**
   * SIGKILL at once, as a crash would: nothing is flushed and Neo4j recovers from its
   * transaction log at the next start (for outage and recovery tests).
   */
  kill?: boolean;
}

export interface StopResult {
  /** False when nothing was running. */
  stopped: boolean;
  pid: number | undefined;
  /** True when the group got SIGKILL (asked for, or SIGTERM was not enough). */
  killed: boolean;
}

interface PidFile {
  pid: number;
  port: number;
  startedAt: string;
}

const LAUNCHER = 'org.neo4j.server.startup.Neo4jCommand';
const POLL_MS = 250;

function connectionFor(instance: Neo4jInstance): Neo4jConnection & { embedded: true } {
  return { uri: boltUri(instance), user: 'neo4j', password: '', embedded: true };
}

async function readPidFile(path: string): Promise<PidFile | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'pid' in parsed &&
      typeof parsed.pid === 'number' &&
      Number.isInteger(parsed.pid) &&
      parsed.pid > 1
    ) {
      return parsed as PidFile;
    }
  } catch {
    // missing or garbled: treated as not running
  }
  return undefined;
}

interface ProcEntry {
  pid: number;
  zombie: boolean;
  cwd: string | undefined;
  cmdline: string;
}

/** Members of process group `pgid` from /proc, or undefined where there is no /proc. */
function procGroupMembers(pgid: number): ProcEntry[] | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const members: ProcEntry[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "(comm)": state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      let cwd: string | undefined;
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        cwd = undefined;
      }
      members.push({
        pid: Number(entry),
        zombie: fields[0] === 'Z' || fields[0] === 'X',
        cwd,
        cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '),
      });
    } catch {
      // the process went away while we looked
    }
  }
  return members;
}

/**
 * True when process group `pgid` still has a live process that is this instance's Neo4j (its
 * launcher or the server JVM). Guards against a stale pid file whose pid was reused: only our
 * own group is ever signalled.
 */
function instanceGroupAlive(pgid: number, instanceDir: string): boolean {
  const members = procGroupMembers(pgid);
  if (members) {
    const live = members.filter((m) => !m.zombie);
    let realDir = instanceDir;
    try {
      realDir = realpathSync(instanceDir); // /proc/<pid>/cwd is a resolved path
    } catch {
      // folder gone: compare as given
    }
    return (
      live.some((m) => m.cmdline.includes('org.neo4j')) &&
      live.some((m) => m.cwd === undefined || m.cwd === instanceDir || m.cwd === realDir)
    );
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** True when something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve(true);
      else if (err.code === 'EACCES') resolve(true);
      else reject(err);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => {
        resolve(false);
      });
    });
  });
}

async function logTail(path: string, lines = 40): Promise<string> {
  try {
    const text = (await readFile(path, 'utf8')).trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

/** Waits until the group is gone; returns false on timeout. */
async function waitForExit(pgid: number, dir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (instanceGroupAlive(pgid, dir)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/**
 * The process group and port of instance `name` when it is running (or starting), from the
 * pid file its start wrote; undefined when it is not running.
 */
export async function runningInstance(
  home: string,
  name: string,
): Promise<{ pid: number; port: number } | undefined> {
  const paths = instancePaths(home, { name });
  const pidFile = await readPidFile(paths.pidFile);
  if (!pidFile || !instanceGroupAlive(pidFile.pid, paths.dir)) return undefined;
  return { pid: pidFile.pid, port: validPort(pidFile.port) ?? 0 };
}

const validPort = (port: unknown): number | undefined =>
  typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535
    ? port
    : undefined;

/**
 * The settings of local instance `name`, with the port it runs on when it is running: a
 * running server is reached where it listens, whatever the port setting of this process says
 * (the setting applies when the instance is started). So a command run without the
 * PATHWAYS_NEO4J_PORT the instance was started with finds it at once, and an instance that
 * needs a port variable needs it only to start.
 */
export async function localInstance(
  home: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Neo4jInstance> {
  const running = await runningInstance(home, name);
  return running?.port
    ? instanceFor(name, { ...env, [portVariable(name)]: String(running.port) })
    : instanceFor(name, env);
}

/** Status of a local instance: is our process alive, does Bolt answer on the port it runs on. */
export async function neo4jStatus(home: string, instance: Neo4jInstance): Promise<Neo4jStatus> {
  const running = await runningInstance(home, instance.name);
  const at = running?.port ? { ...instance, port: running.port } : instance;
  return {
    instance: instance.name,
    running: running !== undefined,
    pid: running?.pid,
    uri: boltUri(at),
    boltReachable: await boltReachable(connectionFor(at), 2000),
  };
}

async function waitForBolt(
  instance: Neo4jInstance,
  pgid: number,
  dir: string,
  exited: () => boolean,
  timeoutMs: number,
): Promise<'up' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  const connection = connectionFor(instance);
  for (;;) {
    if (exited() || !instanceGroupAlive(pgid, dir)) return 'exited';
    if (await boltReachable(connection, 2000)) return 'up';
    if (Date.now() >= deadline) return 'timeout';
    await sleep(500);
  }
}

/**
 * Starts local instance `instance` of the checkout at `home` and waits until Bolt answers.
 * Fetches the runtime on first use, rewrites neo4j.conf, spawns the console launcher in its own
 * process group (it forks the server JVM) and records the group id in the pid file. Returns at
 * once when the instance is already up.
 */
export async function startNeo4j(
  home: string,
  instance: Neo4jInstance,
  options: StartOptions = {},
): Promise<LocalNeo4j> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const env = options.env ?? process.env;
  const paths = instancePaths(home, instance);
  const connection = connectionFor(instance);
  const started = (pid: number, alreadyRunning: boolean, at = connection): LocalNeo4j => ({
    ...at,
    instance: instance.name,
    pid,
    alreadyRunning,
  });

  const runtime = await ensureNeo4jRuntime(home, options);

  const existing = await readPidFile(paths.pidFile);
  if (existing && instanceGroupAlive(existing.pid, paths.dir)) {
    // Ours and alive: up already, or still starting (another process is starting it). It
    // listens on the port it was started with, which this process's setting may not say.
    const port = validPort(existing.port) ?? instance.port;
    if (port !== instance.port)
      options.log?.(
        `Neo4j instance "${instance.name}" is running on port ${port} (not ${instance.port}, as this process's setting says): using it.`,
      );
    const running = { ...instance, port };
    const outcome = await waitForBolt(running, existing.pid, paths.dir, () => false, timeoutMs);
    if (outcome === 'up') return started(existing.pid, true, connectionFor(running));
    throw new Neo4jStartError(
      `Neo4j instance "${instance.name}" (pid ${existing.pid}) is running but Bolt did not answer on ${boltUri(running)} within ${Math.round(timeoutMs / 1000)} s; see ${paths.logs}.\n${await logTail(paths.launcherLog)}`,
    );
  }
  if (existing) await rm(paths.pidFile, { force: true });

  if (await portInUse(instance.port)) {
    throw new PortInUseError(
      `Port ${instance.port} on 127.0.0.1 is in use by another process, not by the Pathways Neo4j instance "${instance.name}": stop that process, choose another port, or set NEO4J_URI to use that server.`,
    );
  }

  // Neo4j's own pid file outlives a crash (or `stop --kill`), and its launcher refuses to
  // start while that pid looks alive, as a dying or unreaped process does. Our group is gone
  // and the port is free, so it is stale.
  await rm(join(paths.run, 'neo4j.pid'), { force: true });

  const java = await checkJava(env);
  await mkdir(paths.conf, { recursive: true });
  await mkdir(paths.data, { recursive: true });
  await mkdir(paths.logs, { recursive: true });
  await mkdir(paths.run, { recursive: true });
  await writeFile(paths.confFile, renderConf(instance));

  const out = openSync(paths.launcherLog, 'w');
  let exitedWith: string | undefined;
  let pid: number | undefined;
  try {
    const child = spawn(
      java.executable,
      [
        '-cp',
        join(runtime.lib, '*'),
        '-XX:+UseSerialGC',
        '-Xmx128m',
        '--add-opens=java.base/java.nio=ALL-UNNAMED',
        '--add-opens=java.base/java.io=ALL-UNNAMED',
        '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
        LAUNCHER,
        'console',
      ],
      {
        cwd: paths.dir,
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...env, NEO4J_HOME: paths.dir, NEO4J_CONF: paths.conf },
      },
    );
    pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => {
        resolve(child.pid!);
      });
      child.once('error', reject);
    });
    child.once('exit', (code, signal) => {
      exitedWith = signal ?? `exit code ${code ?? 'unknown'}`;
    });
    child.unref();
  } finally {
    closeSync(out);
  }

  const record: PidFile = { pid, port: instance.port, startedAt: new Date().toISOString() };
  await writeFile(paths.pidFile, `${JSON.stringify(record)}\n`);

  const outcome = await waitForBolt(
    instance,
    pid,
    paths.dir,
    () => exitedWith !== undefined,
    timeoutMs,
  );
  if (outcome === 'up') return started(pid, false);

  // Failed: leave nothing behind, then report why.
  signalGroup(pid, 'SIGTERM');
  if (!(await waitForExit(pid, paths.dir, 10_000))) signalGroup(pid, 'SIGKILL');
  await rm(paths.pidFile, { force: true });
  const why =
    outcome === 'timeout'
      ? `Bolt did not answer on ${connection.uri} within ${Math.round(timeoutMs / 1000)} s`
      : `the server exited (${exitedWith ?? 'process gone'}) before Bolt answered`;
  const probe = outcome === 'timeout' ? await boltProbe(connection, 1000) : undefined;
  throw new Neo4jStartError(
    `Neo4j instance "${instance.name}" did not start: ${why}${probe ? ` (${probe})` : ''}. Last lines of ${paths.launcherLog} (see also ${join(paths.logs, 'debug.log')}):\n${await logTail(paths.launcherLog)}`,
  );
}

/**
 * Stops local instance `instance`: SIGTERM to its process group, SIGKILL after
 * `timeoutMs` (30 s) if it is still alive (or at once with `kill`), then removes the pid
 * file. No-op when not running.
 */
export async function stopNeo4j(
  home: string,
  instance: Neo4jInstance,
  options: StopOptions = {},
): Promise<StopResult> {
  const paths = instancePaths(home, instance);
  const pidFile = await readPidFile(paths.pidFile);
  if (!pidFile || !instanceGroupAlive(pidFile.pid, paths.dir)) {
    await rm(paths.pidFile, { force: true });
    return { stopped: false, pid: undefined, killed: false };
  }
  const { pid } = pidFile;
  let killed = options.kill === true;
  signalGroup(pid, killed ? 'SIGKILL' : 'SIGTERM');
  if (!killed && !(await waitForExit(pid, paths.dir, options.timeoutMs ?? 30_000))) {
    signalGroup(pid, 'SIGKILL');
    killed = true;
  }
  if (killed) await waitForExit(pid, paths.dir, 10_000);
  await rm(paths.pidFile, { force: true });
  return { stopped: true, pid, killed };
}
