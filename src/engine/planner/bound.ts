import type { RuleNode } from '../../graph/index.js';
import { credentialOf } from '../../graph/index.js';
import { compileRule } from '../allocation.js';
import type { ItemSet } from '../closure.js';
import { itemFor } from '../items.js';
import type { PlanProblem } from './problem.js';

/**
 * A lower bound on the weight still needed to reach the goal, by cost splitting.
 *
 * The goal's rule is expanded through the awards it accepts (a certificate accepted by a
 * diploma is replaced by the certificate's own rule), and evaluated additively: ALL sums its
 * branches, ANY takes the cheapest, N_OF the n cheapest, MIN_CREDITS the fractional
 * (LP) knapsack cover. Summing over-counts a candidate that could serve several places at
 * once, so each candidate's weight is divided by k(c), the most places one plan could count
 * it in: the number of expanded rule instances it appears in (an item fills one slot per
 * tree, or up to 1 + maxShared). Any plan P pays w(c) once per c and the relaxation can copy
 * P's choices paying at most k(c)·w(c)/k(c) per c, so the value never exceeds P's weight.
 * Entry-rule prerequisites are left out, which only lowers the bound. This is the classic
 * cost-splitting bound for AND/OR covering (see README in this folder).
 */
export interface Relaxation {
  /** Lower bound on the weight still to add (beyond what is included). */
  bound: number;
  /** Candidates the relaxed solution uses (branching hints, and a plan to try). */
  chosen: string[];
}

interface Filler {
  id: string;
  award: boolean;
  credits: number;
}

export interface BoundContext {
  problem: PlanProblem;
  fillers: Map<string, Filler[]>;
  split: Map<string, number>;
  /** The award graph of the cone has a cycle: the bound falls back to zero. */
  cyclic: boolean;
}

export function boundContext(problem: PlanProblem): BoundContext {
  const { graph, asOf } = problem;
  const fillers = new Map<string, Filler[]>();
  const addFiller = (accepted: string, f: Filler) => {
    const list = fillers.get(accepted);
    if (list) list.push(f);
    else fillers.set(accepted, [f]);
  };
  for (const [id, item] of problem.items)
    for (const [accepted, credits] of item.identities)
      addFiller(accepted, { id, award: false, credits });
  for (const id of problem.awards) {
    for (const [accepted, credits] of itemFor(graph, id, 'awarded', asOf).identities)
      addFiller(accepted, { id, award: true, credits });
  }

  // Instance multiplicity of each award's rule, from the goal down (a DAG unless cyclic).
  const trees = new Map<string, RuleNode>(
    problem.awards.map((id) => [id, credentialOf(graph, id)!.awardRule!]),
  );
  const childrenOf = (rule: RuleNode): string[] => {
    const out: string[] = [];
    for (const slot of compileRule(rule).slots)
      for (const f of fillers.get(slot.accepts) ?? []) if (f.award) out.push(f.id);
    return out;
  };
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  let cyclic = false;
  const visit = (id: string) => {
    state.set(id, 1);
    for (const child of childrenOf(trees.get(id)!)) {
      const s = state.get(child);
      if (s === 1) cyclic = true;
      else if (s === undefined) visit(child);
    }
    state.set(id, 2);
    order.push(id);
  };
  const goalChildren = childrenOf(problem.goal.rule);
  for (const child of goalChildren) if (!state.has(child)) visit(child);
  order.reverse(); // parents before children

  const mult = new Map<string, number>();
  for (const child of goalChildren) mult.set(child, (mult.get(child) ?? 0) + 1);
  for (const id of order) {
    const m = mult.get(id) ?? 0;
    for (const child of childrenOf(trees.get(id)!)) mult.set(child, (mult.get(child) ?? 0) + m);
  }

  const split = new Map<string, number>();
  const countIn = (rule: RuleNode, m: number) => {
    if (m === 0) return;
    const compiled = compileRule(rule);
    const capacity =
      1 + compiled.nodes.reduce((s, n) => s + Math.min(n.maxShared, compiled.slots.length), 0);
    const occurrences = new Map<string, number>();
    for (const slot of compiled.slots)
      for (const f of fillers.get(slot.accepts) ?? [])
        if (!f.award) occurrences.set(f.id, (occurrences.get(f.id) ?? 0) + 1);
    for (const [id, occ] of occurrences)
      split.set(id, (split.get(id) ?? 0) + m * Math.min(occ, capacity));
  };
  countIn(problem.goal.rule, 1);
  for (const id of order) countIn(trees.get(id)!, mult.get(id) ?? 0);
  return { problem, fillers, split, cyclic };
}

interface Choice {
  cost: number;
  /** Candidates used by the cheapest way found. */
  uses: string[];
}

/**
 * The relaxed cost of reaching the goal when `optimistic` is held for free (the learner's
 * items, the included candidates and everything they stack into) and `excluded` candidates
 * are unavailable.
 */
export function relax(
  ctx: BoundContext,
  optimistic: ItemSet,
  excluded: ReadonlySet<string>,
): Relaxation {
  if (ctx.cyclic) return { bound: 0, chosen: [] };
  const { problem, fillers, split } = ctx;
  const graph = problem.graph;
  const awardMemo = new Map<string, Choice>();

  const fillerCost = (f: Filler): Choice => {
    if (optimistic.has(f.id)) return { cost: 0, uses: [] };
    if (f.award) return awardCost(f.id);
    if (excluded.has(f.id)) return { cost: Infinity, uses: [] };
    return { cost: problem.weight.get(f.id)! / Math.max(1, split.get(f.id) ?? 1), uses: [f.id] };
  };
  const awardCost = (id: string): Choice => {
    const known = awardMemo.get(id);
    if (known) return known;
    awardMemo.set(id, { cost: 0, uses: [] }); // cycle guard; cyclic cones never get here
    const result = ruleCost(credentialOf(graph, id)!.awardRule!);
    awardMemo.set(id, result);
    return result;
  };
  const slotOptions = (accepted: string): { credits: number; choice: Choice }[] => {
    if (optimistic.covers(accepted)) {
      // Free: a held item stands for it (exclusivity is relaxed away).
      let credits = 0;
      for (const item of optimistic.values()) {
        const c = item.identities.get(accepted);
        if (c !== undefined) credits = Math.max(credits, c);
      }
      return [{ credits, choice: { cost: 0, uses: [] } }];
    }
    return (fillers.get(accepted) ?? []).map((f) => ({
      credits: f.credits,
      choice: fillerCost(f),
    }));
  };
  const cheapest = (options: { choice: Choice }[]): Choice => {
    let best: Choice = { cost: Infinity, uses: [] };
    for (const o of options) if (o.choice.cost < best.cost) best = o.choice;
    return best;
  };
  const ruleCost = (rule: RuleNode): Choice => {
    const compiled = compileRule(rule);
    const results = new Array<Choice>(compiled.nodes.length);
    for (let i = compiled.nodes.length - 1; i >= 0; i--) {
      const node = compiled.nodes[i]!;
      if (node.rule.op === 'MIN_CREDITS') {
        const options = node.slots.flatMap((s) => slotOptions(compiled.slots[s]!.accepts));
        results[i] = knapsackCover(options, node.credits);
        continue;
      }
      const branches: Choice[] = node.slots.map((s) =>
        cheapest(slotOptions(compiled.slots[s]!.accepts)),
      );
      for (const c of node.children) branches.push(results[c]!);
      branches.sort((a, b) => a.cost - b.cost);
      const need = Math.min(node.need, branches.length);
      const picked = branches.slice(0, need);
      results[i] =
        node.need > branches.length
          ? { cost: Infinity, uses: [] }
          : { cost: picked.reduce((s, b) => s + b.cost, 0), uses: picked.flatMap((b) => b.uses) };
    }
    return results[0]!;
  };
  const goal = ruleCost(problem.goal.rule);
  return { bound: goal.cost, chosen: [...new Set(goal.uses)] };
}

/** Fractional min-cost cover of `need` credits: the LP bound of the knapsack-cover problem. */
function knapsackCover(options: { credits: number; choice: Choice }[], need: number): Choice {
  const usable = options.filter((o) => o.credits > 0 && Number.isFinite(o.choice.cost));
  usable.sort((a, b) => a.choice.cost / a.credits - b.choice.cost / b.credits);
  let left = need - 1e-9;
  let cost = 0;
  const uses: string[] = [];
  for (const o of usable) {
    if (left <= 0) break;
    const fraction = Math.min(1, left / o.credits);
    cost += fraction * o.choice.cost;
    uses.push(...o.choice.uses);
    left -= o.credits;
  }
  return left > 0 ? { cost: Infinity, uses: [] } : { cost, uses };
}
