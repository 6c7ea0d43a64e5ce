import type { Logger } from 'pino';
import { KeyVerifier, type ApiKeyInfo, type Role } from '../service/apiKeys.js';
import { LearnerCache } from '../service/learnerCache.js';
import { storedLearnerRecords } from '../service/planning.js';
import { inlineEngine, PlanningThreads, type PlanningEngine } from '../service/planningThreads.js';
import type { Store } from '../service/store.js';

/** How an API process is set up (see `pathways serve --help` for the matching options). */
export interface ApiConfig {
  /**
   * Roles callers without a key get; never write or admin, and never a stored learner's
   * records (those always need a key, see Route.readsStoredLearner).
   */
  anonymousRoles: Role[];
  /**
   * When true, anonymousRoles apply only to callers on a loopback address (this host), as
   * the address is seen after `trustProxy`; others need a key.
   */
  anonymousLoopbackOnly: boolean;
  /**
   * Reverse proxies trusted to say who the client is: addresses, CIDR subnets or the names
   * `loopback`, `linklocal`, `uniquelocal` (express's "trust proxy"). A request from one of
   * them is taken to come from the address its X-Forwarded-For names; false trusts none, so
   * every request comes from the address that connected.
   */
  trustProxy: string[] | false;
  /** Requests per minute per key (keys may carry their own limit). */
  rateLimitPerMinute: number;
  /** Requests per minute per client address for anonymous callers. */
  anonymousRateLimitPerMinute: number;
  /** Largest request body, in bytes (whole-catalogue imports: `importBodyLimit`). */
  bodyLimit: number;
  importBodyLimit: number;
  /** Allowed browser origins for CORS; empty disables CORS, `*` allows any. */
  corsOrigins: string[];
  /** Requests handled at once before new ones are shed with 503. */
  maxInFlight: number;
  /**
   * Median event-loop delay over the last second (ms) above which new requests are shed with
   * 503 (0: never on delay). An API that shares its process with other work (the tests) turns
   * it off: the delay it would measure is that work's, not its own.
   */
  maxEventLoopLagMs: number;
  /** Search nodes per plan before the MIP takes over (see PlanOptions.maxNodes). */
  maxNodes?: number | undefined;
  /**
   * Worker threads that compute audits, plans and ladders; 0 computes them on the event loop.
   * `pathways serve` defaults to one per core.
   */
  plannerThreads: number;
  /**
   * How long a stored learner's holdings, once read, are reused for audits and plans (ms; 0
   * reads them every time). `pathways serve` defaults to 1000: the same second of staleness
   * another process's catalogue write has (see LearnerCache).
   */
  learnerCacheMs: number;
}

export const defaultApiConfig = (overrides: Partial<ApiConfig> = {}): ApiConfig => ({
  anonymousRoles: [],
  anonymousLoopbackOnly: false,
  trustProxy: false,
  rateLimitPerMinute: 6000,
  anonymousRateLimitPerMinute: 600,
  bodyLimit: 256 * 1024,
  importBodyLimit: 50 * 1024 * 1024,
  corsOrigins: [],
  maxInFlight: 64,
  maxEventLoopLagMs: 250,
  plannerThreads: 0,
  learnerCacheMs: 0,
  ...overrides,
});

/**
 * What route handlers get: the store, where the engine runs, the learner cache, the key
 * verifier, the settings and the logger.
 */
export interface ApiContext {
  store: Store;
  engine: PlanningEngine;
  /** Stored learners' holdings for planning (writes through this process forget them). */
  learners: LearnerCache;
  keys: KeyVerifier;
  config: ApiConfig;
  log: Logger;
}

/** The context of an API process: planning threads (if configured), learner cache, keys. */
export function apiContext(store: Store, config: ApiConfig, log: Logger): ApiContext {
  return {
    store,
    engine:
      config.plannerThreads > 0
        ? new PlanningThreads({ threads: config.plannerThreads })
        : inlineEngine,
    learners: new LearnerCache((id) => storedLearnerRecords(store, id), {
      ttlMs: config.learnerCacheMs,
    }),
    config,
    log,
    keys: new KeyVerifier(store.driver, { database: store.database }),
  };
}

/** Stops what apiContext started (the planning threads); the store is the caller's. */
export const closeApiContext = (ctx: ApiContext): Promise<void> => ctx.engine.close();

declare global {
  // Express's per-response locals, typed for this API.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      log: Logger;
      /** The authenticated key; undefined for anonymous callers. */
      key?: ApiKeyInfo | undefined;
      /** Problem type of an error answer, for the access log. */
      problem?: string;
      /** The MCP tool a POST /mcp called, for the access log. */
      tool?: string;
    }
  }
}
