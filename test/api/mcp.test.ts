/**
 * The MCP server (src/api/mcp.ts) driven by the SDK's own `Client`, over Streamable HTTP at
 * /mcp of a served app and over stdio (`pathways mcp` spawned), against the real test Neo4j
 * loaded with the seed: the tools and their schemas are the routes', a tool call answers
 * what the HTTP route answers, and keys, roles, validation and rate limits are the same.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { z } from 'zod';
import { routes } from '../../src/api/app.js';
import type { ApiConfig } from '../../src/api/context.js';
import {
  AuditResponse,
  CredentialSummary,
  PlanRequest,
  PlanResponse,
  Problem,
} from '../../src/model/index.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { testApi, type TestApi } from '../support/api.js';
import { CLI, ROOT } from '../support/cli.js';
import { resetToSeed, testDriver } from '../support/neo4j.js';

const AS_OF = '2026-11-23';
const CredentialPage = z.object({ items: z.array(CredentialSummary), next: z.string().nullable() });
const CERT = 'smtu:cert-data-analytics';
const INLINE_PLAN = {
  holdings: [{ credential: 'smtu:mc-python-data', awardedOn: '2025-06-30' }],
  target: { qualification: CERT },
  asOf: AS_OF,
  objective: ['credits', 'cost'],
  alternatives: 1,
};
const STORED_PLAN = { learner: 'learner-partway', target: { qualification: CERT }, asOf: AS_OF };

let driver: Driver;
const tokens = { read: '', plan: '' };

beforeAll(async () => {
  driver = testDriver();
  await resetToSeed(driver);
  for (const role of ['read', 'plan'] as const)
    tokens[role] = (await createApiKey(driver, { name: `mcp ${role}`, role })).token;
});

afterAll(async () => {
  await driver.close();
});

/** The app of `testApi` listening on a free loopback port, as `pathways serve` would. */
async function served(config: Partial<ApiConfig>): Promise<{
  api: TestApi;
  url: string;
  close(): Promise<void>;
}> {
  const api = await testApi(config);
  const server: Server = createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    api,
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      await api.close();
    },
  };
}

async function httpClient(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'pathways-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', url), {
      requestInit: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
    }),
  );
  return client;
}

const call = (client: Client, name: string, args: Record<string, unknown>) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

/** The problem a refused tool call carries (its text content is the problem's JSON). */
function problemOf(result: CallToolResult): z.output<typeof Problem> {
  expect(result.isError).toBe(true);
  const [content] = result.content;
  if (content?.type !== 'text') throw new Error('a tool error carries its problem as text');
  return Problem.parse(JSON.parse(content.text));
}

/** A successful tool call's structured content, also checked against the route's schema. */
function answer<S extends z.ZodType>(schema: S, result: CallToolResult): z.output<S> {
  if (result.isError) throw new Error(`tool error: ${JSON.stringify(result.content)}`);
  const [content] = result.content;
  expect(content?.type === 'text' && JSON.parse(content.text)).toEqual(result.structuredContent);
  return schema.parse(result.structuredContent);
}

/** What a tool's input must be: the JSON Schema of each part of its route, merged. */
function expectedInput(operationId: string) {
  const r = routes.find((x) => x.operationId === operationId)!;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const part of [r.params, r.query, r.body]) {
    if (!part) continue;
    const json = z.toJSONSchema(part, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
    // A schema with an id is written as a reference to its definition.
    const defs = (json.definitions ?? {}) as Record<string, Record<string, unknown>>;
    const root = (
      typeof json.$ref === 'string' ? defs[json.$ref.replace('#/definitions/', '')] : json
    ) as { properties?: Record<string, unknown>; required?: string[] };
    Object.assign(properties, root.properties);
    required.push(...(root.required ?? []));
  }
  return { properties, required };
}

const MCP_ROUTES = routes.filter((r) => r.mcp);

describe('over Streamable HTTP (POST /mcp)', () => {
  let http: Awaited<ReturnType<typeof served>>;
  let anonymous: Client;

  beforeAll(async () => {
    // The loopback default of `pathways serve`: read and plan without a key, from this host.
    http = await served({ anonymousRoles: ['read', 'plan'], anonymousLoopbackOnly: true });
    anonymous = await httpClient(http.url);
  });

  afterAll(async () => {
    await anonymous.close();
    await http.close();
  });

  test('the tools are the routes marked for MCP, with their schemas as input', async () => {
    const { tools } = await anonymous.listTools();
    expect(tools.map((t) => t.name)).toEqual(MCP_ROUTES.map((r) => r.mcp!.name));
    // The operations issue 13 asks for, at least.
    for (const name of [
      'search_credentials',
      'search_qualifications',
      'search_occupations',
      'get_credential',
      'audit',
      'plan',
      'ladder',
    ])
      expect(tools.map((t) => t.name)).toContain(name);
    for (const r of MCP_ROUTES) {
      const tool = tools.find((t) => t.name === r.mcp!.name)!;
      const { properties, required } = expectedInput(r.operationId);
      expect(tool.inputSchema.properties).toEqual(properties);
      expect([...(tool.inputSchema.required ?? [])].sort()).toEqual([...required].sort());
      expect(tool.inputSchema.additionalProperties).toBe(false);
      expect(tool.description).toContain(r.summary);
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
    // The plan tool takes the body of POST /v1/plans, field for field.
    const plan = tools.find((t) => t.name === 'plan')!;
    expect(Object.keys(plan.inputSchema.properties ?? {}).sort()).toEqual(
      Object.keys(PlanRequest.shape).sort(),
    );
    expect(Object.keys(plan.inputSchema.properties ?? {})).toContain('calendar');
    // The match tool takes the plans' constraints, as POST /v1/matches does.
    const match = tools.find((t) => t.name === 'match')!;
    expect(Object.keys(match.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['constraints', 'calendar', 'objective']),
    );
  });

  test('search_credentials answers what GET /v1/credentials answers', async () => {
    const result = answer(
      CredentialPage,
      await call(anonymous, 'search_credentials', { q: 'python', limit: 5 }),
    );
    expect(result.items.map((c) => c.id)).toContain('smtu:mc-python-data');
    const http_ = await request(http.api.app).get('/v1/credentials?q=python&limit=5').expect(200);
    expect(result).toEqual(http_.body);
  });

  test('search_occupations and get_credential find the seed', async () => {
    const occupations = await call(anonymous, 'search_occupations', { q: 'data' });
    const items = (occupations.structuredContent as { items: { id: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    const detail = await call(anonymous, 'get_credential', { id: CERT });
    expect(detail.isError).toBeFalsy();
    expect((detail.structuredContent as { id: string }).id).toBe(CERT);
    const unknown = problemOf(await call(anonymous, 'get_credential', { id: 'smtu:nothing' }));
    expect(unknown.status).toBe(404);
  });

  test('plan answers what POST /v1/plans answers for the same body', async () => {
    const viaMcp = answer(PlanResponse, await call(anonymous, 'plan', INLINE_PLAN));
    expect(viaMcp.status).toBe('planned');
    expect(viaMcp.steps.length).toBeGreaterThan(0);
    const viaHttp = await request(http.api.app).post('/v1/plans').send(INLINE_PLAN).expect(200);
    expect(viaMcp).toEqual(PlanResponse.parse(viaHttp.body));
  });

  test('audit and ladder answer as their routes do', async () => {
    const body = { holdings: INLINE_PLAN.holdings, target: INLINE_PLAN.target, asOf: AS_OF };
    const audit = answer(AuditResponse, await call(anonymous, 'audit', body));
    const viaHttp = await request(http.api.app).post('/v1/audits').send(body).expect(200);
    expect(audit).toEqual(AuditResponse.parse(viaHttp.body));
    const ladder = await call(anonymous, 'ladder', body);
    expect(ladder.isError).toBeFalsy();
    expect(ladder.structuredContent).toEqual(
      (await request(http.api.app).post('/v1/ladders').send(body).expect(200)).body,
    );
  });

  test('a stored learner without a key is refused (401); a plan key may, a read key may not', async () => {
    const refused = problemOf(await call(anonymous, 'plan', STORED_PLAN));
    expect(refused.status).toBe(401);
    expect(refused.type).toBe('https://pathways.dev/problems/unauthorized');
    expect(refused.detail).toMatch(/Stored learners are only read with an API key/);

    const planner = await httpClient(http.url, tokens.plan);
    try {
      const plan = answer(PlanResponse, await call(planner, 'plan', STORED_PLAN));
      expect(plan.status).toBe('planned');
      const viaHttp = await request(http.api.app)
        .post('/v1/plans')
        .set('Authorization', `Bearer ${tokens.plan}`)
        .send(STORED_PLAN)
        .expect(200);
      expect(plan).toEqual(PlanResponse.parse(viaHttp.body));
    } finally {
      await planner.close();
    }

    const reader = await httpClient(http.url, tokens.read);
    try {
      const forbidden = problemOf(await call(reader, 'plan', STORED_PLAN));
      expect(forbidden.status).toBe(403);
      expect(forbidden.detail).toMatch(/"plan" role; the key has "read"/);
    } finally {
      await reader.close();
    }
  });

  test('invalid input is a tool error naming every invalid field', async () => {
    const bad = problemOf(
      await call(anonymous, 'plan', {
        holdings: [{ credential: 'smtu:mc-python-data', awardedOn: '30/06/2025' }],
        target: { qualification: CERT },
        alternatives: 9,
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('https://pathways.dev/problems/invalid-request');
    const fields = bad.errors!.map((e) => e.path).sort();
    expect(fields).toEqual(['alternatives', 'holdings[0].awardedOn']);
    const unknownArgument = problemOf(
      await call(anonymous, 'search_credentials', { q: 'python', colour: 'blue' }),
    );
    expect(unknownArgument.status).toBe(400);
    expect(unknownArgument.detail).toMatch(/colour/);
    const unknownHolding = problemOf(
      await call(anonymous, 'audit', {
        holdings: [{ credential: 'smtu:no-such-thing', awardedOn: '2025-06-30' }],
        target: { qualification: CERT },
      }),
    );
    expect(unknownHolding.status).toBe(404);
    expect(unknownHolding.errors?.[0]?.path).toBe('holdings[0].credential');
  });

  test('/mcp is under the security headers; GET is 405; a foreign Origin is refused', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    };
    const res = await request(http.api.app)
      .post('/mcp')
      .set('Accept', 'application/json, text/event-stream')
      .send(initialize)
      .expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-request-id']).toBeDefined();
    expect((res.body as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe(
      'pathways',
    );
    const get = await request(http.api.app).get('/mcp').expect(405);
    expect(get.headers.allow).toBe('POST');
    await request(http.api.app)
      .post('/mcp')
      .set('Accept', 'application/json, text/event-stream')
      .set('Origin', 'https://evil.example')
      .send(initialize)
      .expect(403);
    await request(http.api.app)
      .post('/mcp')
      .set('Accept', 'application/json, text/event-stream')
      .send([initialize, initialize])
      .expect(400);
    // The access log names the tool called.
    await call(anonymous, 'search_credentials', { q: 'python' });
    expect(http.api.logs.join('')).toMatch(/"path":"\/mcp".*"tool":"search_credentials"/);
  });

  test('off loopback-only anonymous access, a caller without a key gets nothing', async () => {
    const closed = await served({ anonymousRoles: [] });
    const client = await httpClient(closed.url);
    try {
      // Listing is open, as /openapi.json is; calls are refused as their routes are.
      expect((await client.listTools()).tools.length).toBe(MCP_ROUTES.length);
      const refused = problemOf(await call(client, 'search_credentials', { q: 'python' }));
      expect(refused.status).toBe(401);
    } finally {
      await client.close();
      await closed.close();
    }
  });

  test('the rate limit applies: one MCP message is one request, from the same budget as /v1', async () => {
    const limited = await served({
      anonymousRoles: ['read', 'plan'],
      anonymousRateLimitPerMinute: 6,
    });
    try {
      // Connecting spends some of the six (initialize, the initialized notification, and
      // the client's attempt at an SSE stream, answered 405).
      const client = await httpClient(limited.url);
      expect((await call(client, 'search_credentials', { q: 'python' })).isError).toBeFalsy();
      let answered = 1;
      let refusal: unknown;
      for (; answered < 6; answered++)
        try {
          await call(client, 'search_credentials', { q: 'data' });
        } catch (err) {
          refusal = err;
          break;
        }
      expect(answered).toBeLessThan(6);
      expect(String(refusal)).toMatch(
        /rate-limited[\s\S]*429[\s\S]*The limit is 6 requests per minute/,
      );
      // The same caller's REST requests share the budget.
      const rest = await fetch(`${limited.url}/v1/credentials?q=python`);
      expect(rest.status).toBe(429);
      expect(rest.headers.get('retry-after')).toMatch(/^\d+$/);
      await client.close();
    } finally {
      await limited.close();
    }
  });
});

describe('over stdio (pathways mcp)', () => {
  const stdioClient = async (env: NodeJS.ProcessEnv = {}, args: string[] = []) => {
    const client = new Client({ name: 'pathways-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...CLI, 'mcp', ...args],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), LOG_LEVEL: 'warn', ...env },
      stderr: 'pipe',
    });
    await client.connect(transport);
    return client;
  };

  test('lists the same tools, plans as the route does, and keeps stored learners behind a key', async () => {
    const client = await stdioClient();
    const http = await served({ anonymousRoles: ['read', 'plan'] });
    try {
      const viaHttp = await httpClient(http.url);
      expect((await client.listTools()).tools).toEqual((await viaHttp.listTools()).tools);
      await viaHttp.close();

      const plan = answer(PlanResponse, await call(client, 'plan', INLINE_PLAN));
      const expected = await request(http.api.app).post('/v1/plans').send(INLINE_PLAN).expect(200);
      expect(plan).toEqual(PlanResponse.parse(expected.body));

      const search = answer(
        CredentialPage,
        await call(client, 'search_qualifications', { q: 'data' }),
      );
      expect(search.items.every((c) => c.qualification)).toBe(true);
      expect(search.items.map((c) => c.id)).toContain(CERT);

      const refused = problemOf(await call(client, 'audit', STORED_PLAN));
      expect(refused.status).toBe(401);
      const invalid = problemOf(await call(client, 'audit', { target: {}, holdings: [] }));
      expect(invalid.status).toBe(400);
      expect(invalid.errors?.some((e) => e.path.startsWith('target'))).toBe(true);
    } finally {
      await client.close();
      await http.close();
    }
  });

  test('with a plan key in PATHWAYS_API_KEY, a stored learner is planned; a bad key is refused', async () => {
    const client = await stdioClient({ PATHWAYS_API_KEY: tokens.plan });
    try {
      const audit = answer(AuditResponse, await call(client, 'audit', STORED_PLAN));
      expect(audit.holdings).toBeDefined();
      expect(audit.percent).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    const bad = await stdioClient({ PATHWAYS_API_KEY: 'pw_0123456789abcdef_nope' });
    try {
      const refused = problemOf(await call(bad, 'search_credentials', { q: 'python' }));
      expect(refused.status).toBe(401);
      expect(refused.detail).toMatch(/not valid or was revoked/);
    } finally {
      await bad.close();
    }
  });

  test('stdout carries the protocol only; the rate limit applies per call; stdin closed ends it', async () => {
    const child = spawn(process.execPath, [...CLI, 'mcp', '--anonymous-rate-limit', '1'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const answered = (id: number) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setInterval(() => {
          const line = stdout
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
            .find((m) => m.id === id);
          if (line) {
            clearInterval(timer);
            resolve(line);
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`exited early:\n${stderr}`));
          }
        }, 50);
      });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    });
    await answered(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const search = { name: 'search_credentials', arguments: { q: 'python' } };
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: search });
    const first = (await answered(2)).result as CallToolResult;
    expect(first.isError).toBeFalsy();
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: search });
    const second = problemOf((await answered(3)).result as CallToolResult);
    expect(second.status).toBe(429);
    expect(second.detail).toMatch(/1 requests per minute/);
    child.stdin.end();
    expect(await exited).toBe(0);
    for (const line of stdout.split('\n').filter(Boolean))
      expect((JSON.parse(line) as { jsonrpc: string }).jsonrpc).toBe('2.0');
    // Its log lines went to stderr, one per tool call.
    expect(stderr).toMatch(/"tool":"search_credentials"/);
  });
});
