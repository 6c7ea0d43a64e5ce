/**
 * The local Neo4j server: fetched from Maven Central on first use, run per checkout in
 * `.neo4j/instances/<name>/`. See README.md in this folder.
 */
import type { Neo4jConnection, Settings } from '../settings.js';
import { localInstance, startNeo4j, type StartOptions } from './lifecycle.js';

export { boltProbe, boltReachable } from './bolt.js';
export {
  checkJava,
  checkMaven,
  ensureNeo4jRuntime,
  JAVA_REQUIRED_MESSAGE,
  javaExecutable,
  MAVEN_REQUIRED_MESSAGE,
  MissingToolError,
  parseJavaMajor,
  pinnedNeo4jVersion,
  RuntimeFetchError,
  runtimePaths,
  type EnsureRuntimeOptions,
  type JavaInfo,
  type RuntimeInfo,
  type RuntimePaths,
} from './install.js';
export {
  boltUri,
  instanceFor,
  instancePaths,
  InstanceConfigError,
  portVariable,
  renderConf,
  type InstancePaths,
  type Neo4jInstance,
} from './instance.js';
export {
  localInstance,
  Neo4jStartError,
  neo4jStatus,
  PortInUseError,
  portInUse,
  runningInstance,
  startNeo4j,
  stopNeo4j,
  type LocalNeo4j,
  type Neo4jStatus,
  type StartOptions,
  type StopOptions,
  type StopResult,
} from './lifecycle.js';

/**
 * The Neo4j to use: the server named by NEO4J_URI when set (nothing is started), else local
 * instance `instanceName` of this checkout, started if needed (and reached on the port it
 * runs on when it is already running, see localInstance).
 */
export async function resolveConnection(
  settings: Settings,
  instanceName = 'default',
  options: StartOptions = {},
): Promise<Neo4jConnection> {
  if (settings.external) return settings.external;
  const local = await startNeo4j(
    settings.home,
    await localInstance(settings.home, instanceName, options.env ?? process.env),
    options,
  );
  return {
    uri: local.uri,
    user: local.user,
    password: local.password,
    embedded: true,
  };
}
