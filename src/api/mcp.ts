import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Problem } from '../model/index.js';
import { httpCaller, permit, type Caller } from './auth.js';
import type { ApiContext } from './context.js';
import { HttpProblem, problemType, toProblem } from './problems.js';
import { run, type CallRequest, type RawInput, type Route } from './route.js';

/**
 * The API's operations as Model Context Protocol tools, for AI assistants: every route
 * declared with `mcp: { name }` is a tool whose input is its path, query and body fields in
 * one object and whose output is its 200 answer, both derived from the route's zod schemas.
 * A call is authorised, rate-limited, validated and handled by the same code as the HTTP
 * request (`permit`, `run`), so the two cannot drift; a refusal is a tool error carrying the
 * problem (status, title, detail, the fields).
 */

type JsonSchema = Record<string, unknown>;

/**
 * Tool schemas are JSON Schema draft-07: the dialect MCP clients validate with (the SDK's
 * client compiles output schemas with Ajv's default, draft-07).
 */
export const TOOL_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** One route offered as a tool: which argument goes to which part of the request. */
export interface McpTool {
  route: Route;
  parts: Record<keyof RawInput, string[]>;
  tool: Tool;
}

/**
 * A zod schema as an object JSON Schema: its root (a `$ref` to a named definition, as zod
 * writes a schema with an id, replaced by that definition) and the definitions it refers to.
 */
export function objectSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  where: string,
): { root: JsonSchema; definitions: Record<string, JsonSchema> } {
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-7',
    unrepresentable: 'any',
  }) as JsonSchema;
  const { $schema: _dialect, $ref, definitions = {}, ...rest } = json;
  const defs = definitions as Record<string, JsonSchema>;
  const root =
    typeof $ref === 'string' ? { ...defs[$ref.replace('#/definitions/', '')], ...rest } : rest;
  if (root.type !== 'object')
    throw new Error(`mcp: ${where} must be an object schema to be a tool's ${io}`);
  return { root, definitions: defs };
}

/** The tools of the routes marked for MCP, in the order of the route table. */
export function mcpTools(routes: readonly Route[]): McpTool[] {
  const tools = routes.filter((r) => r.mcp).map(toolOf);
  const names = new Set<string>();
  for (const { tool } of tools) {
    if (names.has(tool.name)) throw new Error(`mcp: two routes are named tool "${tool.name}"`);
    names.add(tool.name);
  }
  return tools;
}

function toolOf(r: Route): McpTool {
  const where = `${r.method.toUpperCase()} ${r.path}`;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const definitions: Record<string, JsonSchema> = {};
  const parts: McpTool['parts'] = { params: [], query: [], body: [] };
  for (const [part, schema] of [
    ['params', r.params],
    ['query', r.query],
    ['body', r.body],
  ] as const) {
    if (!schema) continue;
    const json = objectSchema(schema, 'input', `${where} ${part}`);
    if (json.root.additionalProperties !== false)
      throw new Error(`mcp: ${where} ${part} must be strict (named fields only)`);
    for (const [name, property] of Object.entries(
      (json.root.properties ?? {}) as Record<string, JsonSchema>,
    )) {
      if (name in properties)
        throw new Error(`mcp: ${where} has "${name}" in two parts of the request`);
      properties[name] = property;
      parts[part].push(name);
    }
    required.push(...((json.root.required ?? []) as string[]));
    for (const [id, definition] of Object.entries(json.definitions)) {
      if (id in definitions && JSON.stringify(definitions[id]) !== JSON.stringify(definition))
        throw new Error(`mcp: ${where} has two different schemas named "${id}"`);
      definitions[id] = definition;
    }
  }
  const ok = r.responses[200];
  if (!ok?.schema) throw new Error(`mcp: ${where} needs a 200 response with a schema`);
  const output = objectSchema(ok.schema, 'output', `${where} 200 response`);
  const readOnly = r.access !== 'write' && r.access !== 'admin';
  return {
    route: r,
    parts,
    tool: {
      name: r.mcp!.name,
      title: r.summary,
      description: [
        r.summary,
        r.description,
        r.access === 'public'
          ? undefined
          : `Needs the "${r.access}" role (an API key, or what callers without one are given).`,
        r.readsStoredLearner
          ? `A stored learner is only read with an API key (role "${r.access}" or above).`
          : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
      inputSchema: {
        $schema: TOOL_SCHEMA_DIALECT,
        type: 'object',
        properties,
        ...(required.length ? { required } : {}),
        additionalProperties: false,
        ...(Object.keys(definitions).length ? { definitions } : {}),
      },
      outputSchema: {
        $schema: TOOL_SCHEMA_DIALECT,
        ...output.root,
        ...(Object.keys(output.definitions).length ? { definitions: output.definitions } : {}),
      } as unknown as Tool['outputSchema'],
      annotations: {
        title: r.summary,
        readOnlyHint: readOnly,
        idempotentHint: readOnly,
        openWorldHint: false,
      },
    },
  };
}

/**
 * A tool call's arguments as the request's three parts. An argument no part names goes to
 * the body (or the query, or the path) so that its strict schema refuses it by name.
 */
export function requestParts(tool: McpTool, args: Record<string, unknown>): RawInput {
  const raw = { params: {}, query: {}, body: {} } as Record<
    keyof RawInput,
    Record<string, unknown>
  >;
  const r = tool.route;
  const rest: keyof RawInput | undefined = r.body
    ? 'body'
    : r.query
      ? 'query'
      : r.params
        ? 'params'
        : undefined;
  for (const [name, value] of Object.entries(args)) {
    const part =
      (Object.keys(tool.parts) as (keyof RawInput)[]).find((p) => tool.parts[p].includes(name)) ??
      rest;
    if (part === undefined)
      throw new HttpProblem(
        400,
        'invalid-request',
        'The request is not valid',
        `body ${name}: takes no arguments`,
        {
          errors: [{ in: 'body', path: name, message: 'this tool takes no arguments' }],
        },
      );
    raw[part][name] = value;
  }
  return raw;
}

/** What a tool call needs from the connection it came by (stdio or one HTTP request). */
export interface McpSession {
  /** Who is calling; asked per call (over stdio, the key is checked again, as it may be revoked). */
  caller(): Promise<Caller>;
  /** Spends the call from the caller's rate limit, where the transport has not already. */
  spend?(caller: Caller): void;
  /** The log of the connection; each call logs one line, as each HTTP request does. */
  log: Logger;
  /** The id of this call's request, in its problem and its log line. */
  requestId(): string;
  /** Told the tool called, for the HTTP access log. */
  called?(tool: string): void;
}

/** Handlers ask for a media type: a tool answers JSON (its structured content). */
const jsonOnly: CallRequest = {
  accepts: (types) => (types.includes('application/json') ? 'application/json' : false),
};

/** Runs one tool call; every failure is a tool error carrying the problem. */
export async function callTool(
  ctx: ApiContext,
  session: McpSession,
  tool: McpTool,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const requestId = session.requestId();
  const log = session.log.child({ requestId });
  const started = process.hrtime.bigint();
  session.called?.(tool.tool.name);
  let key: string | undefined;
  try {
    const caller = await session.caller();
    key = caller.key?.id;
    permit(tool.route.access, caller, ctx);
    session.spend?.(caller);
    const reply = await run(tool.route, requestParts(tool, args), caller, ctx, jsonOnly, {
      locals: { log },
    });
    log.info(
      { tool: tool.tool.name, ms: elapsedMs(started), ...(key ? { key } : {}) },
      'tool call',
    );
    // A reply rendered elsewhere (an analysis serialized on a planning thread) is JSON text.
    const body: unknown = reply.json !== undefined ? JSON.parse(reply.json) : reply.body;
    return {
      content: [{ type: 'text', text: reply.json ?? JSON.stringify(body) }],
      structuredContent: body as Record<string, unknown>,
    };
  } catch (err) {
    const problem = toProblem(err);
    if (problem.status >= 500 && problem.kind === 'internal')
      log.error({ err, tool: tool.tool.name }, 'tool call failed');
    log.info(
      {
        tool: tool.tool.name,
        ms: elapsedMs(started),
        status: problem.status,
        problem: problem.kind,
        ...(key ? { key } : {}),
      },
      'tool call',
    );
    return {
      isError: true,
      content: [{ type: 'text', text: JSON.stringify(problemOf(problem, requestId)) }],
    };
  }
}

const elapsedMs = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

/** The problem details of a refused tool call, as the HTTP API would send them. */
const problemOf = (problem: HttpProblem, requestId: string): Problem => ({
  type: problemType(problem.kind),
  title: problem.title,
  status: problem.status,
  ...(problem.detail ? { detail: problem.detail } : {}),
  requestId,
  ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
});

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/**
 * An MCP server offering `tools` to one session (a stdio process, or one HTTP request). The
 * SDK's low-level `Server`, not `McpServer`: the tools' schemas are JSON Schema derived from
 * the routes, and their input is validated by the routes' own zod schemas (`run`), so that a
 * refusal names the fields as the HTTP API does, rather than by the SDK.
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
export function mcpServer(ctx: ApiContext, tools: readonly McpTool[], session: McpSession): Server {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
  const server = new Server(
    { name: 'pathways', title: 'Pathways', version },
    {
      capabilities: { tools: { listChanged: false } },
      instructions:
        'Micro-credential stackability and pathway planning: search credentials, qualifications and ESCO occupations, then audit a learner against a target or plan the cheapest pathway to it. Give holdings inline (nothing is stored); stored learners need an API key with the "plan" role. Errors are RFC 9457 problems naming the invalid fields.',
    },
  );
  const byName = new Map(tools.map((t) => [t.tool.name, t]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map((t) => t.tool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}"`);
    return callTool(ctx, session, tool, request.params.arguments ?? {});
  });
  return server;
}

/**
 * POST /mcp: Streamable HTTP, stateless (one server and transport per request, answered as
 * JSON). It comes after load shedding, authentication and the rate limit, as every /v1
 * request does: one MCP message is one request; the tool call is authorised like its route.
 */
export function mcpHttp(ctx: ApiContext, tools: readonly McpTool[]): RequestHandler {
  return async (req, res) => {
    // Browsers send Origin: a page on another site (or a rebound DNS name) may not drive the
    // tools with this machine's loopback access.
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      !ctx.config.corsOrigins.includes('*') &&
      !ctx.config.corsOrigins.includes(origin)
    )
      throw new HttpProblem(403, 'forbidden', 'Forbidden', `Origin "${origin}" may not use /mcp.`);
    // One message per request, so that the rate limit counts each call.
    if (Array.isArray(req.body))
      throw new HttpProblem(
        400,
        'invalid-request',
        'The request is not valid',
        'body: send one JSON-RPC message per request (no batches)',
        { errors: [{ in: 'body', path: '(body)', message: 'one JSON-RPC message, not an array' }] },
      );
    const server = mcpServer(ctx, tools, {
      caller: () => Promise.resolve(httpCaller(ctx, req, res)),
      log: res.locals.log,
      requestId: () => res.locals.requestId,
      called: (tool) => {
        res.locals.tool = tool;
      },
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}

/** A request id for a call that came by stdio. */
export const newRequestId = (): string => randomUUID();
