import { readFileSync } from 'node:fs';
import { Neo4jError, type Driver } from 'neo4j-driver';
import {
  CatalogueValidationError,
  parseCatalogue,
  type CatalogueDocument,
} from '../../src/model/index.js';
import {
  CatalogueProjection,
  importCatalogue,
  migrate,
  readCatalogue,
} from '../../src/store/index.js';
import { stacksIntoPairs } from '../../src/graph/index.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';
import { graphDump } from '../support/graphDump.js';

const fixture = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL('../fixtures/small-catalogue.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
const seed = (): Record<string, unknown> => seedInput() as Record<string, unknown>;

/** The parsed document without its name (a document's name is not part of the graph). */
function expected(input: unknown): CatalogueDocument {
  const parsed = parseCatalogue(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const { name: _name, ...doc } = parsed.value;
  return doc;
}

const byKey = <T>(items: T[], key: (t: T) => string) =>
  [...items].sort((a, b) => key(a).localeCompare(key(b)));
function canonical(doc: CatalogueDocument) {
  return {
    ...doc,
    providers: byKey(doc.providers, (p) => p.id),
    credentials: byKey(doc.credentials, (c) => c.id),
    learningOutcomes: byKey(doc.learningOutcomes, (l) => l.id),
    skills: byKey(doc.skills, (s) => s.id).map((s) => ({ ...s, broader: [...s.broader].sort() })),
    occupations: byKey(doc.occupations, (o) => o.id).map((o) => ({
      ...o,
      essentialSkills: [...o.essentialSkills].sort(),
      optionalSkills: [...o.optionalSkills].sort(),
    })),
    recognitions: byKey(doc.recognitions, (r) => `${r.from} ${r.to}`),
    learners: byKey(doc.learners, (l) => l.id).map((l) => ({
      ...l,
      holdings: byKey(l.holdings, (h) => `${h.credential} ${h.awardedOn}`),
    })),
  };
}

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await migrate(driver);
});
beforeEach(async () => {
  await resetDatabase(driver);
});
afterAll(async () => {
  await driver.close();
});

describe('catalogue import', () => {
  test.each([
    ['the small fixture', fixture],
    ['the seed catalogue', seed],
  ])('round trip: %s reads back as the document that was imported', async (_name, load) => {
    const input = load();
    const summary = await importCatalogue(driver, input);
    const { doc, version } = await readCatalogue(driver);
    expect(canonical(doc)).toEqual(canonical(expected(input)));
    expect(version).toBe(summary.version);
    expect(summary.credentials).toBe(expected(input).credentials.length);
  });

  test('importing twice leaves every node, relationship and property identical', async () => {
    await importCatalogue(driver, seed());
    const first = await graphDump(driver);
    const again = await importCatalogue(driver, seed());
    const second = await graphDump(driver);
    expect(second).toEqual(first);
    expect(again.version).toBe(2);
    expect(first.nodes.length).toBeGreaterThan(100);
  });

  test('a transaction the driver retries reports each step of its progress once, forwards only', async () => {
    const calls: string[] = [];
    let failed = false;
    const summary = await importCatalogue(driver, seed(), {
      batchSize: 5,
      onProgress: (step, done, total) => {
        calls.push(`${step} ${done}/${total}`);
        // A transient failure half-way through the credentials: the driver runs the whole
        // transaction function again, from the first batch.
        if (step === 'credentials' && done === 10 && !failed) {
          failed = true;
          throw new Neo4jError(
            'deadlock (test)',
            'Neo.TransientError.Transaction.DeadlockDetected',
            '50N42',
            'test',
          );
        }
      },
    });
    expect(failed).toBe(true);
    expect(summary.credentials).toBe(expected(seed()).credentials.length);
    expect(new Set(calls).size).toBe(calls.length);
    const credentials = calls.filter((c) => c.startsWith('credentials '));
    expect(credentials.at(-1)).toBe(`credentials ${summary.credentials}/${summary.credentials}`);
    const counts = credentials.map((c) => Number(c.split(' ')[1]!.split('/')[0]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  test('a changed document replaces what each credential owns (rules, links) and nothing else', async () => {
    await importCatalogue(driver, fixture());
    const changed = fixture() as {
      credentials: { id: string; awardRule?: unknown; corequisites?: string[] }[];
    };
    const cert = changed.credentials.find((c) => c.id === 'cert')!;
    cert.awardRule = { op: 'ANY', accepts: ['a', 'd'] };
    changed.credentials.find((c) => c.id === 'c')!.corequisites = [];
    await importCatalogue(driver, changed);
    const { doc } = await readCatalogue(driver);
    expect(doc.credentials.find((c) => c.id === 'cert')!.awardRule).toEqual({
      op: 'ANY',
      accepts: ['a', 'd'],
    });
    expect(doc.credentials.find((c) => c.id === 'c')!.corequisites).toEqual([]);
    const { records } = await driver.executeQuery(
      'MATCH (r:Requirement {owner: "cert"}) RETURN count(r) AS n',
    );
    expect(records[0]!.get('n')).toBe(1);
    const stacks = await driver.executeQuery(
      'MATCH (a)-[:STACKS_INTO]->(:Credential {id: "cert"}) RETURN collect(a.id) AS ids',
    );
    expect((stacks.records[0]!.get('ids') as string[]).sort()).toEqual(['a', 'd']);
  });
});

describe('rejected documents write nothing', () => {
  const cases: [string, (doc: any) => void, string, RegExp][] = [
    [
      'negative credits',
      (d) => (d.credentials[0].credits = -5),
      'credentials[0].credits',
      /negative/,
    ],
    [
      'non-numeric credits',
      (d) => (d.credentials[1].credits = 'five'),
      'credentials[1].credits',
      /number/,
    ],
    [
      'a rule accepting an unknown credential',
      (d) => d.credentials[4].awardRule.children[0].accepts.push('ghost'),
      'credentials[4].awardRule.children[0].accepts[2]',
      /unknown credential or learning outcome "ghost"/,
    ],
    [
      'a cycle in entry rules',
      (d) => (d.credentials[0].entryRule = { op: 'ALL', accepts: ['c'] }),
      'credentials',
      /cycle in entry rules/,
    ],
    ['duplicate ids', (d) => (d.credentials[1].id = 'a'), 'credentials[1].id', /duplicate id "a"/],
    [
      'N_OF asking for more branches than listed',
      (d) => (d.credentials[4].awardRule.children[1].n = 3),
      'credentials[4].awardRule.children[1].n',
      /only 2 are listed/,
    ],
    [
      'an unknown provider',
      (d) => (d.credentials[0].provider = 'nobody'),
      'credentials[0].provider',
      /unknown provider/,
    ],
    [
      'a holding of an unknown credential',
      (d) => (d.learners[0].holdings[0].credential = 'zzz'),
      'learners[0].holdings[0].credential',
      /unknown credential/,
    ],
    [
      'a holding that expires before it was awarded',
      (d) => (d.learners[0].holdings[0].expiresOn = '1999-12-31'),
      'learners[0].holdings[0].expiresOn',
      /is before awardedOn/,
    ],
    ['an unknown property', (d) => (d.credentials[0].colour = 'red'), 'credentials[0]', /colour/],
  ];

  test.each(cases)('%s', async (_name, spoil, path, message) => {
    await importCatalogue(driver, seed());
    const before = await graphDump(driver);
    const doc = fixture();
    spoil(doc);
    const error = await importCatalogue(driver, doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueValidationError);
    const issues = (error as CatalogueValidationError).issues;
    const formatted = (error as Error).message;
    expect(formatted).toContain(path);
    expect(issues.some((i) => message.test(i.message))).toBe(true);
    expect(await graphDump(driver)).toEqual(before);
  });

  test('every problem of a document is reported at once', async () => {
    const doc = fixture() as any;
    doc.credentials[0].credits = -1;
    doc.credentials[2].provider = 'nobody';
    doc.recognitions[0].to = 'ghost';
    const error = (await importCatalogue(driver, doc).catch(
      (e: unknown) => e,
    )) as CatalogueValidationError;
    expect(error.issues.length).toBeGreaterThanOrEqual(3);
  });

  test('a failure inside the database rolls the whole import back', async () => {
    await importCatalogue(driver, fixture());
    const before = await graphDump(driver);
    // A constraint the document breaks only once it is being written: two titles alike.
    await driver.executeQuery(
      'CREATE CONSTRAINT test_unique_title IF NOT EXISTS FOR (c:Credential) REQUIRE c.title IS UNIQUE',
    );
    try {
      const doc = seed() as { credentials: { title: string }[] };
      doc.credentials[1]!.title = doc.credentials[0]!.title;
      await expect(importCatalogue(driver, doc)).rejects.toThrow(/already exists|constraint/i);
      expect(await graphDump(driver)).toEqual(before);
    } finally {
      await driver.executeQuery('DROP CONSTRAINT test_unique_title IF EXISTS');
    }
  });
});

describe('schema', () => {
  test('migrations are idempotent and create the constraints and full-text indexes', async () => {
    await migrate(driver);
    const constraints = await driver.executeQuery(
      'SHOW CONSTRAINTS YIELD labelsOrTypes RETURN collect(labelsOrTypes[0]) AS labels',
    );
    expect(constraints.records[0]!.get('labels')).toEqual(
      expect.arrayContaining([
        'Credential',
        'LearningOutcome',
        'Skill',
        'SkillGroup',
        'Occupation',
        'Provider',
        'Requirement',
        'Learner',
      ]),
    );
    const fulltext = await driver.executeQuery(
      'SHOW FULLTEXT INDEXES YIELD name RETURN collect(name) AS names',
    );
    expect(fulltext.records[0]!.get('names')).toEqual(
      expect.arrayContaining(['credential_text', 'skill_text']),
    );
  });

  test('the uniqueness constraint refuses a second credential with the same id', async () => {
    await importCatalogue(driver, fixture());
    await expect(
      driver.executeQuery("CREATE (:Credential {id: 'a', title: 'copy'})"),
    ).rejects.toThrow(/already exists/);
  });

  test('full-text search finds skills by an ESCO alternative label', async () => {
    await importCatalogue(driver, fixture());
    const { records } = await driver.executeQuery(
      "CALL db.index.fulltext.queryNodes('skill_text', $q) YIELD node RETURN collect(node.id) AS ids",
      { q: 'examine' },
    );
    expect(records[0]!.get('ids')).toEqual(['http://data.europa.eu/esco/skill/s1']);
  });
});

describe('projection', () => {
  test('the graph the engine reads matches what Neo4j holds', async () => {
    await importCatalogue(driver, seed());
    const projection = new CatalogueProjection(driver);
    const graph = await projection.current();
    const counts = await driver.executeQuery(
      `MATCH (c:Credential) WITH count(c) AS credentials
       MATCH (q:Qualification) WITH credentials, count(q) AS qualifications
       MATCH (a)-[:STACKS_INTO]->(b) RETURN credentials, qualifications, collect([a.id, b.id]) AS stacks`,
    );
    const row = counts.records[0]!;
    const credentials = graph.filterNodes((_, n) => n.type === 'credential');
    expect(credentials.length).toBe(row.get('credentials'));
    expect(
      credentials.filter(
        (id) =>
          graph.getNodeAttribute(id, 'type') === 'credential' &&
          (graph.getNodeAttributes(id) as { qualification: boolean }).qualification,
      ).length,
    ).toBe(row.get('qualifications'));
    const fromNeo4j = (row.get('stacks') as [string, string][]).map((p) => p.join(' > ')).sort();
    expect(
      stacksIntoPairs(graph)
        .map((p) => p.join(' > '))
        .sort(),
    ).toEqual(fromNeo4j);
  });

  test('a catalogue write is picked up on the next version check, not before', async () => {
    await importCatalogue(driver, fixture());
    let now = 0;
    const projection = new CatalogueProjection(driver, { recheckAfterMs: 1000, now: () => now });
    const first = await projection.current();
    expect(first.hasNode('new-module')).toBe(false);
    const doc = fixture() as { credentials: unknown[] };
    doc.credentials.push({ id: 'new-module', title: 'New module', kind: 'module', credits: 3 });
    await importCatalogue(driver, doc);
    now = 500;
    expect(await projection.current()).toBe(first);
    now = 1500;
    const second = await projection.current();
    expect(second.hasNode('new-module')).toBe(true);
    expect(second.getAttribute('version')).toBe(2);
    now = 3000;
    expect(await projection.current()).toBe(second);
  });
});
