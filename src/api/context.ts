import type { Logger } from 'pino';
import type { ApiKeyInfo, KeyVerifier, Role } from '../service/apiKeys.js';
import type { Store } from '../service/store.js';

/** How an API process is set up (see `pathways serve --help` for the matching options). */
export interface ApiConfig {
  /** Roles anyone may use without a key; never write or admin. */
  anonymousRoles: Role[];
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
  /** Search nodes per plan before the MIP takes over (see PlanOptions.maxNodes). */
  maxNodes?: number | undefined;
}

export const defaultApiConfig = (overrides: Partial<ApiConfig> = {}): ApiConfig => ({
  anonymousRoles: [],
  rateLimitPerMinute: 6000,
  anonymousRateLimitPerMinute: 600,
  bodyLimit: 256 * 1024,
  importBodyLimit: 50 * 1024 * 1024,
  corsOrigins: [],
  maxInFlight: 64,
  ...overrides,
});

/** What route handlers get: the store, the key verifier, the settings and the logger. */
export interface ApiContext {
  store: Store;
  keys: KeyVerifier;
  config: ApiConfig;
  log: Logger;
}

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
    }
  }
}
