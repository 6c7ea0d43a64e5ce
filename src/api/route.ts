import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Role } from '../service/apiKeys.js';
import type { ApiContext } from './context.js';
import { authorise, httpCaller, storedLearnerNeedsKey, type Caller } from './auth.js';
import { HttpProblem, invalidRequest } from './problems.js';

/**
 * One operation of the API, declared once: express routing, request validation, access
 * control and the OpenAPI document are all derived from it, so they cannot drift apart.
 */
export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express path, `:name` for parameters. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it: a role, or `public` (health checks, docs). */
  access: Role | 'public';
  /**
   * Whether this request reads a stored learner's holdings (given the validated input). Such
   * a request needs a key with the route's role whatever anonymous callers may do: learners'
   * records are personal data, never open to callers without a key, on any address.
   */
  readsStoredLearner?: (input: {
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
  }) => boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** The body as documented, when validation is left to the use case (e.g. imports). */
  documentedBody?: z.ZodType;
  /** False when the body may be left out (every field has a default). */
  bodyRequired?: boolean;
  /** Body size limit for this route, when not the default. */
  bodyLimit?: 'default' | 'import';
  /**
   * Also offered to AI assistants as a Model Context Protocol tool of this name (see mcp.ts):
   * its input is the path, query and body fields in one object, validated by these schemas.
   */
  mcp?: { name: string };
  responses: Record<
    number,
    {
      description: string;
      schema?: z.ZodType;
      contentType?: string;
      /** Other media types the same answer can be rendered as (plain text). */
      alsoAs?: string[];
    }
  >;
  handle: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    ctx: ApiContext,
    req: CallRequest,
    res: CallResponse,
  ) => Promise<Reply>;
}

/**
 * What a handler may ask of the call it serves, over HTTP (express's request and response
 * are these) or as an MCP tool: the media type wanted, and the call's logger.
 */
export interface CallRequest {
  accepts(types: string[]): string | false;
}
export interface CallResponse {
  locals: { log: Logger };
}

/** A request's three parts, before validation. */
export interface RawInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

export interface Reply {
  /** A rendering other than JSON (CSV, Markdown...), chosen by content negotiation. */
  text?: { contentType: string; body: string };
  /** The JSON body already serialized (where it was computed, e.g. a planning thread). */
  json?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Keeps the type parameters of one route while building a heterogeneous list. */
export const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  r: Route<P, Q, B>,
): Route => r;

/** Registers routes on a router: authorise, validate, run, answer JSON. */
export function mount(
  router: Router,
  routes: readonly Route[],
  ctx: ApiContext,
  bodyParsers: Record<'default' | 'import', RequestHandler>,
): void {
  for (const r of routes) {
    const handlers: RequestHandler[] = [authorise(r.access, ctx)];
    if (r.body) handlers.push(bodyParsers[r.bodyLimit ?? 'default']);
    handlers.push(async (req, res) => {
      if (r.body && r.bodyRequired !== false && req.body === undefined)
        throw new HttpProblem(
          400,
          'invalid-request',
          'The request is not valid',
          'a JSON body is required',
          {
            errors: [{ in: 'body', path: '(body)', message: 'a JSON body is required' }],
          },
        );
      const reply = await run(
        r,
        { params: req.params, query: req.query, body: req.body as unknown },
        httpCaller(ctx, req, res),
        ctx,
        req,
        res,
      );
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.status(reply.status ?? 200);
      if (reply.text) res.type(reply.text.contentType).send(reply.text.body);
      else if (reply.json !== undefined) res.type('application/json').send(reply.json);
      else if (reply.body === undefined) res.end();
      else res.type('application/json').send(JSON.stringify(reply.body));
    });
    router[r.method](r.path, ...handlers);
  }
}

/**
 * One call of a route once its caller is let in: validate each part (400 naming every
 * field), refuse a stored learner to a caller without a key, run the handler. The one code
 * path of both the HTTP routes and the MCP tools.
 */
export async function run(
  r: Route,
  raw: RawInput,
  caller: Caller,
  ctx: ApiContext,
  req: CallRequest,
  res: CallResponse,
): Promise<Reply> {
  const params = parse(r.params, raw.params, 'path');
  const query = parse(r.query, raw.query, 'query');
  const body = parse(r.body, raw.body, 'body');
  if (!caller.key && r.readsStoredLearner?.({ params, query, body }))
    throw storedLearnerNeedsKey(r.access);
  return r.handle({ params, query, body }, ctx, req, res);
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value === undefined && where === 'body' ? {} : value);
  if (!result.success) throw invalidRequest(where, result.error);
  return result.data;
}
