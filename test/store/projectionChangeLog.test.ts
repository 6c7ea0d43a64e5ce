/**
 * The projection catching up with writes made by another process (another driver here),
 * through the change log every catalogue write records (src/store/changeLog.ts), against the
 * real Neo4j: after random credential upserts, removals and drafts written elsewhere, the
 * graph the projection updated from the logged records alone must equal the graph of a whole
 * read, and must have been caught up, not read again. When the log cannot cover the gap
 * (another epoch, an entry missing, a write of other kinds of record) it reads everything.
 * The same from an on-disk snapshot of an earlier version, as a new CLI process starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Driver } from 'neo4j-driver';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import { acceptedIds, type CatalogueDocument, type Credential } from '../../src/model/index.js';
import {
  applyCatalogueDraft,
  CatalogueProjection,
  clearDatabase,
  deleteCredential,
  importCatalogue,
  ProjectionSnapshotFolder,
  readCatalogue,
  CHANGE_LOG_KEEP,
  credentialChange,
  logCatalogueChange,
  type ProjectionLoad,
} from '../../src/store/index.js';
import { cypher } from '../../src/store/cypher.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const seed = seedInput();

let driver: Driver;
/** The other process: every write of these tests goes through it. */
let elsewhere: Driver;
const loads: ProjectionLoad[] = [];
let projection: CatalogueProjection;
const folder = mkdtempSync(join(tmpdir(), 'pathways-changelog-'));

beforeAll(async () => {
  driver = testDriver();
  elsewhere = testDriver();
  await resetDatabase(driver);
  await importCatalogue(elsewhere, seed);
  projection = new CatalogueProjection(driver, {
    recheckAfterMs: 0,
    loaded: (how) => loads.push(how),
  });
}, 120_000);

afterAll(async () => {
  await driver.close();
  await elsewhere.close();
  rmSync(folder, { recursive: true, force: true });
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

async function storedStacksInto(): Promise<string[]> {
  const { records } = await driver.executeQuery(
    'MATCH (s:Credential)-[:STACKS_INTO]->(q:Credential) RETURN s.id AS s, q.id AS q',
  );
  return records.map((r) => `${r.get('s') as string} > ${r.get('q') as string}`).sort();
}

/**
 * Credentials the store lets be deleted: no rule, co-requisite, reference-plan order,
 * recognition or holding names them.
 */
function removable(doc: CatalogueDocument): string[] {
  const used = new Set<string>();
  for (const c of doc.credentials) {
    for (const rule of [c.awardRule, c.entryRule])
      if (rule) acceptedIds(rule).forEach((id) => used.add(id));
    for (const id of [...c.corequisites, ...c.precedes]) used.add(id);
  }
  for (const r of doc.recognitions) used.add(r.from).add(r.to ?? r.towards!.qualification);
  for (const l of doc.learners) for (const h of l.holdings) used.add(h.credential);
  return doc.credentials.map((c) => c.id).filter((id) => !used.has(id));
}

type Operation =
  | { op: 'remove'; pick: number; draft: boolean }
  | { op: 'edit'; pick: number; credits: number; coreq: number; draft: boolean }
  | { op: 'add'; name: string; accepts: number[]; plan: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat(), draft: fc.boolean() }),
  fc.record({
    op: fc.constant('edit' as const),
    pick: fc.nat(),
    credits: fc.integer({ min: 1, max: 60 }),
    coreq: fc.nat(),
    draft: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('add' as const),
    name: fc.stringMatching(/^[a-z0-9-]{1,10}$/),
    accepts: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    plan: fc.nat(),
  }),
);

/** One write made by the other process; false when the operation had nothing to act on. */
async function writeElsewhere(o: Operation, doc: CatalogueDocument): Promise<boolean> {
  const ids = doc.credentials.map((c) => c.id);
  const pick = <T>(xs: T[], n: number) => xs[n % xs.length]!;
  // A draft that changes nothing (applied before) writes nothing.
  const upsert = async (credential: Credential, draft: boolean): Promise<boolean> => {
    if (draft)
      return (
        await applyCatalogueDraft(elsewhere, {
          format: 'pathways-draft/1',
          credentials: [credential],
        })
      ).written;
    await importCatalogue(elsewhere, { credentials: [credential] });
    return true;
  };
  if (o.op === 'remove') {
    const candidates = removable(doc);
    if (!candidates.length) return false;
    const id = pick(candidates, o.pick);
    if (o.draft)
      await applyCatalogueDraft(elsewhere, {
        format: 'pathways-draft/1',
        remove: { credentials: [id] },
      });
    else await deleteCredential(elsewhere, id);
  } else if (o.op === 'edit') {
    const before = pick(doc.credentials, o.pick);
    const other = pick(ids, o.coreq);
    return upsert(
      { ...before, credits: o.credits, corequisites: other === before.id ? [] : [other] },
      o.draft,
    );
  } else {
    const id = `new:${o.name}`;
    if (ids.includes(id)) return false;
    await upsert(
      {
        id,
        title: `New ${o.name}`,
        kind: 'micro-credential',
        qualification: false,
        credits: 5,
        provider: doc.providers[0]!.id,
        learningOutcomes: [],
        corequisites: [],
        precedes: [pick(ids, o.plan)],
        awardRule: { op: 'ANY', accepts: [...new Set(o.accepts.map((n) => pick(ids, n)))] },
      },
      false,
    );
  }
  return true;
}

test('after random writes by another process, the caught-up graph equals a whole read', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 4 }), async (operations) => {
      const held = await projection.current();
      let wrote = false;
      for (const o of operations)
        wrote = (await writeElsewhere(o, (await wholeRead()).doc)) || wrote;
      loads.length = 0;
      const caughtUp = await projection.current();
      expect(loads).toEqual(wrote ? ['changes'] : []);
      if (wrote)
        expect(caughtUp.getAttribute('version')).toBeGreaterThan(held.getAttribute('version'));
      const whole = (await wholeRead()).graph;
      expect(contents(caughtUp)).toEqual(contents(whole));
      // The stored STACKS_INTO links, re-derived for the written credentials only, are those
      // the award rules give (as the graph derives them).
      expect(await storedStacksInto()).toEqual(
        whole
          .filterEdges((_e, edge) => edge.type === 'stacksInto')
          .map((e) => `${whole.source(e)} > ${whole.target(e)}`)
          .sort(),
      );
    }),
    { numRuns: 8 },
  );
}, 600_000);

test('a new process starts from the latest snapshot and reads only what changed since', async () => {
  const snapshots = new ProjectionSnapshotFolder(folder);
  const graph = await new CatalogueProjection(driver).current();
  await snapshots.save(graph);
  const { doc } = await wholeRead();
  await writeElsewhere({ op: 'edit', pick: 3, credits: 33, coreq: 7, draft: false }, doc);
  await writeElsewhere({ op: 'remove', pick: 1, draft: true }, (await wholeRead()).doc);
  const how: ProjectionLoad[] = [];
  const later = new CatalogueProjection(driver, { snapshots, loaded: (h) => how.push(h) });
  const caughtUp = await later.current();
  expect(how).toEqual(['changes']);
  expect(caughtUp.getAttribute('version')).toBe(graph.getAttribute('version') + 2);
  expect(contents(caughtUp)).toEqual(contents((await wholeRead()).graph));
}, 120_000);

test('a write of other kinds of record, a missing log entry or a new epoch: read whole', async () => {
  const reads = async (write: () => Promise<unknown>): Promise<ProjectionLoad[]> => {
    await projection.current();
    await write();
    loads.length = 0;
    const graph = await projection.current();
    expect(contents(graph)).toEqual(contents((await wholeRead()).graph));
    return [...loads];
  };
  const { doc } = await wholeRead();
  const provider = doc.providers[0]!;
  // A provider is not followed by the log.
  expect(
    await reads(() =>
      importCatalogue(elsewhere, { providers: [{ ...provider, name: `${provider.name} (new)` }] }),
    ),
  ).toEqual(['read']);
  // A write by code that keeps no log (an older version): the version moves, no entry.
  expect(
    await reads(async () => {
      await importCatalogue(elsewhere, { credentials: [{ ...doc.credentials[0]!, credits: 7 }] });
      await elsewhere.executeQuery('MATCH (c:CatalogueChange) DETACH DELETE c');
    }),
  ).toEqual(['read']);
  // db clear: a new epoch, the log gone with everything else.
  expect(
    await reads(async () => {
      await clearDatabase(elsewhere);
      await importCatalogue(elsewhere, seed);
    }),
  ).toEqual(['read']);
  // And the log covers again from there.
  expect(
    await reads(() =>
      importCatalogue(elsewhere, { credentials: [{ ...doc.credentials[2]!, credits: 9 }] }),
    ),
  ).toEqual(['changes']);
}, 180_000);

test('the log keeps CHANGE_LOG_KEEP versions; a projection further behind reads whole', async () => {
  const held = await projection.current();
  // Writes that change nothing the graph holds (learners only), each logged, past the limit.
  for (let i = 0; i < CHANGE_LOG_KEEP + 5; i++) {
    const session = elsewhere.session();
    try {
      await session.executeWrite(async (tx) => {
        await tx.run(cypher('catalogue/bump-version'));
        await logCatalogueChange(tx, credentialChange([]));
      });
    } finally {
      await session.close();
    }
  }
  const { records } = await driver.executeQuery(
    'MATCH (c:CatalogueChange) RETURN count(c) AS n, min(c.version) AS low, max(c.version) AS high',
  );
  const version = held.getAttribute('version') + CHANGE_LOG_KEEP + 5;
  expect(records[0]!.toObject()).toEqual({
    n: CHANGE_LOG_KEEP,
    low: version - CHANGE_LOG_KEEP + 1,
    high: version,
  });
  loads.length = 0;
  const graph = await projection.current();
  expect(loads).toEqual(['read']);
  expect(graph.getAttribute('version')).toBe(version);
}, 180_000);
