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

/** Entries for knapsackCover, grown as needed (the matcher's bound calls it very often). */
let scratch = relaxedEntries(16);

/** The least-cost cover of `need` credits by the options (knapsackCoverIndexed's). */
function knapsackCover(options: readonly RelaxedOption[], need: number): RelaxedChoice {
  if (scratch.cost.length < options.length) scratch = relaxedEntries(options.length * 2);
  const entries = scratch;
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

/** The search's state (module-level: exactCover runs millions of times a plan, never nested). */
const cover = {
  entries: undefined as RelaxedEntries | undefined,
  usable: 0,
  steps: 0,
  depth: 0,
  best: 0,
  bestDepth: 0,
  chosen: new Int32Array(64),
  bestChosen: new Int32Array(64),
};

/**
 * The least-cost 0/1 cover of `need` credits by the `usable` options in `entries.order` (by
 * cost per credit), by depth-first search with the LP bound of the rest (Horowitz and Sahni's
 * knapsack branch and bound, 1974); `lp` is the LP bound of the whole, returned (with its
 * picks) when the search runs past MAX_COVER_STEPS. The picks are the cover's.
 */
function exactCover(entries: RelaxedEntries, usable: number, need: number, lp: number): number {
  const { cost, picked } = entries;
  // Start from the LP picks taken whole: a cover.
  let best = 0;
  for (let k = 0; k < entries.picks; k++) best += cost[picked[k]!]!;
  if (best <= lp + 1e-9) return lp;
  if (cover.chosen.length < usable) {
    cover.chosen = new Int32Array(usable * 2);
    cover.bestChosen = new Int32Array(usable * 2);
  }
  cover.entries = entries;
  cover.usable = usable;
  cover.steps = 0;
  cover.depth = 0;
  cover.best = best;
  cover.bestDepth = -1;
  coverSearch(0, need - 1e-9, 0);
  cover.entries = undefined;
  if (cover.steps > MAX_COVER_STEPS) return lp;
  if (cover.bestDepth >= 0) {
    picked.set(cover.bestChosen.subarray(0, cover.bestDepth));
    entries.picks = cover.bestDepth;
  }
  return cover.best;
}

function coverSearch(from: number, left: number, spent: number): void {
  if (++cover.steps > MAX_COVER_STEPS) return;
  if (left <= 0) {
    if (spent < cover.best - 1e-12) {
      cover.best = spent;
      cover.bestDepth = cover.depth;
      cover.bestChosen.set(cover.chosen.subarray(0, cover.depth));
    }
    return;
  }
  const { cost, credits, order } = cover.entries!;
  // The LP bound of the rest: by cost per credit, the last taken in part.
  let rest = 0;
  let need = left;
  for (let k = from; k < cover.usable && need > 0; k++) {
    const o = order[k]!;
    rest += Math.min(1, need / credits[o]!) * cost[o]!;
    need -= credits[o]!;
  }
  if (need > 0 || spent + rest >= cover.best - 1e-12) return;
  const o = order[from]!;
  cover.chosen[cover.depth++] = o;
  coverSearch(from + 1, left - credits[o]!, spent + cost[o]!);
  cover.depth--;
  coverSearch(from + 1, left, spent);
}
