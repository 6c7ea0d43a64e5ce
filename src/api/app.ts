import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { formatPath } from '../model/index.js';
import { authenticate } from './auth.js';
import type { ApiContext } from './context.js';
import { docsCss, docsHtml, docsJs } from './docsPage.js';
import { excessNesting, MAX_BODY_NESTING, rateLimit, shedLoad } from './limits.js';
import { mcpHttp, mcpTools } from './mcp.js';
import { openApiDocument } from './openapi.js';
import { HttpProblem, problemHandler } from './problems.js';
import { mount, type Route } from './route.js';
import { analyticsRoutes } from './routes/analytics.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { importRoutes } from './routes/imports.js';
import { learnerRoutes } from './routes/learners.js';
import { planningRoutes } from './routes/planning.js';
import { systemRoutes } from './routes/system.js';
import { whatIfRoutes } from './routes/whatIf.js';
import { webApp } from './webApp.js';

/** Every operation of the API; the OpenAPI document is generated from this list. */
export const routes: readonly Route[] = [
  ...planningRoutes,
  ...catalogueRoutes,
  ...importRoutes,
  ...learnerRoutes,
  ...analyticsRoutes,
  ...whatIfRoutes,
  ...systemRoutes,
];

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

let openApiCache: string | undefined;
/** The OpenAPI document as JSON text (generated once per process). */
export function openApiJson(): string {
  return (openApiCache ??= JSON.stringify(openApiDocument(routes, { version })));
}

/**
 * The express application: request ids and access logs, security headers, CORS, load
 * shedding, authentication, per-key rate limits, then the routes; every error ends as
 * problem+json. No business logic here: handlers call the service layer.
 */
export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy: the client address (rate limits, loopback-only anonymous access)
  // is the one X-Forwarded-For names, for requests from the proxies trusted here only.
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('etag', false);
  app.use(requestContext(ctx));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  if (ctx.config.corsOrigins.length > 0)
    app.use(
      cors({
        origin: ctx.config.corsOrigins.includes('*') ? '*' : ctx.config.corsOrigins,
        exposedHeaders: [
          'X-Request-Id',
          'Retry-After',
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'Location',
        ],
        maxAge: 600,
      }),
    );

  // Liveness and the reference stay reachable under overload and without a key.
  const open = express.Router();
  mount(open, systemRoutes, ctx, bodyParsers(ctx));
  open.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApiJson());
  });
  open.get('/docs', (_req, res) => {
    res.type('html').send(docsHtml);
  });
  open.get('/docs/docs.js', (_req, res) => {
    res.type('text/javascript').send(docsJs);
  });
  open.get('/docs/docs.css', (_req, res) => {
    res.type('text/css').send(docsCss);
  });
  open.use('/app', webApp());
  // The adviser page is what a person opening the server's address wants.
  open.get('/', (_req, res) => {
    res.redirect(302, '/app/');
  });
  app.use(open);

  app.use(shedLoad(ctx));
  app.use(authenticate(ctx));
  app.use(rateLimit(ctx));
  const api = express.Router();
  mount(
    api,
    routes.filter((r) => !systemRoutes.includes(r)),
    ctx,
    bodyParsers(ctx),
  );
  app.use(api);
  // The tools of the routes marked for MCP, for AI assistants (see mcp.ts and docs/mcp.md).
  const parsers = bodyParsers(ctx);
  app.post('/mcp', parsers.default, mcpHttp(ctx, mcpTools(routes)));
  app.all('/mcp', (_req, res) => {
    res.setHeader('Allow', 'POST');
    throw new HttpProblem(
      405,
      'method-not-allowed',
      'Method not allowed',
      'MCP is served stateless here: POST one JSON-RPC message (no SSE stream, no session).',
    );
  });
  app.use((req, res) => {
    const allowed = methodsAt(req.path);
    if (allowed.length === 0)
      throw new HttpProblem(404, 'not-found', 'Not found', `No route ${req.method} ${req.path}.`);
    res.setHeader('Allow', allowed.join(', '));
    throw new HttpProblem(
      405,
      'method-not-allowed',
      'Method not allowed',
      `${req.method} is not supported here; use ${allowed.join(', ')}.`,
    );
  });
  app.use(problemHandler);
  return app;
}

/** JSON bodies only (415 otherwise), with the size limit of the route's kind (413 beyond). */
function bodyParsers(ctx: ApiContext): Record<'default' | 'import', RequestHandler> {
  const make = (limit: number): RequestHandler => {
    const json = express.json({
      limit,
      strict: false,
      type: ['application/json', 'application/*+json'],
    });
    return (req, res, next) => {
      const hasBody =
        req.headers['transfer-encoding'] !== undefined ||
        Number(req.headers['content-length'] ?? 0) > 0;
      if (hasBody && !req.is(['application/json', 'application/*+json']))
        throw new HttpProblem(
          415,
          'unsupported-media-type',
          'Unsupported media type',
          'Send the body as application/json.',
        );
      json(req, res, (err?: unknown) => {
        if (err !== undefined) {
          next(err);
          return;
        }
        // Before any validation walks the body: a value nested deeper than this is refused
        // here, naming the field it is under and the limit, whatever its depth.
        const tooDeep = excessNesting(req.body);
        if (tooDeep === undefined) {
          next();
          return;
        }
        const field = formatPath(tooDeep.slice(0, 1));
        const message = `nests arrays and objects more than ${MAX_BODY_NESTING} levels deep (the limit for a request body)`;
        next(
          new HttpProblem(
            400,
            'invalid-request',
            'The request is not valid',
            `body ${field}: ${message}`,
            {
              errors: [{ in: 'body', path: field, message }],
            },
          ),
        );
      });
    };
  };
  return { default: make(ctx.config.bodyLimit), import: make(ctx.config.importBodyLimit) };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A request id for every request (the caller's `X-Request-Id` when it is sane), echoed in the
 * response and in every log line; one access-log line per request. Logs carry method, route,
 * status, duration and the key id, never bodies, holdings or credentials.
 */
function requestContext(ctx: ApiContext): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = ctx.log.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      res.locals.log.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          ...(res.locals.key ? { key: res.locals.key.id } : {}),
          ...(res.locals.tool ? { tool: res.locals.tool } : {}),
          ...(res.locals.problem ? { problem: res.locals.problem } : {}),
        },
        'request',
      );
    });
    next();
  };
}

const routePatterns = routes.map((r) => ({
  method: r.method.toUpperCase(),
  pattern: new RegExp(`^${r.path.replace(/:[A-Za-z_]\w*/g, '[^/]+')}/?$`),
}));

/** The methods the API answers at a path (HEAD with GET), for 405 and its Allow header. */
function methodsAt(path: string): string[] {
  const methods = routePatterns.filter((r) => r.pattern.test(path)).map((r) => r.method);
  if (methods.includes('GET')) methods.push('HEAD');
  return methods;
}
