import { credentialOf } from '../../graph/index.js';
import { IndexedBound } from './indexedBound.js';
import type { PlanProblem } from './problem.js';
import { compileReplay, isPlan, type Replay, type ReplayVerdict } from './replay.js';

export interface SearchOptions {
  /** Search nodes to explore before settling for the best plan found (default 100 000). */
  maxNodes?: number;
  /** Plans to avoid: a solution may not contain all of any of these (for alternatives). */
  avoid?: readonly (readonly string[])[];
  /** The problem's compiled replay, when the caller has one (compileReplay otherwise). */
  replay?: Replay | undefined;
  /**
   * Fix in, at the root, every candidate without which the goal is unreachable (default
   * true). It tightens every bound below the root but costs a replay per candidate; a caller
   * that only wants to know whether the root alone proves a plan optimal turns it off.
   */
  fixIn?: boolean;
  /**
   * At the root, when the relaxed set is no plan at the bound, relaxations to spend on a
   * better cost partitioning (indexedBound.ts, `step`: a projected subgradient ascent)
   * before branching (default 0: none); each step's relaxed set is offered as a plan.
   */
  ascent?: number | undefined;
  /**
   * Only when the plan is within this share of its weight above the bound (default: any
   * gap): a larger gap is rarely closed, and the ascent costs a relaxation per step.
   */
  ascentWithin?: number | undefined;
  /** Steps of the ascent without a better (rounded) bound before it stops (default: none). */
  ascentPatience?: number | undefined;
  /**
   * Repair the root's relaxed choice into a plan when it is not one (default true): greedy
   * completion and reverse deletion, a replay per candidate, the dearest step of a root on a
   * large cone. A caller with another method to fall back on may leave it out.
   */
  repairRoot?: boolean | undefined;
}

export interface SearchResult {
  /** The best set found, or undefined when no set reaches the goal. */
  chosen?: string[] | undefined;
  value: number;
  /** A proven lower bound on the optimum (equal to value when optimal). */
  lowerBound: number;
  optimal: boolean;
  nodes: number;
}

const EPS = 1e-7;

/**
 * Exact branch and bound over which candidates to take.
 *
 * A node fixes some candidates in (I) and some out (E). It is pruned when even I plus every
 * undecided candidate cannot reach the goal, or when w(I) plus the cost-splitting bound
 * (indexedBound.ts, which has the proof) cannot beat the best plan
 * found. Candidates that every plan of the node must take (removing one alone makes the goal
 * unreachable) are fixed in without branching.
 * Otherwise it branches on the heaviest candidate of the relaxed solution: take it, then
 * leave it out. The relaxed solution itself, repaired by the simulation, gives early plans.
 */
export function branchAndBound(problem: PlanProblem, options: SearchOptions = {}): SearchResult {
  const maxNodes = options.maxNodes ?? 100_000;
  const avoid = (options.avoid ?? []).map((p) => new Set(p));
  const bounds = new IndexedBound(problem);
  const entryFree = bounds.hasEntryRules;
  const state = IndexedBound.rootState(problem);
  const indexOf = new Map(problem.candidates.map((id, k) => [id, k]));
  const itemOf = problem.candidates.map((id) => problem.fillers.at.get(id)!);
  /** A node's bound rounded up to what a plan can weigh (weightsAbove). */
  const roundUp = weightsAbove(problem.weight.values());
  const w = (ids: Iterable<string>) => {
    let total = 0;
    for (const id of ids) total += problem.weight.get(id)!;
    return total;
  };
  const budget = problem.constraints.budget;
  const costOf = (ids: Iterable<string>) => {
    let total = 0;
    for (const id of ids) total += credentialOf(problem.graph, id)!.cost ?? 0;
    return total;
  };
  const acceptable = (set: ReadonlySet<string>) =>
    (budget === undefined || costOf(set) <= budget + EPS) &&
    !avoid.some((p) => [...p].every((id) => set.has(id)));
  const replay = memoisedReplay(problem, options.replay ?? compileReplay(problem));
  // Whether some part of a set may reach the goal: monotone in the set, so it prunes safely.
  const mayReach = (set: Iterable<string>) => replay(set).mayReach;

  let best: string[] | undefined;
  let bestValue = Infinity;
  /** Considers a set as a plan: what can never start is dropped (it was never taken). */
  const offer = (candidate: Set<string>) => {
    const sim = replay(candidate);
    if (!sim.reached) return;
    const set = new Set([...candidate].filter((id) => !sim.stuck.includes(id)));
    if (!acceptable(set)) return;
    const value = w(set);
    if (value < bestValue - EPS) {
      best = [...set].sort();
      bestValue = value;
    }
  };

  let nodes = 0;
  let openBound = Infinity; // least bound among subtrees left unexplored
  const all = problem.candidates;

  const explore = (included: Set<string>, excluded: Set<string>): void => {
    nodes++;
    const root = nodes === 1;
    if (avoid.some((p) => [...p].every((id) => included.has(id)))) return;
    if (budget !== undefined && costOf(included) > budget + EPS) return;
    const undecided = all.filter((id) => !included.has(id) && !excluded.has(id));
    if (!mayReach([...included, ...undecided])) return;

    if (root && options.fixIn !== false) {
      // Fix in what every plan needs: removing it alone makes the goal unreachable.
      for (const id of undecided) {
        const without = undecided.filter((u) => u !== id && !included.has(u));
        if (!mayReach([...included, ...without])) included = new Set([...included, id]);
      }
    }

    // The bound's state: what is had (the base, the included candidates and the awards they
    // stack into, entry rules ignored) and what is excluded.
    IndexedBound.nodeState(problem, included, excluded, state);
    // The larger of the bound without entry rules and with them (computed last, so that its
    // solution is the one the ascent reads).
    const withoutEntry = entryFree ? bounds.relax(state, { entryRules: false }) : -Infinity;
    const chosenWithout = entryFree ? [...bounds.chosen()] : [];
    let relaxed = bounds.relax(state);
    let chosen: readonly number[] = bounds.chosen();
    if (withoutEntry > relaxed) {
      relaxed = withoutEntry;
      chosen = chosenWithout;
    }
    let bound = roundUp(w(included) + relaxed);
    if (bound >= bestValue - EPS) return;
    if (nodes > maxNodes) {
      openBound = Math.min(openBound, bound);
      return;
    }
    if (isPlan(replay, included)) {
      offer(included);
      return;
    }
    const idsOf = (ks: readonly number[]) => ks.map((k) => all[k]!);
    // A root that is the whole search (the strategy's, before the MIP) only wants plans that
    // its bound proves: a relaxed set dearer than the bound waits until the ascent's bound
    // reaches its weight, and most never need their replay (a replay costs a few relaxations,
    // many more where rules share). A deeper search wants every better plan, to prune.
    const proofOnly = root && maxNodes <= 1;
    const waiting: Set<string>[] = [];
    const consider = (set: Set<string>) => {
      if (!proofOnly) {
        offer(set);
        return;
      }
      if (w(set) >= bestValue - EPS) return;
      waiting.push(set);
      waiting.sort((a, b) => w(a) - w(b));
      while (waiting.length > 0 && bestValue > bound + EPS && w(waiting[0]!) <= bound + EPS)
        offer(waiting.shift()!);
    };
    // The relaxed choice is often a plan already; at the root, repair it into one.
    let tried = new Set([...included, ...idsOf(chosen)]);
    consider(tried);
    if (
      root &&
      (options.ascent ?? 0) > 1 &&
      bestValue > bound + EPS &&
      !(bestValue - bound > (options.ascentWithin ?? Infinity) * bestValue)
    ) {
      // A better cost partitioning (subgradient ascent, each step a relaxation), up to the
      // bound that proves the best plan; each step's relaxed choice is offered as a plan too.
      // The best partitioning found stays for the nodes below (every one is a lower bound).
      let bestFractions: Float64Array | undefined;
      let bestRelaxed = bounds.relax(state);
      let unchanged = 0;
      for (let t = 1; t < options.ascent! && bestValue > bound + EPS; t++) {
        if (!bounds.step(t)) break;
        const next = bounds.relax(state);
        const set = new Set([...included, ...idsOf(bounds.chosen())]);
        const before = bound;
        if (next > bestRelaxed) {
          bestRelaxed = next;
          bestFractions = bounds.fraction.slice();
          tried = set;
          bound = Math.max(bound, roundUp(w(included) + next));
        }
        consider(set);
        unchanged = bound > before + EPS ? 0 : unchanged + 1;
        if (unchanged >= (options.ascentPatience ?? Infinity)) break;
      }
      if (bestFractions) bounds.fraction.set(bestFractions);
      else bounds.equalSplit();
      relaxed = bounds.relax(state);
      chosen = bounds.chosen();
    }
    // At the root, repair it unless it already meets the bound with positive weights only
    // (then no part of it reaches the goal, and the repair's reverse deletion, a replay per
    // credential, would return it as it is).
    if (
      root &&
      options.repairRoot !== false &&
      (bestValue > bound + EPS || [...tried].some((id) => !(problem.weight.get(id)! > 0)))
    )
      offer(repair(problem, tried, undecided, replay));
    // Still no plan at the bound: the relaxed set is often one swap away from one (a module
    // whose co-requisite the bound does not see, exchanged for an equally cheap one).
    if (root && options.repairRoot !== false && bestValue > bound + EPS) {
      const swapped = swapToBound(problem, tried, undecided, bound, replay);
      if (swapped) offer(swapped);
    }
    if (bestValue <= bound + EPS) return;

    // Branch where the bound is loose: candidates whose weight the bound split, then the heaviest.
    const key = (id: string) =>
      (bounds.splitOf(itemOf[indexOf.get(id)!]!) > 1 ? 1e12 : 0) + problem.weight.get(id)!;
    const open = idsOf(chosen).filter((id) => !included.has(id));
    const pool = open.length > 0 ? open : undecided.filter((id) => !included.has(id));
    const branchOn = pool.sort((a, b) => key(b) - key(a) || a.localeCompare(b))[0];
    if (branchOn === undefined) return;
    explore(new Set([...included, branchOn]), excluded);
    explore(included, new Set([...excluded, branchOn]));
  };

  explore(new Set(), new Set());
  const optimal = nodes <= maxNodes || openBound >= bestValue - EPS;
  const lowerBound = Math.min(bestValue, openBound);
  return {
    chosen: best,
    value: bestValue,
    lowerBound: optimal ? bestValue : lowerBound,
    optimal,
    nodes,
  };
}

/**
 * Makes a set feasible if it is not (adding, cheapest first, undecided candidates until the
 * goal is reached), then drops what it does not need (heaviest first). Used for the first
 * plans of the search and as the greedy baseline.
 */
export function repair(
  problem: PlanProblem,
  start: Set<string>,
  pool: string[],
  replay: Replay = compileReplay(problem),
): Set<string> {
  const set = new Set(start);
  const byWeight = [...pool].sort(
    (a, b) => problem.weight.get(a)! - problem.weight.get(b)! || a.localeCompare(b),
  );
  if (!replay(set).reached) {
    // The shortest prefix of the pool (cheapest first) whose addition reaches the goal, by
    // bisection: reaching is monotone in the set but for strict co-requisites, and any prefix
    // that reaches will do (the deletion below trims it). A few replays instead of one per
    // candidate added.
    const fresh = byWeight.filter((id) => !set.has(id));
    const reachedWith = (k: number) => replay([...set, ...fresh.slice(0, k)]).reached;
    if (!reachedWith(fresh.length)) return new Set([...set, ...fresh]);
    let lo = 0; // not reached with the first lo
    let hi = fresh.length; // reached with the first hi
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (reachedWith(mid)) hi = mid;
      else lo = mid;
    }
    for (const id of fresh.slice(0, hi)) set.add(id);
  }
  for (const id of [...set].sort(
    (a, b) => problem.weight.get(b)! - problem.weight.get(a)! || a.localeCompare(b),
  )) {
    set.delete(id);
    if (!replay(set).reached) set.add(id);
  }
  // What can never start was never taken: it is no part of the plan.
  for (const id of replay(set).stuck) set.delete(id);
  return set;
}

/**
 * Replays the swap search may spend. With 2 a candidate (2026-12-07): the seed's 230 cones of
 * 13–32 candidates are all proven at the root (228 before), the 50k's first 500 pairs leave 22
 * cones to HiGHS (23 before), and of the API benchmark's 1,000 seed requests 4 reach HiGHS
 * instead of 27 (stored learners with many modules held: the bound is the optimum, but the
 * relaxed set takes a module without its co-requisite). Every one of those proofs needs fewer
 * than 16 replays (stuck credentials out first), while a cone of 80 candidates that no swap
 * proves spent 160 (several ms before HiGHS): at most 32.
 */
const MAX_SWAP_REPLAYS = 32;

/**
 * A plan of weight at most `bound` one change away from `start`: a candidate added, or one
 * exchanged for another (what the replay leaves stuck first, then the heaviest; the cheapest
 * first in), or undefined. The root's bound is often the optimum while its relaxed set is no
 * plan, because the bound does not see co-requisites and sharing limits; a plan at the bound
 * proves itself, so this is only tried for sets that can.
 */
export function swapToBound(
  problem: PlanProblem,
  start: ReadonlySet<string>,
  pool: readonly string[],
  bound: number,
  replay: Replay,
): Set<string> | undefined {
  const weight = (id: string) => problem.weight.get(id)!;
  let base = 0;
  for (const id of start) base += weight(id);
  const stuck = new Set(replay(start).stuck);
  const outs = [...start].sort(
    (a, b) =>
      Number(stuck.has(b)) - Number(stuck.has(a)) || weight(b) - weight(a) || a.localeCompare(b),
  );
  const ins = pool
    .filter((id) => !start.has(id))
    .sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
  let budget = MAX_SWAP_REPLAYS;
  const reaches = (set: Set<string>) => {
    budget--;
    return isPlan(replay, set);
  };
  for (const add of ins) {
    if (base + weight(add) > bound + EPS || budget <= 0) break;
    const set = new Set([...start, add]);
    if (reaches(set)) return set;
  }
  for (const out of outs)
    for (const add of ins) {
      if (base - weight(out) + weight(add) > bound + EPS) break;
      if (budget <= 0) return undefined;
      const set = new Set(start);
      set.delete(out);
      set.add(add);
      if (reaches(set)) return set;
    }
  return undefined;
}

/** Sums of weights above which a plan's weight is not looked up but rounded to the unit. */
const MAX_WEIGHT_SUMS = 1 << 16;

/**
 * The least weight a plan can have at or above a bound: a plan's weight is the sum of a subset
 * of the candidates' weights, so a bound rounds up to the next such sum (Infinity when none is
 * that high). With weights in multiples of a unit (their greatest common divisor) the subset
 * sums are a bit set over multiples of it, filled once per search (a shift and an OR of 32
 * sums at a time per weight: a few microseconds on the seed and the 50k, against 12–33 for a
 * byte per sum); a bound of 43.6 where every sum is a whole number, or a whole number plus one
 * 0.3-credit card, rounds to 44. Too large a set, or weights without a common unit: rounded up
 * to the unit, or not at all.
 */
export function weightsAbove(weights: Iterable<number>): (bound: number) => number {
  const list = [...weights];
  const unit = weightUnit(list);
  if (unit <= 0) return (b) => b;
  let most = 0;
  for (const w of list) most += Math.round(w / unit);
  // Within a ten-millionth of a unit (and float noise on large weights) counts as reached.
  const toUnit = (b: number) => Math.ceil(b / unit - 1e-7 - Math.abs(b / unit) * 1e-12);
  if (most >= MAX_WEIGHT_SUMS) return (b) => toUnit(b) * unit;
  // Bit k: some subset of the weights sums to k units.
  const words = (most >>> 5) + 1;
  const sums = new Uint32Array(words);
  sums[0] = 1;
  let top = 0; // the highest word set so far
  for (const w of list) {
    const step = Math.round(w / unit);
    if (step === 0) continue;
    const shift = step >>> 5;
    const bits = step & 31;
    const highest = Math.min(words - 1, top + shift + 1);
    // From the top down, so that each sum takes the weight once.
    for (let i = highest; i >= shift; i--) {
      const j = i - shift;
      let moved = j <= top ? sums[j]! << bits : 0;
      if (bits > 0 && j > 0 && j - 1 <= top) moved |= sums[j - 1]! >>> (32 - bits);
      sums[i]! |= moved;
    }
    top = highest;
  }
  return (b) => {
    const k = Math.max(0, toUnit(b));
    if (k > most) return Infinity;
    let i = k >>> 5;
    let word = sums[i]! & (~0 << (k & 31));
    while (word === 0) {
      if (++i >= words) return Infinity;
      word = sums[i]!;
    }
    const least = i * 32 + (31 - Math.clz32(word & -word));
    return least > most ? Infinity : least * unit;
  };
}

/**
 * The largest unit every candidate's weight is a whole multiple of (0 when there is none, to
 * six decimals): a plan's weight is a sum of weights, so a bound can be rounded up to it.
 */
function weightUnit(weights: readonly number[]): number {
  let g = 0;
  for (const w of weights) {
    const scaled = Math.round(w * 1e6);
    if (Math.abs(w * 1e6 - scaled) > 1e-3 || scaled < 0 || scaled > Number.MAX_SAFE_INTEGER)
      return 0;
    g = gcd(g, scaled);
  }
  return g / 1e6;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Replays kept per search (at most this many): the same sets recur across its nodes. */
const REPLAY_MEMO_LIMIT = 20_000;

/** Replays that already remember their verdicts (memoisedReplay's). */
const remembering = new WeakSet<Replay>();

/**
 * The problem's replay (replay.ts), remembered by the set of credentials: a node's "everything
 * still allowed" set is its parent's whenever the branch took a candidate, and the root's
 * repair and fix-in steps replay neighbouring sets repeatedly. planProblem remembers across
 * its whole plan (its own checks of the empty set and of every candidate are the root's
 * first two replays); a replay that already remembers is returned as it is.
 */
export function memoisedReplay(problem: PlanProblem, replay: Replay): Replay {
  if (remembering.has(replay)) return replay;
  const memo = new Map<string, ReplayVerdict>();
  const position = new Map(problem.candidates.map((id, i) => [id, i]));
  const bits = new Uint16Array(Math.ceil(problem.candidates.length / 16));
  const remembered: Replay = (chosen) => {
    const set = [...chosen]; // read twice: for the key, then by the replay
    // The set as a bit string over the candidates, 16 to a character.
    bits.fill(0);
    for (const id of set) {
      const i = position.get(id);
      if (i === undefined) throw new Error(`search: "${id}" is not a candidate of the problem`);
      bits[i >> 4]! |= 1 << (i & 15);
    }
    const key = String.fromCharCode(...bits);
    let verdict = memo.get(key);
    if (!verdict) {
      verdict = replay(set);
      if (memo.size < REPLAY_MEMO_LIMIT) memo.set(key, verdict);
    }
    return verdict;
  };
  remembering.add(remembered);
  return remembered;
}
