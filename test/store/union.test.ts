/**
 * Imports are upserts into what is stored, so each is validated as part of the catalogue it
 * leaves behind: a document may refer to stored records, and may not contradict them (these
 * cases once left a graph the API could no longer read; the fuzz run found them).
 */
import type { Driver } from 'neo4j-driver';
import { CatalogueValidationError } from '../../src/model/index.js';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';

let driver: Driver;

beforeAll(() => {
  driver = testDriver();
});
beforeEach(async () => {
  await resetDatabase(driver);
  await importCatalogue(driver, {
    providers: [{ id: 'p', name: 'Provider', country: 'IE' }],
    learningOutcomes: [{ id: 'lo-1', statement: 'Can do one thing' }],
    skills: [{ id: 'skill-a', label: 'A skill' }],
    credentials: [
      { id: 'a', title: 'A', kind: 'course', credits: 5, provider: 'p' },
      { id: 'b', title: 'B', kind: 'course', credits: 5, entryRule: { op: 'ALL', accepts: ['a'] } },
    ],
  });
});
afterAll(async () => {
  await driver.close();
});

async function rejection(doc: unknown): Promise<CatalogueValidationError> {
  const before = await graphDump(driver);
  const err = await importCatalogue(driver, doc).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CatalogueValidationError);
  expect(await graphDump(driver)).toEqual(before); // nothing written
  return err as CatalogueValidationError;
}

test('a document may refer to stored records', async () => {
  await importCatalogue(driver, {
    credentials: [
      {
        id: 'c',
        title: 'C',
        kind: 'course',
        credits: 2,
        provider: 'p',
        learningOutcomes: ['lo-1'],
      },
    ],
  });
  const { doc } = await readCatalogue(driver);
  expect(doc.credentials.map((c) => c.id)).toEqual(['a', 'b', 'c']);
});

test('an entry-rule cycle closed across two imports is refused at the incoming record', async () => {
  const err = await rejection({
    credentials: [
      { id: 'a', title: 'A', kind: 'course', credits: 5, entryRule: { op: 'ALL', accepts: ['b'] } },
    ],
  });
  expect(err.issues.some((i) => /cycle/.test(i.message))).toBe(true);
});

test('an id already used by another kind of stored record is refused', async () => {
  const err = await rejection({
    credentials: [{ id: 'lo-1', title: 'Clash', kind: 'course', credits: 1 }],
  });
  expect(err.issues.map((i) => i.message).join('\n')).toMatch(/"lo-1" is also a credential id/);
});

test('a reference to nothing stored or given is refused with its path', async () => {
  const err = await rejection({
    credentials: [{ id: 'd', title: 'D', kind: 'course', credits: 1, provider: 'nobody' }],
  });
  expect(err.issues).toEqual([expect.objectContaining({ path: ['credentials', 0, 'provider'] })]);
});

test('a skill that becomes a skill group keeps one node', async () => {
  await importCatalogue(driver, {
    skills: [{ id: 'skill-a', label: 'A skill group', group: true }],
  });
  const { doc } = await readCatalogue(driver);
  expect(doc.skills).toEqual([expect.objectContaining({ id: 'skill-a', group: true })]);
});
