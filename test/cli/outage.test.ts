/**
 * Neo4j going away, and a running local instance found where it runs: the real CLI against
 * a local instance of its own, "cli-outage" (port PATHWAYS_NEO4J_CLI_OUTAGE_PORT, 7690 unless
 * set), so killing it disturbs neither the suite's "test" instance nor the user's "default".
 *
 * - Down at the start (NEO4J_URI naming a port nobody listens on): every command that needs
 *   the database exits 3 with one line on stderr, no stack trace.
 * - Started with a port setting, then used without it (or with another one): the command
 *   reaches the running instance on the port recorded when it was started, at once.
 * - Killed with SIGKILL (as `db stop --kill` does) in the middle of a long ESCO import, inside
 *   its one transaction: exit 3, one line, no stack trace, and nothing of the import written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { instanceFor, stopNeo4j, type Neo4jInstance } from '../../src/neo4j-server/index.js';
import { readSettings } from '../../src/settings.js';
import { expectExit, pathwaysWith, ROOT, shown, type Run } from '../support/cli.js';
import { writeGeneratedEsco } from '../support/generatedEsco.js';
import { writeEscoFixture } from '../fixtures/esco.js';

const home = readSettings().home;
const NAME = 'cli-outage';
const PORT_VARIABLE = 'PATHWAYS_NEO4J_CLI_OUTAGE_PORT';
const PORT = Number(process.env[PORT_VARIABLE] ?? 7690);
const instance: Neo4jInstance = instanceFor(NAME, { [PORT_VARIABLE]: String(PORT) });
const START_TIMEOUT = 240_000;

/** This process's environment without the suite's server and without the instance's port. */
function localEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATHWAYS_NEO4J_CLI_OUTAGE_HEAP_MB: '384' };
  for (const key of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE', PORT_VARIABLE])
    Reflect.deleteProperty(env, key);
  return { ...env, ...extra };
}

/** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

/** Exit 3 and exactly one line on stderr saying the database is unreachable; no stack. */
function expectUnreachable(r: Run, command: string): void {
  expectExit(r, 3);
  const lines = r.stderr.trimEnd().split('\n');
  const said = lines.filter((l) => l.startsWith('pathways'));
  if (said.length !== 1 || !/ is unreachable \([^\n]+\)\.$/.test(said[0]!))
    throw new Error(`expected one "unreachable" line from ${command}:\n${shown(r)}`);
  expect(lines.at(-1)).toBe(said[0]);
  expect(said[0]).toMatch(new RegExp(`^pathways ${command}: Neo4j at bolt://127\\.0\\.0\\.1:\\d+`));
  expect(r.stderr).not.toMatch(/^\s+at |Neo4jError|node:internal/m);
}

let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pathways-outage-'));
  await stopNeo4j(home, instance, { kill: true }); // a leftover from an interrupted run
}, 60_000);
afterAll(async () => {
  await stopNeo4j(home, instance, { kill: true });
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

describe('Neo4j unreachable when a command starts', () => {
  it('every command that needs the database: exit 3, one line, no stack trace', async () => {
    const env = localEnv({ NEO4J_URI: `bolt://127.0.0.1:${await closedPort()}` });
    const esco = writeEscoFixture(join(scratch, 'esco-small'));
    const seed = join(ROOT, 'seed/catalogue.json');
    const badge = join(ROOT, 'test/fixtures/credentials/ob3-statistics.json');
    const pathway = join(ROOT, 'test/fixtures/ctdl/welding-pathway.jsonld');
    const target = ['--qualification', 'smtu:cert-data-analytics'];
    const commands: [string, string[]][] = [
      ['plan', ['plan', '--holding', 'smtu:mc-statistics@2025-01-01', ...target]],
      ['audit', ['audit', '--learner', 'learner-new', ...target]],
      ['ladder', ['ladder', '--learner', 'learner-new', ...target]],
      ['export', ['export', 'catalogue']],
      ['keys', ['keys', 'list']],
      ['keys', ['keys', 'create', '--name', 'n', '--role', 'read']],
      ['db', ['db', 'clear', '--yes']],
      ['import', ['import', 'catalogue', seed]],
      ['import', ['import', 'esco', esco]],
      ['import', ['import', 'holdings', 'learner-9', badge]],
      ['import', ['import', 'ctdl', pathway]],
      ['up', ['up']],
    ];
    // Two at a time: each is a Node process.
    for (let i = 0; i < commands.length; i += 2) {
      const batch = commands.slice(i, i + 2);
      const runs = await Promise.all(batch.map(([, args]) => pathwaysWith({ env }, ...args)));
      runs.forEach((r, j) => {
        expectUnreachable(r, batch[j]![0]);
      });
    }
  }, 180_000);
});

describe('the local instance "cli-outage"', () => {
  it(
    'started with a port setting, is found later without it, or with another one, at once',
    async () => {
      const started = await pathwaysWith(
        { env: localEnv({ [PORT_VARIABLE]: String(PORT) }) },
        'db',
        'start',
        '--instance',
        NAME,
        '--timeout',
        String((START_TIMEOUT - 20_000) / 1000),
      );
      expectExit(started, 0);
      expect(started.stdout).toContain(`bolt://127.0.0.1:${PORT}`);

      // Before: "cli-outage" has no default port, so without the setting nothing was found.
      const status = await pathwaysWith({ env: localEnv() }, 'db', 'status', '--instance', NAME);
      expectExit(status, 0);
      expect(status.stdout).toMatch(new RegExp(`uri: +bolt://127\\.0\\.0\\.1:${PORT}\\n`));

      // Before: a wrong setting meant waiting 120 s for Bolt on that port, then exit 3.
      const elsewhere = localEnv({ [PORT_VARIABLE]: String(await closedPort()) });
      const seed = join(ROOT, 'seed/catalogue.json');
      const imported = await pathwaysWith(
        { env: elsewhere },
        'import',
        'catalogue',
        seed,
        '--instance',
        NAME,
        '--json',
      );
      expectExit(imported, 0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ credentials: 53 });
    },
    START_TIMEOUT,
  );

  it(
    'killed in the middle of a long ESCO import: exit 3, one line, and nothing of it written',
    async () => {
      const folder = writeGeneratedEsco(join(scratch, 'esco-large'), {
        skills: 10_000,
        occupations: 1000,
        linksPerOccupation: 20,
      });
      let kill: Promise<unknown> | undefined;
      const r = await pathwaysWith(
        {
          env: localEnv(),
          // The skills are written (inside the one transaction), more steps follow: kill now.
          onStderr: (text) => {
            if (!kill && /^skills: 10000\/10000$/m.test(text))
              kill = stopNeo4j(home, instance, { kill: true });
          },
        },
        'import',
        'esco',
        folder,
        '--instance',
        NAME,
      );
      expect(kill).toBeDefined();
      await expect(kill).resolves.toMatchObject({ stopped: true, killed: true });
      expectUnreachable(r, 'import');
      expect(r.stdout).toBe('');

      // Started again (it recovers from the crash): the transaction left nothing behind.
      const again = await pathwaysWith(
        { env: localEnv({ [PORT_VARIABLE]: String(PORT) }) },
        'db',
        'start',
        '--instance',
        NAME,
        '--timeout',
        String((START_TIMEOUT - 60_000) / 1000),
      );
      expectExit(again, 0);
      const driver = neo4j.driver(`bolt://127.0.0.1:${PORT}`, neo4j.auth.basic('neo4j', ''), {
        disableLosslessIntegers: true,
      });
      try {
        const { records } = await driver.executeQuery(
          'MATCH (s:Skill) WHERE s.id STARTS WITH $prefix RETURN count(s) AS n',
          { prefix: 'http://data.europa.eu/esco/skill/gen-' },
        );
        expect(records[0]!.get('n')).toBe(0);
      } finally {
        await driver.close();
      }
    },
    2 * START_TIMEOUT,
  );
});
