import { MultiDirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
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
export type CatalogueGraph = MultiDirectedGraph<CatalogueNode, CatalogueEdge, { version: number }>;

/** A catalogue graph as plain data, to hand to another thread (structured clone). */
export type SerializedCatalogueGraph = SerializedGraph<
  CatalogueNode,
  CatalogueEdge,
  { version: number }
>;

export const serializeCatalogueGraph = (graph: CatalogueGraph): SerializedCatalogueGraph =>
  graph.export();

export const deserializeCatalogueGraph = (data: SerializedCatalogueGraph): CatalogueGraph =>
  MultiDirectedGraph.from(data);

export function buildCatalogueGraph(doc: CatalogueDocument, version = 0): CatalogueGraph {
  const graph: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  graph.replaceAttributes({ version });
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

function toCredentialNode(c: Credential): CredentialNode {
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
