import { isObj, normalize, typeOf, type Json, type Obj } from '../jsonld.js';

/**
 * The nodes of one CTDL file by id: every typed object in `@graph`s, top-level arrays or
 * concatenated documents, and every typed object embedded with an `@id` (conditions,
 * organisations, learning opportunities written inline). Blank nodes (`_:x`) are only
 * unique within a file, so their ids are namespaced with the file name; typed top-level
 * objects without an id get one from their position.
 */
export interface NodeIndex {
  /** Nodes by (namespaced) id, property names already reduced to CTDL local names. */
  nodes: Map<string, Obj>;
  /** Ids in document order (stable output and warnings). */
  order: string[];
  /** A reference (an id string, `{"@id"}` or an embedded node) as an id and, when known, its node. */
  resolve: (ref: string | Obj) => { id: string; node?: Obj | undefined };
}

export function indexNodes(documents: unknown[], fileName: string): NodeIndex {
  const namespace = `urn:pathways:ctdl:${fileName.replace(/\s+/g, '-')}`;
  const idFor = (raw: string) => (raw.startsWith('_:') ? `${namespace}#${raw.slice(2)}` : raw);
  const nodes = new Map<string, Obj>();
  const order: string[] = [];
  let anonymous = 0;

  const register = (value: Json, topLevel: boolean) => {
    if (Array.isArray(value)) {
      for (const v of value) register(v, topLevel);
      return;
    }
    if (!isObj(value)) return;
    if (Array.isArray(value['@graph'])) register(value['@graph'], true);
    const type = typeOf(value);
    const rawId = typeof value['@id'] === 'string' ? value['@id'] : undefined;
    // Anonymous conditions stay with the component that states them.
    if (type && (rawId !== undefined || (topLevel && type !== 'ComponentCondition'))) {
      const id = rawId !== undefined ? idFor(rawId) : `${namespace}#node-${++anonymous}`;
      if (!nodes.has(id)) {
        nodes.set(id, { ...value, '@id': id });
        order.push(id);
      }
    }
    for (const [key, v] of Object.entries(value)) if (key !== '@graph') register(v, false);
  };
  register(documents.map(normalize), true);

  return {
    nodes,
    order,
    resolve: (ref) => {
      if (typeof ref === 'string') {
        const id = idFor(ref);
        return { id, node: nodes.get(id) };
      }
      const rawId = typeof ref['@id'] === 'string' ? ref['@id'] : undefined;
      if (rawId === undefined) return { id: '', node: ref };
      const id = idFor(rawId);
      return { id, node: nodes.get(id) ?? ref };
    },
  };
}
