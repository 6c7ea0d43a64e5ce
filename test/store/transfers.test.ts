/**
 * Partial credit transfers and credit conversions in the graph: written (TRANSFERS_TO with its
 * rule key, CreditConversion nodes, rule keys on Requirement nodes), read back as authored,
 * exported so that the export imports back identically, and re-imported without change.
 */
import { catalogueToJson } from '../../src/export/index.js';
import { auditQualification } from '../../src/engine/audit.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import {
  CatalogueValidationError,
  parseCatalogue,
  type CatalogueDocumentInput,
} from '../../src/model/index.js';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { graphDump } from '../support/graphDump.js';
import { emptyDatabaseForEachTest, resetDatabase, testDriver } from '../support/neo4j.js';

const SCH = 'US semester credit hours';
const doc = (): CatalogueDocumentInput => ({
  credentials: [
    {
      id: 'us-course',
      title: 'US course',
      kind: 'course',
      credits: 9,
      creditSystem: SCH,
      creditsOriginal: 3,
    },
    { id: 'e1', title: 'E1', kind: 'course', credits: 5 },
    { id: 'e2', title: 'E2', kind: 'course', credits: 5 },
    {
      id: 'q',
      title: 'Q',
      kind: 'certificate',
      qualification: true,
      credits: 10,
      awardRule: { op: 'MIN_CREDITS', key: 'electives', credits: 10, accepts: ['e1', 'e2'] },
    },
  ],
  recognitions: [
    {
      from: 'us-course',
      towards: { qualification: 'q', rule: 'electives' },
      credits: 2,
      creditSystem: SCH,
      validFrom: '2025-01-01',
      source: 'articulation agreement',
    },
    { from: 'e1', to: 'e2', credits: 5 },
  ],
  creditConversions: [{ from: SCH, to: 'ECTS', factor: 2, source: 'convention' }],
});

const driver = testDriver();
emptyDatabaseForEachTest(driver);

describe('partial credit transfers and credit conversions in the graph', () => {
  it('read back as authored, export round trip, and re-import changes nothing', async () => {
    await importCatalogue(driver, doc());
    const want = parseCatalogue(doc());
    if (!want.ok) throw new Error(JSON.stringify(want.issues));
    const { doc: back } = await readCatalogue(driver);
    expect(back.creditConversions).toEqual(want.value.creditConversions);
    expect([...back.recognitions].sort((a, b) => a.from.localeCompare(b.from))).toEqual(
      [...want.value.recognitions].sort((a, b) => a.from.localeCompare(b.from)),
    );
    expect(back.credentials.find((c) => c.id === 'q')?.awardRule?.key).toBe('electives');

    const dump = await graphDump(driver);
    await importCatalogue(driver, doc());
    expect(await graphDump(driver)).toEqual(dump);

    // The export imports into an empty graph as the same graph.
    const exported = catalogueToJson(back);
    await resetDatabase(driver);
    await importCatalogue(driver, JSON.parse(exported) as CatalogueDocumentInput);
    expect(await graphDump(driver)).toEqual(dump);
    expect(catalogueToJson((await readCatalogue(driver)).doc)).toBe(exported);

    // The graph read back grants 4 ECTS (2 hours at 2) towards the electives.
    const graph = buildCatalogueGraph((await readCatalogue(driver)).doc);
    const audit = auditQualification(graph, {
      holdings: [{ credential: 'us-course', awardedOn: '2025-06-01' }],
      asOf: '2026-01-01',
      target: { qualification: 'q' },
    });
    expect(audit.transfers).toEqual([
      expect.objectContaining({ held: 'us-course', credits: 4, counted: true }),
    ]);
  });

  it('a transfer naming a rule that does not exist, or that is not MIN_CREDITS, is rejected at its path', async () => {
    const bad = doc();
    bad.recognitions![0] = {
      ...bad.recognitions![0]!,
      towards: { qualification: 'q', rule: 'core' },
    };
    bad.recognitions!.push({ from: 'e1', towards: { qualification: 'q', rule: 'electives' } });
    const error = await importCatalogue(driver, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueValidationError);
    const issues = (error as CatalogueValidationError).issues.map(
      (i) => `${i.path.join('.')}: ${i.message}`,
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'recognitions.0.towards.rule: "q" has no award-rule node with key "core"',
        'recognitions.2.credits: a recognition towards a rule needs the credits it grants',
      ]),
    );
    expect((await readCatalogue(driver)).doc.credentials).toEqual([]);
  });
});
