import type { Driver } from 'neo4j-driver';
import { cypher } from './cypher.js';
import { inTransaction, int, readOnce } from './driver.js';

/** What is stored of an API key: never the secret, only its hash. */
export interface StoredApiKey {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt?: string | undefined;
  /** Requests per minute allowed to this key; the server default when absent. */
  rateLimit?: number | undefined;
}

interface Options {
  database?: string | undefined;
}

function keyOf(record: Record<string, unknown>): StoredApiKey {
  const { id, name, role, createdAt, revokedAt, rateLimit } = record as unknown as StoredApiKey;
  return {
    id,
    name,
    role,
    createdAt,
    ...(revokedAt ? { revokedAt } : {}),
    ...(typeof rateLimit === 'number' ? { rateLimit } : {}),
  };
}

export async function insertApiKey(
  driver: Driver,
  key: StoredApiKey & { hash: string },
  options: Options = {},
): Promise<StoredApiKey> {
  const { records } = await inTransaction(
    driver,
    'write',
    (tx) =>
      tx.run(cypher('keys/create-key'), {
        id: key.id,
        name: key.name,
        role: key.role,
        hash: key.hash,
        createdAt: key.createdAt,
        rateLimit: key.rateLimit === undefined ? null : int(key.rateLimit),
      }),
    options,
  );
  return keyOf(records[0]!.get('key') as Record<string, unknown>);
}

/** The key with this id, with its hash, or undefined. */
export async function findApiKey(
  driver: Driver,
  id: string,
  options: Options = {},
): Promise<(StoredApiKey & { hash: string }) | undefined> {
  // On the request path (after the verifier's cache): one read, no retries (see readOnce).
  const records = await readOnce(driver, cypher('keys/find-key'), { id }, options.database);
  const record = records[0]?.get('key') as (Record<string, unknown> & { hash: string }) | undefined;
  return record && { ...keyOf(record), hash: record.hash };
}

export async function listApiKeys(driver: Driver, options: Options = {}): Promise<StoredApiKey[]> {
  const { records } = await inTransaction(
    driver,
    'read',
    (tx) => tx.run(cypher('keys/list-keys')),
    options,
  );
  return records.map((r) => keyOf(r.get('key') as Record<string, unknown>));
}

/** Marks a key revoked (idempotent); undefined when there is no such key. */
export async function revokeApiKey(
  driver: Driver,
  id: string,
  revokedAt: string,
  options: Options = {},
): Promise<StoredApiKey | undefined> {
  const { records } = await inTransaction(
    driver,
    'write',
    (tx) => tx.run(cypher('keys/revoke-key'), { id, revokedAt }),
    options,
  );
  const record = records[0]?.get('key') as Record<string, unknown> | undefined;
  return record && keyOf(record);
}
