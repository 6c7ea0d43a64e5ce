import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { defaultApiConfig, type ApiConfig } from '../api/context.js';
import { numberText } from '../model/index.js';
import { Role } from '../service/apiKeys.js';
import { connectStore, type Store } from '../service/store.js';
import { readSettings } from '../settings.js';
import { EXIT, guarded } from './run.js';

interface ServeOptions {
  host: string;
  port: string;
  instance: string;
  anonymous?: string;
  rateLimit: string;
  anonymousRateLimit: string;
  bodyLimit: string;
  cors?: string;
  maxInFlight: string;
  maxLagMs: string;
  maxNodes?: string;
  plannerThreads: string;
  learnerCacheMs: string;
  trustProxy?: string;
}

const DEFAULTS = {
  host: '127.0.0.1',
  rateLimit: '6000',
  anonymousRateLimit: '600',
  bodyLimit: String(256 * 1024),
  maxInFlight: '64',
  maxLagMs: '250',
  // One planning thread per core: the event loop itself mostly waits on sockets and Neo4j.
  plannerThreads: String(availableParallelism()),
  learnerCacheMs: '1000',
};

/** The options `serve` runs with when none are given (for `up --serve`). */
export const serveDefaults = (port: string): ServeOptions => ({
  ...DEFAULTS,
  port,
  instance: 'default',
});

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Subnet names express's "trust proxy" knows. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (a: string) => {
  const [address, bits, ...rest] = a.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
};

const ServeSettings = z.object({
  host: z.string().min(1),
  port: numberText(z.number().int().min(0).max(65535)),
  rateLimit: numberText(z.number().int().positive()),
  anonymousRateLimit: numberText(z.number().int().positive()),
  bodyLimit: numberText(z.number().int().positive()),
  maxInFlight: numberText(z.number().int().positive()),
  maxLagMs: numberText(z.number().int().min(0).max(60_000)),
  maxNodes: numberText(z.number().int().positive().optional()),
  plannerThreads: numberText(z.number().int().min(0).max(64)),
  learnerCacheMs: numberText(z.number().int().min(0).max(60_000)),
  anonymous: z
    .array(Role)
    .refine((roles) => roles.every((r) => r === 'read' || r === 'plan'), {
      message: 'anonymous access can only be read and/or plan, never write or admin',
    })
    .optional(),
  cors: z.array(z.string().min(1)).default([]),
  trustProxy: z
    .array(
      z
        .string()
        .refine(
          (a) => PROXY_NAMES.has(a) || isProxyAddress(a),
          'must be an IP address, a CIDR subnet (10.0.0.0/8) or loopback, linklocal, uniquelocal',
        ),
    )
    .min(1)
    .optional(),
});

/**
 * The API configuration from the command line. Anonymous access defaults to read and plan for
 * callers on this machine when the API listens on a loopback address, and to nothing when it
 * listens on any other address; `--anonymous` gives its roles to every caller. Writes, admin
 * and stored learners always need a key. A reverse proxy on this machine makes every request
 * come from loopback: `--trust-proxy` names it, and the client address is then the one its
 * X-Forwarded-For gives, so callers it forwards are not local.
 */
export function apiConfigOf(o: ServeOptions): { host: string; port: number; config: ApiConfig } {
  const s = ServeSettings.parse({
    ...o,
    anonymous:
      o.anonymous === undefined
        ? undefined
        : o.anonymous === 'none'
          ? []
          : o.anonymous.split(',').map((r) => r.trim()),
    cors: o.cors
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    trustProxy: o.trustProxy?.split(',').map((a) => a.trim()),
  });
  const anonymousRoles: Role[] = s.anonymous ?? (LOOPBACK.has(s.host) ? ['read', 'plan'] : []);
  return {
    host: s.host,
    port: s.port,
    config: defaultApiConfig({
      anonymousRoles,
      anonymousLoopbackOnly: s.anonymous === undefined,
      trustProxy: s.trustProxy ?? false,
      rateLimitPerMinute: s.rateLimit,
      anonymousRateLimitPerMinute: s.anonymousRateLimit,
      bodyLimit: s.bodyLimit,
      corsOrigins: s.cors,
      maxInFlight: s.maxInFlight,
      maxEventLoopLagMs: s.maxLagMs,
      maxNodes: s.maxNodes,
      plannerThreads: s.plannerThreads,
      learnerCacheMs: s.learnerCacheMs,
    }),
  };
}

/** `pathways serve`: the HTTP API (and its /docs page) until SIGINT or SIGTERM. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API (/v1, /openapi.json, /docs) until interrupted.')
    .option('--host <address>', 'address to listen on (loopback by default)', DEFAULTS.host)
    .option('--port <port>', 'TCP port (0 picks a free one)', process.env.PORT ?? '8080')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .option(
      '--anonymous <roles>',
      'roles callers without a key get: "read", "plan", "read,plan" or "none" (default: read,plan on loopback, none elsewhere)',
    )
    .option(
      '--rate-limit <n>',
      'requests per minute per API key (keys may carry their own)',
      DEFAULTS.rateLimit,
    )
    .option(
      '--anonymous-rate-limit <n>',
      'requests per minute per address without a key',
      DEFAULTS.anonymousRateLimit,
    )
    .option(
      '--body-limit <bytes>',
      'largest request body (catalogue imports: 50 MB)',
      DEFAULTS.bodyLimit,
    )
    .option(
      '--trust-proxy <addresses>',
      'reverse proxies whose X-Forwarded-For names the client: addresses, CIDR subnets or loopback, linklocal, uniquelocal, comma-separated (default: none)',
    )
    .option('--cors <origins>', 'browser origins allowed to call the API, comma-separated, or *')
    .option(
      '--max-in-flight <n>',
      'concurrent requests before new ones are shed with 503',
      DEFAULTS.maxInFlight,
    )
    .option(
      '--max-lag-ms <ms>',
      'median event-loop delay over a second above which new requests are shed with 503 (0: never)',
      DEFAULTS.maxLagMs,
    )
    .option('--max-nodes <n>', 'planner search nodes before the MIP solver takes over')
    .option(
      '--planner-threads <n>',
      'worker threads computing audits and plans (0: on the event loop)',
      DEFAULTS.plannerThreads,
    )
    .option(
      '--learner-cache-ms <ms>',
      "how long a stored learner's holdings are reused for planning (0: read every time)",
      DEFAULTS.learnerCacheMs,
    )
    .action(
      guarded('serve', async (o: ServeOptions) => {
        const { host, port, config } = apiConfigOf(o);
        const store = await connectStore(readSettings(), {
          instance: o.instance,
          log: (m) => process.stderr.write(`${m}\n`),
        });
        try {
          await serveUntilSignal(store, config, host, port);
        } finally {
          await store.close();
        }
        return EXIT.ok;
      }),
    );
}

/** Serves until SIGINT/SIGTERM, then finishes in-flight requests (the caller closes the store). */
export async function serveUntilSignal(
  store: Store,
  config: ApiConfig,
  host: string,
  port: number,
): Promise<void> {
  // Loaded here, not at the top: express, helmet and pino are for `serve` and `up --serve`
  // only, and every other command (a `plan` above all) starts faster without them.
  const { startServer } = await import('../api/server.js');
  const running = await startServer(store, config, { host, port });
  process.stdout.write(
    `Pathways API at ${running.url} (adviser page: ${running.url}/app/; docs: ${running.url}/docs; anonymous roles: ${config.anonymousRoles.join(', ') || 'none'}${config.anonymousRoles.length && config.anonymousLoopbackOnly ? ' for callers on this machine' : ''}; stored learners need a key).\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      void running.shutdown().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
