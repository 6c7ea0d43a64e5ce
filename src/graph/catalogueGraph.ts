import { MultiDirectedGraph } from 'graphology';
import { ECTS, transferSlotId } from '../model/index.js';
import type {
  CatalogueDocument,
  Credential,
  CreditConversion,
  LearningOutcome,
  Occupation,
  Provider,
  Recognition,
  Skill,
} from '../model/index.js';
import { ruleAccepts, ruleNodes, toRuleNode, type RuleNode } from './rules.js';

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
  /**
   * Set when the credential states its credits in another system: how `credits` (the ECTS the
   * engine counts) were converted, or `factor` undefined when the catalogue declares no
   * conversion for that system (then it counts 0 credits).
   */
  converted?: ConvertedCredits | undefined;
}

/** Credits stated in another system, and their conversion into ECTS (or none). */
export interface ConvertedCredits {
  creditSystem: string;
  /** The amount in that system. */
  amount: number;
  /** ECTS per credit, as the catalogue declares; undefined: no conversion declared. */
  factor?: number | undefined;
  /** Where the factor comes from. */
  source?: string | undefined;
}

/**
 * A partial credit transfer agreement (a recognition `towards` a qualification's rule) as a
 * slot of that rule: the rule node `ruleNode` accepts this node's id, and a holder of `from`
 * (while the agreement is in force) fills it with `credits` ECTS. See engine/items.ts.
 */
export interface TransferNode {
  type: 'transfer';
  id: string;
  from: string;
  qualification: string;
  /** The key of the rule node, as the agreement names it. */
  rule: string;
  /** The id of that rule node in the projection. */
  ruleNode: string;
  /** ECTS granted (0 when the agreement's system has no declared conversion). */
  credits: number;
  /** Set when the agreement grants credits in another system. */
  converted?: ConvertedCredits | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
  source?: string | undefined;
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
  CredentialNode | OutcomeNode | SkillNode | OccupationNode | ProviderNode | TransferNode;

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
  | { type: 'transfers' }
  | ({ type: 'recognisedAs' } & Omit<Recognition, 'from' | 'to' | 'towards' | 'creditSystem'> & {
        /** Credits granted in another system: `credits` are their ECTS by the declared factor. */
        converted?: ConvertedCredits | undefined;
      });

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
  /** The catalogue's declared credit conversions (what toCredentialNode converts with). */
  creditConversions?: CreditConversion[];
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
  const conversions = doc.creditConversions ?? [];
  const credentials = doc.credentials.map((c) => toCredentialNode(c, conversions));
  const byId = new Map(credentials.map((c) => [c.id, c]));
  return assembleCatalogueGraph(
    {
      providers: doc.providers.map((p) => ({ ...p, type: 'provider' })),
      skills: doc.skills.map((s) => ({ ...s, type: 'skill' })),
      occupations: doc.occupations.map((o) => ({ ...o, type: 'occupation' })),
      outcomes: doc.learningOutcomes.map((lo) => ({ ...lo, type: 'outcome' })),
      credentials,
      recognitions: doc.recognitions.flatMap(({ from, to, towards: _t, creditSystem, ...rest }) => {
        if (to === undefined) return [];
        const granted =
          rest.credits === undefined ? {} : convertCredits(rest.credits, creditSystem, conversions);
        return [{ from, to, edge: { type: 'recognisedAs' as const, ...rest, ...granted } }];
      }),
      transfers: doc.recognitions.flatMap((r) => {
        const q = r.towards && byId.get(r.towards.qualification);
        const node = r.towards && q?.awardRule && ruleNodeByKey(q.awardRule, r.towards.rule);
        return node ? [toTransferNode(r, node.id, conversions)] : [];
      }),
    },
    { version, epoch, ...(conversions.length ? { creditConversions: conversions } : {}) },
  );
}

/** The rule node of a tree with a key, or undefined. */
export function ruleNodeByKey(root: RuleNode, key: string): RuleNode | undefined {
  return ruleNodes(root).find((n) => n.key === key);
}

/**
 * An amount of credits in a system as ECTS, with the catalogue's declared factor only: ECTS
 * (or no system) as is; a system without a declared conversion counts 0 and says so.
 */
export function convertCredits(
  amount: number,
  creditSystem: string | undefined,
  conversions: readonly CreditConversion[],
): { credits: number; converted?: ConvertedCredits } {
  if (creditSystem === undefined || creditSystem === ECTS) return { credits: amount };
  const conversion = conversions.find((c) => c.from === creditSystem);
  if (!conversion) return { credits: 0, converted: { creditSystem, amount } };
  return {
    // Unrounded, as importers convert: rounded courses would not add up to their degree.
    credits: amount * conversion.factor,
    converted: { creditSystem, amount, factor: conversion.factor, source: conversion.source },
  };
}

function toTransferNode(
  r: Recognition,
  ruleNode: string,
  conversions: readonly CreditConversion[],
): TransferNode {
  const { qualification, rule } = r.towards!;
  const { credits, converted } = convertCredits(r.credits ?? 0, r.creditSystem, conversions);
  return {
    type: 'transfer',
    id: transferSlotId(r.from, qualification, rule),
    from: r.from,
    qualification,
    rule,
    ruleNode,
    credits,
    ...(converted ? { converted } : {}),
    ...(r.validFrom !== undefined ? { validFrom: r.validFrom } : {}),
    ...(r.validUntil !== undefined ? { validUntil: r.validUntil } : {}),
    ...(r.source !== undefined ? { source: r.source } : {}),
  };
}

/**
 * A transfer onto a qualification's (re)written award rule: rule node ids are positions, so the
 * node it credits is found again by its key; undefined when the rule no longer has it (the
 * validation refuses such writes: model/references.ts, transferTargetIssue).
 */
export function transferOnto(transfer: TransferNode, q: CredentialNode): TransferNode | undefined {
  const rule = q.awardRule && ruleNodeByKey(q.awardRule, transfer.rule);
  if (!rule) return undefined;
  return rule.id === transfer.ruleNode ? transfer : { ...transfer, ruleNode: rule.id };
}

/**
 * A credential whose award rule partial transfers credit, with each transfer's slot added to
 * the accepted ids of its rule node (a new node along the path; built nodes are never
 * mutated). Adding a slot already there changes nothing, so a credential taken over from an
 * earlier graph is left as it is.
 */
export function withTransferSlots(
  c: CredentialNode,
  transfers: readonly TransferNode[],
): CredentialNode {
  if (!c.awardRule || transfers.length === 0) return c;
  const add = (node: RuleNode): RuleNode => {
    const slots = transfers
      .filter((t) => t.ruleNode === node.id && !node.accepts.includes(t.id))
      .map((t) => t.id);
    const children = node.children.map(add);
    if (slots.length === 0 && children.every((child, i) => child === node.children[i])) return node;
    return { ...node, accepts: [...node.accepts, ...slots], children };
  };
  const awardRule = add(c.awardRule);
  return awardRule === c.awardRule ? c : { ...c, awardRule };
}

/** The records a catalogue graph is made of, in the order they are added. */
interface CatalogueParts {
  providers: ProviderNode[];
  skills: SkillNode[];
  occupations: OccupationNode[];
  outcomes: OutcomeNode[];
  credentials: CredentialNode[];
  recognitions: { from: string; to: string; edge: CatalogueEdge }[];
  transfers: TransferNode[];
}

/** Nodes first, then the edges derived from them, always in the same order. */
function assembleCatalogueGraph(
  parts: CatalogueParts,
  attributes: CatalogueAttributes,
): CatalogueGraph {
  const graph: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  graph.replaceAttributes(attributes);
  const transfersInto = new Map<string, TransferNode[]>();
  for (const t of parts.transfers)
    transfersInto.set(t.qualification, [...(transfersInto.get(t.qualification) ?? []), t]);
  for (const p of parts.providers) graph.addNode(p.id, p);
  for (const s of parts.skills) graph.addNode(s.id, s);
  for (const o of parts.occupations) graph.addNode(o.id, o);
  for (const lo of parts.outcomes) graph.addNode(lo.id, lo);
  for (const c of parts.credentials)
    graph.addNode(c.id, withTransferSlots(c, transfersInto.get(c.id) ?? []));
  for (const t of parts.transfers) graph.addNode(t.id, t);

  addRecordEdges(graph, parts);
  for (const [from, to] of stacksIntoPairs(graph)) graph.addEdge(from, to, { type: 'stacksInto' });
  for (const r of parts.recognitions) graph.addEdge(r.from, r.to, r.edge);
  for (const t of parts.transfers) graph.addEdge(t.from, t.id, { type: 'transfers' });
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
    transfers: [],
  };
  // Conversions are not credentials: a write that changes them is a whole read, never this.
  const conversions = graph.getAttribute('creditConversions');
  const written = new Map(change.written.map((c) => [c.id, toCredentialNode(c, conversions)]));
  const removed = new Set(change.removed);
  graph.forEachNode((id, node) => {
    if (node.type === 'provider') parts.providers.push(node);
    else if (node.type === 'skill') parts.skills.push(node);
    else if (node.type === 'occupation') parts.occupations.push(node);
    else if (node.type === 'outcome') parts.outcomes.push(node);
    else if (node.type === 'transfer') {
      if (removed.has(node.from) || removed.has(node.qualification))
        throw new Error(`updateCatalogueGraph: transfer "${id}" names a removed credential`);
      const q = written.get(node.qualification);
      const transfer = q ? transferOnto(node, q) : node;
      if (!transfer)
        throw new Error(`updateCatalogueGraph: transfer "${id}" names a rule the write removed`);
      parts.transfers.push(transfer);
    } else if (!removed.has(id) && !written.has(id)) parts.credentials.push(node);
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
  const updated = assembleCatalogueGraph(parts, {
    ...attributes,
    ...(conversions ? { creditConversions: conversions } : {}),
  });
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

/**
 * A credential record as a graph node (rule trees given their ids), its credits in ECTS:
 * credits stated in another system are converted by the catalogue's declared factor
 * (convertCredits), `credits` kept as the source gave them otherwise.
 */
export function toCredentialNode(
  c: Credential,
  conversions: readonly CreditConversion[] = [],
): CredentialNode {
  const { awardRule, entryRule, earnable, ...rest } = c;
  const { credits, converted } = convertCredits(
    c.creditsOriginal ?? c.credits,
    c.creditSystem,
    conversions,
  );
  return {
    ...rest,
    credits: converted ? credits : c.credits,
    ...(converted ? { converted } : {}),
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
  return credentialOf(graph, id) !== undefined;
}

/**
 * Each graph's nodes as the engine has asked for them by id. Nodes are not changed or removed
 * once added (an update makes a new graph), and ids that are no node are not kept, so a graph
 * still being built is answered right and the map stays within its size. One probe of a map
 * of what the engine asks, where the graph's own takes two in a map of every node
 * (memory-bound on a large catalogue: credentialOf was a quarter of a 50k problem's
 * construction, which this made 11–20% faster; bench/RESULTS.md, 2026-12-07).
 */
const nodesAsked = new WeakMap<CatalogueGraph, Map<string, CatalogueNode>>();

function nodeOf(graph: CatalogueGraph, id: string): CatalogueNode | undefined {
  let asked = nodesAsked.get(graph);
  if (!asked) nodesAsked.set(graph, (asked = new Map<string, CatalogueNode>()));
  let node = asked.get(id);
  if (node === undefined && graph.hasNode(id)) asked.set(id, (node = graph.getNodeAttributes(id)));
  return node;
}

/** The credential record for an id, or undefined when the id is not a credential. */
export function credentialOf(graph: CatalogueGraph, id: string): CredentialNode | undefined {
  const node = nodeOf(graph, id);
  return node?.type === 'credential' ? node : undefined;
}

/** The partial transfer agreement an accepted id is the slot of, or undefined. */
export function transferOf(graph: CatalogueGraph, accepted: string): TransferNode | undefined {
  const node = nodeOf(graph, accepted);
  return node?.type === 'transfer' ? node : undefined;
}

/** The provider record for an id, or undefined when the id is not a provider. */
export function providerOf(
  graph: CatalogueGraph,
  id: string | undefined,
): ProviderNode | undefined {
  const node = id === undefined ? undefined : nodeOf(graph, id);
  return node?.type === 'provider' ? node : undefined;
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
      const slot = graph.getNodeAttributes(accepted);
      const sources =
        slot.type === 'outcome'
          ? graph.inNeighbors(accepted).filter((n) => isCredential(graph, n))
          : slot.type === 'transfer'
            ? [] // a partial transfer is an agreement, not stacking (as STACKS_INTO in Neo4j)
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
