/**
 * CTDL JSON-LD import: the pure mapping on a fixture written for every quirk and rejection
 * path (test/fixtures/ctdl), then the import into a real Neo4j (all-or-nothing per file,
 * idempotent), a plan over an imported pathway, and the shared real samples
 * ($PATHWAYS_DATA/ctdl, skipped with a message when absent).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { auditQualification } from '../../src/engine/audit.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { importCtdl, prepareCtdl, type InputFile } from '../../src/importers/ctdl/import.js';
import { mapCtdl } from '../../src/importers/ctdl/map.js';
import { readJson } from '../../src/importers/json.js';
import { parseCatalogue, type Credential } from '../../src/model/index.js';
import { migrate, readCatalogue } from '../../src/store/index.js';
import { readSettings } from '../../src/settings.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';

const FIXTURE = 'welding-pathway.jsonld';
const fixtureFile = (): InputFile => ({
  name: FIXTURE,
  bytes: readFileSync(new URL(`../fixtures/ctdl/${FIXTURE}`, import.meta.url)),
});
const file = (name: string, text: string): InputFile => ({
  name,
  bytes: Buffer.from(text, 'utf8'),
});
const E = 'https://example.edu/c/';
const AS_OF = '2026-11-23';

function mapped() {
  const json = readJson(fixtureFile().bytes.toString());
  if (!json.ok) throw new Error(JSON.stringify(json.error));
  const mapping = mapCtdl(json.documents, FIXTURE);
  const parsed = parseCatalogue(mapping.document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const byId = new Map(parsed.value.credentials.map((c) => [c.id, c]));
  return { ...mapping, doc: parsed.value, credential: (id: string) => byId.get(id) as Credential };
}

describe('CTDL mapping (pure)', () => {
  it('turns the destination component into a qualification with the conditions as its award rule', () => {
    const { credential } = mapped();
    const aas = credential(`${E}aas`);
    expect(aas).toMatchObject({
      title: 'Welding Technology AAS',
      kind: 'degree',
      qualification: true,
      credits: 24,
      creditSystem: 'US semester credit hours',
      creditsOriginal: 12,
      provider: 'https://example.edu/org/hcc',
    });
    expect(aas.awardRule).toEqual({
      op: 'ALL',
      children: [
        // requiredNumber 1 of 1 → ALL; 1 of 2 → ANY.
        { op: 'ALL', label: 'Certificate A', accepts: [`${E}cert-a`] },
        { op: 'ANY', label: 'WE116 or WE118', accepts: [`${E}we116`, `${E}we118`] },
        {
          // logicalOperator Or over nested conditions; the apprenticeship branch is dropped.
          op: 'ANY',
          label: 'Contextual options',
          children: [
            {
              op: 'N_OF',
              n: 2,
              accepts: [`${E}math`, `${E}blueprint`, `urn:pathways:ctdl:${FIXTURE}#safety`],
            },
          ],
        },
        // A creditValue >= 3 (semester hours) constraint → MIN_CREDITS in ECTS.
        { op: 'MIN_CREDITS', credits: 6, label: 'Electives', accepts: [`${E}we201`, `${E}we202`] },
      ],
    });
  });

  it('makes an intermediate credential component a stacked award and courses earnable', () => {
    const { credential } = mapped();
    expect(credential(`${E}cert-a`)).toMatchObject({
      kind: 'certificate',
      qualification: false,
      awardRule: { op: 'N_OF', n: 2, accepts: [`${E}we104`, `${E}we110`, `${E}we112`] },
    });
    expect(credential(`${E}we104`)).toMatchObject({
      title: 'Shielded Metal Arc Welding (WE104)',
      kind: 'course',
      precedes: [`${E}we110`],
    });
    expect(credential(`${E}we104`).awardRule).toBeUndefined();
    expect(credential(`${E}we104`).entryRule).toBeUndefined();
  });

  it('reads prerequisite and conditions on courses as entry rules (required order)', () => {
    const { credential } = mapped();
    expect(credential(`${E}we116`).entryRule).toEqual({ op: 'ALL', accepts: [`${E}we104`] });
    expect(credential(`${E}we118`).entryRule).toEqual({ op: 'ALL', accepts: [`${E}we116`] });
    expect(credential(`${E}we202`).entryRule).toEqual({ op: 'ALL', accepts: [`${E}we110`] });
  });

  it('converts credit units to ECTS and keeps the original', () => {
    const { credential } = mapped();
    expect(credential(`${E}we112`)).toMatchObject({ credits: 8, creditsOriginal: 4 });
    expect(credential(`${E}math`).credits).toBe(6);
    expect(credential(`${E}math`).creditSystem).toBeUndefined();
    expect(credential(`${E}we201`)).toMatchObject({
      credits: 1.333,
      creditSystem: 'US quarter credit hours',
    });
    expect(credential(`${E}blueprint`)).toMatchObject({ credits: 0, creditsOriginal: 2 });
  });

  it('maps a transfer-value profile to a recognition with its value and dates', () => {
    const { doc } = mapped();
    expect(doc.recognitions).toEqual([
      {
        from: 'https://example.mil/course/welder-basic',
        to: `${E}we104`,
        credits: 6,
        validFrom: '2024-01-01',
        validUntil: '2030-12-31',
        source: 'https://example.edu/tvp/mil-welding',
      },
    ]);
    expect(
      doc.credentials.find((c) => c.id === 'https://example.mil/course/welder-basic'),
    ).toMatchObject({ title: 'Army Basic Welder Course', kind: 'course' });
  });

  it('names every construct it cannot map instead of dropping it silently', () => {
    const { warnings } = mapped();
    const about = (node: string) => warnings.filter((w) => w.node === node).map((w) => w.message);
    expect(about(`${E}apprenticeship`)).toEqual([
      expect.stringMatching(/WorkExperienceComponent is not supported/),
    ]);
    expect(about(`${E}aas`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"\(143 URIs\)" is not a component/),
        expect.stringMatching(/hasCondition\[4\] has no target component/),
        expect.stringMatching(/hasCondition\[2\]\.hasCondition\[1\] has no target/),
      ]),
    );
    expect(about(`${E}we202`)).toEqual([
      expect.stringMatching(/constraint "StudentGrade EQ GradeA\|GradeB" is not supported/),
    ]);
    expect(about(`${E}blueprint`)).toEqual([
      expect.stringMatching(/ContinuingEducationUnit" has no ECTS conversion/),
    ]);
    expect(about('https://example.edu/progression/levels')).toEqual([
      expect.stringMatching(/ProgressionModel is not part of the graph model/),
    ]);
    expect(about(FIXTURE)).toEqual([expect.stringMatching(/^5 credit values name no unit/)]);
  });

  it('reads expanded IRIs, ceterms: prefixes and bare names alike', () => {
    const spellings = [
      ['https://purl.org/ctdl/terms/', '@id', '@type'],
      ['ceterms:', '@id', '@type'],
      ['', 'id', 'type'],
    ] as const;
    const docs = spellings.map(([p, id, type]) => [
      {
        [id]: 'urn:x:cert',
        [type]: `${p}CredentialComponent`,
        [`${p}name`]: { en: 'Cert' },
        [`${p}isDestinationComponentFor`]: 'urn:x:p',
        [`${p}hasCondition`]: {
          [type]: `${p}ComponentCondition`,
          [`${p}requiredNumber`]: 1,
          [`${p}targetComponent`]: ['urn:x:a', 'urn:x:b'],
        },
      },
      { [id]: 'urn:x:a', [type]: `${p}CourseComponent`, [`${p}name`]: 'A' },
      { [id]: 'urn:x:b', [type]: `${p}CourseComponent`, [`${p}name`]: 'B' },
    ]);
    const results = docs.map((d) => mapCtdl([d], 'x.json').document);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]!.credentials![0]).toMatchObject({
      qualification: true,
      awardRule: { op: 'ANY', accepts: ['urn:x:a', 'urn:x:b'] },
    });
  });

  it('warns about Not, a self-target and a requiredNumber above the mapped branches', () => {
    const course = (id: string) => ({ '@id': id, '@type': 'CourseComponent', name: id });
    const { document, warnings } = mapCtdl(
      [
        {
          '@graph': [
            {
              '@id': 'urn:x:c',
              '@type': 'CredentialComponent',
              name: 'C',
              hasCondition: [
                { logicalOperator: 'ceterms:Not', targetComponent: ['urn:x:a'] },
                { requiredNumber: 3, targetComponent: ['urn:x:a', 'urn:x:b', 'urn:x:c'] },
              ],
            },
            course('urn:x:a'),
            course('urn:x:b'),
          ],
        },
      ],
      'x.json',
    );
    expect(document.credentials![0]!.awardRule).toEqual({
      op: 'ALL',
      accepts: ['urn:x:a', 'urn:x:b'],
    });
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/logical operator "not" is not supported/),
      expect.stringMatching(/names its own component/),
      expect.stringMatching(/requires 3 but only 2 of its targets could be mapped/),
    ]);
  });

  describe('rejects a file, naming it and why', () => {
    it.each([
      [
        'invalid JSON (line:column)',
        file('bad.json', '{\n  "@graph": [\n    {"a": 1}\n    {"b": 2}\n  ]\n}'),
        /^bad\.json:4:5: invalid JSON: expected "," or "\]"/,
      ],
      [
        'documents separated by commas',
        file('uc.jsonld', '{"@id": "a"},\n{"@id": "b"}'),
        /^uc\.jsonld:1:13: invalid JSON: a comma between top-level documents/,
      ],
      [
        'bytes that are not UTF-8',
        { name: 'latin.json', bytes: Uint8Array.from([0x7b, 0xe9, 0x7d]) },
        /^latin\.json: not UTF-8/,
      ],
      [
        'a file with nothing CTDL in it',
        file('badgr.json', '{"elementId": "x", "requirements": {}}'),
        /^badgr\.json: nothing to import/,
      ],
      [
        'a prerequisite cycle (catalogue validation)',
        file(
          'cycle.json',
          JSON.stringify([
            {
              '@id': 'urn:c:a',
              '@type': 'ceterms:CourseComponent',
              'ceterms:name': 'A',
              'ceterms:prerequisite': 'urn:c:b',
            },
            {
              '@id': 'urn:c:b',
              '@type': 'ceterms:CourseComponent',
              'ceterms:name': 'B',
              'ceterms:prerequisite': 'urn:c:a',
            },
          ]),
        ),
        /^cycle\.json: credentials\[\d\]\.entryRule.*\(urn:c:[ab]\): .*(cycle|circular|before itself)/i,
      ],
    ])('%s', (_name, input, message) => {
      const prepared = prepareCtdl(input);
      expect(prepared.ok).toBe(false);
      expect(prepared.report.status).toBe('rejected');
      expect(prepared.report.errors[0]).toMatch(message);
    });
  });
});

describe('CTDL import into Neo4j', () => {
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

  it('writes the pathway with derived STACKS_INTO and changes nothing when imported again', async () => {
    const first = await importCtdl(driver, [fixtureFile()]);
    expect(first).toMatchObject({ accepted: 1, rejected: 0 });
    expect(first.files[0]!.imported).toMatchObject({ credentials: 13, recognitions: 1 });
    const stacks = await driver.executeQuery(
      'MATCH (a:Credential)-[:STACKS_INTO]->(b:Credential {id: $id}) RETURN a.id AS id ORDER BY id',
      { id: `${E}cert-a` },
    );
    expect(stacks.records.map((r) => r.get('id') as string)).toEqual([
      `${E}we104`,
      `${E}we110`,
      `${E}we112`,
    ]);
    const into = await driver.executeQuery(
      'MATCH (:Credential {id: $id})-[:STACKS_INTO]->(b) RETURN b.id AS id',
      { id: `${E}cert-a` },
    );
    expect(into.records.map((r) => r.get('id') as string)).toEqual([`${E}aas`]);
    const dump = await graphDump(driver);
    const again = await importCtdl(driver, [fixtureFile()]);
    expect(again.accepted).toBe(1);
    expect(await graphDump(driver)).toEqual(dump);
  });

  it('writes nothing from a rejected file, and still imports the good ones beside it', async () => {
    const before = await graphDump(driver);
    const bad = file('bad.json', '[{"@id": "urn:q", "@type": "ceterms:CourseComponent",, }]');
    const summary = await importCtdl(driver, [bad, fixtureFile()]);
    expect(summary).toMatchObject({ accepted: 1, rejected: 1 });
    expect(summary.files[0]).toMatchObject({ file: 'bad.json', status: 'rejected' });
    expect(summary.files[0]!.errors[0]).toMatch(/^bad\.json:1:54: invalid JSON/);
    const q = await driver.executeQuery('MATCH (n {id: "urn:q"}) RETURN count(n) AS n');
    expect(q.records[0]!.get('n')).toBe(0);
    expect(before.nodes).toEqual([]);
  });

  it('plans an imported pathway for an empty learner, and the plan meets every condition', async () => {
    await importCtdl(driver, [fixtureFile()]);
    const { doc } = await readCatalogue(driver);
    const graph = buildCatalogueGraph(doc);
    const target = { qualification: `${E}aas` };
    const plan = planPathway(graph, { holdings: [], asOf: AS_OF, target });
    expect(plan.status).toBe('planned');
    const taken = plan.steps.flatMap((s) =>
      s.take.map((t) => ({ id: t.credential, step: s.step })),
    );
    const stepOf = new Map(taken.map((t) => [t.id, t.step]));
    // Required order: a prerequisite (or what is recognised as it) is in an earlier step.
    const welderBasic = 'https://example.mil/course/welder-basic';
    if (stepOf.has(`${E}we116`))
      expect(stepOf.get(`${E}we104`) ?? stepOf.get(welderBasic)).toBeLessThan(
        stepOf.get(`${E}we116`)!,
      );
    if (stepOf.has(`${E}we202`))
      expect(stepOf.get(`${E}we110`)).toBeLessThan(stepOf.get(`${E}we202`)!);
    // The free military course is recognised as WE104: the cheapest plan uses the agreement.
    expect(stepOf.has(welderBasic)).toBe(true);
    expect(plan.steps.at(-1)!.milestones.map((m) => m.credential)).toContain(`${E}aas`);
    // Holding exactly what the plan takes satisfies the award rule.
    const audit = auditQualification(graph, {
      holdings: taken.map((t) => ({ credential: t.id, awardedOn: AS_OF })),
      asOf: AS_OF,
      target,
    });
    expect(audit.achieved).toBe(true);
    expect(audit.milestones.map((m) => m.credential)).toEqual(
      expect.arrayContaining([`${E}cert-a`, `${E}aas`]),
    );
  });
});

const DATA = join(readSettings().referenceData, 'ctdl');
const describeData = existsSync(DATA) ? describe : describe.skip;
if (!existsSync(DATA))
  process.stderr.write(`Skipping CTDL real-sample tests: ${DATA} is absent (set PATHWAYS_DATA).\n`);

describeData('CTDL import of the shared real samples', () => {
  let driver: Driver;
  beforeAll(async () => {
    driver = testDriver();
    await migrate(driver);
    await resetDatabase(driver);
  });
  afterAll(async () => {
    await driver.close();
  });

  const filesUnder = (dir: string): InputFile[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory())
          return filesUnder(path).map((f) => ({ ...f, name: `${name}/${f.name}` }));
        return /\.json(ld)?$/.test(name) ? [{ name, bytes: readFileSync(path) }] : [];
      });

  it('imports the valid pathway samples, rejects the broken ones with their positions', async () => {
    const summary = await importCtdl(driver, filesUnder(join(DATA, 'pathways')));
    const status = new Map(summary.files.map((f) => [f.file, f]));
    expect(status.get('Kansas/HutchinsonWeldingAAS.json')).toMatchObject({
      status: 'rejected',
      errors: [expect.stringMatching(/HutchinsonWeldingAAS\.json:443:39: invalid JSON/)],
    });
    expect(status.get('UseCaseExamples/UC26.jsonld')!.errors[0]).toMatch(/:8:2: invalid JSON/);
    for (const name of [
      'Badgr/Badgr (Final) - CTDL-French_BA_Marketable_Skills-Nates.json',
      'CompTIA/CompTIA-IT_Networking_Specialist.jsonld',
      'PathwayConditions.json',
    ])
      expect(status.get(name)).toMatchObject({ status: 'imported' });
    // Badgr's own (non-CTDL) export is refused rather than imported as nothing.
    expect(status.get('Badgr/EmpoweringTeachingExcellence_Badgr.json')!.errors[0]).toMatch(
      /nothing to import/,
    );
  });

  it('plans the Badgr French B.A. marketable-skills pathway for an empty learner', async () => {
    const { doc } = await readCatalogue(driver);
    const graph = buildCatalogueGraph(doc);
    const target = {
      qualification:
        'https://credentialengineregistry.org/resources/ce-81b9662b-0d1a-4a45-8e89-8f1a8637be0b',
    };
    const plan = planPathway(graph, { holdings: [], asOf: AS_OF, target });
    expect(plan.status).toBe('planned');
    const holdings = plan.steps.flatMap((s) =>
      s.take.map((t) => ({ credential: t.credential, awardedOn: AS_OF })),
    );
    expect(auditQualification(graph, { holdings, asOf: AS_OF, target }).achieved).toBe(true);
  });

  it('orders the CompTIA certification ladder by its conditions (entry rules on exams)', async () => {
    const { doc } = await readCatalogue(driver);
    const plan = planPathway(buildCatalogueGraph(doc), {
      holdings: [],
      asOf: AS_OF,
      target: {
        qualification:
          'https://credentialengineregistry.org/resources/ce-1369d357-ac4f-49f9-8af2-c47376278896',
      },
    });
    expect(plan.status).toBe('planned');
    const titles = plan.steps.map((s) => s.take.map((t) => t.title));
    expect(titles).toHaveLength(8);
    expect(titles[0]).toEqual(['CompTIA A+']);
    expect(titles[1]).toEqual(['CompTIA Network+']);
    expect(titles.at(-1)).toEqual(['CompTIA Cloud+']);
  });

  it('maps transfer-value profiles with a target to recognitions', async () => {
    const summary = await importCtdl(driver, filesUnder(join(DATA, 'transfer-value')));
    const recognitions = summary.files.reduce((n, f) => n + (f.imported?.recognitions ?? 0), 0);
    expect(recognitions).toBeGreaterThanOrEqual(2);
    expect(summary.rejected).toBeGreaterThanOrEqual(2);
  });
});
