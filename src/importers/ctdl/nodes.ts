import { isObj, normalize, typeOf, type Json, type Obj } from '../jsonld.js';

/**
 * The nodes of one import (a publication: one or several files), by id: every typed object
 * in `@graph`s, top-level arrays or concatenated documents, and every typed object embedded
 * with an `@id` (conditions, organisations, learning opportunities written inline). Blank
 * nodes (`_:x`) are only unique within a file, so every `_:` string (ids and references
 * alike) is namespaced with the file name; typed top-level objects without an id get one
 * from their position.
 *
 * A node described twice is merged: properties only one occurrence has are kept; a property
 * the two give different values is reported naming both occurrences (file and position), and
 * the first one (in file order, then document order) is kept. So every file of the import
 * reads the same node, whichever file it came from.
 */

/** Where a node was described: its file and its JSON position there. */
export interface Occurrence {
  file: string;
  at: string;
}

export interface IndexWarning {
  file: string;
  node: string;
  message: string;
}

export interface NodeIndex {
  /** Nodes by (namespaced) id, property names reduced to CTDL local names, merged. */
  nodes: Map<string, Obj>;
  /** Every id, in file order then document order. */
  order: string[];
  /** Where each node was first described. */
  origin: Map<string, Occurrence>;
  /** The ids each file describes (first or again), in document order. */
  fileOrder: Map<string, string[]>;
  /** Nodes described twice with different values (naming both occurrences). */
  warnings: IndexWarning[];
  /** A reference (an id string, `{"@id"}` or an embedded node) as an id and, when known, its node. */
  resolve: (ref: string | Obj) => { id: string; node?: Obj | undefined };
}

export interface SourceFile {
  name: string;
  documents: unknown[];
}

export const namespaceOf = (fileName: string) =>
  `urn:pathways:ctdl:${fileName.replace(/\s+/g, '-')}`;

/** Every `_:x` string in a value as `<namespace>#x`. */
function namespaced(value: Json, namespace: string): Json {
  if (typeof value === 'string')
    return value.startsWith('_:') ? `${namespace}#${value.slice(2)}` : value;
  if (Array.isArray(value)) return value.map((v) => namespaced(v, namespace));
  if (isObj(value)) {
    const out: Obj = {};
    // Type names are not node ids (UC18 writes "_:Constraint" for a type).
    for (const [k, v] of Object.entries(value))
      out[k] = k === '@type' || k === '@context' ? v : namespaced(v, namespace);
    return out;
  }
  return value;
}

/** A value with embedded nodes reduced to their ids, to compare two descriptions. */
function reduced(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(reduced);
    return items.length === 1 ? items[0]! : items;
  }
  if (isObj(value)) {
    if (typeof value['@id'] === 'string') return value['@id'];
    const out: Obj = {};
    for (const k of Object.keys(value).sort()) out[k] = reduced(value[k]!);
    return out;
  }
  return value;
}

const same = (a: Json, b: Json) => JSON.stringify(reduced(a)) === JSON.stringify(reduced(b));

const short = (v: Json) => {
  const s = JSON.stringify(reduced(v));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export function indexPublication(files: SourceFile[]): NodeIndex {
  const nodes = new Map<string, Obj>();
  const order: string[] = [];
  const origin = new Map<string, Occurrence>();
  const fileOrder = new Map<string, string[]>();
  const warnings: IndexWarning[] = [];

  for (const file of files) {
    const namespace = namespaceOf(file.name);
    const own: string[] = [];
    const seen = new Set<string>();
    fileOrder.set(file.name, own);
    let anonymous = 0;

    const describe = (id: string, value: Obj, at: string) => {
      if (!seen.has(id)) {
        seen.add(id);
        own.push(id);
      }
      const first = nodes.get(id);
      if (!first) {
        nodes.set(id, { ...value, '@id': id });
        order.push(id);
        origin.set(id, { file: file.name, at });
        return;
      }
      const was = origin.get(id)!;
      const conflicts: string[] = [];
      for (const [key, v] of Object.entries(value)) {
        if (key === '@id') continue;
        if (!(key in first)) first[key] = v;
        else if (!same(first[key]!, v))
          conflicts.push(`${key} ${short(first[key]!)} first, ${short(v)} then`);
      }
      if (conflicts.length === 0) return;
      warnings.push({
        file: file.name,
        node: id,
        message: `described twice with different values (in ${was.file} at ${was.at}, and in ${file.name} at ${at}): ${conflicts.join('; ')}; the first description is kept`,
      });
    };

    const register = (value: Json, topLevel: boolean, at: string) => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          register(v, topLevel, `${at}[${i}]`);
        });
        return;
      }
      if (!isObj(value)) return;
      if (Array.isArray(value['@graph'])) register(value['@graph'], true, `${at}@graph`);
      const type = typeOf(value);
      const rawId = typeof value['@id'] === 'string' ? value['@id'] : undefined;
      // Anonymous conditions stay with the component that states them.
      if (type && (rawId !== undefined || (topLevel && type !== 'ComponentCondition')))
        describe(rawId ?? `${namespace}#node-${++anonymous}`, value, at || '(top level)');
      for (const [key, v] of Object.entries(value))
        if (key !== '@graph') register(v, false, `${at}${at ? '.' : ''}${key}`);
    };
    const documents = file.documents.map((d) => namespaced(normalize(d), namespace));
    if (documents.length === 1) register(documents[0]!, true, '');
    else
      documents.forEach((d, i) => {
        register(d, true, `[document ${i + 1}]`);
      });
  }

  return {
    nodes,
    order,
    origin,
    fileOrder,
    warnings,
    resolve: (ref) => {
      if (typeof ref === 'string') return { id: ref, node: nodes.get(ref) };
      const id = typeof ref['@id'] === 'string' ? ref['@id'] : undefined;
      if (id === undefined) return { id: '', node: ref };
      return { id, node: nodes.get(id) ?? ref };
    },
  };
}

/** One file's nodes (the single-file case of indexPublication). */
export const indexNodes = (documents: unknown[], fileName: string): NodeIndex =>
  indexPublication([{ name: fileName, documents }]);
