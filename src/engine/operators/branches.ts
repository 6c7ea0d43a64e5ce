import type {
  RelaxedEntries,
  MipAllocation,
  MipLinear,
  MipRowSink,
  Operator,
  RelaxedChoice,
  RelaxedOption,
} from './types.js';
import { UNREACHABLE, linear, scaled, sumOf } from './types.js';

/**
 * What ALL, ANY and N_OF share: each counts the distinct branches satisfied and needs some
 * number of them (every branch, one, n). Only `needed` (and ALL's MIP rows) tell them apart;
 * each operator's module states its own and takes the rest from here.
 */

/** Audit: the mean of the `needed` most advanced branches. */
export function meanOfMostAdvanced(
  _done: number,
  needed: number,
  branchProgress: readonly number[],
): number {
  const n = Math.max(needed, 1);
  const top = [...branchProgress].sort((a, b) => b - a).slice(0, n);
  return top.reduce((a, b) => a + b, 0) / n;
}

/** The cheapest option of a slot (a slot is satisfied by any one filler). */
export function cheapest(options: readonly { choice: RelaxedChoice }[]): RelaxedChoice {
  let best = UNREACHABLE;
  for (const o of options) if (o.choice.cost < best.cost) best = o.choice;
  return best;
}

/**
 * Bound: the `needed` cheapest branches summed (each branch's cost is a lower bound, and a
 * plan satisfies at least `needed` distinct ones); unreachable when there are fewer branches.
 */
export function cheapestBranches(
  slots: readonly (readonly RelaxedOption[])[],
  children: readonly RelaxedChoice[],
  needed: number,
): RelaxedChoice {
  const branches: RelaxedChoice[] = slots.map(cheapest);
  for (const c of children) branches.push(c);
  if (needed > branches.length) return UNREACHABLE;
  branches.sort((a, b) => a.cost - b.cost);
  const picked = branches.slice(0, needed);
  return { cost: picked.reduce((s, b) => s + b.cost, 0), uses: picked.flatMap((b) => b.uses) };
}

/**
 * Bound over numbers: `cheapestBranches` on the branches' costs. The `needed` cheapest, ties
 * by position (the stable sort of `cheapestBranches`).
 */
export function cheapestBranchesIndexed(
  entries: RelaxedEntries,
  count: number,
  needed: number,
): number {
  entries.picks = 0;
  if (needed > count) return Infinity;
  const { cost, order, picked } = entries;
  // Insertion sort of the positions by cost: stable, and nodes have a handful of branches.
  for (let i = 0; i < count; i++) {
    const c = cost[i]!;
    let j = i;
    while (j > 0 && cost[order[j - 1]!]! > c) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  let total = 0;
  const take = Math.max(0, needed);
  for (let k = 0; k < take; k++) {
    total += cost[order[k]!]!;
    picked[k] = order[k]!;
  }
  entries.picks = take;
  return total;
}

/** MIP: a slot's value is the sum of its allocation variables (at most 1 by its own row). */
export const slotValue = (slot: readonly MipAllocation[]): MipLinear =>
  linear(slot.map(({ v }) => [1, v] as const));

/** MIP: needed · satisfied ≤ Σ branch values. */
export function countRow(
  lp: MipRowSink,
  satisfied: MipLinear,
  slots: readonly (readonly MipAllocation[])[],
  children: readonly MipLinear[],
  needed: number,
): void {
  if (needed <= 0) return;
  lp.row(scaled(satisfied, needed), '<=', sumOf([...slots.map(slotValue), ...children]));
}

/**
 * Allocation: when the relaxation counts exactly `needed` branches, every one of them must be
 * kept (losing any leaves the node short).
 */
export function everyCountedBranch(
  node: { readonly slots: readonly number[]; readonly children: readonly number[] },
  done: number,
  needed: number,
  values: Float64Array,
  childSatisfied: (child: number) => boolean,
  require: { slot(slot: number): void; child(child: number): void },
): void {
  if (done !== needed) return;
  for (const s of node.slots) if (values[s]! >= 0) require.slot(s);
  for (const c of node.children) if (childSatisfied(c)) require.child(c);
}

export const describeBranches = (needed: number, branches: number, done: number): string =>
  `${needed} of its ${branches} options (${done} reachable)`;

/** The parts of a branch-counting operator that do not depend on how many it needs. */
/**
 * Stackability: the `needed` largest branch values summed (a plan counts `needed` distinct
 * branches at most where every one counts; all of them for ALL, the best one for ANY).
 */
export function largestBranches(branchValues: readonly number[], needed: number): number {
  return [...branchValues]
    .sort((a, b) => b - a)
    .slice(0, Math.max(needed, 0))
    .reduce((a, b) => a + b, 0);
}

export const countingBranches = {
  counts: 'branches',
  progress: meanOfMostAdvanced,
  relaxedCost: cheapestBranches,
  relaxedIndexed: cheapestBranchesIndexed,
  mipRows: countRow,
  requiredBranches: everyCountedBranch,
  describeNeed: describeBranches,
  mostSupplied: largestBranches,
} as const satisfies Partial<Operator>;
