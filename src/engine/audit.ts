import type { CatalogueGraph, RuleNode } from '../graph/index.js';
import { credentialOf, transferOf } from '../graph/index.js';
import type { Target } from '../model/index.js';
import { allocateRule, compileRule, type Allocation } from './allocation.js';
import { stackingClosure, type ItemSet, type Milestone } from './closure.js';
import { goalOf } from './goal.js';
import { checkHoldings, type DroppedHolding, type HeldCredential } from './holdings.js';
import type { PriorLearningRecord } from '../model/index.js';
import {
  checkPriorLearning,
  exemptableCredentials,
  priorLearningItems,
  priorLearningRecords,
  type PriorLearningRecords,
} from './priorLearning.js';
import {
  itemFor,
  transferCredit,
  transfersInForce,
  type Item,
  type TransferCredit,
} from './items.js';

export type NodeStatus = 'complete' | 'partial' | 'missing';

export interface AppliedItem {
  /** The accepted id this item counts as. */
  accepts: string;
  /** The credential the learner has. */
  item: string;
  credits: number;
  /** Counted through an agreement: as another credential, or credits by transfer. */
  via?: 'recognition' | 'transfer' | undefined;
  /** The agreement it counts under, when it names one (transfers). */
  source?: string | undefined;
}

export interface RemainingOption {
  id: string;
  title: string;
  kind: 'credential' | 'outcome' | 'skill' | 'transfer';
  credits?: number | undefined;
}

/** A holding (or its transfer agreement) in a credit system the catalogue cannot convert. */
export interface UnconvertedCredits {
  credential: string;
  /** For a transfer agreement: the qualification it credits. */
  towards?: string | undefined;
  creditSystem: string;
  amount: number;
}

/** One node of a rule tree, annotated for a learner. */
export interface AuditNode {
  id: string;
  label?: string | undefined;
  designation?: string | undefined;
  op: RuleNode['op'];
  status: NodeStatus;
  /** Branches satisfied (or credits counted, for MIN_CREDITS) vs needed. */
  done: number;
  needed: number;
  unit: 'branches' | 'credits';
  /** Fraction complete, 0..1, counting partial progress inside sub-rules and sub-awards. */
  progress: number;
  applied: AppliedItem[];
  /** Accepted ids not yet filled that could still count here. */
  remaining: RemainingOption[];
  children: AuditNode[];
  /** Accepted awards the learner does not hold yet, audited in turn (the ladder below). */
  subAudits: CredentialAudit[];
}

export interface CredentialAudit {
  credential: string;
  title: string;
  achieved: boolean;
  /** The award rule, annotated; absent for credentials taken directly. */
  rule?: AuditNode | undefined;
}

export interface Audit {
  asOf: string;
  target: Target;
  title: string;
  achieved: boolean;
  /** Overall progress towards the target, 0..100. */
  percent: number;
  holdings: { valid: HeldCredential[]; dropped: DroppedHolding[] };
  /** Held credentials that count as others through recognition agreements in force. */
  recognitions: { held: string; countsAs: string; credits: number }[];
  /** Held credentials granted credits by partial transfers in force, counted or not. */
  transfers: (TransferCredit & { counted: boolean })[];
  /** Held credentials whose credits (or transfer credits) have no declared conversion. */
  unconverted: UnconvertedCredits[];
  /** Awards the learner has earned by stacking what they hold. */
  milestones: Milestone[];
  /** The goal (which credentials or skills are wanted), annotated. */
  goal: AuditNode;
  /** Valid holdings that count towards nothing in the target. */
  unused: string[];
  /** False when a very large audit stopped searching before proving its allocation best. */
  proven: boolean;
  /** With prior learning: which records counted, and what could be granted by exemption. */
  priorLearning?: (PriorLearningRecords & { exemptable: string[] }) | undefined;
}

export interface AuditOptions {
  holdings: readonly HeldCredential[];
  asOf: string;
  target: Target;
  /** Validated learning outcomes and skills (recognition of prior learning). */
  priorLearning?: readonly PriorLearningRecord[] | undefined;
  countUnverified?: boolean | undefined;
  /** How many levels of sub-awards to audit below the target (default 3). */
  depth?: number;
}

/**
 * Engine step 5, "what is left": the learner's valid holdings (recognition applied, awards
 * earned by stacking added) allocated exactly to the target's rule trees, every node
 * annotated with its status, progress, the items applied and the options remaining.
 */
export function auditQualification(graph: CatalogueGraph, options: AuditOptions): Audit {
  const { asOf } = options;
  const goal = goalOf(graph, options.target);
  const check = checkHoldings(graph, options.holdings, asOf);
  const prior = checkPriorLearning(
    graph,
    { records: options.priorLearning ?? [], countUnverified: options.countUnverified },
    asOf,
  );
  const held = check.valid.map((h) => itemFor(graph, h.credential, 'held', asOf));
  // Outcomes established by prior learning count in rules accepting them, like certified ones.
  const closure = stackingClosure(graph, [...held, ...priorLearningItems(prior)], asOf);
  const used = new Set<string>();
  const transfersCounted = new Set<string>(); // "item\u0000slot" of transfers placed
  let proven = true;

  const annotate = (rule: RuleNode, items: Item[], depth: number): AuditNode => {
    const allocation = allocateRule(rule, items);
    proven &&= allocation.proven;
    for (const p of allocation.placements) used.add(p.item);
    for (const p of allocation.placements) {
      const slot = compileRule(rule).slots[p.slot]!.accepts;
      if (transferOf(graph, slot)) transfersCounted.add(`${p.item}\u0000${slot}`);
    }
    return annotateNode(graph, rule, allocation, closure.items, depth, (id, d) => subAudit(id, d));
  };
  const subAudit = (id: string, depth: number): CredentialAudit | undefined => {
    const c = credentialOf(graph, id);
    if (!c?.awardRule || depth <= 0) return undefined;
    const achieved = closure.items.has(id);
    return {
      credential: id,
      title: c.title,
      achieved,
      rule: annotate(c.awardRule, closure.items.relevantTo(c.awardRule, id), depth - 1),
    };
  };

  const goalNode = annotate(goal.rule, [...closure.items.values()], (options.depth ?? 3) + 1);
  // Items used by awards the learner already earned count as used too.
  for (const m of closure.milestones)
    for (const p of m.placements) {
      used.add(p.item);
      const slot = compileRule(credentialOf(graph, m.credential)!.awardRule!).slots[p.slot]!;
      if (transferOf(graph, slot.accepts)) transfersCounted.add(`${p.item}\u0000${slot.accepts}`);
    }

  const recognitions: Audit['recognitions'] = [];
  for (const item of held) {
    for (const [id, credits] of item.identities) {
      if (id !== item.id && credentialOf(graph, id))
        recognitions.push({ held: item.id, countsAs: id, credits });
    }
  }
  const transfers: Audit['transfers'] = [];
  const unconverted: UnconvertedCredits[] = [];
  for (const item of held) {
    const converted = credentialOf(graph, item.id)!.converted;
    if (converted && converted.factor === undefined)
      unconverted.push({ credential: item.id, ...amountOf(converted) });
    for (const t of transfersInForce(graph, item.id, asOf)) {
      transfers.push({
        ...transferCredit(item.id, t),
        counted: transfersCounted.has(`${item.id}\u0000${t.id}`),
      });
      if (t.converted && t.converted.factor === undefined)
        unconverted.push({
          credential: item.id,
          towards: t.qualification,
          ...amountOf(t.converted),
        });
    }
  }
  return {
    asOf,
    target: options.target,
    title: goal.title,
    achieved: goalNode.status === 'complete',
    percent: Math.round(goalNode.progress * 1000) / 10,
    holdings: { valid: check.valid, dropped: check.dropped },
    recognitions,
    transfers,
    unconverted,
    milestones: closure.milestones,
    goal: goalNode,
    unused: held.filter((i) => !used.has(i.id)).map((i) => i.id),
    proven,
    ...((options.priorLearning ?? []).length > 0
      ? {
          priorLearning: {
            ...priorLearningRecords(prior),
            exemptable: exemptableCredentials(
              graph,
              prior,
              remainingCredentials(goalNode).filter((id) => !closure.items.has(id)),
            ).map((e) => e.credential),
          },
        }
      : {}),
  };
}

function annotateNode(
  graph: CatalogueGraph,
  root: RuleNode,
  allocation: Allocation,
  have: ItemSet,
  depth: number,
  subAudit: (id: string, depth: number) => CredentialAudit | undefined,
): AuditNode {
  const compiled = compileRule(root);
  const bySlot = new Map(allocation.placements.map((p) => [p.slot, p]));
  const build = (index: number): AuditNode => {
    const node = compiled.nodes[index]!;
    const state = allocation.nodes[index]!;
    const applied: AppliedItem[] = [];
    const remaining: RemainingOption[] = [];
    const subAudits: CredentialAudit[] = [];
    const branchProgress: number[] = [];
    for (const s of node.slots) {
      const accepts = compiled.slots[s]!.accepts;
      const placed = bySlot.get(s);
      if (placed) {
        const transfer = transferOf(graph, accepts);
        applied.push({
          accepts,
          item: placed.item,
          credits: placed.credits,
          ...(transfer
            ? { via: 'transfer' as const, ...(transfer.source ? { source: transfer.source } : {}) }
            : accepts !== placed.item && credentialOf(graph, accepts)
              ? { via: 'recognition' as const }
              : {}),
        });
        branchProgress.push(1);
        continue;
      }
      remaining.push(describe(graph, accepts));
      const sub = have.has(accepts) ? undefined : subAudit(accepts, depth);
      if (sub) subAudits.push(sub);
      branchProgress.push(sub?.rule?.progress ?? 0);
    }
    const children = node.children.map(build);
    for (const c of children) branchProgress.push(c.progress);
    const progress = node.operator.progress(state.done, state.needed, branchProgress);
    return {
      id: node.rule.id,
      label: node.rule.label,
      designation: node.rule.designation,
      op: node.rule.op,
      status: state.satisfied ? 'complete' : state.done > 0 || progress > 0 ? 'partial' : 'missing',
      done: state.done,
      needed: state.needed,
      unit: node.operator.counts,
      progress: state.satisfied ? 1 : Math.min(progress, 0.999),
      applied,
      remaining,
      children,
      subAudits,
    };
  };
  return build(0);
}

/** The credentials still open anywhere in an annotated tree (sub-audits included), once each. */
function remainingCredentials(node: AuditNode, out = new Set<string>()): string[] {
  for (const r of node.remaining) if (r.kind === 'credential') out.add(r.id);
  for (const c of node.children) remainingCredentials(c, out);
  for (const a of node.subAudits) if (a.rule) remainingCredentials(a.rule, out);
  return [...out];
}

function describe(graph: CatalogueGraph, id: string): RemainingOption {
  if (!graph.hasNode(id)) return { id, title: id, kind: 'credential' };
  const node = graph.getNodeAttributes(id);
  if (node.type === 'credential')
    return { id, title: node.title, kind: 'credential', credits: node.credits };
  if (node.type === 'outcome') return { id, title: node.statement, kind: 'outcome' };
  if (node.type === 'skill') return { id, title: node.label, kind: 'skill' };
  if (node.type === 'transfer') {
    const from = credentialOf(graph, node.from)?.title ?? node.from;
    return { id, title: `${from}, by transfer`, kind: 'transfer', credits: node.credits };
  }
  return { id, title: id, kind: 'credential' };
}

const amountOf = (c: { creditSystem: string; amount: number }) => ({
  creditSystem: c.creditSystem,
  amount: c.amount,
});
