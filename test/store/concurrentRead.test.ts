/**
 * Reading the catalogue while catalogue writes commit: Neo4j reads at read-committed, so a
 * read spanning a deletion could see the deleted credential without its properties. The
 * reader re-reads when the version moved, so every read is a whole, valid catalogue.
 */
import type { Driver } from 'neo4j-driver';
import type { CatalogueDocumentInput } from '../../src/model/index.js';
import {
  credentialReferences,
  deleteCredential,
  importCatalogue,
  readCatalogue,
} from '../../src/store/index.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput() as CatalogueDocumentInput & { credentials: { id: string }[] };

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(async () => {
  await driver.close();
});

test('reads made while credentials are deleted each give a whole, valid catalogue', async () => {
  await resetDatabase(driver);
  await importCatalogue(driver, SEED);
  // The credentials nothing refers to: the ones a deletion is allowed to remove.
  const deletable: string[] = [];
  for (const { id } of SEED.credentials) {
    const refs = await credentialReferences(driver, id);
    if (refs && !refs.ruleOwners.length && !refs.recognitions.length && !refs.holders)
      deletable.push(id);
  }
  expect(deletable.length).toBeGreaterThan(2);
  for (let round = 0; round < 5; round++) {
    const reads = Array.from({ length: 4 }, () => readCatalogue(driver));
    await Promise.all(deletable.map((id) => deleteCredential(driver, id)));
    for (const { doc } of await Promise.all(reads))
      for (const c of doc.credentials) expect(typeof c.id).toBe('string');
    await importCatalogue(driver, SEED);
  }
});
