import { MultiDirectedGraph } from 'graphology';
import type { CatalogueDraft } from '../model/index.js';
import {
  addRecordEdges,
  awardRulesAccepting,
  isCredential,
  serializeCatalogueGraph,
  toCredentialNode,
  convertCredits,
  transferOnto,
  withTransferSlots,
  type CatalogueEdge,
  type CatalogueGraph,
  type CatalogueNode,
  type CredentialNode,
} from './catalogueGraph.js';
import { ruleAccepts } from './rules.js';

/**
 * The catalogue graph a draft would leave, derived from the current graph and the draft's
 * records instead of rebuilt from a whole document: nodes and edges the draft does not touch
 * are copied as they are (records shared, graphs are never mutated once built), those it
 * replaces or removes are left out, and the draft's records are added with the edges
 * buildCatalogueGraph would give them, STACKS_INTO included. The result has the same nodes and
 * edges as buildCatalogueGraph of the changed document (test/graph/draftGraph.test.ts), in
 * another order. `draft` must be valid against the catalogue (model/draft.ts, applyDraft),
 * ideally its `effective` part.
 */
export function deriveCatalogueGraph(
  before: CatalogueGraph,
  draft: CatalogueDraft,
): CatalogueGraph {
  const removedNodes = new Set<string>([
    ...draft.remove.credentials,
    ...draft.remove.learningOutcomes,
    ...draft.remove.providers,
  ]);
  const fresh = new Map<string, CatalogueNode>();
  for (const p of draft.providers) fresh.set(p.id, { ...p, type: 'provider' });
  for (const s of draft.skills) fresh.set(s.id, { ...s, type: 'skill' });
  for (const o of draft.occupations) fresh.set(o.id, { ...o, type: 'occupation' });
  for (const lo of draft.learningOutcomes) fresh.set(lo.id, { ...lo, type: 'outcome' });
  const credentials = new Set<string>();
  const conversions = before.getAttribute('creditConversions');
  for (const c of draft.credentials) {
    fresh.set(c.id, toCredentialNode(c, conversions));
    credentials.add(c.id);
  }
  // A replaced qualification keeps the transfer slots agreements give its rules (a draft
  // cannot hold transfers itself: model/draft.ts).
  before.forEachNode((_id, node) => {
    if (node.type !== 'transfer' || !credentials.has(node.qualification)) return;
    const q = fresh.get(node.qualification) as CredentialNode;
    const transfer = transferOnto(node, q);
    if (!transfer) return; // the validated draft keeps the key; never reached
    fresh.set(node.id, transfer);
    fresh.set(q.id, withTransferSlots(fresh.get(q.id) as CredentialNode, [transfer]));
  });
  const recognitions = new Set<string>([
    ...draft.recognitions.map((r) => `${r.from}\u0000${r.to ?? ''}`),
    ...draft.remove.recognitions.map((r) => `${r.from}\u0000${r.to}`),
  ]);

  /** Edges a replaced record owns, rebuilt below from its new version. */
  const owned = (edge: CatalogueEdge, source: string, target: string): boolean => {
    switch (edge.type) {
      case 'certifies':
      case 'corequisite':
      case 'precedes':
      case 'requires':
        return credentials.has(source);
      case 'awards':
        return credentials.has(target);
      case 'stacksInto':
        return credentials.has(source) || credentials.has(target);
      case 'develops':
      case 'broader':
      case 'needs':
        return fresh.has(source);
      case 'recognisedAs':
        return recognitions.has(`${source}\u0000${target}`);
      case 'transfers':
        return false;
    }
  };

  const data = serializeCatalogueGraph(before);
  const graph: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  graph.replaceAttributes({
    version: before.getAttribute('version'),
    epoch: `${before.getAttribute('epoch')}~draft`,
  });
  const { keys, nodes, sources, targets, edges } = data;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (removedNodes.has(key)) continue;
    graph.addNode(key, fresh.get(key) ?? nodes[i]!);
  }
  for (const [key, node] of fresh) if (!graph.hasNode(key)) graph.addNode(key, node);
  for (let i = 0; i < edges.length; i++) {
    const source = keys[sources[i]!]!;
    const target = keys[targets[i]!]!;
    const edge = edges[i]!;
    if (removedNodes.has(source) || removedNodes.has(target) || owned(edge, source, target))
      continue;
    graph.addEdge(source, target, edge);
  }

  // The replaced records' own edges, as buildCatalogueGraph makes them.
  addRecordEdges(graph, {
    skills: draft.skills,
    occupations: draft.occupations,
    outcomes: draft.learningOutcomes,
    credentials: [...credentials].map((id) => fresh.get(id) as CredentialNode),
  });
  for (const [from, to] of stacksIntoChanged(before, graph, credentials))
    graph.addEdge(from, to, { type: 'stacksInto' });
  for (const r of draft.recognitions) {
    const { from, to, towards: _t, creditSystem, ...rest } = r;
    const granted =
      rest.credits === undefined
        ? {}
        : convertCredits(rest.credits, creditSystem, conversions ?? []);
    if (to !== undefined) graph.addEdge(from, to, { type: 'recognisedAs', ...rest, ...granted });
  }
  return graph;
}

/**
 * The STACKS_INTO pairs (see stacksIntoPairs) with a changed credential at either end: into
 * a changed credential, from what its award rule accepts; out of a changed credential, into
 * every award whose rule accepts it or an outcome it certifies.
 */
function stacksIntoChanged(
  before: CatalogueGraph,
  graph: CatalogueGraph,
  changed: ReadonlySet<string>,
): [string, string][] {
  const pairs = new Set<string>();
  const out: [string, string][] = [];
  const add = (s: string, q: string) => {
    const key = `${s}\u0000${q}`;
    if (s !== q && !pairs.has(key)) {
      pairs.add(key);
      out.push([s, q]);
    }
  };
  const sourcesOf = (accepted: string) =>
    graph.getNodeAttribute(accepted, 'type') === 'outcome'
      ? graph.inNeighbors(accepted).filter((n) => isCredential(graph, n))
      : [accepted];
  // Award rules of unchanged credentials are the same as before: the index of the graph
  // before, without the changed owners (whose new rules are read from the new graph).
  const index = awardRulesAccepting(before);
  for (const id of changed) {
    const c = graph.getNodeAttributes(id);
    if (c.type !== 'credential') continue;
    if (c.awardRule)
      for (const accepted of ruleAccepts(c.awardRule))
        for (const s of sourcesOf(accepted)) add(s, id);
    const owners = new Set<string>();
    for (const accepted of [id, ...c.learningOutcomes])
      for (const owner of index.get(accepted) ?? []) owners.add(owner);
    for (const changedOwner of changed) owners.add(changedOwner);
    // Owners found through the old index are checked against their rule in the new graph.
    for (const owner of owners) {
      if (!graph.hasNode(owner)) continue;
      const rule = credentialRule(graph, owner);
      if (rule && (rule.includes(id) || c.learningOutcomes.some((lo) => rule.includes(lo))))
        add(id, owner);
    }
  }
  return out;
}

const credentialRule = (graph: CatalogueGraph, id: string): string[] | undefined => {
  const node = graph.getNodeAttributes(id);
  return node.type === 'credential' && node.awardRule ? ruleAccepts(node.awardRule) : undefined;
};
