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
  /**
   * How many stored records, rules and references the read that made this graph set aside
   * (see readCatalogue); absent when none were.
   */
  setAside?: number;
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
  return assembleCatalogueGraph(
    {
      providers: doc.providers.map((p) => ({ ...p, type: 'provider' })),
      skills: doc.skills.map((s) => ({ ...s, type: 'skill' })),
      occupations: doc.occupations.map((o) => ({ ...o, type: 'occupation' })),
      outcomes: doc.learningOutcomes.map((lo) => ({ ...lo, type: 'outcome' })),
      credentials: doc.credentials.map(toCredentialNode),
      recognitions: doc.recognitions.map(({ from, to, ...rest }) => ({
        from,
        to,
        edge: { type: 'recognisedAs', ...rest },
      })),
    },
    { version, epoch },
  );
}

/** The records a catalogue graph is made of, in the order they are added. */
interface CatalogueParts {
  providers: ProviderNode[];
  skills: SkillNode[];
  occupations: OccupationNode[];
  outcomes: OutcomeNode[];
  credentials: CredentialNode[];
  recognitions: { from: string; to: string; edge: CatalogueEdge }[];
}

/** Nodes first, then the edges derived from them, always in the same order. */
function assembleCatalogueGraph(
  parts: CatalogueParts,
  attributes: CatalogueAttributes,
): CatalogueGraph {
  const graph: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  graph.replaceAttributes(attributes);
  for (const p of parts.providers) graph.addNode(p.id, p);
  for (const s of parts.skills) graph.addNode(s.id, s);
  for (const o of parts.occupations) graph.addNode(o.id, o);
  for (const lo of parts.outcomes) graph.addNode(lo.id, lo);
  for (const c of parts.credentials) graph.addNode(c.id, c);

  addRecordEdges(graph, parts);
  for (const [from, to] of stacksIntoPairs(graph)) graph.addEdge(from, to, { type: 'stacksInto' });
  for (const r of parts.recognitions) graph.addEdge(r.from, r.to, r.edge);
  return graph;
}

/** The records whose own edges addRecordEdges adds (each kind in the order given). */
export interface RecordsWithEdges {
  skills: readonly Skill[];
  occupations: readonly Occupation[];
  outcomes: readonly LearningOutcome[];
  credentials: readonly CredentialNode[];
}

/**
 * The edges records own, as a build gives them: broader skills, an occupation's skills, the
 * skills an outcome develops, and a credential's provider, outcomes, co-requisites, successors
 * and entry requirements (`requires`, to credentials only). Derived edges across records
 * (stacksInto) and recognitions are not records' own: callers add them. Shared by a build and
 * by the graph a draft leaves (draftGraph.ts), so both give a record the same edges.
 */
export function addRecordEdges(graph: CatalogueGraph, records: RecordsWithEdges): void {
  for (const s of records.skills)
    for (const b of s.broader) graph.addEdge(s.id, b, { type: 'broader' });
  for (const o of records.occupations) {
    for (const s of o.essentialSkills)
      graph.addEdge(o.id, s, { type: 'needs', relation: 'essential' });
    for (const s of o.optionalSkills)
      graph.addEdge(o.id, s, { type: 'needs', relation: 'optional' });
  }
  for (const lo of records.outcomes)
    for (const s of lo.skills)
      graph.addEdge(lo.id, s.skill, { type: 'develops', relation: s.relation });
  for (const c of records.credentials) {
    const id = c.id;
    if (c.provider !== undefined) graph.addEdge(c.provider, id, { type: 'awards' });
    for (const lo of c.learningOutcomes) graph.addEdge(id, lo, { type: 'certifies' });
    for (const other of c.corequisites) graph.addEdge(id, other, { type: 'corequisite' });
    for (const other of c.precedes) graph.addEdge(id, other, { type: 'precedes' });
    if (c.entryRule)
      for (const x of ruleAccepts(c.entryRule))
        if (isCredential(graph, x)) graph.addEdge(id, x, { type: 'requires' });
  }
}

/** What a write changed among the credentials (see updateCatalogueGraph). */
export interface CredentialChange {
  /** Credentials written (added or replaced), as a whole read gives them back. */
  written: Credential[];
  /** Ids of credentials deleted. */
  removed: string[];
}

/**
 * The graph of the catalogue after a change to some credentials, made from the graph before
 * it without reading the catalogue again: the other records are taken over as they are (a
 * built graph is never mutated), and the graph is assembled in the order buildCatalogueGraph
 * gives the catalogue as the store reads it back (each kind ordered by id, by code point), so
 * it equals the graph of a whole read. Derived edges (requires, stacksInto) are derived again.
 * Assumes what the store guarantees of a write: nothing else refers to a removed credential
 * by a rule or a recognition, and what a written one refers to exists; it throws otherwise.
 */
export function updateCatalogueGraph(
  graph: CatalogueGraph,
  change: CredentialChange,
  attributes: CatalogueAttributes,
): CatalogueGraph {
  const parts: CatalogueParts = {
    providers: [],
    skills: [],
    occupations: [],
    outcomes: [],
    credentials: [],
    recognitions: [],
  };
  const written = new Map(change.written.map((c) => [c.id, toCredentialNode(c)]));
  const removed = new Set(change.removed);
  graph.forEachNode((id, node) => {
    if (node.type === 'provider') parts.providers.push(node);
    else if (node.type === 'skill') parts.skills.push(node);
    else if (node.type === 'occupation') parts.occupations.push(node);
    else if (node.type === 'outcome') parts.outcomes.push(node);
    else if (!removed.has(id) && !written.has(id)) parts.credentials.push(node);
  });
  for (const node of written.values()) {
    if (graph.hasNode(node.id) && !isCredential(graph, node.id))
      throw new Error(`updateCatalogueGraph: "${node.id}" is not a credential`);
    const at = sortedIndex(parts.credentials, node.id);
    parts.credentials.splice(at, 0, node);
  }
  graph.forEachEdge((_key, edge, from, to) => {
    if (edge.type !== 'recognisedAs') return;
    if (removed.has(from) || removed.has(to))
      throw new Error(`updateCatalogueGraph: "${from}" -> "${to}" recognises a removed credential`);
    parts.recognitions.push({ from, to, edge });
  });
  const updated = assembleCatalogueGraph(parts, attributes);
  updates.set(updated, { base: new WeakRef(graph), change, attributes });
  return updated;
}

/** How a graph was made by updateCatalogueGraph, while the graph it came from is alive. */
export interface CatalogueUpdate {
  base: CatalogueGraph;
  change: CredentialChange;
  attributes: CatalogueAttributes;
}

// The base is held weakly: a chain of updates must not keep every older graph alive.
const updates = new WeakMap<
  CatalogueGraph,
  Omit<CatalogueUpdate, 'base'> & { base: WeakRef<CatalogueGraph> }
>();

/**
 * The update a graph was made by, if updateCatalogueGraph made it: whoever holds a copy of
 * `base` (a planning thread) can make the same graph by applying the same update, instead of
 * being sent the whole graph.
 */
export function updateOf(graph: CatalogueGraph): CatalogueUpdate | undefined {
  const update = updates.get(graph);
  const base = update?.base.deref();
  return update && base && { ...update, base };
}

/** Compares ids by code point, the order Neo4j's ORDER BY gives strings. */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Where an id goes in records ordered by id (after any equal one, which cannot occur). */
function sortedIndex(records: { id: string }[], id: string): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds(records[mid]!.id, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/** The provider record for an id, or undefined when the id is not a provider. */
export function providerOf(
  graph: CatalogueGraph,
  id: string | undefined,
): ProviderNode | undefined {
  if (id === undefined || !graph.hasNode(id)) return undefined;
  const node = graph.getNodeAttributes(id);
  return node.type === 'provider' ? node : undefined;
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

/**
 * Index from an accepted id to the credentials whose award rule accepts it. Built once per
 * graph (graphs are not mutated once built).
 */
const awardIndexes = new WeakMap<CatalogueGraph, Map<string, string[]>>();
export function awardRulesAccepting(graph: CatalogueGraph): Map<string, string[]> {
  const index = awardIndexes.get(graph);
  if (index) return index;
  const built = new Map<string, string[]>();
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential' || !node.awardRule) return;
    for (const accepted of ruleAccepts(node.awardRule)) {
      const list = built.get(accepted);
      if (list) list.push(id);
      else built.set(accepted, [id]);
    }
  });
  awardIndexes.set(graph, built);
  return built;
}
