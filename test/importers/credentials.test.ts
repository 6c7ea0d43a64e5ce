/**
 * Learner credentials (Open Badges 3.0, Europass EDC) into holdings: the pure reading and
 * matching, then the import into a real Neo4j (other holdings kept, same credential replaced,
 * re-import changes nothing, unmatched achievements get candidates), an audit that counts the
 * imported holdings, and the shared real samples ($PATHWAYS_DATA/credentials, skipped with a
 * message when absent).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { auditQualification } from '../../src/engine/audit.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import request from 'supertest';
import { formatHoldingsSummary } from '../../src/cli/importJsonLdFormats.js';
import {
  importHoldings,
  parseMapping,
  type HoldingsImportSummary,
  type InputFile,
} from '../../src/importers/credentials/import.js';
import {
  catalogueKeys,
  holdingOf,
  matchAchievement,
  mergeHoldings,
  readAchievements,
  significantWords,
  SIMILAR_TITLE,
  similarTitles,
  titleSimilarity,
  type Achievement,
} from '../../src/importers/credentials/map.js';
import { readJson } from '../../src/importers/json.js';
import { readSettings } from '../../src/settings.js';
import {
  createLearner,
  getLearner,
  importCatalogue,
  migrate,
  putLearner,
  readCatalogue,
} from '../../src/store/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { testApi } from '../support/api.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';

const fixture = (name: string): InputFile => ({
  name,
  bytes: readFileSync(new URL(`../fixtures/credentials/${name}`, import.meta.url)),
});
const file = (name: string, text: string): InputFile => ({ name, bytes: Buffer.from(text) });
const read = (f: InputFile) => {
  const json = readJson(Buffer.from(f.bytes).toString('utf8'));
  if (!json.ok) throw new Error(JSON.stringify(json.error));
  return readAchievements(json.documents);
};

const STATS = 'https://college.example/c/statistics';
const SQL =
  'https://credentialengineregistry.org/resources/ce-11111111-2222-3333-4444-555555555555';
const PYTHON = 'urn:college:python';
const VIZ = 'urn:college:dataviz';
const CERT = 'urn:college:cert';
const catalogue = {
  providers: [{ id: 'college', name: 'Example College' }],
  credentials: [
    {
      id: STATS,
      url: 'https://college.example/courses/statistics',
      title: 'Applied Statistics',
      kind: 'micro-credential',
      credits: 5,
      provider: 'college',
    },
    { id: SQL, title: 'Databases and SQL', kind: 'micro-credential', credits: 5 },
    { id: PYTHON, title: 'Python for Data Analysis', kind: 'micro-credential', credits: 5 },
    { id: VIZ, title: 'Data Visualisation and Storytelling', kind: 'micro-credential', credits: 5 },
    { id: 'urn:college:ml', title: 'Machine Learning', kind: 'micro-credential', credits: 5 },
    {
      id: CERT,
      title: 'Certificate in Data Analytics',
      kind: 'certificate',
      qualification: true,
      credits: 20,
      awardRule: { op: 'ALL', accepts: [STATS, SQL, PYTHON, VIZ] },
    },
  ],
};
const keys = catalogueKeys(catalogue.credentials);

describe('reading and matching credentials (pure)', () => {
  it('reads an Open Badges 3.0 achievement: dates, credits, grade, source', () => {
    const { achievements, problems } = read(fixture('ob3-statistics.json'));
    expect(problems).toEqual([]);
    expect(achievements).toEqual([
      {
        source: 'openbadges3:urn:uuid:0b3-0001',
        format: 'openbadges3',
        ids: ['https://college.example/courses/statistics'],
        name: 'Applied Statistics',
        alignments: [],
        awardedOn: '2025-06-30',
        expiresOn: '2030-06-30',
        creditsEarned: 5,
        grade: 'B+',
        unused: ['achievement.achievementType'],
      },
    ]);
  });

  it('prefers awardedDate over validFrom, and reads alignments', () => {
    const [a] = read(fixture('ob3-aligned.json')).achievements;
    expect(a).toMatchObject({
      awardedOn: '2025-08-29',
      alignments: [
        'https://credentialfinder.org/credential/1234/Databases_and_SQL',
        'ce-11111111-2222-3333-4444-555555555555',
      ],
    });
  });

  it('reads a Europass claim and keeps none of its display data or personal data', () => {
    const { achievements } = read(fixture('edc-python.json'));
    expect(achievements).toEqual([
      {
        source: 'europass:urn:credential:edc-0001',
        format: 'europass',
        ids: ['urn:epass:qualification:python', 'urn:epass:learningAchievement:python'],
        name: 'Python for Data Analysis',
        alignments: [],
        awardedOn: '2025-12-19',
        expiresOn: undefined,
        creditsEarned: 5,
        grade: '9/10',
        unused: ['specifiedBy.volumeOfLearning'],
      },
    ]);
    const kept = JSON.stringify(achievements);
    expect(kept).not.toMatch(/iVBORw0KGgo|Joe Doe|123456789/);
  });

  it('reads every credential of a presentation and warns about non-ECTS credit points', () => {
    const edc = JSON.parse(fixture('edc-python.json').bytes.toString()) as {
      credentialSubject: { hasClaim: { specifiedBy: { creditPoint: { framework: unknown } } } };
    };
    edc.credentialSubject.hasClaim.specifiedBy.creditPoint.framework = {
      prefLabel: { en: 'US semester credit hours' },
    };
    const ob3 = JSON.parse(fixture('ob3-statistics.json').bytes.toString()) as unknown;
    const { achievements, problems } = readAchievements([
      { type: ['VerifiablePresentation'], verifiableCredential: [ob3, edc] },
    ]);
    expect(achievements.map((a) => [a.format, a.creditsEarned])).toEqual([
      ['openbadges3', 5],
      ['europass', undefined],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/not ECTS: creditsEarned left out/),
      }),
    ]);
  });

  it('matches by mapping first, then id or url, then alignment (CTID or url)', () => {
    const a = (over: Partial<Achievement>): Achievement => ({
      source: 's',
      format: 'openbadges3',
      ids: [],
      alignments: [],
      unused: [],
      ...over,
    });
    expect(matchAchievement(a({ ids: [STATS] }), keys)).toEqual({
      matched: true,
      credential: STATS,
      by: 'id',
    });
    expect(
      matchAchievement(a({ ids: ['https://college.example/courses/statistics'] }), keys),
    ).toMatchObject({ credential: STATS, by: 'id' });
    expect(
      matchAchievement(a({ alignments: ['CE-11111111-2222-3333-4444-555555555555'] }), keys),
    ).toMatchObject({ credential: SQL, by: 'alignment' });
    expect(matchAchievement(a({ ids: [STATS] }), keys, { [STATS]: PYTHON })).toMatchObject({
      credential: PYTHON,
      by: 'mapping',
    });
    expect(matchAchievement(a({ ids: ['urn:x'] }), keys, { 'urn:x': 'urn:nope' })).toEqual({
      matched: false,
      reason: expect.stringMatching(/"urn:nope", which is not a catalogue credential/),
    });
    expect(matchAchievement(a({ ids: ['urn:x'] }), keys)).toMatchObject({ matched: false });
  });

  it('needs an award date, and replaces only holdings of the same credential', () => {
    const a: Achievement = {
      source: 's',
      format: 'openbadges3',
      ids: [],
      alignments: [],
      unused: [],
    };
    expect(holdingOf(a, STATS)).toEqual({ problem: expect.stringMatching(/no award date/) });
    expect(holdingOf({ ...a, awardedOn: '2025-01-02', expiresOn: '2024-01-01' }, STATS)).toEqual({
      problem: expect.stringMatching(/before it was awarded/),
    });
    const old = [
      { credential: VIZ, awardedOn: '2020-01-01', verified: true },
      { credential: STATS, awardedOn: '2019-01-01', verified: false },
    ];
    const incoming = [{ credential: STATS, awardedOn: '2025-06-30', verified: false }];
    expect(mergeHoldings(old, incoming)).toEqual([
      { credential: STATS, awardedOn: '2025-06-30', verified: false },
      { credential: VIZ, awardedOn: '2020-01-01', verified: true },
    ]);
  });

  it('names the achievement properties it does not use, but no display or personal data', () => {
    const [ob3] = read(fixture('ob3-described.json')).achievements;
    expect(ob3!.unused).toEqual([
      'achievement.achievementType',
      'achievement.creditsAvailable',
      'achievement.fieldOfStudy',
      'achievement.tag',
      'credentialSubject.role',
      'credentialSubject.term',
    ]);
    const [edc] = read(fixture('edc-conference.json')).achievements;
    expect(edc!.unused).toEqual([
      'claim.temporal',
      'claim.workload',
      'specifiedBy.dcType',
      'specifiedBy.language',
      'specifiedBy.mode',
      'specifiedBy.volumeOfLearning',
    ]);
    expect(JSON.stringify([ob3, edc])).not.toMatch(/image|description|identifier|fullName/);
  });

  it('title similarity: the share of significant words two titles have in common', () => {
    expect([...significantWords('Introduction to Statistics, Part 2 (Online)')]).toEqual([
      'statistic',
    ]);
    expect(
      titleSimilarity('Data Visualisation & Storytelling', 'Data visualisation and storytelling'),
    ).toBe(1);
    expect(titleSimilarity('Python', 'Python for Data Analysis')).toBe(0.5);
    expect(similarTitles('Python', 'Python for Data Analysis')).toBe(true);
    expect(similarTitles('SQL Badge', 'Databases and SQL')).toBe(true);
    expect(similarTitles('Applied Data Analysis', 'Python for Data Analysis')).toBe(true);
    // Half the words, but the one word shared is all they have in common: not suggested.
    expect(titleSimilarity('Certificate in Data Analytics', 'Data Ethics Conference')).toBe(0.5);
    expect(similarTitles('Certificate in Data Analytics', 'Data Ethics Conference')).toBe(false);
    expect(titleSimilarity('Annual Conference on Learning Technologies', 'Machine Learning')).toBe(
      0,
    );
    expect(titleSimilarity('EDC Updates Webinar', 'Certificate in Data Analytics')).toBe(0);
    expect(titleSimilarity('Statistik für Anfänger', 'Statistik')).toBe(0.5);
    expect(titleSimilarity('', 'Statistics')).toBe(0);
    expect(SIMILAR_TITLE).toBe(0.5);
  });

  it('validates a mapping file and names the bad entry', () => {
    expect(parseMapping(file('m.json', '{"urn:a": "urn:b"}'))).toEqual({
      ok: true,
      mapping: { 'urn:a': 'urn:b' },
    });
    const bad = parseMapping(file('m.json', '{"urn:a": 3}'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/^m\.json: urn:a: /);
    expect(parseMapping(file('m.json', '{"a": "b"'))).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^m\.json:1:10: /)],
    });
  });
});

describe('holdings import into Neo4j', () => {
  let driver: Driver;
  const LEARNER = 'learner-7';
  beforeAll(async () => {
    driver = testDriver();
    await migrate(driver);
  });
  beforeEach(async () => {
    await resetDatabase(driver);
    await importCatalogue(driver, catalogue);
    await putLearner(driver, {
      id: LEARNER,
      holdings: [
        { credential: VIZ, awardedOn: '2020-01-01', verified: true },
        { credential: STATS, awardedOn: '2019-01-01', verified: false },
      ],
    });
  });
  afterAll(async () => {
    await driver.close();
  });

  const files = () => [
    fixture('ob3-statistics.json'),
    fixture('ob3-aligned.json'),
    fixture('edc-python.json'),
  ];
  const mapping = { 'urn:epass:qualification:python': PYTHON };

  it('matches, keeps other holdings, replaces the same credential, and re-import changes nothing', async () => {
    const summary = await importHoldings(driver, LEARNER, files(), { mapping });
    expect(summary.rejected).toEqual([]);
    expect(summary.unmatched).toEqual([]);
    expect(summary.accepted.map((a) => [a.credential, a.by])).toEqual([
      [STATS, 'id'],
      [SQL, 'alignment'],
      [PYTHON, 'mapping'],
    ]);
    expect(summary.warnings).toEqual([
      {
        file: 'ob3-statistics.json',
        at: 'https://college.example/courses/statistics',
        message: 'not imported (no holding field for them): achievement.achievementType',
      },
      expect.objectContaining({ file: 'ob3-aligned.json', message: 'trailing comma ignored' }),
      {
        file: 'edc-python.json',
        at: 'urn:epass:qualification:python',
        message: 'not imported (no holding field for them): specifiedBy.volumeOfLearning',
      },
    ]);
    expect(summary).toMatchObject({ created: false, holdings: 4 });
    const learner = await getLearner(driver, LEARNER);
    expect(learner!.holdings.sort((a, b) => a.credential.localeCompare(b.credential))).toEqual(
      [
        {
          credential: STATS,
          awardedOn: '2025-06-30',
          expiresOn: '2030-06-30',
          creditsEarned: 5,
          grade: 'B+',
          verified: false,
          source: 'openbadges3:urn:uuid:0b3-0001',
        },
        {
          credential: SQL,
          awardedOn: '2025-08-29',
          verified: false,
          source: 'openbadges3:urn:uuid:0b3-0002',
        },
        { credential: VIZ, awardedOn: '2020-01-01', verified: true },
        {
          credential: PYTHON,
          awardedOn: '2025-12-19',
          creditsEarned: 5,
          grade: '9/10',
          verified: false,
          source: 'europass:urn:credential:edc-0001',
        },
      ].sort((a, b) => a.credential.localeCompare(b.credential)),
    );
    const dump = await graphDump(driver);
    await importHoldings(driver, LEARNER, files(), { mapping });
    expect(await graphDump(driver)).toEqual(dump);
  });

  it('imported holdings count in an audit of the target', async () => {
    const { doc } = await readCatalogue(driver);
    const graph = buildCatalogueGraph(doc);
    const audit = async () =>
      auditQualification(graph, {
        holdings: (await getLearner(driver, LEARNER))!.holdings,
        asOf: '2026-11-23',
        target: { qualification: CERT },
      });
    const before = await audit();
    expect(before.achieved).toBe(false);
    await importHoldings(driver, LEARNER, files(), { mapping });
    const after = await audit();
    expect(after.achieved).toBe(true);
    expect(after.percent).toBeGreaterThan(before.percent);
  });

  it('the store refuses a holding that expires before it was awarded, whoever calls it', async () => {
    const before = await graphDump(driver);
    const bad = { credential: STATS, awardedOn: '2025-06-30', expiresOn: '2025-01-01' };
    await expect(
      putLearner(driver, { id: LEARNER, holdings: [{ ...bad, verified: false }] }),
    ).rejects.toThrow(/expiresOn[\s\S]*is before awardedOn/);
    await expect(
      createLearner(driver, { id: 'learner-8', holdings: [{ ...bad, verified: false }] }),
    ).rejects.toThrow(/is before awardedOn/);
    expect(await graphDump(driver)).toEqual(before);
  });

  it('reports an unmatched achievement with candidates and the mapping entry to add', async () => {
    const before = await graphDump(driver);
    const summary = await importHoldings(driver, LEARNER, [fixture('ob3-unmatched.json')]);
    expect(summary.accepted).toEqual([]);
    expect(summary.unmatched).toEqual([
      {
        file: 'ob3-unmatched.json',
        achievement: 'https://elsewhere.example/achievements/viz',
        name: 'Data Visualisation & Storytelling',
        reason: expect.stringMatching(/no catalogue credential/),
        candidates: [{ id: VIZ, title: 'Data Visualisation and Storytelling', score: 1 }],
        mappingEntry: { 'https://elsewhere.example/achievements/viz': VIZ },
        suggestion: expect.stringMatching(
          /^the most similar catalogue credential is urn:college:dataviz .*\(title similarity 1\)/,
        ),
      },
    ]);
    expect(await graphDump(driver)).toEqual(before);
  });

  it('suggests nothing for an achievement whose title shares nothing with the catalogue', async () => {
    // The full-text index finds "Machine Learning" through the word "Learning": before, it was
    // offered as the credential to map this conference to.
    const summary = await importHoldings(driver, LEARNER, [fixture('edc-conference.json')]);
    expect(summary.unmatched).toEqual([
      {
        file: 'edc-conference.json',
        achievement: 'urn:epass:learningActivitySpec:conference-2026',
        name: 'Annual Conference on Learning Technologies 2026',
        reason: 'no catalogue credential has this id, url or alignment target',
        candidates: [],
        mappingEntry: {
          'urn:epass:learningActivitySpec:conference-2026': '<catalogue credential id>',
        },
        suggestion:
          'no similar catalogue credential was found; map it by hand if the catalogue has it',
      },
    ]);
    const text = formatHoldingsSummary(summary);
    expect(text).toContain('    no similar catalogue credential was found');
    expect(text).toContain(
      'to map it, add to --map: {"urn:epass:learningActivitySpec:conference-2026":"<catalogue credential id>"}',
    );
    expect(text).not.toContain('urn:college:ml');
    expect(summary.warnings).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^not imported \(no holding field for them\): claim\.temporal, /,
        ),
      }),
    ]);
  });

  it('the API reports an unmatched credential the same way', async () => {
    const api = await testApi();
    try {
      const key = await createApiKey(driver, { name: 'writer', role: 'write' });
      const edc = JSON.parse(fixture('edc-conference.json').bytes.toString()) as unknown;
      const res = await request(api.app)
        .post(`/v1/learners/${LEARNER}/credentials`)
        .set('Authorization', `Bearer ${key.token}`)
        .send({ credentials: [edc, JSON.parse(fixture('ob3-unmatched.json').bytes.toString())] })
        .expect(200);
      const body = res.body as HoldingsImportSummary;
      expect(body.unmatched.map((u) => [u.candidates.map((c) => c.id), u.mappingEntry])).toEqual([
        [[], { 'urn:epass:learningActivitySpec:conference-2026': '<catalogue credential id>' }],
        [[VIZ], { 'https://elsewhere.example/achievements/viz': VIZ }],
      ]);
      expect(body.unmatched[0]!.suggestion).toMatch(/^no similar catalogue credential was found/);
    } finally {
      await api.close();
    }
  });

  it('rejects unreadable files with their position and writes nothing from them', async () => {
    const before = await graphDump(driver);
    const summary = await importHoldings(driver, LEARNER, [
      file('broken.json', '{\n  "type": ["VerifiableCredential"]\n  "id": "x"\n}'),
      file('other.json', '{"type": ["VerifiableCredential", "SomethingElse"], "id": "urn:o"}'),
      file(
        'nodate.json',
        JSON.stringify({
          type: ['OpenBadgeCredential'],
          credentialSubject: { achievement: { id: STATS } },
        }),
      ),
    ]);
    expect(summary.rejected).toEqual([
      { file: 'broken.json', errors: [expect.stringMatching(/^broken\.json:3:3: invalid JSON/)] },
      {
        file: 'other.json',
        errors: [expect.stringMatching(/not an Open Badges 3\.0 or Europass credential/)],
      },
    ]);
    expect(summary.unmatched).toEqual([
      expect.objectContaining({
        file: 'nodate.json',
        reason: expect.stringMatching(/no award date/),
      }),
    ]);
    expect(await graphDump(driver)).toEqual(before);
  });

  it('refuses a learner id that is not an id, before reading anything', async () => {
    await expect(
      importHoldings(driver, ' padded ', [fixture('ob3-statistics.json')]),
    ).rejects.toThrow(/whitespace/);
  });

  it('creates a learner who did not exist', async () => {
    const summary = await importHoldings(driver, 'new-learner', [fixture('ob3-statistics.json')]);
    expect(summary).toMatchObject({ created: true, holdings: 1 });
    expect((await getLearner(driver, 'new-learner'))!.holdings).toHaveLength(1);
  });
});

const DATA = join(readSettings().referenceData, 'credentials');
const describeData = existsSync(DATA) ? describe : describe.skip;
if (!existsSync(DATA))
  process.stderr.write(
    `Skipping credential real-sample tests: ${DATA} is absent (set PATHWAYS_DATA).\n`,
  );

describeData('holdings import of the shared real samples', () => {
  const real = (dir: string) =>
    readdirSync(join(DATA, dir))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((name) => ({ name: `${dir}/${name}`, bytes: readFileSync(join(DATA, dir, name)) }));

  it('reads the Europass EDC micro-credential: ECTS credit points, grade, award date', () => {
    const [edc] = real('europass');
    const { achievements } = read(edc!);
    expect(achievements).toEqual([
      expect.objectContaining({
        ids: ['urn:epass:qualification:1', 'urn:epass:learningAchievement:1'],
        awardedOn: '2026-01-12',
        creditsEarned: 5,
        grade: '19',
      }),
    ]);
    expect(JSON.stringify(achievements).length).toBeLessThan(1000);
  });

  it('reads the full Open Badge: credits earned, result, expiry', () => {
    const full = real('openbadges-v3').find((f) => f.name.endsWith('fullOpenBadge.json'))!;
    expect(read(full).achievements[0]).toMatchObject({
      ids: ['https://1edtech.edu/achievements/degree'],
      awardedOn: '2010-01-01',
      expiresOn: '2030-01-01',
      creditsEarned: 42,
      grade: 'A',
    });
  });

  describe('into Neo4j', () => {
    let driver: Driver;
    beforeAll(async () => {
      driver = testDriver();
      await migrate(driver);
      await resetDatabase(driver);
      await importCatalogue(driver, catalogue);
    });
    afterAll(async () => {
      await driver.close();
    });

    it('imports every sample through a mapping and sets the endorsement aside', async () => {
      const files = [...real('openbadges-v3'), ...real('europass')];
      const unmapped = await importHoldings(driver, 'sampler', files);
      expect(unmapped.accepted).toEqual([]);
      expect(unmapped.rejected).toEqual([]);
      expect(unmapped.unmatched.length).toBe(files.length - 1);
      for (const u of unmapped.unmatched) expect(Object.keys(u.mappingEntry)).toHaveLength(1);
      const mapping = Object.fromEntries(
        unmapped.unmatched.map((u, i) => [
          Object.keys(u.mappingEntry)[0]!,
          catalogue.credentials[i % 5]!.id,
        ]),
      );
      const summary = await importHoldings(driver, 'sampler', files, { mapping });
      expect(summary.unmatched).toEqual([]);
      expect(summary.warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ message: expect.stringMatching(/endorsement/) }),
        ]),
      );
      expect(summary.accepted.length).toBeGreaterThanOrEqual(5);
      const learner = await getLearner(driver, 'sampler');
      expect(learner!.holdings.every((h) => !h.verified && h.source)).toBe(true);
    });
  });
});
