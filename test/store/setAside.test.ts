/**
 * Issue 11 (ids stored by an older version): records the current schemas reject, written
 * with raw Cypher as a version without the checks would have written them (a credential id
 * with a right-to-left override, a learning outcome id with a NUL, a provider with a country
 * code in lower case), must not make planning, export, analytics or the API fail. The reader
 * sets each aside with a warning naming it (kind, id escaped, reason), drops the references
 * to them, and `pathways db check` lists them; everything else keeps working.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { cypher } from '../../src/store/cypher.js';
import { testApi } from '../support/api.js';
import { pathways } from '../support/cli.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const seed = seedInput();
const BIDI = 'old:mc-\u202Eevil';
const NUL = 'lo:old\u0000outcome';
const HOLDER = 'smtu:mc-python-data';
const TARGET = 'smtu:cert-data-analytics';
const AS_OF = '2026-11-23';
/** Whether text holds the raw override or NUL (instead of their escapes). */
const unescaped = (text: string) => text.includes('\u202E') || text.includes('\u0000');

let driver: Driver;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  await importCatalogue(driver, seed);
  // What an older version could write: no id or country checks.
  const session = driver.session();
  try {
    await session.executeWrite(async (tx) => {
      await tx.run(
        `MATCH (p:Provider {id: 'smtu'})
         CREATE (c:Credential {id: $bidi, title: 'Old module', kind: 'micro-credential', credits: 5})
         CREATE (p)-[:AWARDS]->(c)
         CREATE (lo:LearningOutcome {id: $nul, statement: 'Old outcome'})
         WITH lo
         MATCH (held:Credential {id: $holder})
         CREATE (held)-[:CERTIFIES {order: 99}]->(lo)
         CREATE (:Provider {id: 'old-provider', name: 'Old', country: 'ie'})`,
        { bidi: BIDI, nul: NUL, holder: HOLDER },
      );
      await tx.run(cypher('catalogue/bump-version'));
    });
  } finally {
    await session.close();
  }
}, 120_000);

afterAll(async () => {
  await driver.close();
});

test('the reader sets each rejected record aside, naming it escaped, and drops references to it', async () => {
  const warnings: string[] = [];
  const read = await readCatalogue(driver, undefined, { warn: (m) => warnings.push(m) });
  expect(read.setAsideRecords).toEqual(
    expect.arrayContaining([
      { kind: 'credential', id: BIDI, reason: expect.stringMatching(/U\+202E/) as string },
      { kind: 'learning outcome', id: NUL, reason: expect.stringMatching(/U\+0000/) as string },
      { kind: 'provider', id: 'old-provider', reason: expect.stringMatching(/country/) as string },
    ]),
  );
  expect(read.setAsideRecords).toHaveLength(3);
  expect(read.droppedReferences).toEqual([
    expect.objectContaining({ kind: 'credential', id: HOLDER }),
  ]);
  expect(read.doc.credentials.some((c) => c.id === BIDI)).toBe(false);
  expect(read.doc.credentials.find((c) => c.id === HOLDER)?.learningOutcomes).not.toContain(NUL);
  // The warnings name each record, escaped: no raw override or NUL reaches a terminal.
  expect(warnings.join('\n')).toContain('credential "old:mc-\\u{202E}evil" is set aside');
  expect(warnings.join('\n')).toContain('learning outcome "lo:old\\u{0000}outcome" is set aside');
  expect(unescaped(warnings.join('\n'))).toBe(false);
});

test('plan, export, analyse and db check run; db check lists what is set aside', async () => {
  const plan = await pathways(
    'plan',
    '--holding',
    `${HOLDER}@2025-06-30`,
    '--qualification',
    TARGET,
    '--as-of',
    AS_OF,
    '--json',
  );
  expect([plan.code, plan.stderr.includes('set aside')]).toEqual([0, true]);
  expect(JSON.parse(plan.stdout)).toMatchObject({ status: 'planned' });

  const exported = await pathways('export', 'catalogue');
  expect(exported.code).toBe(0);
  const doc = JSON.parse(exported.stdout) as { credentials: { id: string }[] };
  expect(doc.credentials.map((c) => c.id)).toContain(HOLDER);
  expect(doc.credentials.map((c) => c.id)).not.toContain(BIDI);

  const analysed = await pathways(
    'analyse',
    'stackability',
    '--provider',
    'smtu',
    '--format',
    'json',
  );
  expect(analysed.code).toBe(0);

  const check = await pathways('db', 'check');
  expect(check.code).toBe(1);
  expect(check.stdout).toContain('credential "old:mc-\\u{202E}evil" is set aside');
  expect(check.stdout).toContain('provider "old-provider" is set aside');
  expect(unescaped(check.stdout)).toBe(false);
  const json = await pathways('db', 'check', '--json');
  expect((JSON.parse(json.stdout) as { records: unknown[] }).records).toHaveLength(3);
}, 180_000);

test('the API plans and serves the catalogue around them', async () => {
  const api = await testApi();
  try {
    const plan = await request(api.app)
      .post('/v1/plans')
      .send({
        asOf: AS_OF,
        holdings: [{ credential: HOLDER, awardedOn: '2025-06-30' }],
        target: { qualification: TARGET },
      });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ status: 'planned' });
    const held = await request(api.app).get(`/v1/credentials/${encodeURIComponent(HOLDER)}`);
    expect(held.status).toBe(200);
  } finally {
    await api.close();
  }
}, 120_000);

test('deleting the records repairs the catalogue: db check finds nothing', async () => {
  await driver.executeQuery(
    `MATCH (n) WHERE n.id IN [$bidi, $nul, 'old-provider'] DETACH DELETE n`,
    { bidi: BIDI, nul: NUL },
  );
  await driver.executeQuery(cypher('catalogue/bump-version'));
  const check = await pathways('db', 'check');
  expect([check.code, check.stdout]).toEqual([0, expect.stringContaining('nothing is set aside')]);
}, 120_000);
