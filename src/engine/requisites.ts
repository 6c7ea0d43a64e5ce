import type { CatalogueGraph } from '../graph/index.js';
import { credentialOf } from '../graph/index.js';

/**
 * Strict co-requisites must be taken in the same term as the credential naming them. The
 * planner's replay starts them together and so finds, by itself, that a credential whose
 * strict co-requisite is ordered apart never starts; this says why, for its explanations. It
 * finds those contradictions from the order constraints that always bind:
 * a prerequisite in a plain ALL entry rule (a < b), a co-requisite (a ≤ b), a strict
 * co-requisite (a = b). A credential and its strict co-requisite contradict when a chain of
 * such constraints with at least one strict "<" leads from one to the other.
 *
 * Returns, per credential that can never be taken, why, in words. Pure; cached per graph.
 */
export function requisiteContradictions(graph: CatalogueGraph): Map<string, string> {
  const cached = cache.get(graph);
  if (cached) return cached;
  const result = new Map<string, string>();
  const pairs: [string, string][] = [];
  graph.forEachNode((id, node) => {
    if (node.type === 'credential')
      for (const s of node.strictCorequisites ?? []) if (graph.hasNode(s)) pairs.push([id, s]);
  });
  if (pairs.length) {
    const edges = orderEdges(graph);
    const title = (id: string) => credentialOf(graph, id)?.title ?? id;
    for (const [c, s] of pairs) {
      const path = strictPath(edges, s, c) ?? strictPath(edges, c, s);
      if (!path) continue;
      const chain = path.map((e) => `${title(e.from)} ${e.why} ${title(e.to)}`).join(', ');
      const reason = `its strict co-requisite ${title(s)} must be taken in the same term, yet the requisites order them apart (${chain})`;
      if (!result.has(c)) result.set(c, reason);
    }
  }
  cache.set(graph, result);
  return result;
}

const cache = new WeakMap<CatalogueGraph, Map<string, string>>();

interface OrderEdge {
  from: string;
  to: string;
  /** true: from must end before to starts. false: from no later than to. */
  strict: boolean;
  why: string;
}

function orderEdges(graph: CatalogueGraph): Map<string, OrderEdge[]> {
  const out = new Map<string, OrderEdge[]>();
  const add = (e: OrderEdge) => out.set(e.from, [...(out.get(e.from) ?? []), e]);
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential') return;
    const rule = node.entryRule;
    // Only a flat ALL entry rule makes each prerequisite unavoidable.
    if (rule && rule.op === 'ALL' && rule.children.length === 0)
      for (const p of rule.accepts)
        if (credentialOf(graph, p))
          add({ from: p, to: id, strict: true, why: 'is a prerequisite of' });
    const strict = new Set(node.strictCorequisites ?? []);
    for (const co of node.corequisites)
      if (credentialOf(graph, co)) {
        add({ from: co, to: id, strict: false, why: 'is a co-requisite of' });
        if (strict.has(co))
          add({ from: id, to: co, strict: false, why: 'is taken in the same term as' });
      }
  });
  return out;
}

/** A chain of order edges from `from` to `to` with at least one strict edge, if any. */
function strictPath(
  edges: Map<string, OrderEdge[]>,
  from: string,
  to: string,
): OrderEdge[] | undefined {
  type State = `${0 | 1}:${string}`;
  const key = (strict: boolean, id: string): State => `${strict ? 1 : 0}:${id}`;
  const back = new Map<State, { prev: State; edge: OrderEdge } | null>([[key(false, from), null]]);
  const queue: [boolean, string][] = [[false, from]];
  while (queue.length) {
    const [strict, id] = queue.shift()!;
    for (const e of edges.get(id) ?? []) {
      const next = key(strict || e.strict, e.to);
      if (back.has(next)) continue;
      back.set(next, { prev: key(strict, id), edge: e });
      if (e.to === to && (strict || e.strict)) {
        const path: OrderEdge[] = [];
        for (let step = back.get(next); step; step = back.get(step.prev)) path.unshift(step.edge);
        return path;
      }
      queue.push([strict || e.strict, e.to]);
    }
  }
  return undefined;
}
