/**
 * The `pathways` command end to end: the real CLI (test/support/cli.ts: the build when fresh, else the sources through tsx)
 * against the Neo4j that jest's global setup started (NEO4J_URI and friends are inherited).
 * Import, audit and plan, their exit codes (0 ok, 1 not satisfiable or rejected, 2 usage)
 * and messages, and every command's --help. Each spawn costs a second or two, so the cases
 * are few and the --help checks run in parallel.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Plan } from '../../src/engine/planner/index.js';
import { KeyVerifier } from '../../src/service/apiKeys.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, seedLearnerIds, testDriver } from '../support/neo4j.js';
import { SEED_PATH, seedInput } from '../support/seed.js';
import { secretOf } from '../support/api.js';
import { expectExit, pathways, shell, shown } from '../support/cli.js';

const AS_OF = '2026-11-23';
const CERT = 'smtu:cert-data-analytics';

let driver: Driver;
let scratch: string;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  scratch = mkdtempSync(join(tmpdir(), 'pathways-cli-'));
});

afterAll(async () => {
  await driver.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('pathways CLI against the test Neo4j', () => {
  // The cases run in order: the first import gives the others their catalogue.
  it('import catalogue seed/catalogue.json: exit 0 and a summary', async () => {
    const r = await pathways('import', 'catalogue', SEED_PATH);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^Imported \(catalogue version \d+\):/);
    expect(r.stdout).toMatch(/credentials\s+53 \(6 qualifications, \d+ rule nodes\)/);
    expect(r.stdout).toMatch(
      new RegExp(`learners\\s+${seedLearnerIds().length} \\(\\d+ holdings\\)`),
    );
    // A whole recognition and the partial transfer towards the Higher Diploma.
    expect(r.stdout).toMatch(/recognitions\s+2/);
    const { records } = await driver.executeQuery(
      'MATCH (c {id: $id}) RETURN count(c) AS n',
      { id: CERT },
      process.env.NEO4J_DATABASE ? { database: process.env.NEO4J_DATABASE } : {},
    );
    expect(records[0]!.get('n')).toBe(1);
  });

  it('import catalogue of an invalid document: exit 1, the JSON path named, nothing written', async () => {
    const doc = seedInput() as {
      credentials: { credits: number; title: string }[];
    };
    doc.credentials[3]!.credits = -5;
    doc.credentials[4]!.title = 'Changed, but never written';
    const bad = join(scratch, 'invalid.json');
    writeFileSync(bad, JSON.stringify(doc));
    const before = await graphDump(driver);
    const r = await pathways('import', 'catalogue', bad);
    expectExit(r, 1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('pathways import: catalogue rejected');
    expect(r.stderr).toContain('credentials[3].credits: must not be negative');
    expect(await graphDump(driver)).toEqual(before);
  });

  it('import catalogue of a file that is not JSON: exit 1, the file named', async () => {
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{"format": "pathways-catalogue/1",');
    const r = await pathways('import', 'catalogue', broken);
    expectExit(r, 1);
    expect(r.stderr).toContain(`${broken} is not valid JSON`);
  });

  it('audit --learner learner-partway: what is left, in text', async () => {
    const r = await pathways(
      'audit',
      '--learner',
      'learner-partway',
      '--qualification',
      CERT,
      '--as-of',
      AS_OF,
    );
    expectExit(r, 0);
    expect(r.stdout).toContain('Certificate in Data Analytics');
    expect(r.stdout).toContain('33.3% done (as of 2026-11-23)');
    expect(r.stdout).toMatch(/\[~\] Core: data analysis \(ALL, 2\/3\)/);
    expect(r.stdout).toMatch(
      /- Applied Statistics for Data Analytics \(5 ECTS\) \[smtu:mc-statistics\]/,
    );
    expect(r.stdout).toContain('+ smtu:mc-python-data');
  });

  it('plan --learner learner-new --json: 20 ECTS to the certificate', async () => {
    const r = await pathways(
      'plan',
      '--learner',
      'learner-new',
      '--qualification',
      CERT,
      '--as-of',
      AS_OF,
      '--json',
    );
    expectExit(r, 0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.status).toBe('planned');
    expect(plan.totals).toEqual({ credits: 20, cost: 2600, hours: 500, count: 4 });
    expect(plan.optimality).toBe('optimal');
    expect(plan.asOf).toBe(AS_OF);
    expect(plan.steps.at(-1)!.milestones.map((m) => m.credential)).toEqual([CERT]);
  });

  it('plan and audit in text say what counted by transfer, converted from what, under which agreement', async () => {
    const args = [
      '--holding',
      'lakeshore:course-cloud-computing@2025-05-15',
      '--qualification',
      'smtu:hdip-data-analytics',
      '--as-of',
      '2026-01-15',
    ];
    const transfer =
      "lakeshore:course-cloud-computing: 6 ECTS (3 US semester credit hours at 2) towards rule 'electives' of smtu:hdip-data-analytics by transfer, under SMTU articulation agreement with Lakeshore";
    const plan = await pathways('plan', ...args);
    expectExit(plan, 0);
    expect(plan.stdout).toContain('Counted by transfer:');
    expect(plan.stdout).toContain(`  ~ ${transfer}`);
    const audit = await pathways('audit', ...args);
    expectExit(audit, 0);
    expect(audit.stdout).toContain(`  ~ ${transfer}`);
    expect(audit.stdout).toContain('+ lakeshore:course-cloud-computing by transfer (6 credits)');
  });

  it('plan with an unknown holding: exit 2, the id named', async () => {
    const r = await pathways(
      'plan',
      '--holding',
      'smtu:mc-data-foundations@2025-12-12',
      '--holding',
      'smtu:no-such-module@2025-01-01',
      '--qualification',
      CERT,
      '--as-of',
      AS_OF,
    );
    expectExit(r, 2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"smtu:no-such-module"');
  });

  it('an infeasible plan: exit 1, with the reason in text', async () => {
    const r = await pathways(
      'plan',
      '--learner',
      'learner-new',
      '--qualification',
      CERT,
      '--as-of',
      AS_OF,
      '--exclude-credential',
      'smtu:mc-statistics',
    );
    expectExit(r, 1);
    expect(r.stdout).toContain('cannot be reached');
    expect(r.stdout).toContain(
      'Applied Statistics for Data Analytics is ruled out: excluded by request',
    );
  });

  it('output piped into a command that stops reading (| head -1, | true): exit 0, quiet', async () => {
    const plan = `pathways plan --learner learner-new --qualification ${CERT} --as-of ${AS_OF} --format csv`;
    // `true` reads nothing and is gone before the CLI writes: EPIPE on the first write.
    const lines = [
      'pathways db status | head -1',
      `${plan} | head -1`,
      'pathways db status | true',
      `${plan} | true`,
    ];
    const runs = await Promise.all(lines.map((line) => shell(line)));
    runs.forEach((r, i) => {
      if (r.code !== 0 || r.stderr !== '')
        throw new Error(`${lines[i]}: expected exit 0 and nothing on stderr:\n${shown(r)}`);
      expect(r.stdout).toMatch(lines[i]!.endsWith('head -1') ? /^[^\n]+\n$/ : /^$/);
    });
    expect(runs[1]!.stdout).toMatch(/^step,/);
  });

  it('keys create, list and revoke: the token works until revoked, and is never listed', async () => {
    const created = await pathways(
      'keys',
      'create',
      '--name',
      'cli test',
      '--role',
      'write',
      '--json',
    );
    expectExit(created, 0);
    const { id, token, role } = JSON.parse(created.stdout) as {
      id: string;
      token: string;
      role: string;
    };
    expect(role).toBe('write');
    const verifier = new KeyVerifier(driver, { ttlMs: 0 });
    expect((await verifier.verify(token))?.id).toBe(id);

    const listed = await pathways('keys', 'list');
    expectExit(listed, 0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(secretOf(token));

    expectExit(await pathways('keys', 'revoke', id), 0);
    expect(await verifier.verify(token)).toBeUndefined();
    expectExit(await pathways('keys', 'revoke', 'no-such-key'), 2);
    expectExit(await pathways('keys', 'create', '--name', 'x', '--role', 'superuser'), 2);
  });

  it('--help on the program and on every command: exit 0 and a usage line', async () => {
    const top = await pathways('--help');
    expectExit(top, 0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(
      expect.arrayContaining(['up', 'db', 'import', 'audit', 'plan', 'serve', 'keys']),
    );
    const runs = await Promise.all(commands.map((c) => pathways(c, '--help')));
    runs.forEach((r, i) => {
      expectExit(r, 0);
      expect(r.stdout).toContain(`Usage: pathways ${commands[i]!}`);
    });
  });
});
