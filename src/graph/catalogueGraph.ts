import { MultiDirectedGraph } from 'graphology';
import type {
  CatalogueDocument,
  Credential,
  LearningOutcome,
  Occupation,
  Provider,
  Recognition,
  Skill,
} from '../model/index.js';
import { ruleAccepts, toRuleNode, type RuleNode } from './rules.js';

/** A credential as the engine sees it: authored properties plus rule trees with ids. */
export interface CredentialNode extends Omit<
  Credential,
  'awardRule' | 'entryRule' | 'earnable' | 'qualification'
> {
  type: 'credential';
  qualification: boolean;
  /** Can be taken directly (course, assessment); awards earned by stacking are not. */
  earnable: boolean;
  awardRule?: RuleNode | undefined;
  entryRule?: RuleNode | undefined;
}
export interface OutcomeNode extends LearningOutcome {
  type: 'outcome';
}
export interface SkillNode extends Skill {
  type: 'skill';
}
export interface OccupationNode extends Occupation {
  type: 'occupation';
}
export interface ProviderNode extends Provider {
  type: 'provider';
}
export type CatalogueNode =
  CredentialNode | OutcomeNode | SkillNode | OccupationNode | ProviderNode;

export type CatalogueEdge =
  | { type: 'awards' }
  | { type: 'certifies' }
  | { type: 'develops'; relation: string }
  | { type: 'broader' }
  | { type: 'needs'; relation: 'essential' | 'optional' }
  | { type: 'stacksInto' }
  | { type: 'requires' }
  | { type: 'corequisite' }
  | { type: 'precedes' }
  | ({ type: 'recognisedAs' } & Omit<Recognition, 'from' | 'to'>);

/**
 * The in-memory read model of the catalogue, a graphology multigraph. Nodes carry their
 * records (rule trees included, as `RuleNode`s on credentials); edges carry the relations the
 * engine and analytics traverse. Built from a catalogue document by a pure function, so the
 * engine is tested without a database and the store only has to read documents back.
 */
export type CatalogueGraph = MultiDirectedGraph<CatalogueNode, CatalogueEdge, CatalogueAttributes>;

/** Which catalogue the graph shows: the store's (epoch, version), see CatalogueIdentity. */
export interface CatalogueAttributes {
  version: number;
  epoch: string;
}

/**
 * A catalogue graph as plain data, to hand to another thread (structured clone) or to keep on
 * disk (v8 serialization): node keys and records in order, edges as indexes into them. Edges
 * that carry nothing but their type share one record per type, so a copy holds far fewer
 * objects than graphology's own export (graphs are never mutated once built).
 */
export interface SerializedCatalogueGraph {
  attributes: CatalogueAttributes;
  keys: string[];
  nodes: CatalogueNode[];
  sources: Int32Array;
  targets: Int32Array;
  edges: CatalogueEdge[];
}

export function serializeCatalogueGraph(graph: CatalogueGraph): SerializedCatalogueGraph {
  // Made once per graph: the planning threads and the projection snapshot both need it.
  let data = serialized.get(graph);
  if (!data) {
    data = serializeOnce(graph);
    serialized.set(graph, data);
  }
  return data;
}

const serialized = new WeakMap<CatalogueGraph, SerializedCatalogueGraph>();

function serializeOnce(graph: CatalogueGraph): SerializedCatalogueGraph {
  const keys: string[] = [];
  const nodes: CatalogueNode[] = [];
  const index = new Map<string, number>();
  graph.forEachNode((key, node) => {
    index.set(key, keys.length);
    keys.push(key);
    nodes.push(node);
  });
  const sources = new Int32Array(graph.size);
  const targets = new Int32Array(graph.size);
  const edges: CatalogueEdge[] = [];
  const typeOnly = new Map<string, CatalogueEdge>();
  graph.forEachEdge((_key, edge, source, target) => {
    sources[edges.length] = index.get(source)!;
    targets[edges.length] = index.get(target)!;
    let shared = edge;
    if (Object.keys(edge).length === 1) {
      shared = typeOnly.get(edge.type) ?? edge;
      typeOnly.set(edge.type, shared);
    }
    edges.push(shared);
  });
  return { attributes: { ...graph.getAttributes() }, keys, nodes, sources, targets, edges };
}

/** The graph again, nodes and edges in their original order (so the engine's answers agree). */
export function deserializeCatalogueGraph(data: SerializedCatalogueGraph): CatalogueGraph {
  const graph: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  graph.replaceAttributes(data.attributes);
  const { keys, nodes, sources, targets, edges } = data;
  for (let i = 0; i < keys.length; i++) graph.addNode(keys[i]!, nodes[i]);
  for (let i = 0; i < edges.length; i++)
    graph.addEdge(keys[sources[i]!]!, keys[targets[i]!]!, edges[i]);
  serialized.set(graph, data); // what a planning thread would be sent: this very data
  return graph;
}

export function buildCatalogueGraph(
  doc: CatalogueDocument,
  version = 0,
  epoch = '',
): CatalogueGraph {
  const graph: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  graph.replaceAttributes({ version, epoch });
  for (const p of doc.providers) graph.addNode(p.id, { ...p, type: 'provider' });
  for (const s of doc.skills) graph.addNode(s.id, { ...s, type: 'skill' });
  for (const o of doc.occupations) graph.addNode(o.id, { ...o, type: 'occupation' });
  for (const lo of doc.learningOutcomes) graph.addNode(lo.id, { ...lo, type: 'outcome' });
  for (const c of doc.credentials) graph.addNode(c.id, toCredentialNode(c));

  for (const s of doc.skills)
    for (const b of s.broader) graph.addEdge(s.id, b, { type: 'broader' });
  for (const o of doc.occupations) {
    for (const s of o.essentialSkills)
      graph.addEdge(o.id, s, { type: 'needs', relation: 'essential' });
    for (const s of o.optionalSkills)
      graph.addEdge(o.id, s, { type: 'needs', relation: 'optional' });
  }
  for (const lo of doc.learningOutcomes)
    for (const s of lo.skills)
      graph.addEdge(lo.id, s.skill, { type: 'develops', relation: s.relation });
  for (const id of graph.nodes()) {
    const c = graph.getNodeAttributes(id);
    if (c.type !== 'credential') continue;
    if (c.provider !== undefined) graph.addEdge(c.provider, id, { type: 'awards' });
    for (const lo of c.learningOutcomes) graph.addEdge(id, lo, { type: 'certifies' });
    for (const other of c.corequisites) graph.addEdge(id, other, { type: 'corequisite' });
    for (const other of c.precedes) graph.addEdge(id, other, { type: 'precedes' });
    if (c.entryRule)
      for (const x of ruleAccepts(c.entryRule))
        if (isCredential(graph, x)) graph.addEdge(id, x, { type: 'requires' });
  }
  for (const [from, to] of stacksIntoPairs(graph)) graph.addEdge(from, to, { type: 'stacksInto' });
  for (const r of doc.recognitions) {
    const { from, to, ...rest } = r;
    graph.addEdge(from, to, { type: 'recognisedAs', ...rest });
  }
  return graph;
}

/** A credential record as a graph node (rule trees given their ids). */
export function toCredentialNode(c: Credential): CredentialNode {
  const { awardRule, entryRule, earnable, ...rest } = c;
  return {
    ...rest,
    // Strict co-requisites (same term) are co-requisites too; the planner also reads
    // strictCorequisites to start them in the same step (planner/simulate.ts).
    corequisites: [...new Set([...c.corequisites, ...(c.strictCorequisites ?? [])])],
    type: 'credential',
    earnable: earnable ?? awardRule === undefined,
    awardRule: awardRule && toRuleNode(c.id, 'award', awardRule),
    entryRule: entryRule && toRuleNode(c.id, 'entry', entryRule),
  };
}

export function isCredential(graph: CatalogueGraph, id: string): boolean {
  return graph.hasNode(id) && graph.getNodeAttribute(id, 'type') === 'credential';
}

/** The credential record for an id, or undefined when the id is not a credential. */
export function credentialOf(graph: CatalogueGraph, id: string): CredentialNode | undefined {
  if (!graph.hasNode(id)) return undefined;
  const node = graph.getNodeAttributes(id);
  return node.type === 'credential' ? node : undefined;
}

/**
 * `STACKS_INTO`, derived from award rules: X stacks into Q when Q's award rule accepts X, or
 * accepts a learning outcome that X certifies.
 */
export function stacksIntoPairs(graph: CatalogueGraph): [string, string][] {
  const pairs = new Set<string>();
  const out: [string, string][] = [];
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential' || !node.awardRule) return;
    for (const accepted of ruleAccepts(node.awardRule)) {
      const sources =
        graph.getNodeAttribute(accepted, 'type') === 'outcome'
          ? graph.inNeighbors(accepted).filter((n) => isCredential(graph, n))
          : [accepted];
      for (const s of sources) {
        const key = `${s}\u0000${id}`;
        if (s !== id && !pairs.has(key)) {
          pairs.add(key);
          out.push([s, id]);
        }
      }
    }
  });
  return out;
}
