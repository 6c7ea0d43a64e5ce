/**
 * Credential offerings in the graph: written as Offering nodes owned by their credential,
 * read back as authored (order kept), replaced whole on re-import, removed with their
 * credential, and rejected with their path when invalid (nothing written).
 */
import type { Driver } from 'neo4j-driver';
import {
  CatalogueValidationError,
  parseCatalogue,
  type CatalogueDocumentInput,
} from '../../src/model/index.js';
import { deleteCredential, importCatalogue, readCatalogue } from '../../src/store/index.js';
import { graphDump } from '../support/graphDump.js';
import { emptyDatabaseForEachTest, testDriver } from '../support/neo4j.js';

const doc = (): CatalogueDocumentInput => ({
  credentials: [
    {
      id: 'c1',
      title: 'C1',
      kind: 'course',
      credits: 5,
      offerings: [
        { intakes: ['09-01', '02-01'], durationMonths: 3, mode: 'online', from: '2027-01-01' },
        { startDate: '2027-10-04', durationWeeks: 12, cost: 450, language: 'nl', open: false },
        { id: 'ctdl:offer-1', anyTime: true, until: '2029-12-31' },
      ],
    },
    { id: 'c2', title: 'C2', kind: 'course', credits: 5 },
  ],
});

const offeringCount = async (driver: Driver) =>
  (await driver.executeQuery('MATCH (o:Offering) RETURN count(o) AS n')).records[0]!.get(
    'n',
  ) as number;

const driver = testDriver();
emptyDatabaseForEachTest(driver);

describe('credential offerings in the graph', () => {
  it('are read back as authored, in order, and re-import changes nothing', async () => {
    await importCatalogue(driver, doc());
    const { doc: back } = await readCatalogue(driver);
    const want = parseCatalogue(doc());
    if (!want.ok) throw new Error(JSON.stringify(want.issues));
    expect(back.credentials.find((c) => c.id === 'c1')?.offerings).toEqual(
      want.value.credentials[0]!.offerings,
    );
    expect(back.credentials.find((c) => c.id === 'c2')?.offerings).toBeUndefined();
    expect(await offeringCount(driver)).toBe(3);
    const dump = await graphDump(driver);
    await importCatalogue(driver, doc());
    expect(await graphDump(driver)).toEqual(dump);
  });

  it('are replaced whole on re-import and removed with their credential', async () => {
    await importCatalogue(driver, doc());
    const changed = doc();
    changed.credentials![0] = {
      ...changed.credentials![0]!,
      offerings: [{ startDate: '2028-01-08', durationWeeks: 6 }],
    };
    await importCatalogue(driver, changed);
    const { doc: back } = await readCatalogue(driver);
    expect(back.credentials.find((c) => c.id === 'c1')?.offerings).toEqual([
      { startDate: '2028-01-08', durationWeeks: 6, open: true },
    ]);
    expect(await offeringCount(driver)).toBe(1);
    await deleteCredential(driver, 'c1');
    expect(await offeringCount(driver)).toBe(0);
  });

  it('an invalid offering is rejected at its path and nothing is written', async () => {
    const bad = doc();
    bad.credentials![1] = {
      id: 'c2',
      title: 'C2',
      kind: 'course',
      credits: 5,
      offerings: [{ startDate: '2027-09-01', intakes: ['13-01'], durationMonths: 2 }],
    };
    const error = await importCatalogue(driver, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueValidationError);
    const paths = (error as CatalogueValidationError).issues.map((i) => i.path.join('.'));
    expect(paths).toContain('credentials.1.offerings.0.intakes.0');
    expect(await offeringCount(driver)).toBe(0);
    expect((await readCatalogue(driver)).doc.credentials).toEqual([]);
  });
});
