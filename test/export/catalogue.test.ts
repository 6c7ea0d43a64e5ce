/**
 * Catalogue export: export → import into an empty database → export is identical, on the
 * seed catalogue and on an imported CTDL pathway.
 */
import { readFileSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { canonicalCatalogue, catalogueToJson } from '../../src/export/index.js';
import { importCtdl } from '../../src/importers/ctdl/import.js';
import { importCatalogue, migrate, readCatalogue } from '../../src/store/index.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

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

const exported = async () => catalogueToJson((await readCatalogue(driver)).doc);

async function roundTrip(): Promise<void> {
  const first = await exported();
  const dump = await graphDump(driver);
  await resetDatabase(driver);
  await importCatalogue(driver, JSON.parse(first));
  expect(await exported()).toBe(first);
  expect(await graphDump(driver)).toEqual(dump);
}

describe('export catalogue', () => {
  it('round-trips the seed catalogue identically', async () => {
    await importCatalogue(driver, seedInput());
    const text = await exported();
    expect(JSON.parse(text)).toMatchObject({ format: 'pathways-catalogue/1' });
    expect((JSON.parse(text) as { credentials: unknown[] }).credentials.length).toBeGreaterThan(50);
    await roundTrip();
  });

  it('round-trips an imported CTDL pathway (rules, recognitions, providers)', async () => {
    const bytes = readFileSync(new URL('../fixtures/ctdl/welding-pathway.jsonld', import.meta.url));
    await importCtdl(driver, [{ name: 'welding-pathway.jsonld', bytes }]);
    await roundTrip();
  });

  it('sorts every collection by id so the text does not depend on read order', () => {
    const doc = {
      format: 'pathways-catalogue/1' as const,
      providers: [
        { id: 'b', name: 'B' },
        { id: 'a', name: 'A' },
      ],
      credentials: [],
      learningOutcomes: [],
      skills: [],
      occupations: [],
      recognitions: [
        { from: 'z', to: 'a' },
        { from: 'a', to: 'z' },
      ],
      learners: [],
    };
    const c = canonicalCatalogue(doc);
    expect(c.providers.map((p) => p.id)).toEqual(['a', 'b']);
    expect(c.recognitions.map((r) => r.from)).toEqual(['a', 'z']);
    expect(doc.providers[0]!.id).toBe('b');
  });
});
