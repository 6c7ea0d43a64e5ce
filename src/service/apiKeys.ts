import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { z } from 'zod';
import {
  findApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type StoredApiKey,
} from '../store/apiKeys.js';

/**
 * API keys. A key is `pw_<id>_<secret>`: the id finds the record, the secret (32 random
 * bytes) proves possession. Only a SHA-256 of the secret is stored: with this much entropy a
 * fast hash is enough (a slow password hash protects guessable secrets, which these are not).
 *
 * Roles are ordered: each includes the ones before it.
 *   read  - catalogue look-ups
 *   plan  - audits, plans and ladders; reading stored learners
 *   write - catalogue edits (one credential), creating and deleting learners
 *   admin - whole-catalogue imports
 */
export const Role = z.enum(['read', 'plan', 'write', 'admin']);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { read: 0, plan: 1, write: 2, admin: 3 };

/** Whether a key with role `held` may do what needs `needed`. */
export const allows = (held: Role, needed: Role): boolean => RANK[held] >= RANK[needed];

export interface ApiKeyInfo extends StoredApiKey {
  role: Role;
}

const TOKEN = /^pw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Creates a key; the returned token is shown once and cannot be recovered later. */
export async function createApiKey(
  driver: Driver,
  spec: { name: string; role: Role; rateLimit?: number | undefined; now?: Date },
  options: { database?: string | undefined } = {},
): Promise<{ token: string; key: ApiKeyInfo }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const key = await insertApiKey(
    driver,
    {
      id,
      name: spec.name,
      role: spec.role,
      hash: hashOf(secret),
      createdAt: (spec.now ?? new Date()).toISOString(),
      rateLimit: spec.rateLimit,
    },
    options,
  );
  return { token: `pw_${id}_${secret}`, key: { ...key, role: spec.role } };
}

export async function listKeys(
  driver: Driver,
  options: { database?: string | undefined } = {},
): Promise<ApiKeyInfo[]> {
  return (await listApiKeys(driver, options)).map((k) => ({ ...k, role: Role.parse(k.role) }));
}

export async function revokeKey(
  driver: Driver,
  id: string,
  options: { database?: string | undefined; now?: Date } = {},
): Promise<ApiKeyInfo | undefined> {
  const key = await revokeApiKey(driver, id, (options.now ?? new Date()).toISOString(), options);
  return key && { ...key, role: Role.parse(key.role) };
}

/**
 * Checks bearer tokens against the stored keys, remembering answers for `ttlMs` so a busy
 * API does not ask Neo4j on every request. A revocation made by another process therefore
 * takes effect within `ttlMs`; one made through `forget` at once.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { key: ApiKeyInfo | undefined; at: number }>();

  constructor(
    private readonly driver: Driver,
    private readonly options: {
      database?: string | undefined;
      ttlMs?: number;
      now?: () => number;
    } = {},
  ) {}

  /** The active key a token proves, or undefined for a malformed, unknown or revoked one. */
  async verify(token: string): Promise<ApiKeyInfo | undefined> {
    const match = TOKEN.exec(token);
    if (!match) return undefined;
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(token);
    if (cached && now - cached.at < (this.options.ttlMs ?? 5000)) return cached.key;
    const stored = await findApiKey(this.driver, match[1]!, this.options);
    const key =
      stored && !stored.revokedAt && sameHash(stored.hash, hashOf(match[2]!))
        ? { ...withoutHash(stored), role: Role.parse(stored.role) }
        : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { key, at: now });
    return key;
  }

  /** Drops what is remembered of a key id (after revoking it in this process). */
  forget(id: string): void {
    for (const [token, entry] of this.cache)
      if (token.startsWith(`pw_${id}_`) || entry.key?.id === id) this.cache.delete(token);
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function withoutHash(key: StoredApiKey & { hash: string }): StoredApiKey {
  const { hash: _hash, ...rest } = key;
  return rest;
}
