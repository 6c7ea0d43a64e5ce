/**
 * The plan as a graph to lay out: one card per credential to take, placed in the column of its
 * step (or term), one marker per award earned by stacking, in the column where it is earned;
 * arrows for entry rules, co-requisites and what stacks into each award. Pure: the layout
 * library turns the model into coordinates (layout.ts).
 */

export interface CardInfo {
  credential: string;
  title: string;
  credits: number;
  cost?: number | undefined;
  hours?: number | undefined;
  provider?: string | undefined;
}

/** What the catalogue says about a credential beyond the plan (GET /v1/credentials/{id}). */
export interface CredentialFacts {
  language?: string | undefined;
  mode?: string | undefined;
  entryRule?: RuleLike | undefined;
  corequisites?: string[] | undefined;
  stacksInto?: { id: string }[] | undefined;
}

interface RuleLike {
  accepts: string[];
  children: RuleLike[];
}

export interface PlanLike {
  steps: {
    step: number;
    take: CardInfo[];
    milestones: { credential: string; title: string }[];
  }[];
}

export type EdgeKind = 'entry' | 'corequisite' | 'stacks';

export interface GraphNode {
  id: string;
  kind: 'card' | 'milestone';
  column: number;
  card?: (CardInfo & { language?: string | undefined; mode?: string | undefined }) | undefined;
  title: string;
  width: number;
  height: number;
}

export interface GraphEdge {
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
}

export interface PlanGraph {
  columns: number[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const CARD = { width: 220, height: 112 };
export const MILESTONE = { width: 220, height: 72 };

const accepted = (rule: RuleLike | undefined): string[] =>
  rule ? [...rule.accepts, ...rule.children.flatMap(accepted)] : [];

export const cardId = (credential: string): string => `c:${credential}`;
export const milestoneId = (credential: string): string => `m:${credential}`;

export function planGraph(plan: PlanLike, facts: ReadonlyMap<string, CredentialFacts>): PlanGraph {
  const nodes: GraphNode[] = [];
  const inPlan = new Set<string>();
  for (const step of plan.steps) {
    for (const take of step.take) {
      inPlan.add(take.credential);
      const f = facts.get(take.credential);
      nodes.push({
        id: cardId(take.credential),
        kind: 'card',
        column: step.step,
        card: { ...take, language: f?.language, mode: f?.mode },
        title: take.title,
        ...CARD,
      });
    }
    for (const m of step.milestones)
      nodes.push({
        id: milestoneId(m.credential),
        kind: 'milestone',
        column: step.step,
        title: m.title,
        ...MILESTONE,
      });
  }
  const milestones = new Set(nodes.filter((n) => n.kind === 'milestone').map((n) => n.id));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (kind: EdgeKind, from: string, to: string) => {
    const id = `${kind}:${from}->${to}`;
    if (from === to || seen.has(id)) return;
    seen.add(id);
    edges.push({ id, kind, from, to });
  };
  for (const credential of inPlan) {
    const f = facts.get(credential);
    if (!f) continue;
    // An entry rule met by another credential of the plan (or an award the plan earns).
    for (const needed of accepted(f.entryRule)) {
      if (inPlan.has(needed)) add('entry', cardId(needed), cardId(credential));
      else if (milestones.has(milestoneId(needed)))
        add('entry', milestoneId(needed), cardId(credential));
    }
    for (const co of f.corequisites ?? [])
      if (inPlan.has(co)) add('corequisite', cardId(co), cardId(credential));
    for (const award of f.stacksInto ?? [])
      if (milestones.has(milestoneId(award.id)))
        add('stacks', cardId(credential), milestoneId(award.id));
  }
  return { columns: plan.steps.map((s) => s.step), nodes, edges };
}

/** The ELK graph of a plan graph: left to right, one partition (column) per step. */
export function elkGraph(graph: PlanGraph) {
  return {
    id: 'plan',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.partitioning.activate': 'true',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    },
    children: graph.nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      // Awards close their step: they sit right of its cards, before the next step.
      layoutOptions: {
        'elk.partitioning.partition': String(n.column * 2 + (n.kind === 'milestone' ? 1 : 0)),
      },
    })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
}
