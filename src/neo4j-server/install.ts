import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** A tool the local Neo4j needs (Java, Maven) is missing or too old. The message is one sentence. */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
  constructor(
    readonly tool: 'java' | 'mvn',
    message: string,
  ) {
    super(message);
  }
}

/** Fetching the Neo4j runtime from Maven Central failed. */
export class RuntimeFetchError extends Error {
  override readonly name = 'RuntimeFetchError';
}

export const JAVA_REQUIRED_MESSAGE =
  'Java 17 or newer is required to run the local Neo4j: install a JDK (e.g. `apt-get install openjdk-17-jre-headless`) or set NEO4J_URI to use an existing server.';
export const MAVEN_REQUIRED_MESSAGE =
  'Maven is required to fetch the local Neo4j from Maven Central on first start: install it (e.g. `apt-get install maven`) or set NEO4J_URI to use an existing server.';

const MINIMUM_JAVA = 17;
const MARKER = '.pathways-runtime.json';

export interface RuntimePaths {
  /** neo4j/pom.xml: the dependency list, and the Neo4j version. */
  pom: string;
  /** .neo4j/lib: every jar of the Neo4j runtime (the launcher's classpath). */
  lib: string;
  /** Written into lib after a complete fetch. */
  marker: string;
}

export function runtimePaths(home: string): RuntimePaths {
  const lib = join(home, '.neo4j', 'lib');
  return { pom: join(home, 'neo4j', 'pom.xml'), lib, marker: join(lib, MARKER) };
}

interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command to completion; resolves undefined when the executable does not exist. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<RunResult | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EACCES') resolve(undefined);
      else reject(err);
    });
    child.on('close', (code) => {
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** Finds an executable on env.PATH (no shell involved). */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set and holds one, else `java` on PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.JAVA_HOME) {
    const candidate = join(env.JAVA_HOME, 'bin', 'java');
    if (existsSync(candidate)) return candidate;
  }
  return onPath('java', env);
}

/** Parses the major version out of `java -version` output ("17.0.15", "1.8.0_392", "21"). */
export function parseJavaMajor(output: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}

export interface JavaInfo {
  executable: string;
  major: number;
}

/**
 * Checks that Java 17+ is available in `env` (JAVA_HOME or PATH). Throws MissingToolError
 * otherwise. Takes the environment as an argument so a PATH without java can be tested.
 */
export async function checkJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaInfo> {
  const executable = javaExecutable(env);
  const result = executable ? await run(executable, ['-version'], env) : undefined;
  const major = result?.code === 0 ? parseJavaMajor(result.output) : undefined;
  if (!executable || major === undefined || major < MINIMUM_JAVA) {
    throw new MissingToolError('java', JAVA_REQUIRED_MESSAGE);
  }
  return { executable, major };
}

/** Checks that `mvn` runs in `env`; throws MissingToolError otherwise. Returns its path. */
export async function checkMaven(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const executable = onPath('mvn', env);
  const result = executable ? await run(executable, ['-v', '-B'], env) : undefined;
  if (!executable || result?.code !== 0) {
    throw new MissingToolError('mvn', MAVEN_REQUIRED_MESSAGE);
  }
  return executable;
}

/** The Neo4j version pinned by neo4j/pom.xml. */
export async function pinnedNeo4jVersion(home: string): Promise<string> {
  const pom = await readFile(runtimePaths(home).pom, 'utf8');
  const m = /<neo4j\.version>\s*([^<\s]+)\s*<\/neo4j\.version>/.exec(pom);
  if (!m?.[1]) throw new RuntimeFetchError(`No <neo4j.version> in ${runtimePaths(home).pom}.`);
  return m[1];
}

interface Marker {
  version: string;
  jars: number;
  fetchedAt: string;
}

async function readMarker(path: string): Promise<Marker | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'version' in parsed &&
      typeof parsed.version === 'string'
    ) {
      return parsed as Marker;
    }
  } catch {
    // missing or unreadable: not fetched
  }
  return undefined;
}

export interface EnsureRuntimeOptions {
  /** Environment for java/mvn (PATH, JAVA_HOME, MAVEN_OPTS). Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Progress messages ("fetching Neo4j ..."). */
  log?: (message: string) => void;
}

export interface RuntimeInfo {
  /** False when the marker showed the runtime was already fetched: nothing was run. */
  downloaded: boolean;
  version: string;
  lib: string;
}

/**
 * Makes sure .neo4j/lib holds the Neo4j runtime pinned by neo4j/pom.xml. A marker file written
 * after a complete fetch makes later calls free (no java, no mvn, no network). Otherwise checks
 * Java and Maven, and fetches into a temporary folder that replaces lib only when complete, so
 * an interrupted fetch or a version change never leaves a mixed classpath.
 */
export async function ensureNeo4jRuntime(
  home: string,
  options: EnsureRuntimeOptions = {},
): Promise<RuntimeInfo> {
  const env = options.env ?? process.env;
  const paths = runtimePaths(home);
  const version = await pinnedNeo4jVersion(home);
  const marker = await readMarker(paths.marker);
  if (marker?.version === version) return { downloaded: false, version, lib: paths.lib };

  await checkJava(env);
  const mvn = await checkMaven(env);
  options.log?.(
    `Fetching Neo4j ${version} from Maven Central into ${paths.lib} (first run only)...`,
  );

  const staging = `${paths.lib}.fetch-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const result = await run(
    mvn,
    [
      '-q',
      '-B',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
      '-f',
      paths.pom,
    ],
    env,
    home,
  );
  if (result?.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    const tail = (result?.output ?? '').trim().split('\n').slice(-20).join('\n');
    throw new RuntimeFetchError(
      `Fetching Neo4j ${version} with Maven failed (exit ${result?.code ?? 'unknown'}):\n${tail}`,
    );
  }
  const jars = (await readdir(staging)).filter((f) => f.endsWith('.jar')).length;
  if (jars === 0) {
    await rm(staging, { recursive: true, force: true });
    throw new RuntimeFetchError(`Maven fetched no jars for Neo4j ${version}.`);
  }
  const content: Marker = { version, jars, fetchedAt: new Date().toISOString() };
  await writeFile(join(staging, MARKER), `${JSON.stringify(content, null, 2)}\n`);
  await rm(paths.lib, { recursive: true, force: true });
  await rename(staging, paths.lib);
  return { downloaded: true, version, lib: paths.lib };
}
