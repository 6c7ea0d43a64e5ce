import { shortestCycleThrough } from '../../algorithms/cycles.js';
import type { CatalogueGraph, RuleNode } from '../../graph/index.js';
import { credentialOf, ruleAccepts } from '../../graph/index.js';
import { allocateRule, compileRule, isSatisfiable } from '../allocation.js';
import type { ItemSet } from '../closure.js';
import { requisiteContradictions } from '../requisites.js';
import type { PlanProblem } from './problem.js';
import { strictPartners } from './simulate.js';

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
  const contradictions = requisiteContradictions(graph);
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
    if (c.earnable && stuck.has(id)) {
      const where = c.entryRule ? { id: c.entryRule.id, label: c.entryRule.label, of: id } : node;
      const contradiction = contradictions.get(id);
      if (contradiction)
        return {
          reason: 'requisite-contradiction',
          rule: where,
          detail: `${name} can never be taken: ${contradiction}`,
          causes: [],
        };
      const cycle = requisiteCycle(problem, have, stuck, id);
      if (cycle)
        return {
          reason: 'entry-rule-cycle',
          rule: where,
          detail: describeCycle(graph, cycle),
          causes: [],
        };
      const inner = c.entryRule ? whyNotRule(c.entryRule, id) : undefined;
      if (inner)
        return {
          reason: 'entry-rule-unmet',
          rule: where,
          detail: `the entry rule of ${name} cannot be met: ${inner.detail}`,
          causes: [inner],
        };
      const missing = c.corequisites.filter((co) => !have.has(co) && !stuck.has(co));
      if (missing.length)
        return {
          reason: 'entry-rule-unmet',
          rule: node,
          detail: `${name} must be taken with ${missing.map((m) => nameOf(graph, m)).join(', ')}, which cannot be taken`,
          causes: unique(missing.map((m) => whyNotCredential(m, node))),
        };
      // Its entry rule is met: what holds it back starts in the same step or later.
      const partners = [...c.corequisites, ...strictNamers(problem, id)].filter(
        (p, i, all) => stuck.has(p) && all.indexOf(p) === i,
      );
      if (partners.length)
        return {
          reason: 'entry-rule-unmet',
          rule: node,
          detail: `${name} must be taken in the same step as ${partners.map((m) => nameOf(graph, m)).join(', ')}, which cannot start`,
          causes: unique(partners.map((m) => whyNotCredential(m, node))),
        };
      // Everything it needs can be had, only never in the same step as its strict partners.
      const strict = strictPartners(problem, id);
      if (strict.length)
        return {
          reason: 'requisite-contradiction',
          rule: where,
          detail: `${name} can never be taken: its strict co-requisite ${strict.map((m) => nameOf(graph, m)).join(', ')} must start in the same step, yet what ${name} needs first cannot be had without it`,
          causes: [],
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
    const causes = unique(certifiers.map((c) => whyNotCredential(c, node)));
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
      const causes = unique(open.map((s) => whyNotId(compiled.slots[s]!.accepts, where)));
      const label = node.rule.label ?? nameOf(graph, owner);
      const needs = node.operator.describeNeed(
        node.needed,
        node.slots.length + node.children.length,
        state.done,
      );
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

/** Who names a credential as a strict co-requisite (they start in the same step). */
function strictNamers(problem: PlanProblem, id: string): string[] {
  return problem.candidates.filter((other) =>
    (credentialOf(problem.graph, other)!.strictCorequisites ?? []).includes(id),
  );
}

type RequisiteKind =
  'prerequisite' | 'co-requisite' | 'strict co-requisite' | 'same step' | 'award';

interface RequisiteEdge {
  from: string;
  to: string;
  kind: RequisiteKind;
}

/**
 * The shortest cycle of requisites through a credential that could never start, among what
 * was never had: each credential waits on the next (an entry rule not met waits on what it
 * accepts, a co-requisite or strict co-requisite on its partner, an award on what its rule
 * accepts). Undefined when it waits on nothing that waits back.
 */
function requisiteCycle(
  problem: PlanProblem,
  have: ItemSet,
  stuck: ReadonlySet<string>,
  start: string,
): RequisiteEdge[] | undefined {
  const { graph } = problem;
  const credentialsFor = (accepted: string): string[] => {
    if (!graph.hasNode(accepted)) return [];
    if (graph.getNodeAttribute(accepted, 'type') === 'credential') return [accepted];
    return graph.inNeighbors(accepted).filter((n) => credentialOf(graph, n) !== undefined);
  };
  const edgesOf = (id: string): RequisiteEdge[] => {
    const c = credentialOf(graph, id);
    if (!c || have.has(id)) return [];
    const out: RequisiteEdge[] = [];
    const add = (to: string, kind: RequisiteKind) => {
      if (to !== id && !have.has(to)) out.push({ from: id, to, kind });
    };
    if (c.earnable && stuck.has(id)) {
      const rule = c.entryRule;
      if (rule && !isSatisfiable(rule, have.relevantTo(rule, id)))
        for (const accepted of ruleAccepts(rule))
          for (const x of credentialsFor(accepted)) add(x, 'prerequisite');
      const strict = new Set(c.strictCorequisites ?? []);
      for (const co of c.corequisites)
        add(co, strict.has(co) ? 'strict co-requisite' : 'co-requisite');
      for (const namer of strictNamers(problem, id)) if (stuck.has(namer)) add(namer, 'same step');
    } else if (c.awardRule)
      for (const accepted of ruleAccepts(c.awardRule))
        for (const x of credentialsFor(accepted)) add(x, 'award');
    return out;
  };
  return shortestCycleThrough(start, edgesOf);
}

/**
 * A cycle in words, from the member whose name sorts first (so that the same cycle met from
 * any of its members reads the same): "A → B → A: A needs its co-requisite B ...".
 */
function describeCycle(graph: CatalogueGraph, cycle: RequisiteEdge[]): string {
  const name = (id: string) => nameOf(graph, id);
  const first = cycle.reduce(
    (best, e, i) => (name(e.from).localeCompare(name(cycle[best]!.from)) < 0 ? i : best),
    0,
  );
  const ordered = [...cycle.slice(first), ...cycle.slice(0, first)];
  const phrase = (e: RequisiteEdge): string => {
    switch (e.kind) {
      case 'prerequisite':
        return `${name(e.from)} needs ${name(e.to)} before it starts (entry rule)`;
      case 'co-requisite':
        return `${name(e.from)} needs its co-requisite ${name(e.to)} in the same step or before`;
      case 'strict co-requisite':
        return `${name(e.from)} needs its strict co-requisite ${name(e.to)} in the same step`;
      case 'same step':
        return `${name(e.from)} must be taken in the same step as ${name(e.to)}, which names it a strict co-requisite`;
      case 'award':
        return `${name(e.from)} is awarded only for ${name(e.to)}`;
    }
  };
  const path = [...ordered.map((e) => name(e.from)), name(ordered[0]!.from)].join(' → ');
  return `${path} is a cycle of requisites, so none of them can ever start: ${ordered.map(phrase).join('; ')}`;
}

/** Causes without repeats (the same cycle or reason reached from several options). */
function unique(causes: Infeasibility[]): Infeasibility[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.reason}\u0000${c.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
