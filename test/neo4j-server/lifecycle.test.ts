import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import neo4j from 'neo4j-driver';

import {
  checkJava,
  checkMaven,
  ensureNeo4jRuntime,
  instanceFor,
  InstanceConfigError,
  instancePaths,
  JAVA_REQUIRED_MESSAGE,
  javaExecutable,
  localInstance,
  MissingToolError,
  neo4jStatus,
  pinnedNeo4jVersion,
  PortInUseError,
  portInUse,
  resolveConnection,
  runningInstance,
  runtimePaths,
  startNeo4j,
  stopNeo4j,
  type Neo4jInstance,
} from '../../src/neo4j-server/index.js';
import { readSettings, type Settings } from '../../src/settings.js';

const home = readSettings().home;
/**
 * A third instance, so this test never disturbs "test" (the suite's) or "default" (the user's).
 * Port 7689 unless PATHWAYS_NEO4J_LIFECYCLE_TEST_PORT says otherwise.
 */
const instance: Neo4jInstance = {
  ...instanceFor('lifecycle-test', {
    PATHWAYS_NEO4J_LIFECYCLE_TEST_PORT: process.env.PATHWAYS_NEO4J_LIFECYCLE_TEST_PORT ?? '7689',
  }),
  heapMb: 256,
  pageCacheMb: 64,
};
const uri = `bolt://127.0.0.1:${instance.port}`;
const START_TIMEOUT = 180_000;

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pathways-neo4j-test-'));
  temps.push(dir);
  return dir;
}

/** A fake checkout holding only neo4j/pom.xml. */
async function tempHome(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'neo4j'));
  await copyFile(runtimePaths(home).pom, runtimePaths(dir).pom);
  return dir;
}

afterAll(async () => {
  await stopNeo4j(home, instance);
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('local Neo4j lifecycle', () => {
  beforeAll(async () => {
    await stopNeo4j(home, instance); // a leftover from an interrupted run
  }, START_TIMEOUT);

  let pid = 0;

  test(
    'start: the server answers Cypher over Bolt',
    async () => {
      const started = await startNeo4j(home, instance, { timeoutMs: START_TIMEOUT - 10_000 });
      expect(started).toMatchObject({
        uri,
        user: 'neo4j',
        password: '',
        embedded: true,
        instance: 'lifecycle-test',
        alreadyRunning: false,
      });
      pid = started.pid;
      expect(existsSync(instancePaths(home, instance).pidFile)).toBe(true);

      const status = await neo4jStatus(home, instance);
      expect(status).toEqual({
        instance: 'lifecycle-test',
        running: true,
        pid,
        uri,
        boltReachable: true,
      });

      const auth = neo4j.auth.basic(started.user, started.password);

      const driver = neo4j.driver(started.uri, auth, { disableLosslessIntegers: true });
      try {
        const { records } = await driver.executeQuery('RETURN 1 AS one');
        expect(records[0]?.get('one')).toBe(1);
      } finally {
        await driver.close();
      }
    },
    START_TIMEOUT,
  );

  test('start again is a no-op returning the same pid', async () => {
    const again = await startNeo4j(home, instance);
    expect(again.alreadyRunning).toBe(true);
    expect(again.pid).toBe(pid);
  });

  test('with another port setting, or none, it is reached on the port it runs on, at once', async () => {
    // A timeout of 5 s: the instance is up, so waiting is never needed (before, this waited
    // for Bolt on the other port until the timeout, then failed).
    const other = { ...instance, port: instance.port + 1 };
    const again = await startNeo4j(home, other, { timeoutMs: 5000 });
    expect(again).toMatchObject({ alreadyRunning: true, pid, uri });
    expect((await neo4jStatus(home, other)).uri).toBe(uri);
    // "lifecycle-test" has no default port: without its variable only the record says where.
    expect(() => instanceFor('lifecycle-test', {})).toThrow(InstanceConfigError);
    expect(await localInstance(home, 'lifecycle-test', {})).toMatchObject({ port: instance.port });
    expect(await runningInstance(home, 'lifecycle-test')).toEqual({ pid, port: instance.port });
    const settings: Settings = { home, referenceData: home, external: undefined };
    expect((await resolveConnection(settings, 'lifecycle-test', { env: {} })).uri).toBe(uri);
  });

  test('resolveConnection without NEO4J_URI uses the running local instance', async () => {
    const settings: Settings = { home, referenceData: home, external: undefined };
    const env = { ...process.env, PATHWAYS_NEO4J_LIFECYCLE_TEST_PORT: String(instance.port) };
    const connection = await resolveConnection(settings, 'lifecycle-test', { env });
    expect(connection).toEqual({
      uri,
      user: 'neo4j',
      password: '',
      embedded: true,
    });
    expect((await neo4jStatus(home, instance)).pid).toBe(pid);
  });

  test('stop: the process group is gone and the port is closed', async () => {
    const stopped = await stopNeo4j(home, instance);
    expect(stopped).toMatchObject({ stopped: true, pid });

    const status = await neo4jStatus(home, instance);
    expect(status).toMatchObject({ running: false, pid: undefined, boltReachable: false });
    expect(await runningInstance(home, 'lifecycle-test')).toBeUndefined();
    await expect(localInstance(home, 'lifecycle-test', {})).rejects.toThrow(
      'PATHWAYS_NEO4J_LIFECYCLE_TEST_PORT',
    );
    expect(await portInUse(instance.port)).toBe(false);
    expect(existsSync(instancePaths(home, instance).pidFile)).toBe(false);

    expect(await stopNeo4j(home, instance)).toEqual({
      stopped: false,
      pid: undefined,
      killed: false,
    });
  }, 60_000);

  test(
    'kill (a crash): the group dies at once, and the next start recovers what was committed',
    async () => {
      const started = await startNeo4j(home, instance, { timeoutMs: START_TIMEOUT - 10_000 });
      const auth = neo4j.auth.basic(started.user, started.password);
      const write = neo4j.driver(started.uri, auth, { disableLosslessIntegers: true });
      try {
        await write.executeQuery('MERGE (:CrashProbe {id: $id})', { id: 'before-kill' });
      } finally {
        await write.close();
      }
      const killed = await stopNeo4j(home, instance, { kill: true });
      expect(killed).toEqual({ stopped: true, pid: started.pid, killed: true });
      expect((await neo4jStatus(home, instance)).running).toBe(false);

      const again = await startNeo4j(home, instance, { timeoutMs: START_TIMEOUT - 10_000 });
      const read = neo4j.driver(again.uri, auth, { disableLosslessIntegers: true });
      try {
        const { records } = await read.executeQuery(
          'MATCH (p:CrashProbe {id: $id}) RETURN count(p) AS n',
          { id: 'before-kill' },
        );
        expect(records[0]?.get('n')).toBe(1);
        await read.executeQuery('MATCH (p:CrashProbe) DELETE p');
      } finally {
        await read.close();
      }
      expect((await stopNeo4j(home, instance)).stopped).toBe(true);
    },
    2 * START_TIMEOUT,
  );
});

describe('port clash', () => {
  let server: Server;
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );

  test('a port taken by another process is reported, and nothing is started', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    const clash: Neo4jInstance = { name: 'port-clash-test', port, heapMb: 256, pageCacheMb: 64 };
    await expect(startNeo4j(home, clash)).rejects.toThrow(PortInUseError);
    await expect(startNeo4j(home, clash)).rejects.toThrow(`Port ${port} on 127.0.0.1 is in use`);
    expect(existsSync(instancePaths(home, clash).dir)).toBe(false);
  });
});

describe('resolveConnection with NEO4J_URI', () => {
  test('returns that server and starts nothing', async () => {
    const fakeHome = await tempDir();
    const external = {
      uri: 'neo4j://db.example.invalid:7687',
      user: 'reader',
      password: 'secret',
      database: 'pathways',
      embedded: false,
    };
    const settings: Settings = { home: fakeHome, referenceData: fakeHome, external };
    expect(await resolveConnection(settings, 'default')).toBe(external);
    expect(existsSync(join(fakeHome, '.neo4j'))).toBe(false);
  });
});

describe('runtime install', () => {
  test(
    'is cached: a second call downloads nothing',
    async () => {
      await ensureNeo4jRuntime(home); // fetches only if this checkout never did
      const again = await ensureNeo4jRuntime(home);
      expect(again).toEqual({
        downloaded: false,
        version: await pinnedNeo4jVersion(home),
        lib: runtimePaths(home).lib,
      });
    },
    START_TIMEOUT,
  );

  test('with a matching marker, neither java nor mvn is even needed', async () => {
    const fake = await tempHome();
    await mkdir(runtimePaths(fake).lib, { recursive: true });
    const version = await pinnedNeo4jVersion(fake);
    await writeFile(runtimePaths(fake).marker, JSON.stringify({ version, jars: 1 }));
    const result = await ensureNeo4jRuntime(fake, { env: { PATH: '/nonexistent' } });
    expect(result.downloaded).toBe(false);
  });

  test('a marker for another version triggers a fetch (which needs Java first)', async () => {
    const fake = await tempHome();
    await mkdir(runtimePaths(fake).lib, { recursive: true });
    await writeFile(runtimePaths(fake).marker, JSON.stringify({ version: '4.4.0', jars: 1 }));
    await expect(ensureNeo4jRuntime(fake, { env: { PATH: '/nonexistent' } })).rejects.toThrow(
      MissingToolError,
    );
  });
});

describe('tool checks', () => {
  test('Java 17+ is found on this machine', async () => {
    const java = await checkJava(process.env);
    expect(java.major).toBeGreaterThanOrEqual(17);
  });

  test('a PATH without java gives one clear sentence', async () => {
    const env = { PATH: '/nonexistent' };
    await expect(checkJava(env)).rejects.toThrow(MissingToolError);
    await expect(checkJava(env)).rejects.toThrow(JAVA_REQUIRED_MESSAGE);
    expect(JAVA_REQUIRED_MESSAGE).toMatch(/^Java 17 or newer is required[^\n]*\.$/);
  });

  test('a PATH with java but without mvn names Maven', async () => {
    const bin = await tempDir();
    await symlink(javaExecutable(process.env)!, join(bin, 'java'));
    const env = { PATH: bin };
    await expect(checkJava(env)).resolves.toMatchObject({ executable: join(bin, 'java') });
    const error: unknown = await checkMaven(env).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MissingToolError);
    expect((error as MissingToolError).tool).toBe('mvn');
    expect((error as Error).message).toMatch(/^Maven is required[^\n]*\.$/);
  });
});

describe('instance settings', () => {
  test('"default" and "test" have separate ports', () => {
    expect(instanceFor('default', {})).toEqual({
      name: 'default',
      port: 7687,
      heapMb: 1024,
      pageCacheMb: 256,
    });
    expect(instanceFor('test', {}).port).toBe(7688);
  });

  test('ports and memory come from the environment', () => {
    const env = {
      PATHWAYS_NEO4J_PORT: '17687',
      PATHWAYS_NEO4J_TEST_PORT: '17688',
      PATHWAYS_NEO4J_HEAP_MB: '2048',
    };
    expect(instanceFor('default', env)).toMatchObject({ port: 17687, heapMb: 2048 });
    expect(instanceFor('test', env)).toMatchObject({ port: 17688, heapMb: 2048 });
  });

  test('other names need a port, and names cannot escape .neo4j/instances', () => {
    expect(() => instanceFor('other', {})).toThrow('PATHWAYS_NEO4J_OTHER_PORT');
    expect(instanceFor('other', { PATHWAYS_NEO4J_OTHER_PORT: '7777' }).port).toBe(7777);
    expect(() => instanceFor('../x', {})).toThrow('Invalid Neo4j instance name');
  });
});
