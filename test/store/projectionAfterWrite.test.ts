/**
 * The projection after a write this process made (CatalogueProjection.afterWrite) against the
 * real Neo4j: random credential upserts and removals through the service's own write paths;
 * after each, the projection's graph (updated from the written credentials alone) must equal
 * the graph of a whole read, and must have been updated, not read again. A write it did not
 * make (another process) is never missed: it catches up from the change log (changeLog.ts).
 */
import fc from 'fast-check';
import type { Driver } from 'neo4j-driver';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import {
  acceptedIds,
  ECTS,
  type CatalogueDocument,
  type Credential,
} from '../../src/model/index.js';
import { removeCredential, upsertCredential } from '../../src/service/catalogue.js';
import type { Store } from '../../src/service/store.js';
import {
  CatalogueProjection,
  importCatalogue,
  readCatalogue,
  type CatalogueIdentity,
} from '../../src/store/index.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const seed = seedInput();

let driver: Driver;
let store: Store;
const loads: { how: string; identity: CatalogueIdentity }[] = [];

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  await importCatalogue(driver, seed);
  const projection = new CatalogueProjection(driver, {
    recheckAfterMs: 60_000,
    loaded: (how, identity) => loads.push({ how, identity }),
  });
  store = {
    connection: { uri: process.env.NEO4J_URI!, user: 'neo4j', password: '' },
    driver,
    projection,
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  } as Store;
}, 120_000);

afterAll(async () => {
  await driver.close();
});

const contents = (g: CatalogueGraph) => ({
  attributes: g.getAttributes(),
  nodes: g.mapNodes((key, node) => [key, node]),
  edges: g.mapEdges((_key, edge, source, target) => [source, target, edge]),
});

const wholeRead = async () => {
  const read = await readCatalogue(driver, undefined, { warn: () => undefined });
  return { doc: read.doc, graph: buildCatalogueGraph(read.doc, read.version, read.epoch) };
};

/** Credentials the store lets be deleted: no rule, recognition or holding names them. */
function removable(doc: CatalogueDocument): string[] {
  const used = new Set<string>();
  for (const c of doc.credentials)
    for (const rule of [c.awardRule, c.entryRule])
      if (rule) acceptedIds(rule).forEach((id) => used.add(id));
  for (const r of doc.recognitions) used.add(r.from).add(r.to ?? r.towards!.qualification);
  for (const l of doc.learners) for (const h of l.holdings) used.add(h.credential);
  return doc.credentials.map((c) => c.id).filter((id) => !used.has(id));
}

/**
 * Removable credentials whose `credits` the engine counts as written: one stated in another
 * credit system counts `creditsOriginal` converted, so a write changing `credits` alone would
 * (rightly) leave its graph node as it was.
 */
const countedInEcts = (doc: CatalogueDocument) =>
  doc.credentials.filter((c) => c.creditSystem === undefined && removable(doc).includes(c.id));

/**
 * The credential with new credits, stated as a single write must state them: in another credit
 * system, `creditsOriginal` restated by the catalogue's factor (the figure the engine counts),
 * or 0 without a declared conversion (service/catalogue.ts refuses anything else).
 */
function restated(c: Credential, credits: number, doc: CatalogueDocument): Credential {
  const { creditsOriginal, creditSystem } = c;
  if (creditsOriginal === undefined || creditSystem === undefined || creditSystem === ECTS)
    return { ...c, credits };
  const factor = doc.creditConversions?.find((k) => k.from === creditSystem)?.factor;
  return factor === undefined
    ? { ...c, credits: 0 }
    : { ...c, credits, creditsOriginal: credits / factor };
}

type Operation =
  | { op: 'remove'; pick: number }
  | { op: 'edit'; pick: number; credits: number; coreq: number }
  | { op: 'add'; name: string; accepts: number[] };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('edit' as const),
    pick: fc.nat(),
    credits: fc.integer({ min: 1, max: 60 }),
    coreq: fc.nat(),
  }),
  fc.record({
    op: fc.constant('add' as const),
    name: fc.stringMatching(/^[a-z0-9-]{1,10}$/),
    accepts: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  }),
);

test('after random upserts and removals through the service, the updated graph equals a whole read', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 3 }), async (operations) => {
      for (const o of operations) {
        await store.projection.current();
        const { doc } = await wholeRead();
        const ids = doc.credentials.map((c) => c.id);
        const pick = <T>(xs: T[], n: number) => xs[n % xs.length]!;
        if (o.op === 'remove') {
          const candidates = removable(doc);
          if (!candidates.length) continue;
          await removeCredential(store, pick(candidates, o.pick));
        } else if (o.op === 'edit') {
          const before = pick(doc.credentials, o.pick);
          const other = pick(ids, o.coreq);
          await upsertCredential(store, {
            ...restated(before, o.credits, doc),
            corequisites: other === before.id ? [] : [other],
          });
        } else {
          const id = `new:${o.name}`;
          if (ids.includes(id)) continue;
          await upsertCredential(store, {
            id,
            title: `New ${o.name}`,
            kind: 'micro-credential',
            qualification: false,
            credits: 5,
            provider: doc.providers[0]!.id,
            learningOutcomes: [],
            corequisites: [],
            precedes: [],
            awardRule: { op: 'ANY', accepts: [...new Set(o.accepts.map((n) => pick(ids, n)))] },
          });
        }
        loads.length = 0;
        const updated = await store.projection.current();
        expect(loads.map((l) => l.how)).toEqual(['updated']);
        expect(contents(updated)).toEqual(contents((await wholeRead()).graph));
      }
    }),
    { numRuns: 6 },
  );
}, 600_000);

test('a write made elsewhere (or two writes in a row) is caught up from the change log, never missed', async () => {
  await store.projection.current();
  const { doc } = await wholeRead();
  const [one, two] = countedInEcts(doc);
  // Another process writes first: the projection's own write is then not the next version.
  await importCatalogue(driver, { credentials: [{ ...two!, title: 'Changed elsewhere' }] });
  loads.length = 0;
  await upsertCredential(store, { ...one!, credits: 42 });
  const graph = await store.projection.current();
  expect(loads.map((l) => l.how)).toEqual(['changes']);
  expect(graph.getNodeAttributes(one!.id)).toMatchObject({ credits: 42 });
  expect(graph.getNodeAttributes(two!.id)).toMatchObject({ title: 'Changed elsewhere' });
  expect(contents(graph)).toEqual(contents((await wholeRead()).graph));
}, 120_000);

test('a second write reported while the first is being taken in does not stall the projection', async () => {
  const graph = await store.projection.current();
  const version = graph.getAttribute('version');
  const { doc } = await wholeRead();
  const [one] = countedInEcts(doc);
  await importCatalogue(driver, { credentials: [{ ...one!, credits: 17 }] });
  // The first write's update reads its credential back while the second is reported: the
  // first must answer its callers without waiting for the second's load, which waits for it.
  const first = store.projection.current();
  store.projection.afterWrite({ written: [one!.id], removed: [], version: version + 1 });
  const during = store.projection.current();
  store.projection.afterWrite({ written: [one!.id], removed: [], version: version + 2 });
  const stalled = new Promise<never>((_resolve, reject) => {
    setTimeout(() => {
      reject(new Error('the projection stalled'));
    }, 20_000).unref();
  });
  const after = await Promise.race([store.projection.current(), stalled]);
  await Promise.race([first, during, stalled]);
  expect(after.getNodeAttributes(one!.id)).toMatchObject({ credits: 17 });
  expect(after.getAttribute('version')).toBe(version + 1);
}, 120_000);
