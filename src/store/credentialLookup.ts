import neo4j, { type Driver } from 'neo4j-driver';
import { cypher } from './cypher.js';
import { inTransaction } from './driver.js';

/** Look-ups that help match outside records (badges, diplomas) to catalogue credentials. */

export interface LookupOptions {
  database?: string | undefined;
}

/** Every credential's id and url. */
export async function credentialKeys(
  driver: Driver,
  options: LookupOptions = {},
): Promise<{ id: string; url: string | null }[]> {
  const { records } = await inTransaction(
    driver,
    'read',
    (tx) => tx.run(cypher('credentials/credential-keys')),
    options,
  );
  return records.map((r) => ({ id: r.get('id') as string, url: r.get('url') as string | null }));
}

/**
 * Credentials whose title (or description) resembles `title`, best first, through the
 * full-text index. Lucene syntax in the title is neutralised: words only.
 */
export async function similarCredentials(
  driver: Driver,
  title: string,
  options: LookupOptions & { limit?: number } = {},
): Promise<{ id: string; title: string; score: number }[]> {
  const words = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 1 && !/^(AND|OR|NOT|TO)$/.test(w));
  if (words.length === 0) return [];
  const { records } = await inTransaction(
    driver,
    'read',
    (tx) =>
      tx.run(cypher('credentials/similar-titles'), {
        text: words.join(' '),
        limit: neo4j.int(options.limit ?? 3),
      }),
    options,
  );
  return records.map((r) => ({
    id: r.get('id') as string,
    title: r.get('title') as string,
    score: Math.round((r.get('score') as number) * 1000) / 1000,
  }));
}
