import { recognitionKey, recognitionLabel, type CatalogueDocument } from './catalogue.js';
import { storedIssue, type CatalogueIssue } from './references.js';

/**
 * What the graph will hold after importing `incoming` on top of `stored`: imports are upserts,
 * so each incoming record replaces the stored record of the same kind and id, and the rest of
 * the stored catalogue stays. Validating this union (not only the incoming document) catches
 * what no single document shows: an id already used by another kind of record, a rule naming a
 * credential another import removed, an entry-rule cycle closed across two imports.
 */

type Kind = Exclude<keyof CatalogueDocument, 'format' | 'name'>;
const KINDS: Kind[] = [
  'providers',
  'credentials',
  'learningOutcomes',
  'skills',
  'occupations',
  'iscoGroups',
  'recognitions',
  'creditConversions',
  'learners',
];

/** Recognitions have no id of their own: a pair of credentials is their identity. */
function keyOf(kind: Kind, record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  if (kind === 'recognitions')
    return typeof r.from === 'string' &&
      (typeof r.to === 'string' || (typeof r.towards === 'object' && r.towards !== null))
      ? recognitionKey(r as Parameters<typeof recognitionKey>[0])
      : undefined;
  // A credit conversion is identified by the system it converts from.
  if (kind === 'creditConversions') return typeof r.from === 'string' ? r.from : undefined;
  return typeof r.id === 'string' ? r.id : undefined;
}

export interface MergedCatalogue {
  /** The union, unvalidated: incoming records are taken as given, to be validated with it. */
  document: unknown;
  /**
   * Maps an issue found in the union back to the incoming document when it is about an
   * incoming record, or says which stored record it is about otherwise.
   */
  locate: (issue: CatalogueIssue) => CatalogueIssue;
}

/**
 * Merges a raw (not yet validated) incoming document into the stored catalogue, so one
 * validation of the union reports the document's own problems and its conflicts with what is
 * stored, each at its path in the incoming document.
 */
export function mergeCatalogues(stored: CatalogueDocument, incoming: unknown): MergedCatalogue {
  if (typeof incoming !== 'object' || incoming === null || Array.isArray(incoming))
    return { document: incoming, locate: (issue) => issue };
  const document: Record<string, unknown> = { ...(incoming as Record<string, unknown>) };
  // For each kind: position in the union -> position in the incoming document (or undefined).
  const origins = new Map<string, (number | undefined)[]>();
  for (const kind of KINDS) {
    const fresh = document[kind] ?? [];
    if (!Array.isArray(fresh)) continue; // reported by validation at its own path
    // First occurrence only: a duplicate inside the document stays a duplicate in the union.
    const freshIndex = new Map<string, number>();
    fresh.forEach((r: unknown, i) => {
      const key = keyOf(kind, r);
      if (key !== undefined && !freshIndex.has(key)) freshIndex.set(key, i);
    });
    const merged: unknown[] = [];
    const origin: (number | undefined)[] = [];
    const replaced = new Set<number>();
    for (const record of stored[kind] ?? []) {
      const i = freshIndex.get(keyOf(kind, record)!);
      merged.push(i === undefined ? record : fresh[i]);
      origin.push(i);
      if (i !== undefined) replaced.add(i);
    }
    fresh.forEach((record: unknown, i) => {
      if (replaced.has(i)) return;
      merged.push(record);
      origin.push(i);
    });
    document[kind] = merged;
    origins.set(kind, origin);
  }

  const locate = (issue: CatalogueIssue): CatalogueIssue => {
    const [kind, index, ...rest] = issue.path;
    const origin = origins.get(String(kind));
    if (!origin || typeof index !== 'number') return issue;
    const incomingIndex = origin[index];
    if (incomingIndex !== undefined) return { ...issue, path: [kind!, incomingIndex, ...rest] };
    const record = (document[String(kind)] as unknown[])[index];
    const label =
      kind === 'recognitions'
        ? recognitionLabel(record as Parameters<typeof recognitionLabel>[0])
        : (keyOf(kind as Kind, record) ?? String(index));
    return storedIssue(String(kind), label, issue.message);
  };
  return { document, locate };
}
