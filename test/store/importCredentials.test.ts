/**
 * importCredentials (a credential write validated against the projection's graph) against the
 * real Neo4j: it writes what the whole validation accepts, rejects what it rejects with the
 * same problems, and never trusts a graph the catalogue has moved past: a write made by another
 * process since the graph falls back to the whole validation, so a reference to a credential
 * added meanwhile is accepted and nothing is written against a stale graph.
 */
import type { Driver } from 'neo4j-driver';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { CatalogueValidationError, type Credential } from '../../src/model/index.js';
import {
  CatalogueMovedError,
  importCatalogue,
  importCredentials,
  readCatalogue,
  writeCatalogue,
} from '../../src/store/index.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const seed = seedInput();

let driver: Driver;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  await importCatalogue(driver, seed);
}, 120_000);

afterAll(async () => {
  await driver.close();
});

const stored = async () => {
  const read = await readCatalogue(driver, undefined, { warn: () => undefined });
  return { ...read, graph: buildCatalogueGraph(read.doc, read.version, read.epoch) };
};

const rejection = async (write: Promise<unknown>) => {
  try {
    await write;
  } catch (err) {
    if (err instanceof CatalogueValidationError) return err.issues;
    throw err;
  }
  throw new Error('accepted');
};

test('valid writes are written, invalid ones rejected as the whole validation rejects them', async () => {
  const { doc, graph, version } = await stored();
  const c = doc.credentials.find((x) => !x.awardRule)!;
  const summary = await importCredentials(driver, { credentials: [{ ...c, credits: 11 }] }, graph);
  expect(summary.version).toBe(version + 1);
  const after = await stored();
  expect(after.doc.credentials.find((x) => x.id === c.id)?.credits).toBe(11);

  const bad = { credentials: [{ ...c, corequisites: ['nope:x'], precedes: [c.id] }] };
  const byGraph = await rejection(importCredentials(driver, bad, after.graph));
  expect(byGraph).toEqual(await rejection(importCatalogue(driver, bad)));
  expect(byGraph.map((i) => i.path.join('.'))).toEqual([
    'credentials.0.corequisites.0',
    'credentials.0.precedes.0',
  ]);
  expect((await stored()).version).toBe(after.version);
}, 60_000);

test('a graph the catalogue has moved past is not trusted: the whole validation decides', async () => {
  const { doc, graph } = await stored();
  // Another process adds a credential after the graph was made.
  const added: Credential = {
    ...doc.credentials.find((x) => !x.awardRule)!,
    id: 'elsewhere:new',
    title: 'Added elsewhere',
  };
  await importCatalogue(driver, { credentials: [added] });
  // The stale graph does not know it; the write refers to it and is accepted all the same.
  const c = doc.credentials.find((x) => !x.awardRule && x.id !== added.id)!;
  const write = { credentials: [{ ...c, corequisites: [added.id] }] };
  await importCredentials(driver, write, graph);
  const after = await stored();
  expect(after.doc.credentials.find((x) => x.id === c.id)?.corequisites).toEqual([added.id]);

  // Valid against the stale graph too: written only through the whole validation's path.
  await expect(
    writeCatalogue(
      driver,
      {
        format: 'pathways-catalogue/1',
        providers: [],
        credentials: [c],
        learningOutcomes: [],
        skills: [],
        occupations: [],
        recognitions: [],
        learners: [],
      },
      {
        ifCatalogue: { epoch: graph.getAttribute('epoch'), version: graph.getAttribute('version') },
      },
    ),
  ).rejects.toBeInstanceOf(CatalogueMovedError);
  expect((await stored()).version).toBe(after.version);
}, 60_000);

test('a qualification a stored transfer credits keeps its keyed rule, or the write is refused', async () => {
  const { doc, graph, version } = await stored();
  const agreement = doc.recognitions.find((r) => r.towards)!;
  const q = doc.credentials.find((c) => c.id === agreement.towards!.qualification)!;
  const { awardRule: _gone, ...bare } = q;
  const write = { credentials: [bare] };
  const byGraph = await rejection(importCredentials(driver, write, graph));
  expect(byGraph).toEqual(await rejection(importCatalogue(driver, write)));
  expect(byGraph).toEqual([
    {
      path: [],
      message: `with the stored catalogue: recognitions "${agreement.from} -> ${q.id} (rule ${agreement.towards!.rule})": "${q.id}" has no award rule to grant credits towards`,
    },
  ]);
  expect((await stored()).version).toBe(version);
  // Kept: written through the graph's check, the transfer still read back.
  await importCredentials(
    driver,
    { credentials: [{ ...q, title: `${q.title} (renamed)` }] },
    graph,
  );
  const after = await stored();
  expect(after.version).toBe(version + 1);
  expect(after.doc.recognitions).toContainEqual(agreement);
}, 60_000);
