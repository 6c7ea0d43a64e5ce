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
  /** In a dated plan: its first and last day. */
  start?: string | undefined;
  end?: string | undefined;
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
/** A dated plan's cards carry one more line: the credential's first and last day. */
export const DATED_CARD = { width: 220, height: 130 };
export const MILESTONE = { width: 220, height: 72 };

const accepted = (rule: RuleLike | undefined): string[] =>
  rule ? [...rule.accepts, ...rule.children.flatMap(accepted)] : [];

export const cardId = (credential: string): string => `c:${credential}`;
export const milestoneId = (credential: string): string => `m:${credential}`;

export function planGraph(plan: PlanLike, facts: ReadonlyMap<string, CredentialFacts>): PlanGraph {
  const nodes: GraphNode[] = [];
  /** The step each credential is taken in. */
  const takenIn = new Map<string, number>();
  for (const step of plan.steps) {
    for (const take of step.take) {
      takenIn.set(take.credential, step.step);
      const f = facts.get(take.credential);
      nodes.push({
        id: cardId(take.credential),
        kind: 'card',
        column: step.step,
        card: { ...take, language: f?.language, mode: f?.mode },
        title: take.title,
        ...(take.start !== undefined ? DATED_CARD : CARD),
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
  /** The step each award is earned in. */
  const earnedIn = new Map(
    plan.steps.flatMap((s) =>
      s.milestones.map((m) => [milestoneId(m.credential), s.step] as const),
    ),
  );
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (kind: EdgeKind, from: string, to: string) => {
    const id = `${kind}:${from}->${to}`;
    if (from === to || seen.has(id)) return;
    seen.add(id);
    edges.push({ id, kind, from, to });
  };
  for (const [credential, step] of takenIn) {
    const f = facts.get(credential);
    if (!f) continue;
    // An entry rule met by another credential of the plan (or an award the plan earns).
    for (const needed of accepted(f.entryRule)) {
      if (takenIn.has(needed)) add('entry', cardId(needed), cardId(credential));
      else if (earnedIn.has(milestoneId(needed)))
        add('entry', milestoneId(needed), cardId(credential));
    }
    for (const co of f.corequisites ?? [])
      if (takenIn.has(co)) add('corequisite', cardId(co), cardId(credential));
    // Only what is taken by the time an award is earned counted towards earning it.
    for (const award of f.stacksInto ?? []) {
      const earned = earnedIn.get(milestoneId(award.id));
      if (earned !== undefined && earned >= step)
        add('stacks', cardId(credential), milestoneId(award.id));
    }
  }
  return { columns: plan.steps.map((s) => s.step), nodes, edges };
}
