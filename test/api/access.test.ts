/**
 * Who may read what, over the real test Neo4j with the seed catalogue: stored learners are
 * read and planned with only with a key (role plan or above), on every address including
 * loopback, while anonymous callers keep catalogue reads and stateless plans with inline
 * holdings; behind a trusted reverse proxy the client address comes from X-Forwarded-For,
 * so the loopback default applies to real local callers only; and ids with control, format or
 * bidirectional characters are refused with a 400 naming the field.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { isLoopback } from '../../src/api/auth.js';
import { apiConfigOf, serveDefaults } from '../../src/cli/serve.js';
import { Id } from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput();
const AS_OF = '2026-11-23';
const CERT = 'smtu:cert-data-analytics';
const HOLDINGS = [{ credential: 'smtu:mc-python-data', awardedOn: '2025-06-30' }];

let driver: Driver;
/** Anonymous read and plan for everyone, as `--anonymous read,plan` sets it. */
let open: TestApi;
const keys: Record<'read' | 'plan' | 'write', string> = { read: '', plan: '', write: '' };

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  open = await testApi({ anonymousRoles: ['read', 'plan'] });
  await open.store.ready();
  await importCatalogue(driver, SEED);
  for (const role of ['read', 'plan', 'write'] as const)
    keys[role] = `Bearer ${(await createApiKey(driver, { name: role, role })).token}`;
});

afterAll(async () => {
  await open.close();
  await driver.close();
});

const problemOf = (res: request.Response) =>
  res.body as { type: string; errors?: { in: string; path: string; message: string }[] };

describe('stored learners need a key, on every address', () => {
  const planning = ['/v1/audits', '/v1/plans', '/v1/ladders'];

  test('anonymous callers on loopback get 401 for a stored learner, by GET or for planning', async () => {
    const read = await request(open.app).get('/v1/learners/learner-partway');
    expect(read.status).toBe(401);
    expect(read.headers['www-authenticate']).toMatch(/^Bearer/);
    for (const path of planning) {
      const res = await request(open.app)
        .post(path)
        .send({ learner: 'learner-partway', target: { qualification: CERT }, asOf: AS_OF });
      expect(res.status).toBe(401);
      expect(problemOf(res).type).toMatch(/unauthorized$/);
    }
    // An unknown learner is refused the same way: no way to tell who is stored.
    const unknown = await request(open.app)
      .post('/v1/plans')
      .send({ learner: 'learner-who-never-was', target: { qualification: CERT } });
    expect(unknown.status).toBe(401);
  });

  test('analyses that plan every stored learner (demand, what-if) need a key too', async () => {
    const draft = JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../../docs/examples/draft-smtu-2027.json', import.meta.url)),
        'utf8',
      ),
    ) as object;
    const demand = await request(open.app)
      .get('/v1/analytics/demand')
      .query({ qualification: CERT, learners: 'true' });
    expect(demand.status).toBe(401);
    const whatIf = await request(open.app).post('/v1/what-if').send(draft);
    expect(whatIf.status).toBe(401);
    expect(problemOf(whatIf).type).toMatch(/unauthorized$/);
    // The same requests with a key are answered.
    await request(open.app)
      .get('/v1/analytics/demand')
      .query({ qualification: CERT })
      .set('Authorization', keys.read)
      .expect(200);
    await request(open.app)
      .post('/v1/what-if')
      .set('Authorization', keys.plan)
      .send(draft)
      .expect(200);
  });

  test('anonymous callers keep catalogue reads and stateless planning with inline holdings', async () => {
    await request(open.app).get('/v1/providers').expect(200);
    for (const path of planning)
      await request(open.app)
        .post(path)
        .send({ holdings: HOLDINGS, target: { qualification: CERT }, asOf: AS_OF })
        .expect(200);
  });

  test('a key with role plan or above reads and plans with a stored learner; read is 403', async () => {
    await request(open.app)
      .get('/v1/learners/learner-partway')
      .set('Authorization', keys.plan)
      .expect(200);
    await request(open.app)
      .post('/v1/plans')
      .set('Authorization', keys.write)
      .send({ learner: 'learner-partway', target: { qualification: CERT }, asOf: AS_OF })
      .expect(200);
    const low = await request(open.app)
      .get('/v1/learners/learner-partway')
      .set('Authorization', keys.read);
    expect(low.status).toBe(403);
  });

  test('the OpenAPI document says which operations read stored learners', async () => {
    const doc = (await request(open.app).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.paths['/v1/learners/{id}']!.get!['x-stored-learner-needs-key']).toBe(true);
    expect(doc.paths['/v1/plans']!.post!.description).toMatch(
      /stored learner is only read with an API key/,
    );
    expect(doc.paths['/v1/providers']!.get!['x-stored-learner-needs-key']).toBeUndefined();
  });
});

describe('behind a reverse proxy', () => {
  test('with trust-proxy, forwarded callers are not local; real local callers are', async () => {
    // As `serve` sets it up on loopback with `--trust-proxy loopback` (supertest connects
    // from 127.0.0.1, like a proxy on the same host).
    const proxied = await testApi({
      anonymousRoles: ['read', 'plan'],
      anonymousLoopbackOnly: true,
      trustProxy: ['loopback'],
    });
    try {
      await request(proxied.app).get('/v1/providers').expect(200);
      const forwarded = await request(proxied.app)
        .get('/v1/providers')
        .set('X-Forwarded-For', '203.0.113.7');
      expect(forwarded.status).toBe(401);
      // A forged X-Forwarded-For naming loopback is still followed by the proxy's own entry.
      const forged = await request(proxied.app)
        .get('/v1/providers')
        .set('X-Forwarded-For', '127.0.0.1, 203.0.113.7');
      expect(forged.status).toBe(401);
      await request(proxied.app)
        .get('/v1/providers')
        .set('X-Forwarded-For', '203.0.113.7')
        .set('Authorization', keys.read)
        .expect(200);
    } finally {
      await proxied.close();
    }
  });

  test('without trust-proxy, X-Forwarded-For is ignored: every request is from the proxy', async () => {
    const untrusting = await testApi({ anonymousRoles: ['read'], anonymousLoopbackOnly: true });
    try {
      await request(untrusting.app)
        .get('/v1/providers')
        .set('X-Forwarded-For', '203.0.113.7')
        .expect(200);
    } finally {
      await untrusting.close();
    }
  });

  test('serve: the loopback default is for local callers; --anonymous is for everyone', () => {
    const local = apiConfigOf(serveDefaults('0')).config;
    expect(local).toMatchObject({
      anonymousRoles: ['read', 'plan'],
      anonymousLoopbackOnly: true,
      trustProxy: false,
    });
    expect(
      apiConfigOf({ ...serveDefaults('0'), trustProxy: 'loopback, 10.0.0.0/8, ::1' }).config
        .trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(apiConfigOf({ ...serveDefaults('0'), anonymous: 'read' }).config).toMatchObject({
      anonymousRoles: ['read'],
      anonymousLoopbackOnly: false,
    });
    expect(apiConfigOf({ ...serveDefaults('0'), host: '0.0.0.0' }).config.anonymousRoles).toEqual(
      [],
    );
    expect(local.maxEventLoopLagMs).toBe(250);
    expect(apiConfigOf({ ...serveDefaults('0'), maxLagMs: '0' }).config.maxEventLoopLagMs).toBe(0);
    expect(() => apiConfigOf({ ...serveDefaults('0'), maxLagMs: '-5' })).toThrow(/maxLagMs/);
    for (const bad of ['everyone', '10.0.0.0/33', '1.2.3'])
      expect(() => apiConfigOf({ ...serveDefaults('0'), trustProxy: bad })).toThrow(
        /IP address, a CIDR subnet/,
      );
  });

  test('loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '203.0.113.7', '::2', undefined])
      expect(isLoopback(a)).toBe(false);
  });
});

describe('ids reject control, format and bidirectional characters', () => {
  const deceptive = [
    'learner\u0000x',
    'learner\u001bx',
    'learner\u0085x',
    'learner\u202ex',
    'learner\u202ax',
    'learner\u2066x',
    'learner\u2069x',
    'learner\u200bx',
    'learner\u200fx',
    'learner\ufeffx',
    'learner\u00adx',
    'learner\u2028x',
    'learner\udb40\udc41x', // a tag character (U+E0041)
    'learner\ud800x', // a lone surrogate
  ];

  test.each(deceptive.map((id) => [JSON.stringify(id), id]))(
    'the id schema refuses %s, naming the character',
    (_shown, id) => {
      const result = Id.safeParse(id);
      expect(result.success).toBe(false);
      // (A line separator also fails the whitespace pattern; the character is named all the same.)
      expect(result.error?.issues.map((i) => i.message)).toContainEqual(
        expect.stringMatching(
          /^must not contain control, format or bidirectional characters \(U\+[0-9A-F]{4,5} at position 7\)$/,
        ),
      );
    },
  );

  test('ordinary ids, accented and non-Latin, are accepted', () => {
    for (const id of [
      'learner-1',
      'http://data.europa.eu/esco/skill/abc',
      'ce-123e4567-e89b-12d3-a456-426614174000',
      'smtu:módulo-análisis',
      'مساق-١٠١',
      'コース-1',
      'a b',
    ])
      expect(Id.safeParse(id).success).toBe(true);
  });

  test('in a path, a body, holdings and a catalogue document: 400/422 naming the field, nothing written', async () => {
    const before = await graphDump(driver);
    const inPath = await request(open.app)
      .put(`/v1/learners/${encodeURIComponent('learner\u202eexe.gpj')}`)
      .set('Authorization', keys.write)
      .send({ holdings: [] });
    expect(inPath.status).toBe(400);
    expect(problemOf(inPath).errors).toEqual([
      { in: 'path', path: 'id', message: expect.stringContaining('U+202E') as string },
    ]);
    const nul = await request(open.app)
      .get(`/v1/learners/${encodeURIComponent('learner\u0000')}`)
      .set('Authorization', keys.plan);
    expect(nul.status).toBe(400);
    expect(problemOf(nul).errors?.[0]).toMatchObject({ in: 'path', path: 'id' });
    const inBody = await request(open.app)
      .post('/v1/learners')
      .set('Authorization', keys.write)
      .send({ id: 'learner\u2066x', holdings: [] });
    expect(problemOf(inBody).errors).toEqual([
      { in: 'body', path: 'id', message: expect.stringContaining('U+2066') as string },
    ]);
    const inHoldings = await request(open.app)
      .post('/v1/plans')
      .send({
        holdings: [{ credential: 'smtu:mc-python-data\u200b', awardedOn: '2025-06-30' }],
        target: { qualification: CERT },
      });
    expect(problemOf(inHoldings).errors).toEqual([
      {
        in: 'body',
        path: 'holdings[0].credential',
        message: expect.stringContaining('U+200B') as string,
      },
    ]);
    const credential = await request(open.app)
      .put(`/v1/credentials/${encodeURIComponent('test:c\u0007')}`)
      .set('Authorization', keys.write)
      .send({ id: 'test:c\u0007', title: 'Bell', kind: 'course', credits: 5 });
    expect(credential.status).toBe(400);
    expect(problemOf(credential).errors?.map((e) => `${e.in} ${e.path}`)).toEqual(['path id']);
    await expect(
      importCatalogue(driver, { providers: [{ id: 'prov\u202d', name: 'Override' }] }),
    ).rejects.toThrow(/providers\[0\]\.id: must not contain control, format or bidirectional/);
    expect(await graphDump(driver)).toEqual(before);
  });
});
