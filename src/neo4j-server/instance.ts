import { join } from 'node:path';

/**
 * A local Neo4j server owned by this checkout, living in `.neo4j/instances/<name>/`. Several
 * can run side by side on different ports: "default" is the user's, "test" is the one the
 * test suite wipes at will.
 */
export interface Neo4jInstance {
  name: string;
  /** Bolt port on 127.0.0.1. */
  port: number;
  heapMb: number;
  pageCacheMb: number;
}

export interface InstancePaths {
  /** NEO4J_HOME of the server, and the launcher's working directory. */
  dir: string;
  /** NEO4J_CONF: holds neo4j.conf. */
  conf: string;
  confFile: string;
  data: string;
  logs: string;
  run: string;
  /** Process-group id of the launcher we spawned (JSON). */
  pidFile: string;
  /** Launcher stdout/stderr (console mode logs there). */
  launcherLog: string;
}

/** Thrown for an unusable instance name or configuration. */
export class InstanceConfigError extends Error {
  override readonly name = 'InstanceConfigError';
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { default: 7687, test: 7688 };
const DEFAULT_HEAP_MB = 1024;
const DEFAULT_PAGECACHE_MB = 256;
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function envKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function positiveInt(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new InstanceConfigError(`${key} must be a positive integer, got "${raw}".`);
  }
  return value;
}

/** The variable that sets the port of instance `name` (PATHWAYS_NEO4J_PORT for "default"). */
export function portVariable(name: string): string {
  return name === 'default' ? 'PATHWAYS_NEO4J_PORT' : `PATHWAYS_NEO4J_${envKey(name)}_PORT`;
}

/**
 * The settings of instance `name`. Ports: "default" 7687, "test" 7688, overridable per instance
 * (PATHWAYS_NEO4J_PORT for "default", PATHWAYS_NEO4J_<NAME>_PORT for the others, e.g.
 * PATHWAYS_NEO4J_TEST_PORT); any other name needs its port variable. Memory:
 * PATHWAYS_NEO4J_HEAP_MB and PATHWAYS_NEO4J_PAGECACHE_MB for all instances, or the
 * PATHWAYS_NEO4J_<NAME>_... variants for one.
 */
export function instanceFor(name: string, env: NodeJS.ProcessEnv = process.env): Neo4jInstance {
  if (!NAME.test(name)) {
    throw new InstanceConfigError(
      `Invalid Neo4j instance name "${name}": use lowercase letters, digits, "-" and "_".`,
    );
  }
  const prefix = name === 'default' ? 'PATHWAYS_NEO4J_' : `PATHWAYS_NEO4J_${envKey(name)}_`;
  const port = positiveInt(env, `${prefix}PORT`) ?? DEFAULT_PORTS[name];
  if (port === undefined) {
    throw new InstanceConfigError(
      `Neo4j instance "${name}" has no default port: set ${prefix}PORT.`,
    );
  }
  if (port > 65535) throw new InstanceConfigError(`${prefix}PORT must be a TCP port.`);
  return {
    name,
    port,
    heapMb:
      positiveInt(env, `${prefix}HEAP_MB`) ??
      positiveInt(env, 'PATHWAYS_NEO4J_HEAP_MB') ??
      DEFAULT_HEAP_MB,
    pageCacheMb:
      positiveInt(env, `${prefix}PAGECACHE_MB`) ??
      positiveInt(env, 'PATHWAYS_NEO4J_PAGECACHE_MB') ??
      DEFAULT_PAGECACHE_MB,
  };
}

export function instancePaths(home: string, instance: Pick<Neo4jInstance, 'name'>): InstancePaths {
  if (!NAME.test(instance.name)) {
    throw new InstanceConfigError(`Invalid Neo4j instance name "${instance.name}".`);
  }
  const dir = join(home, '.neo4j', 'instances', instance.name);
  const conf = join(dir, 'conf');
  const run = join(dir, 'run');
  return {
    dir,
    conf,
    confFile: join(conf, 'neo4j.conf'),
    data: join(dir, 'data'),
    logs: join(dir, 'logs'),
    run,
    pidFile: join(run, 'pathways.pid'),
    launcherLog: join(dir, 'logs', 'launcher.log'),
  };
}

export function boltUri(instance: Pick<Neo4jInstance, 'port'>): string {
  return `bolt://127.0.0.1:${instance.port}`;
}

/** The add-opens flags Neo4j 5 needs on Java 17, for the launcher and the server JVM it forks. */
export const ADD_OPENS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
] as const;

/** neo4j.conf for an instance: loopback, Bolt only, no auth, fixed memory. */
export function renderConf(instance: Neo4jInstance): string {
  return [
    '# Written by Pathways (src/neo4j-server) on every start: edits here are overwritten.',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${instance.port}`,
    `server.bolt.advertised_address=127.0.0.1:${instance.port}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=false',
    'dbms.usage_report.enabled=false',
    `server.memory.heap.initial_size=${instance.heapMb}m`,
    `server.memory.heap.max_size=${instance.heapMb}m`,
    `server.memory.pagecache.size=${instance.pageCacheMb}m`,
    'server.directories.import=import',
    'db.tx_log.rotation.retention_policy=2 files',
    // Bolt otherwise lingers 5 s twice on shutdown waiting for idle threads and connections.
    'internal.server.bolt.thread_pool_shutdown_wait_time=1s',
    'internal.server.bolt.connection_shutdown_wait_time=1s',
    ...ADD_OPENS.map((flag) => `server.jvm.additional=${flag}`),
    '',
  ].join('\n');
}
