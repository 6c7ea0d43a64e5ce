/**
 * `pathways import esco|curricular` end to end (the real CLI, test/support/cli.ts, against
 * the test Neo4j): summaries in text and --json, exit codes (0 imported, 1 rejected, 2 usage),
 * and the progress printer (a bar on a terminal, plain lines otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { progressPrinter } from '../../src/cli/import.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { writeEscoFixture } from '../fixtures/esco.js';
import { expectExit, pathways } from '../support/cli.js';

describe('pathways import esco|curricular', () => {
  let driver: Driver;
  let scratch: string;
  beforeAll(async () => {
    driver = testDriver();
    await resetDatabase(driver);
    scratch = mkdtempSync(join(tmpdir(), 'pathways-import-'));
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await driver.close();
  });

  it('esco <folder> --json: exit 0 and the summary with rejected rows and reasons', async () => {
    const r = await pathways(
      'import',
      'esco',
      writeEscoFixture(join(scratch, 'esco-ok')),
      '--json',
    );
    expectExit(r, 0);
    const summary = JSON.parse(r.stdout) as {
      status: string;
      rows: { rejected: number };
      files: { file: string; reasons: { reason: string; count: number }[] }[];
    };
    expect(summary.status).toBe('imported');
    expect(summary.rows.rejected).toBe(8);
    const occ = summary.files.find((f) => f.file === 'occupationSkillRelations.csv')!;
    expect(occ.reasons[0]).toMatchObject({ count: 3 });
  });

  it('esco of a download missing a file: exit 1, the file named, nothing written', async () => {
    await resetDatabase(driver);
    const folder = writeEscoFixture(join(scratch, 'esco'));
    rmSync(join(folder, 'occupations_en.csv'));
    const r = await pathways('import', 'esco', folder);
    expectExit(r, 1);
    expect(r.stderr).toContain('occupations_en.csv: required file is missing');
    const n = await driver.executeQuery('MATCH (n) RETURN count(n) AS n');
    expect(n.records[0]!.get('n')).toBe(0);
  });

  it('curricular <folder>: exit 0, one line per imported file', async () => {
    const r = await pathways('import', 'curricular', 'test/fixtures/curricular/good');
    expectExit(r, 0);
    expect(r.stdout).toContain('CurricularAnalytics: 3 files imported, 0 rejected');
    expect(r.stdout).toContain(
      'imported degree-plan.csv: ca:degree-plan "Underwater Basket Weaving (4-Term Plan)", 6 courses + 2 additional, 13 US semester credit hours = 26 ECTS, reference plan over 4 terms',
    );
  });

  it('curricular with rejected files --json: exit 1, every file reported', async () => {
    const r = await pathways('import', 'curricular', 'test/fixtures/curricular', '--json');
    expectExit(r, 1);
    const summary = JSON.parse(r.stdout) as {
      imported: number;
      rejected: number;
      files: { file: string; status: string }[];
    };
    // good/ (3), unsatisfiable.csv, faults/ (2 of 8: an unknown column, no final line break).
    expect(summary).toMatchObject({ imported: 6, rejected: 10 });
    expect(summary.files.find((f) => f.file === 'rejected/bad-header.csv')?.status).toBe(
      'rejected',
    );
  });

  it('an unknown path or format: exit 2', async () => {
    expectExit(await pathways('import', 'curricular', join(scratch, 'no-such.csv')), 2);
    const r = await pathways('import', 'ctdl-2', scratch);
    expectExit(r, 2);
    expect(r.stderr).toContain('unknown format "ctdl-2"');
  });
});

describe('progressPrinter', () => {
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => out.push(s) > 0 } };
  };

  it('draws a bar on a terminal, at most ten times a second, and ends the line when done', () => {
    const { out, stream } = sink(true);
    let t = 0;
    const print = progressPrinter(stream, () => t);
    print('skills', 0, 100);
    t = 50;
    print('skills', 50, 100); // too soon: skipped
    t = 200;
    print('reading skills_en.csv', 2000, 0); // unknown total: rows counted
    print('skills', 100, 100); // finished: always drawn
    expect(out).toEqual([
      `\r\x1b[2K${'skills'.padEnd(32)} [${'.'.repeat(24)}] 0/100`,
      `\r\x1b[2K${'reading skills_en.csv'.padEnd(32)} 2000 rows`,
      `\r\x1b[2K${'skills'.padEnd(32)} [${'#'.repeat(24)}] 100/100`,
      '\n',
    ]);
  });

  it('prints one plain line per finished step otherwise', () => {
    const { out, stream } = sink(false);
    const print = progressPrinter(stream, () => 0);
    print('skills', 50, 100);
    print('skills', 100, 100);
    print('reading x.csv', 10, 0);
    print('reading x.csv', 12, 12);
    expect(out).toEqual(['skills: 100/100\n', 'reading x.csv: 12/12\n']);
  });
});
