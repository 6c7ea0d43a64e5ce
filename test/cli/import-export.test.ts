/**
 * The new CLI surface end to end (the real CLI, the test Neo4j): `import ctdl`,
 * `import holdings` (with --map), `export catalogue`, `plan --format`, and their exit codes
 * (0 imported, 1 rejected or unmatched, 2 usage).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Driver } from 'neo4j-driver';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { expectExit, pathways, ROOT } from '../support/cli.js';

const FIXTURES = join(ROOT, 'test/fixtures');
const AAS = 'https://example.edu/c/aas';

let driver: Driver;
let scratch: string;
beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  scratch = mkdtempSync(join(tmpdir(), 'pathways-cli-io-'));
});
afterAll(async () => {
  await driver.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('pathways import ctdl | holdings, export, plan --format', () => {
  // In order: the CTDL import gives the others their catalogue.
  it('import ctdl <folder>: a rejected file makes exit 1, the good one is imported', async () => {
    const folder = join(scratch, 'ctdl');
    mkdirSync(folder);
    copyFileSync(join(FIXTURES, 'ctdl/welding-pathway.jsonld'), join(folder, 'welding.jsonld'));
    writeFileSync(join(folder, 'broken.json'), '{"@graph": [\n  {"@id": "x"}\n  {"@id": "y"}]}');
    writeFileSync(join(folder, 'notes.txt'), 'not imported: not .json');
    const r = await pathways('import', 'ctdl', folder, '--json');
    expectExit(r, 1);
    const summary = JSON.parse(r.stdout) as {
      accepted: number;
      rejected: number;
      files: { file: string; status: string; errors: string[] }[];
    };
    expect(summary).toMatchObject({ accepted: 1, rejected: 1 });
    expect(summary.files.map((f) => [f.file, f.status])).toEqual([
      ['broken.json', 'rejected'],
      ['welding.jsonld', 'imported'],
    ]);
    expect(summary.files[0]!.errors[0]).toMatch(/^broken\.json:3:3: invalid JSON/);
  });

  it('import ctdl <file>: exit 0 and a text summary with the warnings', async () => {
    const r = await pathways('import', 'ctdl', join(FIXTURES, 'ctdl/welding-pathway.jsonld'));
    expectExit(r, 0);
    expect(r.stdout).toMatch(/welding-pathway\.jsonld: imported 13 credentials/);
    expect(r.stdout).toMatch(/! https:\/\/example\.edu\/c\/apprenticeship: component type/);
  });

  it('import holdings: unmatched achievements exit 1 with the mapping entry; --map imports them', async () => {
    const badge = join(FIXTURES, 'credentials/ob3-unmatched.json');
    const unmatched = await pathways('import', 'holdings', 'cli-learner', badge);
    expectExit(unmatched, 1);
    expect(unmatched.stdout).toMatch(/to map it, add to --map: \{"https:\/\/elsewhere/);
    const map = join(scratch, 'map.json');
    writeFileSync(
      map,
      JSON.stringify({
        'https://elsewhere.example/achievements/viz': AAS.replace('aas', 'we104'),
      }),
    );
    const r = await pathways('import', 'holdings', 'cli-learner', badge, '--map', map, '--json');
    expectExit(r, 0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      learner: 'cli-learner',
      created: true,
      holdings: 1,
      accepted: [{ credential: 'https://example.edu/c/we104', by: 'mapping' }],
    });
  });

  it('usage errors exit 2: unknown format, missing learner, invalid mapping', async () => {
    const map = join(scratch, 'bad-map.json');
    writeFileSync(map, '{"a": 1}');
    const runs = await Promise.all([
      pathways('import', 'scorm', 'x.json'),
      pathways('import', 'holdings', 'only-learner'),
      pathways('import', 'holdings', 'l', join(FIXTURES, 'credentials'), '--map', map),
      pathways('plan', '--qualification', AAS, '--format', 'xml'),
    ]);
    runs.forEach((r) => {
      expectExit(r, 2);
    });
    expect(runs[0].stderr).toMatch(/unknown format "scorm"/);
    expect(runs[2].stderr).toMatch(/bad-map\.json: a: /);
    expect(runs[3].stderr).toMatch(/--format must be one of text, json, csv, markdown/);
  });

  it('plan --format csv and markdown; --json is --format json', async () => {
    const [csv, md, json] = await Promise.all([
      pathways('plan', '--qualification', AAS, '--as-of', '2026-11-23', '--format', 'csv'),
      pathways('plan', '--qualification', AAS, '--as-of', '2026-11-23', '--format', 'markdown'),
      pathways('plan', '--qualification', AAS, '--as-of', '2026-11-23', '--json'),
    ]);
    expectExit(csv, 0);
    const rows = parse<Record<string, string>>(csv.stdout, { columns: true });
    const plan = JSON.parse(json.stdout) as { totals: { count: number } };
    expect(rows).toHaveLength(plan.totals.count);
    expect(rows.at(-1)!.milestones).toMatch(/Welding Technology AAS/);
    expectExit(md, 0);
    expect(md.stdout).toMatch(/^# Plan: Welding Technology AAS/);
  });

  it('export catalogue --out writes the document that imports back identically', async () => {
    const out = join(scratch, 'export.json');
    expectExit(await pathways('export', 'catalogue', '--out', out), 0);
    const first = readFileSync(out, 'utf8');
    expect(JSON.parse(first)).toMatchObject({ format: 'pathways-catalogue/1' });
    await resetDatabase(driver);
    expectExit(await pathways('import', 'catalogue', out), 0);
    const again = await pathways('export', 'catalogue');
    expectExit(again, 0);
    expect(again.stdout).toBe(first);
  });
});
