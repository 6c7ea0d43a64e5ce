import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Store } from '../service/store.js';
import { createApp } from './app.js';
import { apiContext, closeApiContext, type ApiConfig } from './context.js';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), then closes. */
  shutdown(graceMs?: number): Promise<void>;
}

/** Log lines are written once this many bytes are buffered, or every LOG_FLUSH_MS. */
const LOG_BUFFER_BYTES = 8 * 1024;
const LOG_FLUSH_MS = 250;

/**
 * A JSON logger on stderr; never given request bodies or keys (see app.ts). Lines are
 * buffered and written asynchronously, at most LOG_FLUSH_MS late: one write per access-log line
 * cost the event loop 7% of its time at 600 plans/s (synchronous) and 0.13 ms per request
 * (asynchronous). Shutdown flushes what is buffered.
 */
export function apiLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const destination = pino.destination({ dest: 2, sync: false, minLength: LOG_BUFFER_BYTES });
  setInterval(() => {
    destination.flush();
  }, LOG_FLUSH_MS).unref();
  return pino(
    { level, base: { service: 'pathways-api' }, redact: ['req.headers.authorization', 'holdings'] },
    destination,
  );
}

/**
 * Serves the API on `host:port`. The store may still be connecting: readiness reports it,
 * and requests that need Neo4j get 503 until it answers.
 */
export async function startServer(
  store: Store,
  config: ApiConfig,
  options: { host: string; port: number; log?: Logger },
): Promise<RunningServer> {
  const log = options.log ?? apiLogger();
  const ctx = apiContext(store, config, log);
  const app = createApp(ctx);
  // Warm-up in the background: the catalogue projection, the planning threads and solver.
  void store
    .ready()
    .then(() => store.projection.current())
    .then((graph) => ctx.engine.prepare(graph))
    .catch((err: unknown) => {
      // Not fatal: requests load what they need (and answer 503 while Neo4j is down).
      log.warn({ err: (err as Error).message }, 'warm-up not finished');
    });
  // Long query strings (cursors, search text) are answered 400 by validation rather than
  // cut off by Node's 16 KB header limit.
  const server = createServer({ maxHeaderSize: 96 * 1024 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 60_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    shutdown: (graceMs = 10_000) =>
      (closing ??= new Promise<void>((resolve) => {
        log.info('shutting down: finishing in-flight requests');
        const force = setTimeout(() => {
          server.closeAllConnections();
        }, graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          void closeApiContext(ctx).then(() => {
            log.flush(() => {
              resolve();
            });
          });
        });
        server.closeIdleConnections();
      })),
  };
}
