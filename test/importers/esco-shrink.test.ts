/**
 * The ESCO shrink guard: an import that would leave far fewer concepts or links of a kind
 * than the graph holds (a file cut at a line boundary, which no CSV check can see) writes
 * nothing unless allowed. The threshold on its own (pure), then the import on a made-up
 * download of 240 skills (test/fixtures/esco.ts) against the test Neo4j, in one transaction
 * and batched, and the CLI's --allow-shrink.
 */
import { Readable } from 'node:stream';
import type { Driver } from 'neo4j-driver';
import {
  EscoShrinkError,
  SHRINK_LIMIT,
  escoShrinkage,
  importEsco,
  type OpenEscoFile,
} from '../../src/importers/esco/index.js';
import type { StoredEscoCounts } from '../../src/store/index.js';
import { migrate } from '../../src/store/index.js';
import { syntheticEscoDownload, writeDownload } from '../fixtures/esco.js';
import { expectExit, pathways } from '../support/cli.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';

const open =
  (files: Readonly<Record<string, string>>): OpenEscoFile =>
  (name) => {
    const text = files[name];
    return text === undefined ? undefined : Readable.from([Buffer.from(text, 'utf8')]);
  };

const none = { stored: 0, inDownload: 0 };
const noLinks = { stored: 0, replaced: 0 };
const counts = {
  skills: 0,
  skillGroups: 0,
  occupations: 0,
  iscoGroups: 0,
  broaderLinks: 0,
  occupationSkillLinks: 0,
  skillSkillLinks: 0,
};
const stored = (
  change: Partial<StoredEscoCounts['concepts']> & Partial<StoredEscoCounts['links']>,
): StoredEscoCounts => ({
  concepts: {
    skills: change.skills ?? none,
    skillGroups: change.skillGroups ?? none,
    occupations: change.occupations ?? none,
    iscoGroups: change.iscoGroups ?? none,
  },
  links: {
    broaderLinks: change.broaderLinks ?? noLinks,
    occupationSkillLinks: change.occupationSkillLinks ?? noLinks,
    skillSkillLinks: change.skillSkillLinks ?? noLinks,
  },
});
const fileOf = (key: string) => `${key}.csv`;

describe('escoShrinkage (pure)', () => {
  it('flags the cut skill-skill file of the report: 5,898 links replaced by 2,949', () => {
    const shrinks = escoShrinkage(
      stored({ skillSkillLinks: { stored: 5_898, replaced: 5_898 } }),
      { ...counts, skillSkillLinks: 2_949 },
      fileOf,
    );
    expect(shrinks).toEqual([
      {
        kind: 'skillSkillLinks',
        files: ['skillSkills.csv'],
        before: 5_898,
        after: 2_949,
        message:
          'the import would leave 2,949 skill-skill links where the graph has 5,898 (50% fewer)',
      },
    ]);
  });

  it('lets a new ESCO version through (v1.2 against v1.1.1: 5,899 to 5,818 skill-skill links)', () => {
    expect(
      escoShrinkage(
        stored({
          skillSkillLinks: { stored: 5_899, replaced: 5_899 },
          skills: { stored: 13_896, inDownload: 13_850 },
        }),
        { ...counts, skillSkillLinks: 5_818 },
        fileOf,
      ),
    ).toEqual([]);
  });

  it('needs both the share and the count: 10% and 100', () => {
    const links = (before: number, after: number) =>
      escoShrinkage(
        stored({ occupationSkillLinks: { stored: before, replaced: before } }),
        { ...counts, occupationSkillLinks: after },
        fileOf,
      ).length;
    expect(SHRINK_LIMIT).toEqual({ share: 0.1, count: 100 });
    expect(links(1_000, 900)).toBe(1); // 10%, 100
    expect(links(1_000, 901)).toBe(0); // 99 lost
    expect(links(2_000, 1_801)).toBe(0); // 199 lost, under 10%
    expect(links(99, 0)).toBe(0); // every link, but a small catalogue's
    // Links of concepts outside the download stay: only the replaced ones can go.
    expect(
      escoShrinkage(stored({ broaderLinks: { stored: 10_000, replaced: 100 } }), counts, fileOf),
    ).toEqual([]);
  });

  it('flags a download lacking many of the concepts stored (skills_en.csv cut short)', () => {
    const [shrink] = escoShrinkage(
      stored({ skills: { stored: 13_896, inDownload: 6_948 } }),
      counts,
      fileOf,
    );
    expect(shrink).toMatchObject({
      kind: 'skills',
      files: ['skills.csv'],
      message: 'the download has 6,948 of the 13,896 skills the graph holds (50% missing)',
    });
  });
});

describe('ESCO import shrink guard (Neo4j)', () => {
  let driver: Driver;
  beforeAll(async () => {
    driver = testDriver();
    await migrate(driver);
  });
  beforeEach(() => resetDatabase(driver));
  afterAll(() => driver.close());

  const count = async (query: string) =>
    (await driver.executeQuery(query)).records[0]!.get(0) as number;
  const full = syntheticEscoDownload();
  const cutRelations = syntheticEscoDownload(240, { 'skillSkillRelations.csv': 120 });

  it('re-importing the same download is no shrink', async () => {
    await importEsco(driver, open(full));
    const again = await importEsco(driver, open(full));
    expect(again.shrunk).toEqual([]);
    expect(again.imported.skillSkillLinks).toBe(240);
  });

  it.each(['single', 'batched'] as const)(
    'a skill-skill file cut in half at a line boundary writes nothing (%s transaction)',
    async (transaction) => {
      await importEsco(driver, open(full));
      const before = await graphDump(driver);
      const err = await importEsco(driver, open(cutRelations), { transaction }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EscoShrinkError);
      expect((err as EscoShrinkError).problems).toEqual([
        {
          file: 'skillSkillRelations.csv',
          message:
            'the import would leave 120 skill-skill links where the graph has 240 (50% fewer): was a file cut short? If the download is meant to hold fewer, import it with --allow-shrink (allowShrink)',
        },
      ]);
      expect(await graphDump(driver)).toEqual(before);
    },
  );

  it('allowShrink writes it, and the summary says what shrank', async () => {
    await importEsco(driver, open(full));
    const summary = await importEsco(driver, open(cutRelations), { allowShrink: true });
    expect(summary.shrunk).toMatchObject([{ kind: 'skillSkillLinks', before: 240, after: 120 }]);
    expect(await count('MATCH (:Skill)-[r:NEEDS]->(:Skill) RETURN count(r)')).toBe(120);
  });

  it('a skills file cut in half is refused too, naming the concept file', async () => {
    await importEsco(driver, open(full));
    const cutSkills = syntheticEscoDownload(240, { 'skills_en.csv': 100 });
    const err = await importEsco(driver, open(cutSkills)).then(
      () => undefined,
      (e: unknown) => e as EscoShrinkError,
    );
    // The occupation's links to the missing skills would go (rejected rows); the missing
    // skills' own links would stay, since the import only replaces its concepts' links.
    expect(err?.problems.map((p) => p.file)).toEqual([
      'skills_en.csv',
      'occupationSkillRelations.csv',
    ]);
    expect(err?.problems[0]!.message).toMatch(
      /^the download has 100 of the 240 skills the graph holds \(58% missing\)/,
    );
    expect(await count('MATCH (s:Skill) RETURN count(s)')).toBe(240);
  });

  it('on an empty graph nothing can shrink', async () => {
    const summary = await importEsco(driver, open(cutRelations));
    expect(summary.shrunk).toEqual([]);
  });

  it('pathways import esco: exit 1 and nothing written; --allow-shrink: exit 0', async () => {
    await importEsco(driver, open(full));
    const before = await graphDump(driver);
    const folder = writeDownload(cutRelations);
    const refused = await pathways('import', 'esco', folder);
    expectExit(refused, 1);
    expect(refused.stderr).toContain(
      'skillSkillRelations.csv: the import would leave 120 skill-skill links where the graph has 240 (50% fewer)',
    );
    expect(refused.stderr).toContain('--allow-shrink');
    expect(await graphDump(driver)).toEqual(before);

    const allowed = await pathways('import', 'esco', folder, '--allow-shrink');
    expectExit(allowed, 0);
    expect(allowed.stdout).toContain(
      'shrunk (--allow-shrink): skillSkillRelations.csv: the import would leave 120 skill-skill links where the graph has 240 (50% fewer)',
    );
    const help = await pathways('import', '--help');
    expect(help.stdout).toContain('--allow-shrink');
  });
});
