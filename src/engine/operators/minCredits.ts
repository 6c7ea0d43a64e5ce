import type { Operator, RelaxedChoice, RelaxedEntries, RelaxedOption, MipTerm } from './types.js';
import { UNREACHABLE, linear, scaled } from './types.js';

/**
 * MIN_CREDITS (c): the credits of the items counted in its filled slots add up to at least c
 * (accepted slots only, no child nodes). An item counts the credits of the identity that
 * fills the slot (a recognition may give fewer than the credential's own).
 *
 * - satisfied: Σ credits of filled slots ≥ c (within 1e-9);
 * - progress: credits done / c;
 * - relaxed cost: the LP bound of the knapsack cover (Dantzig 1957): options by cost per
 *   credit, the last one taken fractionally;
 * - MIP: c · satisfied ≤ Σ credits(f, s) · a_{s,f};
 * - allocation: a filled slot without which the relaxed credits fall short is required;
 * - stackability: at most c credits supplied, however many its slots could give.
 */
export const MIN_CREDITS: Operator = {
  op: 'MIN_CREDITS',
  counts: 'credits',
  needed: (rule) => rule.credits,
  progress: (done, needed) => Math.min(1, done / Math.max(needed, 1e-9)),
  relaxedCost: (slots, _children, needed) => knapsackCover(slots.flat(), needed),
  relaxedIndexed: knapsackCoverIndexed,
  mipRows(lp, satisfied, slots, _children, needed) {
    if (needed <= 0) return;
    const terms: MipTerm[] = [];
    for (const slot of slots)
      for (const { v, credits } of slot) if (credits > 0) terms.push([credits, v]);
    lp.row(scaled(satisfied, needed), '<=', linear(terms));
  },
  requiredBranches(node, done, needed, values, _childSatisfied, require) {
    for (const s of node.slots)
      if (values[s]! >= 0 && done - values[s]! < needed - 1e-9) require.slot(s);
  },
  describeNeed: (needed, _branches, done) => `${needed} credits (${done} reachable)`,
  // Credits beyond what the node needs count towards nothing.
  mostSupplied: (branchValues, needed) =>
    Math.min(
      needed,
      branchValues.reduce((a, b) => a + b, 0),
    ),
};

/** Fractional min-cost cover of `need` credits: the LP bound of the knapsack-cover problem. */
function knapsackCover(options: readonly RelaxedOption[], need: number): RelaxedChoice {
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
  return left > 0 ? UNREACHABLE : { cost, uses };
}

/** `knapsackCover` over numbers: the options' costs and credits, the same order and cover. */
function knapsackCoverIndexed(entries: RelaxedEntries, count: number, need: number): number {
  const { cost, credits, order, picked } = entries;
  entries.picks = 0;
  let usable = 0;
  // Insertion sort of the usable options by cost per credit (stable, as knapsackCover's).
  for (let i = 0; i < count; i++) {
    const c = cost[i]!;
    if (!(credits[i]! > 0) || !Number.isFinite(c)) continue;
    const ratio = c / credits[i]!;
    let j = usable++;
    while (j > 0 && cost[order[j - 1]!]! / credits[order[j - 1]!]! > ratio) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  let left = need - 1e-9;
  let total = 0;
  let picks = 0;
  for (let k = 0; k < usable; k++) {
    if (left <= 0) break;
    const o = order[k]!;
    total += Math.min(1, left / credits[o]!) * cost[o]!;
    picked[picks++] = o;
    left -= credits[o]!;
  }
  if (left > 0) return Infinity;
  entries.picks = picks;
  return total;
}
