/**
 * Just enough JSON-LD for CTDL as it is written in the wild: property names as expanded IRIs
 * (`https://purl.org/ctdl/terms/name`), compact IRIs (`ceterms:name`, `ceasn:hasChild`,
 * `:hasCondition`), bare names (`name`, with the credreg context's `id`/`type` aliases) or
 * PascalCase (`Name`, the Assistant API). All of these become the bare local name, so the
 * mapper reads one vocabulary. No context is fetched: CTDL terms are unambiguous by local name.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = Record<string, Json>;

/** The local name of an IRI, compact IRI or bare name. */
export function localName(iri: string): string {
  return iri.replace(/^.*[/#:]/, '');
}

function propertyName(key: string): string {
  if (key.startsWith('@')) return key;
  const local = localName(key);
  const name = local.charAt(0).toLowerCase() + local.slice(1);
  return name === 'id' ? '@id' : name === 'type' ? '@type' : name;
}

/** A copy of a JSON value with every property name reduced to its CTDL local name. */
export function normalize(value: unknown): Json {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const name = propertyName(k);
      // The first spelling wins when a file mixes two (rare; both usually agree).
      if (!(name in out)) out[name] = normalize(v);
    }
    return out;
  }
  return value as Json;
}

export const isObj = (v: Json | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a list (JSON-LD allows one value or an array). */
export const many = (v: Json | undefined): Json[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/** The local name of a node's (first) type, e.g. "CredentialComponent". */
export function typeOf(node: Obj): string | undefined {
  const t = many(node['@type']).find((x) => typeof x === 'string');
  return typeof t === 'string' ? localName(t) : undefined;
}

/** Text from a string, a language map (`{"en": ...}`, `{"@en-US": ...}`) or `@value`. */
export function text(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    for (const item of v) {
      const t = text(item);
      if (t) return t;
    }
    return undefined;
  }
  if (isObj(v)) {
    if ('@value' in v) return text(v['@value']);
    const entries = Object.entries(v);
    const english = entries.find(([k]) => k.replace(/^@/, '').toLowerCase().startsWith('en'));
    for (const [, value] of english ? [english, ...entries] : entries) {
      const t = text(value);
      if (t) return t;
    }
  }
  return undefined;
}

/** A number from a number or a numeric string. */
export function num(v: Json | undefined): number | undefined {
  const first = many(v)[0];
  if (typeof first === 'number') return first;
  if (typeof first === 'string' && first.trim() !== '' && Number.isFinite(Number(first)))
    return Number(first);
  if (isObj(first) && '@value' in first) return num(first['@value']);
  return undefined;
}

/** Node references: strings, `{"@id": ...}` objects or embedded nodes with an id. */
export function refs(v: Json | undefined): (string | Obj)[] {
  return many(v).flatMap((x): (string | Obj)[] =>
    typeof x === 'string' ? [x] : isObj(x) ? [x] : [],
  );
}

/**
 * An enumeration value (`":and"`, `"ceterms:And"`, `"logical:Or"`, `{"@id": ...}`, or a
 * CredentialAlignmentObject's `targetNode`) as lower-case local name.
 */
export const term = (v: Json | undefined): string | undefined => {
  const first = many(v)[0];
  const t = isObj(first)
    ? (text(first['@id']) ?? text(first.targetNode) ?? text(first.targetNodeName) ?? text(first))
    : text(first);
  return t === undefined ? undefined : localName(t).toLowerCase();
};
