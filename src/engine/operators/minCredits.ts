import type { Operator, RelaxedChoice, RelaxedEntries, RelaxedOption, MipTerm } from './types.js';
import { UNREACHABLE, linear, relaxedEntries, scaled } from './types.js';

/**
 * MIN_CREDITS (c): the credits of the items counted in its filled slots add up to at least c
 * (accepted slots only, no child nodes). An item counts the credits of the identity that
 * fills the slot (a recognition may give fewer than the credential's own).
 *
 * - satisfied: Σ credits of filled slots ≥ c (within 1e-9);
 * - progress: credits done / c;
 * - relaxed cost: the least-cost cover of c credits by whole options (the 0/1 knapsack cover,
 *   by branch and bound over the LP bound, Dantzig 1957; the LP bound alone past 4,096 steps);
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

/** The least-cost cover of `need` credits by the options (knapsackCoverIndexed's). */
function knapsackCover(options: readonly RelaxedOption[], need: number): RelaxedChoice {
  const entries = relaxedEntries(Math.max(1, options.length));
  options.forEach((o, i) => {
    entries.cost[i] = o.choice.cost;
    entries.credits[i] = o.credits;
  });
  const cost = knapsackCoverIndexed(entries, options.length, need);
  if (!Number.isFinite(cost)) return UNREACHABLE;
  const uses: string[] = [];
  for (let k = 0; k < entries.picks; k++) uses.push(...options[entries.picked[k]!]!.choice.uses);
  return { cost, uses };
}

/**
 * The least cost of options (costs and credits in `entries`) whose credits add up to `need`,
 * each taken whole or not at all: the LP bound of the knapsack cover first (Dantzig 1957:
 * options by cost per credit, the last one taken fractionally), and when that takes an option
 * in part, the exact cover (exactCover). The picks are the cover's options.
 */
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
  let fractional = false;
  for (let k = 0; k < usable; k++) {
    if (left <= 0) break;
    const o = order[k]!;
    if (left < credits[o]!) fractional = true;
    total += Math.min(1, left / credits[o]!) * cost[o]!;
    picked[picks++] = o;
    left -= credits[o]!;
  }
  if (left > 0) return Infinity;
  entries.picks = picks;
  if (!fractional) return total;
  return exactCover(entries, usable, need, total);
}

/** Steps of exactCover's search before it settles for the LP bound. */
const MAX_COVER_STEPS = 4096;

/**
 * The least-cost 0/1 cover of `need` credits by the `usable` options in `entries.order` (by
 * cost per credit), by depth-first search with the LP bound of the rest (Horowitz and Sahni's
 * knapsack branch and bound, 1974); `lp` is the LP bound of the whole, returned (with its
 * picks) when the search runs past MAX_COVER_STEPS. The picks are the cover's.
 */
function exactCover(entries: RelaxedEntries, usable: number, need: number, lp: number): number {
  const { cost, credits, order, picked } = entries;
  // Start from the LP picks taken whole: a cover.
  let best = 0;
  for (let k = 0; k < entries.picks; k++) best += cost[picked[k]!]!;
  if (best <= lp + 1e-9) return lp;
  const chosen = new Int32Array(usable);
  let bestChosen = Int32Array.from(picked.subarray(0, entries.picks));
  let depth = 0;
  let steps = 0;
  const rest = (from: number, left: number): number => {
    let total = 0;
    for (let k = from; k < usable && left > 0; k++) {
      const o = order[k]!;
      total += Math.min(1, left / credits[o]!) * cost[o]!;
      left -= credits[o]!;
    }
    return left > 0 ? Infinity : total;
  };
  const search = (from: number, left: number, spent: number): void => {
    if (++steps > MAX_COVER_STEPS) return;
    if (left <= 0) {
      if (spent < best - 1e-12) {
        best = spent;
        bestChosen = chosen.slice(0, depth);
      }
      return;
    }
    if (from >= usable || spent + rest(from, left) >= best - 1e-12) return;
    const o = order[from]!;
    chosen[depth++] = o;
    search(from + 1, left - credits[o]!, spent + cost[o]!);
    depth--;
    search(from + 1, left, spent);
  };
  search(0, need - 1e-9, 0);
  if (steps > MAX_COVER_STEPS) return lp;
  picked.set(bestChosen);
  entries.picks = bestChosen.length;
  return best;
}
