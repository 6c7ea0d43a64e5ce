import type { Driver } from 'neo4j-driver';
import { credentialChange, logCatalogueChange } from './changeLog.js';
import { cypher } from './cypher.js';
import { inTransaction, int } from './driver.js';
import { unflattenPolicy } from './priorLearning.js';

/**
 * Catalogue look-ups for browsing (the HTTP API's reads): filtered listings in id order and
 * full-text searches in relevance order, both paged with keyset cursors so a page costs the
 * same wherever it is in the listing.
 */

export interface PageRequest {
  /** Rows per page. */
  limit: number;
  /** The position after which to continue (from the previous page). */
  after?: Position | undefined;
}

/** Where a page ended: the last id, and for relevance-ordered searches its score. */
export interface Position {
  id: string;
  score?: number | undefined;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; undefined at the end. */
  next?: Position | undefined;
}

export interface CredentialFilter {
  text?: string | undefined;
  kind?: string | undefined;
  provider?: string | undefined;
  eqfLevel?: number | undefined;
  qualification?: boolean | undefined;
  skill?: string | undefined;
}

interface QueryOptions {
  database?: string | undefined;
}

/**
 * Lucene treats `+ - && || ! ( ) { } [ ] ^ " ~ * ? : \ /` as syntax; a person's search words
 * are matched literally (each word may appear anywhere, as a prefix of a longer one too).
 */
export function fulltextQuery(text: string): string {
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, '\\$&'))
    .filter(Boolean);
  return words.map((w) => `${w}*`).join(' AND ');
}

async function paged<T>(
  driver: Driver,
  statement: string,
  params: Record<string, unknown>,
  column: string,
  page: PageRequest,
  options: QueryOptions,
): Promise<Page<T>> {
  const { records } = await inTransaction(
    driver,
    'read',
    (tx) =>
      tx.run(cypher(statement), {
        ...params,
        after: page.after?.id ?? null,
        afterScore: page.after?.score ?? null,
        limit: int(page.limit + 1),
      }),
    options,
  );
  const rows = records.map((r) => ({
    item: r.get(column) as T & { id: string },
    score: r.has('score') ? (r.get('score') as number) : undefined,
  }));
  const items = rows.slice(0, page.limit);
  const last = rows.length > page.limit ? items[items.length - 1] : undefined;
  return {
    items: items.map((r) => withoutNulls(r.item)),
    next: last && { id: last.item.id, score: last.score },
  };
}

/** Credentials matching every given filter. */
export function searchCredentials(
  driver: Driver,
  filter: CredentialFilter,
  page: PageRequest,
  options: QueryOptions = {},
): Promise<Page<Record<string, unknown>>> {
  const params = {
    kind: filter.kind ?? null,
    provider: filter.provider ?? null,
    eqfLevel: filter.eqfLevel === undefined ? null : int(filter.eqfLevel),
    qualification: filter.qualification ?? null,
    skill: filter.skill ?? null,
  };
  const text = filter.text === undefined ? '' : fulltextQuery(filter.text);
  return text
    ? paged(
        driver,
        'queries/search-credentials-text',
        { ...params, text },
        'credential',
        page,
        options,
      )
    : paged(driver, 'queries/search-credentials', params, 'credential', page, options);
}

/** ESCO skills (and skill groups) or occupations, by label or alternative label. */
export async function searchConcepts(
  driver: Driver,
  kind: 'skills' | 'occupations',
  text: string | undefined,
  page: PageRequest,
  options: QueryOptions = {},
): Promise<Page<Record<string, unknown>>> {
  const labels = kind === 'skills' ? ['Skill', 'SkillGroup'] : ['Occupation'];
  const query = text === undefined ? '' : fulltextQuery(text);
  const result = await (query
    ? paged<Concept>(
        driver,
        'queries/search-concepts-text',
        { labels, text: query },
        'concept',
        page,
        options,
      )
    : paged<Concept>(driver, 'queries/list-concepts', { labels }, 'concept', page, options));
  // One query serves both kinds; each kind keeps only its own fields.
  const fields = kind === 'skills' ? SKILL_FIELDS : OCCUPATION_FIELDS;
  return {
    ...result,
    items: result.items.map((c) =>
      Object.fromEntries(Object.entries(c).filter(([k]) => fields.includes(k))),
    ),
  };
}

type Concept = Record<string, unknown> & { id: string };
const SKILL_FIELDS = ['id', 'label', 'group', 'skillType', 'altLabels'];
const OCCUPATION_FIELDS = ['id', 'label', 'iscoGroup', 'altLabels'];

/** Providers, each with its prior-learning policy gathered back from the node's flat properties. */
export async function listProviders(
  driver: Driver,
  page: PageRequest,
  options: QueryOptions = {},
): Promise<Page<Record<string, unknown>>> {
  const result = await paged<Record<string, unknown>>(
    driver,
    'queries/list-providers',
    {},
    'provider',
    page,
    options,
  );
  return { ...result, items: result.items.map(unflattenPolicy) };
}

/** How many credentials the graph holds (`pathways up` loads the seed when none). */
export async function credentialCount(driver: Driver, options: QueryOptions = {}): Promise<number> {
  const { records } = await inTransaction(
    driver,
    'read',
    (tx) => tx.run(cypher('catalogue/count-credentials')),
    options,
  );
  return records[0]?.get('credentials') as number;
}

/** What refers to a credential (undefined when there is no such credential). */
export async function credentialReferences(
  driver: Driver,
  id: string,
  options: QueryOptions = {},
): Promise<{ ruleOwners: string[]; recognitions: string[]; holders: number } | undefined> {
  const { records } = await inTransaction(
    driver,
    'read',
    (tx) => tx.run(cypher('queries/credential-references'), { id }),
    options,
  );
  const r = records[0];
  if (!r) return undefined;
  return {
    ruleOwners: [...new Set(r.get('ruleOwners') as string[])].sort(),
    recognitions: r.get('recognitions') as string[],
    holders: r.get('holders') as number,
  };
}

/**
 * Deletes one credential (its rule trees and links with it, STACKS_INTO included) and bumps
 * the catalogue version (logging the removal, changeLog.ts), in one transaction. Returns the
 * new version, or undefined when there was no such credential.
 */
export async function deleteCredential(
  driver: Driver,
  id: string,
  options: QueryOptions = {},
): Promise<number | undefined> {
  return inTransaction(
    driver,
    'write',
    async (tx) => {
      const deleted = await tx.run(cypher('queries/delete-credential'), { id });
      if ((deleted.records[0]?.get('deleted') as number) === 0) return undefined;
      // Its links went with it (DETACH DELETE); no other credential's STACKS_INTO changes.
      const version = await tx.run(cypher('catalogue/bump-version'));
      await logCatalogueChange(tx, credentialChange([], [id]));
      return version.records[0]?.get('version') as number;
    },
    options,
  );
}

/** Cypher maps return absent properties as null; the API's schemas say "optional" instead. */
function withoutNulls<T>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record as Record<string, unknown>))
    if (v !== null) out[k] = v;
  return out as T;
}
