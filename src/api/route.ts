import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../service/apiKeys.js';
import type { ApiContext } from './context.js';
import { authorise, storedLearnerNeedsKey } from './auth.js';
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
    req: Request,
    res: Response,
  ) => Promise<Reply>;
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
      const params = parse(r.params, req.params, 'path');
      const query = parse(r.query, req.query, 'query');
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
      const body = parse(r.body, req.body as unknown, 'body');
      if (!res.locals.key && r.readsStoredLearner?.({ params, query, body }))
        throw storedLearnerNeedsKey(r.access);
      const reply = await r.handle({ params, query, body }, ctx, req, res);
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

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value === undefined && where === 'body' ? {} : value);
  if (!result.success) throw invalidRequest(where, result.error);
  return result.data;
}
