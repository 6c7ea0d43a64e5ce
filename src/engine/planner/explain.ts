import type { CatalogueGraph, RuleNode } from '../../graph/index.js';
import { credentialOf } from '../../graph/index.js';
import { allocateRule, compileRule } from '../allocation.js';
import type { ItemSet } from '../closure.js';
import type { PlanProblem } from './problem.js';

/** Allocation search steps per rule an explanation may spend (see whyNotRule). */
const EXPLAIN_STEPS = 5_000;

export type InfeasibleReason =
  | 'nothing-offered'
  | 'entry-rule-cycle'
  | 'entry-rule-unmet'
  | 'requisite-contradiction'
  | 'excluded-by-constraints'
  | 'budget'
  | 'skill-not-covered'
  | 'counted-elsewhere';

export interface Infeasibility {
  reason: InfeasibleReason;
  /** The rule node that cannot be met, and the credential whose rule it is. */
  rule: { id: string; label?: string | undefined; of: string };
  /** A sentence a person can read. */
  detail: string;
  /** Deeper causes, one per option the rule offered. */
  causes: Infeasibility[];
}

/** Human name of the node holding a slot: its label, the nearest labelled ancestor's, or the owner's title. */
export function slotLabel(
  graph: CatalogueGraph,
  root: RuleNode,
  slot: number,
  owner: string,
): string {
  const compiled = compileRule(root);
  for (let n = compiled.slots[slot]!.node; n >= 0; n = compiled.nodes[n]!.parent) {
    const label = compiled.nodes[n]!.rule.label;
    if (label) return label;
  }
  return credentialOf(graph, owner)?.title ?? owner;
}

const nameOf = (graph: CatalogueGraph, id: string): string => {
  if (!graph.hasNode(id)) return id;
  const n = graph.getNodeAttributes(id);
  return n.type === 'credential'
    ? n.title
    : n.type === 'outcome'
      ? n.statement
      : 'label' in n
        ? n.label
        : id;
};

/**
 * Why the goal cannot be reached even if every allowed candidate were taken: walks down from
 * the goal through the first rule node that stays unsatisfied, and for each option it offers
 * says why that option is out of reach.
 */
export function explainInfeasible(
  problem: PlanProblem,
  have: ItemSet,
  stuck: ReadonlySet<string>,
): Infeasibility {
  const { graph } = problem;
  const excluded = new Map(problem.excluded.map((e) => [e.credential, e.reason]));
  const contradicted = new Set(
    problem.excluded.filter((e) => e.kind === 'contradiction').map((e) => e.credential),
  );
  const visiting = new Set<string>();

  type Where = { id: string; label?: string | undefined; of: string };
  // Every credential is explained once per path: a credential met again depends on itself
  // (through entry rules, co-requisites, awards or the outcomes that satisfy them).
  const whyNotCredential = (id: string, node: Where): Infeasibility => {
    if (visiting.has(id))
      return {
        reason: 'entry-rule-cycle',
        rule: node,
        detail: `${nameOf(graph, id)} depends on itself (through entry rules, co-requisites or outcomes)`,
        causes: [],
      };
    visiting.add(id);
    try {
      return whyNotCredentialOnce(id, node);
    } finally {
      visiting.delete(id);
    }
  };
  const whyNotCredentialOnce = (id: string, node: Where): Infeasibility => {
    const c = credentialOf(graph, id);
    const name = nameOf(graph, id);
    if (have.has(id))
      return {
        reason: 'counted-elsewhere',
        rule: node,
        detail: `${name} is already counted in another part of the same rule (a credential counts once per rule unless the rule allows sharing)`,
        causes: [],
      };
    if (!c)
      return {
        reason: 'nothing-offered',
        rule: node,
        detail: `nothing in the catalogue stands for "${name}"`,
        causes: [],
      };
    const constraint = excluded.get(id);
    if (constraint && contradicted.has(id))
      return {
        reason: 'requisite-contradiction',
        rule: node,
        detail: `${name} can never be taken: ${constraint}`,
        causes: [],
      };
    if (constraint)
      return {
        reason: 'excluded-by-constraints',
        rule: node,
        detail: `${name} is ruled out: ${constraint}`,
        causes: [],
      };
    if (c.awardRule) {
      const inner = whyNotRule(c.awardRule, id);
      if (inner) return inner;
    }
    if (c.earnable && stuck.has(id) && c.entryRule) {
      if (entryCycle(problem, id))
        return {
          reason: 'entry-rule-cycle',
          rule: { id: c.entryRule.id, label: c.entryRule.label, of: id },
          detail: `${name} can never start: its entry rule needs, directly or through other prerequisites, ${name} itself`,
          causes: [],
        };
      const inner = whyNotRule(c.entryRule, id);
      return {
        reason: 'entry-rule-unmet',
        rule: { id: c.entryRule.id, label: c.entryRule.label, of: id },
        detail: `the entry rule of ${name} cannot be met${inner ? `: ${inner.detail}` : ''}`,
        causes: inner ? [inner] : [],
      };
    }
    if (c.earnable && stuck.has(id)) {
      const missing = c.corequisites.filter((co) => !have.has(co));
      return {
        reason: 'entry-rule-unmet',
        rule: node,
        detail: `${name} must be taken with ${missing.map((m) => nameOf(graph, m)).join(', ')}, which cannot be taken`,
        causes: missing.map((m) => whyNotCredential(m, node)),
      };
    }
    return {
      reason: 'nothing-offered',
      rule: node,
      detail: `${name} cannot be taken directly and no rule awards it`,
      causes: [],
    };
  };

  const whyNotId = (
    accepted: string,
    node: { id: string; label?: string | undefined; of: string },
  ): Infeasibility => {
    const kind = graph.hasNode(accepted) ? graph.getNodeAttribute(accepted, 'type') : undefined;
    if (kind === 'credential') return whyNotCredential(accepted, node);
    if (kind === 'skill')
      return {
        reason: 'skill-not-covered',
        rule: node,
        detail: `no learning outcome in the catalogue develops the skill "${nameOf(graph, accepted)}"`,
        causes: [],
      };
    const certifiers = graph.hasNode(accepted)
      ? graph
          .inNeighbors(accepted)
          .filter((n) => graph.getNodeAttribute(n, 'type') === 'credential')
      : [];
    if (certifiers.length === 0)
      return {
        reason: 'nothing-offered',
        rule: node,
        detail: `no credential certifies the outcome "${nameOf(graph, accepted)}"`,
        causes: [],
      };
    const causes = certifiers.map((c) => whyNotCredential(c, node));
    return { ...causes[0]!, causes: causes.length > 1 ? causes : causes[0]!.causes };
  };

  const whyNotRule = (rule: RuleNode, owner: string): Infeasibility | undefined => {
    const compiled = compileRule(rule);
    // The best allocation within a few thousand steps: an explanation needs a good one, not
    // a proof that no allocation satisfies more nodes (the replay already proved the failure).
    const allocation = allocateRule(rule, have.relevantTo(rule, owner), {
      maxSteps: EXPLAIN_STEPS,
    });
    if (allocation.satisfied) return undefined;
    // The deepest unsatisfied node whose own options explain the failure.
    for (let i = compiled.nodes.length - 1; i >= 0; i--) {
      const state = allocation.nodes[i]!;
      const node = compiled.nodes[i]!;
      if (state.satisfied) continue;
      const unsatisfiedChild = node.children.some((c) => !allocation.nodes[c]!.satisfied);
      const filled = new Set(allocation.placements.map((p) => p.slot));
      const open = node.slots.filter((s) => !filled.has(s));
      if (open.length === 0 && unsatisfiedChild) continue;
      const where = { id: node.rule.id, label: node.rule.label, of: owner };
      const causes = open.map((s) => whyNotId(compiled.slots[s]!.accepts, where));
      const label = node.rule.label ?? nameOf(graph, owner);
      const needs =
        node.rule.op === 'MIN_CREDITS'
          ? `${node.credits} credits (${state.done} reachable)`
          : `${node.need} of its ${node.slots.length + node.children.length} options (${state.done} reachable)`;
      const first = causes[0];
      return {
        reason: first?.reason ?? 'nothing-offered',
        rule: where,
        detail: `"${label}" needs ${needs}${first ? `; ${first.detail}` : ''}`,
        causes,
      };
    }
    return undefined;
  };

  // A single qualification is explained from its own rule (the goal would only repeat it).
  const single = problem.goal.credentials.length === 1 && problem.goal.rule.op === 'ALL';
  if (single)
    return whyNotCredential(problem.goal.credentials[0]!, { id: problem.goal.rule.id, of: 'goal' });
  return (
    whyNotRule(problem.goal.rule, 'goal') ?? {
      reason: 'nothing-offered',
      rule: { id: problem.goal.rule.id, of: 'goal' },
      detail: 'the goal cannot be reached',
      causes: [],
    }
  );
}

/** Does the credential's entry rule depend on itself, through entry rules and awards? */
function entryCycle(problem: PlanProblem, start: string): boolean {
  const { graph } = problem;
  const stack = [start];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (!graph.hasNode(id)) continue;
    for (const edge of graph.outEdges(id)) {
      if (graph.getEdgeAttribute(edge, 'type') !== 'requires') continue;
      const target = graph.target(edge);
      if (target === start) return true;
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
    const c = credentialOf(graph, id);
    if (c?.awardRule)
      for (const slot of compileRule(c.awardRule).slots) {
        if (slot.accepts === start) return true;
        if (!seen.has(slot.accepts)) {
          seen.add(slot.accepts);
          stack.push(slot.accepts);
        }
      }
  }
  return false;
}
