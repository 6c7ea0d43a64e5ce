/**
 * Rule trees are bounded (RULE_TREE_LIMITS: 32 levels, 2000 entries) at every way in, and no
 * stored catalogue can make planning or export fail: over the real test Neo4j with the seed
 * catalogue, a credential PUT with a rule nested 33, 800 or 10,000 levels deep, or 2001
 * entries wide, is a 400 naming the rule and the limit (never a 500, nothing written);
 * generated deep and wide trees (fast-check) get a 2xx or a 4xx, never a 5xx, and plans and the
 * export keep working after them; a tree over the limit written straight into Neo4j (as an
 * older version could have) is set aside with a warning naming the credential while every
 * other target still plans and the export still runs.
 */
import fc from 'fast-check';
import neo4j, { type Driver } from 'neo4j-driver';
import request from 'supertest';
import { RULE_TREE_LIMITS, type RequirementNode } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { cypher } from '../../src/store/cypher.js';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput();
const AS_OF = '2026-11-23';
const CERT = 'smtu:cert-data-analytics';
const MODULES = ['smtu:mc-python-data', 'smtu:mc-statistics', 'smtu:mc-sql-databases'];

let driver: Driver;
let api: TestApi;
let writer: string;
let admin: string;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  api = await testApi({ anonymousRoles: [] });
  await api.store.ready();
  await importCatalogue(driver, SEED);
  writer = `Bearer ${(await createApiKey(driver, { name: 'writer', role: 'write' })).token}`;
  admin = `Bearer ${(await createApiKey(driver, { name: 'admin', role: 'admin' })).token}`;
});

afterAll(async () => {
  await api.close();
  await driver.close();
});

/** A chain `levels` deep: each level ALL of the next, the deepest accepting one module. */
function chain(levels: number): RequirementNode {
  let node: RequirementNode = { op: 'ALL', accepts: [MODULES[0]!] };
  for (let i = 1; i < levels; i++) node = { op: 'ALL', children: [node] };
  return node;
}

const credential = (id: string, rules: { awardRule?: unknown; entryRule?: unknown }) => ({
  id,
  title: `Test ${id}`,
  kind: 'certificate',
  credits: 10,
  ...rules,
});

const put = (id: string, body: unknown) =>
  request(api.app)
    .put(`/v1/credentials/${encodeURIComponent(id)}`)
    .set('Authorization', writer)
    .send(body as object);

const planFor = (qualification: string) =>
  request(api.app)
    .post('/v1/plans')
    .set('Authorization', writer)
    .send({ holdings: [], target: { qualification }, asOf: AS_OF });

const exportCatalogue = () =>
  request(api.app).get('/v1/catalogue/export').set('Authorization', admin);

/** The field errors of a 400 answer as `path: message`. */
function fieldErrors(res: request.Response): string[] {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as { errors?: { in: string; path: string; message: string }[] };
  return (body.errors ?? []).map((e) => `${e.in} ${e.path}: ${e.message}`);
}

describe('rule trees over the limits are refused at the API, whatever their size', () => {
  test('32 levels are accepted; 33 are a 400 naming the rule and the limit', async () => {
    expect(
      (await put('test:deep-32', credential('test:deep-32', { awardRule: chain(32) }))).status,
    ).toBe(201);
    const errors = fieldErrors(
      await put('test:deep-33', credential('test:deep-33', { awardRule: chain(33) })),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^body awardRule: nests more than 32 levels deep; .*at most 32 levels/),
    ]);
  });

  test.each([800, 10_000])('%i levels (the issue: a 500, or stored) are a 400', async (levels) => {
    // Written as text (serialisers recurse), with nodes without `op` to keep 10,000 levels
    // within the body-size limit: the depth is checked before anything else is.
    const rule = `${'{"children":['.repeat(levels - 1)}{"accepts":["${MODULES[0]}"]}${']}'.repeat(levels - 1)}`;
    const body = `{"id":"test:deep","title":"Deep","kind":"certificate","credits":10,"entryRule":${rule}}`;
    const before = await graphDump(driver);
    const res = await request(api.app)
      .put('/v1/credentials/test:deep')
      .set('Authorization', writer)
      .set('content-type', 'application/json')
      .send(body);
    expect(fieldErrors(res)).toEqual([
      expect.stringMatching(/^body entryRule: nests .*levels deep/),
    ]);
    expect(await graphDump(driver)).toEqual(before);
  });

  test(`more than ${RULE_TREE_LIMITS.size} entries is a 400; wide within it is stored`, async () => {
    const wide = (n: number) => ({
      op: 'ANY',
      children: Array.from({ length: n }, (_, i) => ({ op: 'ALL', accepts: [MODULES[i % 3]] })),
    });
    // 1 root + n children + n accepted ids.
    expect((await put('test:wide', credential('test:wide', { awardRule: wide(999) }))).status).toBe(
      201,
    );
    expect(
      fieldErrors(await put('test:wide', credential('test:wide', { awardRule: wide(1000) }))),
    ).toEqual([expect.stringMatching(/^body awardRule: has more than 2000 entries/)]);
    // Not kept: a wide ANY costs every later plan it is a candidate in some seconds.
    await request(api.app)
      .delete('/v1/credentials/test:wide')
      .set('Authorization', writer)
      .expect(204);
  });

  test('the whole-catalogue import refuses the same trees with their JSON path (422)', async () => {
    const res = await request(api.app)
      .post('/v1/catalogue/imports')
      .set('Authorization', admin)
      .send({ credentials: [credential('test:imported-deep', { awardRule: chain(40) })] });
    expect(res.status).toBe(422);
    expect((res.body as { errors: { path: string; message: string }[] }).errors).toEqual([
      {
        in: 'body',
        path: 'credentials[0].awardRule',
        message: expect.stringMatching(/32 levels/) as string,
      },
    ]);
  });
});

/** Deep and wide trees: a spine `depth` levels deep, each level with `width - 1` leaf siblings. */
const treeShape = fc.record({
  depth: fc.integer({ min: 1, max: 70 }),
  width: fc.integer({ min: 1, max: 40 }),
  op: fc.constantFrom('ALL' as const, 'ANY' as const),
  rule: fc.constantFrom('awardRule' as const, 'entryRule' as const),
});

function buildTree(shape: { depth: number; width: number; op: 'ALL' | 'ANY' }): RequirementNode {
  const leaf = (i: number): RequirementNode => ({ op: 'ANY', accepts: [MODULES[i % 3]!] });
  let node = leaf(0);
  for (let level = 1; level < shape.depth; level++)
    node = {
      op: shape.op,
      children: [node, ...Array.from({ length: shape.width - 1 }, (_, i) => leaf(i))],
    };
  return node;
}

function depthAndSize(tree: RequirementNode): { depth: number; size: number } {
  const kids = tree.children ?? [];
  const below = kids.map(depthAndSize);
  return {
    depth: 1 + Math.max(0, ...below.map((b) => b.depth)),
    size: 1 + (tree.accepts?.length ?? 0) + kids.length + below.reduce((s, b) => s + b.size - 1, 0),
  };
}

test('generated deep and wide trees are stored or refused, never a 5xx; plans and export go on', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(treeShape, async (shape) => {
      const id = `test:fuzz-${n++}`;
      const tree = buildTree(shape);
      const res = await put(id, credential(id, { [shape.rule]: tree }));
      const { depth, size } = depthAndSize(tree);
      if (depth <= RULE_TREE_LIMITS.depth && size <= RULE_TREE_LIMITS.size)
        expect(res.status).toBe(201);
      else {
        // Too large a body is refused before it is read (413), a readable one with reasons.
        expect([400, 413]).toContain(res.status);
        if (res.status === 400)
          expect(fieldErrors(res).join('\n')).toMatch(new RegExp(`^body ${shape.rule}: `));
      }
    }),
    { numRuns: 10, seed: 11 },
  );
  // With every accepted tree stored, the catalogue still loads for planning and export.
  const plan = await planFor(CERT);
  expect(plan.status).toBe(200);
  expect(plan.body).toMatchObject({ status: 'planned' });
  const exported = await exportCatalogue();
  expect(exported.status).toBe(200);
  const ids = (exported.body as { credentials: { id: string }[] }).credentials.map((c) => c.id);
  expect(ids.filter((id) => id.startsWith('test:fuzz-')).length).toBeGreaterThan(0);
}, 600_000);

/**
 * Waits until the API's catalogue projection has looked at the database again: the rows this
 * suite writes straight to Neo4j (as an older version did) are seen on its next check, at
 * most a second after the last (CatalogueProjection, recheckAfterMs).
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('a tree over the limit already stored (written by an older version)', () => {
  const OWNER = 'test:stored-deep';
  const LEVELS = 700;

  beforeAll(async () => {
    expect((await put(OWNER, credential(OWNER, {}))).status).toBe(201);
    // The rows the writer would make for a 700-level award rule, written with the writer's
    // own statement, as a version without the limit did.
    const rows = Array.from({ length: LEVELS }, (_, level) => {
      const id = `${OWNER}#award${'.0'.repeat(level)}`;
      const parent = level === 0 ? null : `${OWNER}#award${'.0'.repeat(level - 1)}`;
      return {
        id,
        owner: OWNER,
        rule: 'award',
        parent,
        order: parent === null ? null : neo4j.int(0),
        accepts: level === LEVELS - 1 ? [MODULES[0]] : [],
        props: { id, owner: OWNER, rule: 'award', op: 'ALL' },
      };
    });
    const session = driver.session();
    try {
      await session.executeWrite(async (tx) => {
        await tx.run(cypher('catalogue/create-rules'), { rows });
        await tx.run(cypher('catalogue/bump-version'));
      });
    } finally {
      await session.close();
    }
  });

  test('the reader sets the rule aside, naming the credential, and reads it as not earnable', async () => {
    const warnings: string[] = [];
    const { doc, setAside } = await readCatalogue(driver, undefined, {
      warn: (m) => warnings.push(m),
    });
    expect(setAside).toEqual([
      {
        credential: OWNER,
        rule: 'awardRule',
        problem: expect.stringMatching(/32 levels/) as string,
      },
    ]);
    expect(warnings).toEqual([
      expect.stringContaining(`credential "${OWNER}": its stored awardRule`),
    ]);
    const stored = doc.credentials.find((c) => c.id === OWNER);
    expect(stored).toMatchObject({ earnable: false });
    expect(stored?.awardRule).toBeUndefined();
  });

  test('other targets still plan, the credential itself is infeasible, and the export runs', async () => {
    await settle();
    const plan = await planFor(CERT);
    expect([plan.status, (plan.body as { type?: string }).type]).toEqual([200, undefined]);
    expect(plan.body).toMatchObject({ status: 'planned', optimality: 'optimal' });
    const own = await planFor(OWNER);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'infeasible' });
    const exported = await exportCatalogue();
    expect(exported.status).toBe(200);
    const doc = exported.body as { credentials: { id: string; earnable?: boolean }[] };
    expect(doc.credentials.find((c) => c.id === OWNER)).toMatchObject({ earnable: false });
    expect(api.logs.join('')).toContain(`credential \\"${OWNER}\\": its stored awardRule`);
  });

  test('replacing the credential through the API clears it', async () => {
    expect((await put(OWNER, credential(OWNER, { awardRule: chain(3) }))).status).toBe(200);
    const { setAside, doc } = await readCatalogue(driver, undefined, { warn: () => undefined });
    expect(setAside).toEqual([]);
    expect(doc.credentials.find((c) => c.id === OWNER)?.awardRule).toEqual(chain(3));
  });
});
