/**
 * ESCO importer: the mapping on a small fixture download (test/fixtures/esco.ts: a multi-line
 * quoted altLabels field, a CRLF/LF mix, a group only in skillsHierarchy_en.csv, a dangling
 * occupation URI, duplicates, an unknown relation type), every rejection path, the write
 * (idempotent, all or nothing, alternative labels searchable, read back), its coexistence with
 * the seed catalogue, and parse-only counts of the real v1.1.1 download from the shared
 * reference data (skipped with a message when absent; the full import is bench:esco).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import {
  escoFolder,
  importEsco,
  readEsco,
  type OpenEscoFile,
} from '../../src/importers/esco/index.js';
import { ImportRejectedError } from '../../src/importers/problems.js';
import { importCatalogue, migrate, readCatalogue } from '../../src/store/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { writeEscoFixture } from '../fixtures/esco.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const S = 'http://data.europa.eu/esco/skill';
const O = 'http://data.europa.eu/esco/occupation';
const fixtureDir = writeEscoFixture();

/** The fixture download in memory, with some files replaced or removed. */
function fixture(changes: Record<string, string | null> = {}): OpenEscoFile {
  const files = new Map<string, string>();
  for (const name of readdirSync(fixtureDir))
    files.set(name, readFileSync(join(fixtureDir, name), 'utf8'));
  for (const [name, text] of Object.entries(changes))
    if (text === null) files.delete(name);
    else files.set(name, text);
  return (name) => {
    const text = files.get(name);
    return text === undefined ? undefined : Readable.from([Buffer.from(text, 'utf8')]);
  };
}

const rejectionOf = async (promise: Promise<unknown>): Promise<ImportRejectedError> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ImportRejectedError) return err;
    throw err;
  }
  throw new Error('expected the import to be rejected');
};

describe('ESCO mapping (no database)', () => {
  it('maps concepts, both hierarchies and relations, and counts rejected rows with reasons', async () => {
    const mapper = await readEsco(escoFolder(fixtureDir));
    const doc = mapper.document();
    const skill = (id: string) => doc.skills.find((s) => s.id === id)!;

    // A quoted multi-line altLabels cell, with a doubled quote and a comma inside.
    expect(skill(`${S}/f1`).altLabels).toEqual([
      'weave baskets',
      '"wicker" work, by hand',
      'basketry',
    ]);
    expect(skill(`${S}/f1`).description).toBe(
      'The techniques of weaving baskets, from "cane" to rush.',
    );
    expect(skill(`${S}/f3`)).toMatchObject({ label: 'dive safely', altLabels: ['scuba diving'] });
    expect(skill(`${S}/f3`).skillType).toBeUndefined(); // empty skillType is left out
    expect(skill(`${S}/g-weaving`)).toMatchObject({ group: true, code: 'S6.1' });
    // A group found only in skillsHierarchy_en.csv (whose lines end in CRLF and LF), on a
    // record whose quoted description spans a CRLF.
    expect(mapper.hierarchyOnlyGroups).toBe(1);
    expect(skill(`${S}/g-baskets`)).toMatchObject({
      group: true,
      label: 'basketry and wickerwork',
      code: 'S6.1.1',
      description: 'Baskets, mats\r\nand wicker.',
    });
    // Polyhierarchy: f2 is under a skill and a group.
    expect(skill(`${S}/f2`).broader).toEqual([`${S}/f1`, `${S}/g-weaving`]);
    expect(skill(`${S}/f2`)).toMatchObject({
      essentialSkills: [`${S}/f1`],
      optionalSkills: [`${S}/f3`],
    });
    const underwater = doc.occupations.find((o) => o.id === `${O}/o-underwater`)!;
    expect(underwater).toMatchObject({
      iscoGroup: '7317',
      code: '7317.1.1',
      altLabels: ['aquatic basket weaver'],
      broader: [`${O}/o-basket`],
      essentialSkills: [`${S}/f1`, `${S}/f2`, `${S}/f3`],
    });
    expect(doc.iscoGroups?.find((g) => g.code === '7317')).toMatchObject({
      altLabels: ['basket makers'],
      broader: ['http://data.europa.eu/esco/isco/C73'],
    });

    const report = new Map(mapper.fileReports().map((r) => [r.file, r]));
    expect(report.get('skills_en.csv')).toMatchObject({ rows: 7, accepted: 5, rejected: 2 });
    expect(report.get('skills_en.csv')!.reasons).toEqual([
      {
        reason: `duplicate concept ${S}/f2 (first at skills_en.csv line 9)`,
        count: 1,
        lines: [12],
      },
      {
        reason: 'invalid label: Invalid input: expected string, received undefined',
        count: 1,
        lines: [13],
      },
    ]);
    expect(report.get('occupationSkillRelations.csv')).toMatchObject({
      rows: 10,
      accepted: 6,
      rejected: 4,
      reasons: [
        {
          reason: `occupation ${O}/o-missing is not in occupations_en.csv`,
          count: 3,
          lines: [8, 9, 10],
        },
        {
          reason: 'relationType "required" is neither essential nor optional',
          count: 1,
          lines: [11],
        },
      ],
    });
    expect(report.get('broaderRelationsSkillPillar.csv')!.reasons[0]!.reason).toBe(
      `broader concept ${S}/g-nowhere is not in skills_en.csv or skillGroups_en.csv`,
    );
    expect(report.get('broaderRelationsOccPillar.csv')!.reasons[0]!.reason).toBe(
      `concept ${O}/o-missing is not in occupations_en.csv or ISCOGroups_en.csv`,
    );
  });

  it('accepts the v1.2 file names, whose relation files carry extra label columns', async () => {
    const v11 = readFileSync(join(fixtureDir, 'occupationSkillRelations.csv'), 'utf8');
    const mapper = await readEsco(
      fixture({
        'occupationSkillRelations.csv': null,
        // Extra trailing columns, empty on the rows: picked by name, they do no harm.
        'occupationSkillRelations_en.csv': v11.replace(
          'occupationUri,relationType,skillType,skillUri',
          'occupationUri,relationType,skillType,skillUri,occupationLabel,skillLabel',
        ),
      }),
    );
    const report = mapper.fileReports().find((r) => r.file === 'occupationSkillRelations_en.csv');
    expect(report).toMatchObject({ rows: 10, accepted: 6, columnsNotImported: ['skillType'] });
    // Not known to this importer: named, with the file and the header line.
    expect(report!.warnings).toEqual([
      {
        file: 'occupationSkillRelations_en.csv',
        line: 1,
        message: 'unknown column 5 "occupationLabel": not imported',
      },
      {
        file: 'occupationSkillRelations_en.csv',
        line: 1,
        message: 'unknown column 6 "skillLabel": not imported',
      },
    ]);
  });

  it('names the columns of each file that are not imported', async () => {
    const reports = (await readEsco(escoFolder(fixtureDir))).fileReports();
    expect(reports.find((r) => r.file === 'skills_en.csv')).toMatchObject({
      columnsNotImported: [
        'conceptType',
        'hiddenLabels',
        'status',
        'modifiedDate',
        'scopeNote',
        'definition',
        'inScheme',
      ],
      warnings: [],
    });
    expect(reports.every((r) => r.warnings.length === 0)).toBe(true);
  });

  it.each([
    [
      'a missing required file',
      { 'occupations_en.csv': null, 'skillSkillRelations.csv': null },
      [
        'occupations_en.csv: required file is missing (looked for occupations_en.csv)',
        'skillSkillRelations.csv: required file is missing (looked for skillSkillRelations.csv or skillSkillRelations_en.csv)',
      ],
    ],
    [
      'a malformed header',
      {
        'occupationSkillRelations.csv':
          'occupation,relationType,skillType,skillUri\nx,essential,,y\n',
      },
      [
        'occupationSkillRelations.csv:1: malformed header: missing column "occupationUri" (found "occupation", "relationType", "skillType", "skillUri")',
      ],
    ],
    [
      'broken CSV (a quote never closed)',
      {
        'skillSkillRelations.csv':
          'originalSkillUri,relationType,relatedSkillUri\n"a,essential,b\n',
      },
      [/^skillSkillRelations.csv:2: the file ends inside a quoted field \(Quote Not Closed/],
    ],
    ['an empty file', { 'skillGroups_en.csv': '' }, ['skillGroups_en.csv: empty file, no header']],
    [
      'a near-miss of a column that is read (descriptions would be lost)',
      {
        'skillGroups_en.csv':
          'conceptUri,preferredLabel,descripton\nhttp://data.europa.eu/esco/skill/g-crafts,crafting,Making things.\n',
      },
      [
        'skillGroups_en.csv:1: column 3 "descripton" is not a known column: did you mean "description"? (rename it; its values would otherwise be lost)',
      ],
    ],
    [
      'a file cut mid-row',
      {
        'skillSkillRelations.csv':
          'originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri\nhttp://data.europa.eu/esco/skill/f2,skill/competence,essential,knowledge,http://data.europa.eu/esco/skill/f1\nhttp://data.europa.eu/esco/skill/f4,skill/compet',
      },
      [
        "skillSkillRelations.csv:3: the file ends mid-record: the last record has 2 of the header's 5 fields and no line break after it (cut short?)",
      ],
    ],
    [
      'a file cut inside its last field',
      {
        'skillSkillRelations.csv':
          'originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri\nhttp://data.europa.eu/esco/skill/f2,skill/competence,essential,knowledge,http://data.europa.eu/esco/sk',
      },
      [
        'skillSkillRelations.csv:2: the file does not end with a line break, as every file of this format does (cut short?)',
      ],
    ],
  ] as const)('rejects the whole download for %s', async (_what, changes, expected) => {
    const err = await rejectionOf(readEsco(fixture(changes)));
    const messages = err.problems.map(
      (p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`,
    );
    expect(messages).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      if (typeof e === 'string') expect(messages[i]).toBe(e);
      else expect(messages[i]).toMatch(e);
    });
  });
});

describe('ESCO import (Neo4j)', () => {
  let driver: Driver;
  beforeAll(async () => {
    driver = testDriver();
    await migrate(driver);
  });
  beforeEach(() => resetDatabase(driver));
  afterAll(() => driver.close());

  const count = async (query: string, params: Record<string, unknown> = {}) =>
    (await driver.executeQuery(query, params)).records[0]!.get(0) as number;

  it('writes concepts and links, makes alternative labels searchable, and reads them back', async () => {
    const summary = await importEsco(driver, escoFolder(fixtureDir));
    expect(summary).toMatchObject({
      status: 'imported',
      imported: {
        skills: 5,
        skillGroups: 3,
        occupations: 3,
        iscoGroups: 6,
        broaderLinks: 5 + 7,
        occupationSkillLinks: 6,
        skillSkillLinks: 3,
      },
      rows: { rejected: 2 + 1 + 1 + 4 },
    });
    expect(await count('MATCH (n:Skill) RETURN count(n)')).toBe(5);
    expect(await count('MATCH (n:SkillGroup) RETURN count(n)')).toBe(3);
    expect(await count('MATCH (n:IscoGroup) RETURN count(n)')).toBe(6);
    expect(await count('MATCH (:Occupation)-[n:NEEDS]->(:Skill) RETURN count(n)')).toBe(6);
    expect(await count('MATCH (:Skill)-[n:NEEDS]->(:Skill) RETURN count(n)')).toBe(3);
    expect(await count('MATCH (:Skill)-[n:BROADER]->() RETURN count(n)')).toBe(3);
    expect(await count('MATCH (:SkillGroup)-[n:BROADER]->(:SkillGroup) RETURN count(n)')).toBe(2);
    expect(
      await count(
        'MATCH (:Occupation)-[:BROADER]->(:IscoGroup)-[:BROADER*]->(g:IscoGroup {code: "7"}) RETURN count(*)',
      ),
    ).toBe(1);
    // An alternative label on the second line of a multi-line cell is found by full-text search.
    const hits = await driver.executeQuery(
      "CALL db.index.fulltext.queryNodes('skill_text', 'basketry') YIELD node RETURN node.id AS id",
    );
    expect(hits.records.map((r) => r.get('id') as string)).toContain(`${S}/f1`);

    const { doc } = await readCatalogue(driver);
    expect(doc.iscoGroups).toHaveLength(6);
    expect(doc.skills.find((s) => s.id === `${S}/f2`)).toMatchObject({
      essentialSkills: [`${S}/f1`],
      optionalSkills: [`${S}/f3`],
      broader: [`${S}/f1`, `${S}/g-weaving`],
    });
    expect(doc.occupations.find((o) => o.id === `${O}/o-underwater`)?.broader).toEqual([
      `${O}/o-basket`,
    ]);
  });

  it('re-importing changes nothing (graph dump identical)', async () => {
    await importEsco(driver, escoFolder(fixtureDir));
    const first = await graphDump(driver);
    const again = await importEsco(driver, escoFolder(fixtureDir), { transaction: 'batched' });
    expect(again.catalogueVersion).toBe(2);
    expect(await graphDump(driver)).toEqual(first);
  });

  it('a rejected download writes nothing, on an empty graph and over an earlier import', async () => {
    const broken = fixture({ 'broaderRelationsOccPillar.csv': 'conceptUri,broader\n' });
    await rejectionOf(importEsco(driver, broken));
    expect(await count('MATCH (n) RETURN count(n)')).toBe(0);

    await importEsco(driver, escoFolder(fixtureDir));
    const before = await graphDump(driver);
    const changed = fixture({
      'skills_en.csv': readFileSync(join(fixtureDir, 'skills_en.csv'), 'utf8').replace(
        'basket weaving',
        'basket weaving, renamed',
      ),
      // The last file read is broken: everything before it was mapped, nothing is written.
      'skillSkillRelations.csv': 'originalSkillUri;relationType;relatedSkillUri\n',
    });
    await rejectionOf(importEsco(driver, changed));
    expect(await graphDump(driver)).toEqual(before);
  });

  it('a write that fails midway is rolled back whole (one transaction)', async () => {
    await importEsco(driver, escoFolder(fixtureDir));
    const before = await graphDump(driver);
    const renamed = fixture({
      'skills_en.csv': readFileSync(join(fixtureDir, 'skills_en.csv'), 'utf8').replace(
        'basket weaving',
        'basket weaving, renamed',
      ),
    });
    // Fail after the skills, hierarchy and old links have been written inside the transaction.
    const failing = (step: string) => {
      if (step === 'skill links') throw new Error('connection lost (simulated)');
    };
    await expect(importEsco(driver, renamed, { onProgress: failing })).rejects.toThrow(
      'connection lost (simulated)',
    );
    expect(await graphDump(driver)).toEqual(before);
    expect(await count('MATCH (s:Skill {label: "basket weaving"}) RETURN count(s)')).toBe(1);
  });

  it('coexists with the seed catalogue, imported before or after', async () => {
    const seed = seedInput() as { credentials: { id: string; qualification?: boolean }[] };
    const target = seed.credentials.find((c) => c.qualification)!.id;
    const plansTarget = async () => {
      const { doc } = await readCatalogue(driver);
      const plan = planPathway(buildCatalogueGraph(doc), {
        holdings: [],
        asOf: '2026-11-23',
        target: { qualification: target },
      });
      expect(plan.status).toBe('planned');
      return doc;
    };

    await importCatalogue(driver, seed);
    await importEsco(driver, escoFolder(fixtureDir));
    let doc = await plansTarget();
    expect(doc.credentials).toHaveLength(seed.credentials.length);
    // The seed's data analyst now carries ESCO's links (the fixture's one essential skill).
    expect(
      doc.occupations.find((o) => o.id.endsWith('d3edb8f8-3a06-47a0-8fb9-9b212c006aa2')),
    ).toMatchObject({ essentialSkills: [`${S}/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f`] });

    await resetDatabase(driver);
    await importEsco(driver, escoFolder(fixtureDir));
    const escoOnly = await count(
      'MATCH (n) WHERE n:Skill OR n:SkillGroup OR n:Occupation OR n:IscoGroup RETURN count(n)',
    );
    await importCatalogue(driver, seed);
    doc = await plansTarget();
    // Every ESCO concept is still there, and the ESCO hierarchy the seed does not touch.
    expect(await count('MATCH (n:IscoGroup) RETURN count(n)')).toBe(6);
    expect(
      await count(
        'MATCH (:Occupation {id: $id})-[:BROADER]->() RETURN count(*)'.replace(
          '$id',
          `"${O}/o-underwater"`,
        ),
      ),
    ).toBe(1);
    expect(
      doc.skills.length + doc.occupations.length + (doc.iscoGroups?.length ?? 0),
    ).toBeGreaterThanOrEqual(escoOnly);
  });
});

const escoDir = join(
  process.env.PATHWAYS_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)),
  'esco-v1.1.1',
);
const realData = existsSync(escoDir);
if (!realData)
  console.warn(
    `ESCO v1.1.1 download not found in ${escoDir} (set PATHWAYS_DATA): skipping the real-set parse test.`,
  );

(realData ? describe : describe.skip)('the real ESCO v1.1.1 download (parse only)', () => {
  it('reads every file: the published counts, and the 67 rows of the missing occupation', async () => {
    const mapper = await readEsco(escoFolder(escoDir));
    const doc = mapper.document();
    expect(doc.skills.filter((s) => !s.group)).toHaveLength(13_896);
    expect(doc.skills.filter((s) => s.group)).toHaveLength(640 + 7);
    expect(mapper.hierarchyOnlyGroups).toBe(7);
    expect(doc.occupations).toHaveLength(3_007);
    expect(doc.iscoGroups).toHaveLength(619);
    const reports = new Map(mapper.fileReports().map((r) => [r.file, r]));
    expect(reports.get('occupationSkillRelations.csv')).toMatchObject({
      rows: 123_855,
      accepted: 123_855 - 67,
      reasons: [
        {
          reason: `occupation ${O}/a9e54177-a185-404d-b6e6-15663d31137e is not in occupations_en.csv`,
          count: 67,
        },
      ],
    });
    // Skill pillar: 20,656 links, all usable once the 7 hierarchy-only groups are known.
    expect(reports.get('broaderRelationsSkillPillar.csv')).toMatchObject({
      rows: 20_656,
      rejected: 0,
    });
    expect(reports.get('skillsHierarchy_en.csv')).toMatchObject({ rejected: 0 });
    expect(reports.get('skillSkillRelations.csv')!.rows).toBe(5_899);
    const multiParent = doc.skills.filter((s) => !s.group && s.broader.length > 1).length;
    expect(multiParent).toBe(4_646);
  });
});
