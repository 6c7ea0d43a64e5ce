import { credentialOf, ruleAccepts, ruleNodes, type RuleNode } from '../../graph/index.js';
import type { ObjectiveName } from '../../model/index.js';
import { isSatisfiable } from '../allocation.js';
import { extendClosure, type ItemSet } from '../closure.js';
import { scheduleCalendar, termCap, type CalendarPlan, type CalendarRequest } from './calendar.js';
import { IndexedBound, type BoundState } from './indexedBound.js';
import { MONTHS_PER_TERM, addMonths, optionsOf, toDate, toDay, type Option } from './offerings.js';
import { objectiveValue, scalarWeights, type PlanProblem, type WeightName } from './problem.js';
import type { TimeSummary } from './plan.js';
import type { Replay } from './replay.js';
import type { SearchResult } from './search.js';
import { startTogetherGroups } from './terms.js';

/**
 * Search nodes the time search may spend per plan (each decides one candidate, take or not).
 * On the seed the searches that finish take at most a few hundred (bench/RESULTS.md).
 */
export const TIME_NODES = 3_000;

/**
 * Above this many candidates only the root is tried (its bounds against the incumbents): on
 * the synthetic 50k the root proves 63 of the 64 cones above 40 candidates (with the floor of
 * the plan without time), and the one left needs about 1,100 nodes, 0.6 s (bench/RESULTS.md).
 */
export const TIME_SEARCH_UP_TO = 40;

/** Nodes of calendar.ts's exact search for each set the time search dates. */
const DATING_NODES = 2_000;

/** Sets dated without proof that are dated again, with the scheduler's whole budget, at the end. */
const REDATED = 8;

const EPS = 1e-7;

export interface TimeOptions {
  maxNodes?: number | undefined;
  /** False: no floor from the plan without time under the bounds (tests). */
  floor?: boolean | undefined;
  /**
   * The least-weight feasible set under other weights (the plan's own strategy): under a
   * per-term load, the least credits, when the plan without time does not give them.
   */
  least?: ((weight: Map<string, number>) => SearchResult) | undefined;
}

/** How the set of a plan whose objective has `time` was chosen, and what it finishes. */
export interface TimeChoice {
  /** The chosen set. */
  chosen: string[];
  /** Its dates (with the scheduler's whole budget, when the search's did not prove them). */
  calendar: CalendarPlan;
  /** Proven: no feasible set is lexicographically better under the whole objective. */
  proven: boolean;
  /**
   * A proven first day after the completion of every feasible set (time first), or of every
   * set that is best in the criteria before time (time later): its last day is the earliest
   * any such plan can finish.
   */
  bound: number;
  /** The plan the objective without time chooses, and its completion (first day after). */
  withoutTime: { chosen: string[]; end: number };
  /** The first criterion in which the chosen set beats `withoutTime` (absent: it does not). */
  decidedBy?: ObjectiveName | undefined;
  /** Search nodes, and sets dated. */
  nodes: number;
  dated: number;
}

/** A set's value: the criteria before time, its completion (first day after), the criteria after. */
type Value = [before: number, end: number, after: number];

const compare = (x: Value, y: Value): number => {
  for (let k = 0; k < 3; k++) {
    if (x[k]! < y[k]! - EPS) return -1;
    if (x[k]! > y[k]! + EPS) return 1;
  }
  return 0;
};

/**
 * Chooses the set for an objective with `time` (docs/engine-semantics.md, "Dated plans"):
 * `[A…, time, B…]` minimises the weights A lexicographically, then the earliest completion of
 * the set dated on its offerings (calendar.ts), then B.
 *
 * Method: a depth-first branch and bound over every subset of the cone (take or leave each
 * candidate), not only the minimal ones: a credential no rule needs can still make a plan
 * finish earlier (a second prerequisite of an ANY entry rule that ends sooner). Each feasible
 * set met is dated by the scheduler. A node (taken I, left out E, undecided U) is pruned when
 * I ∪ U cannot reach the goal (the replay's monotone verdict), or when a lower bound on the
 * value of every set between I and I ∪ U is not lexicographically below the best found:
 * - before time: w_A(I) plus the cost-splitting bound (indexedBound.ts) with the weights A;
 * - time: the later of (a) the earliest day the goal and every credential of I can be
 *   finished when every credential of I ∪ U may be taken, ignoring the load and
 *   co-requisites (a Dijkstra-like pass in order of finish: entry rules met by what ended
 *   earlier, each credential at its first allowed start and the offering ending first), and
 *   (b) under a per-term load N, the terms the credits need: any schedule puts at most N
 *   credits' worth of starts in a term, counting a group that must start together and is
 *   heavier than N as N (the credits of the cone's groups scaled down to N), so the last
 *   start is no earlier than the term ceil(q/N), with q from I plus the cost-splitting bound
 *   on these scaled credits; it then ends no earlier than the first end of anything the
 *   cone can start from that term's first day (intakes and lengths);
 * - after time: w_B(I) plus the cost-splitting bound with the weights B.
 * Each weight bound (A, B, the scaled credits) is at least its floor: the least weight of any
 * feasible set, from the plan without time (or, for the load, solved as a plan when the root
 * is still open). A subtree that cannot beat the best before time leaves out the candidates
 * whose relaxed finish is after (or, unable to beat it after time either, on) the best's end.
 * The first incumbent is the plan of the objective without time, dated; then the fastest
 * set of the root's relaxation, then the set of the least credits if solved. The answer is proven when the search ends within its node
 * budget and every set it dated was dated exactly (otherwise that set's proven bound takes
 * part); without a proof it is the best found, with the root's bound on time.
 */
export function chooseForTime(
  problem: PlanProblem,
  replay: Replay,
  calendar: CalendarRequest,
  withoutTime: SearchResult & { chosen: string[] },
  options: TimeOptions = {},
): TimeChoice {
  const { graph, asOf } = problem;
  const maxNodes =
    options.maxNodes ?? (problem.candidates.length > TIME_SEARCH_UP_TO ? 1 : TIME_NODES);
  const timeAt = problem.objective.indexOf('time');
  const weights = problem.objective.filter((n): n is WeightName => n !== 'time');
  const before = weights.slice(0, timeAt);
  const after = weights.slice(timeAt);
  const all = problem.candidates;
  const zero = new Map(all.map((id) => [id, 0]));
  const wA = before.length ? scalarWeights(graph, all, before) : zero;
  const wB = after.length ? scalarWeights(graph, all, after) : zero;
  const sum = (w: Map<string, number>, ids: Iterable<string>) => {
    let total = 0;
    for (const id of ids) total += w.get(id)!;
    return total;
  };
  const budget = problem.constraints.budget;
  const cost = (ids: Iterable<string>) => {
    let total = 0;
    for (const id of ids) total += credentialOf(graph, id)!.cost ?? 0;
    return total;
  };
  const startDay = toDay(calendar.start);
  const perTerm = termCap(calendar);

  // Dating, once per set.
  const datedSets = new Map<string, CalendarPlan>();
  // Sets dated without proof: the least value each may still have.
  const unresolved = new Map<string, Value>();
  const keyOf = (set: readonly string[]) => [...set].sort().join('\u0000');
  const date = (set: readonly string[]): CalendarPlan => {
    const key = keyOf(set);
    let plan = datedSets.get(key);
    if (!plan) {
      plan = scheduleCalendar(problem, set, calendar, { maxNodes: DATING_NODES });
      datedSets.set(key, plan);
    }
    return plan;
  };
  const endOf = (plan: CalendarPlan) =>
    plan.status === 'dated' && plan.completion ? toDay(plan.completion) + 1 : Infinity;
  const boundOf = (plan: CalendarPlan) =>
    plan.status === 'dated' && plan.earliestPossible ? toDay(plan.earliestPossible) + 1 : Infinity;

  let best: string[] = [...withoutTime.chosen].sort();
  let bestPlan = date(best);
  let bestValue: Value = [sum(wA, best), endOf(bestPlan), sum(wB, best)];
  if (!bestPlan.proven && bestPlan.status === 'dated')
    unresolved.set(keyOf(best), [bestValue[0], boundOf(bestPlan), bestValue[2]]);
  const offer = (set: readonly string[]) => {
    const verdict = replay(set);
    if (!verdict.reached || verdict.stuck.length > 0) return;
    if (budget !== undefined && cost(set) > budget + EPS) return;
    // Dearer in the criteria before time: never better, whatever its dates.
    if (sum(wA, set) > bestValue[0] + EPS) return;
    // Not dated when its own bounds (the relaxation of the set alone, its load) cannot beat
    // the best: dating costs more than the bounds.
    if (!datedSets.has(keyOf(set))) {
      const members = new Set(set);
      const own = relaxed(all.filter((id) => members.has(id)));
      let end = own.goal;
      for (const id of set) end = Math.max(end, own.finish.get(id)!);
      if (scaled && Number.isFinite(end)) end = Math.max(end, loadDay(sum(scaled, set)));
      if (compare([sum(wA, set), end, sum(wB, set)], bestValue) >= 0) return;
    }
    const plan = date(set);
    const value: Value = [sum(wA, set), endOf(plan), sum(wB, set)];
    if (!plan.proven && plan.status === 'dated')
      unresolved.set(keyOf(set), [value[0], boundOf(plan), value[2]]);
    if (compare(value, bestValue) < 0) {
      best = [...set].sort();
      bestPlan = plan;
      bestValue = value;
    }
  };

  // The relaxation of time: earliest finishes without the load or co-requisites.
  const choices = new Map(
    all.map((id) => [id, optionsOf(credentialOf(graph, id)!, problem.constraints).options]),
  );
  const goalMet = (have: ItemSet) =>
    isSatisfiable(problem.goal.rule, have.relevantTo(problem.goal.rule));
  const entryRules = all.map((id) => credentialOf(graph, id)!.entryRule);
  const entryMet = (i: number, have: ItemSet) => {
    const rule = entryRules[i];
    return !rule || isSatisfiable(rule, have.relevantTo(rule, all[i]));
  };
  // Who reads an id: the candidates whose entry rule accepts it, and the goal. A rule is
  // checked again only when an item standing for one of its ids arrives (rules are monotone).
  const readers = new Map<string, number[]>();
  entryRules.forEach((rule, i) => {
    if (rule)
      for (const id of ruleAccepts(rule)) {
        const list = readers.get(id);
        if (list) list.push(i);
        else readers.set(id, [i]);
      }
  });
  const goalReads = new Set(ruleAccepts(problem.goal.rule));
  // Stacking within the cone: an award outside it fills no rule of the problem (replay.ts).
  const coneAwards = new Set(problem.awards);
  const stacking = { explain: false, eligible: (id: string) => coneAwards.has(id) };
  const indexOf = new Map(all.map((id, i) => [id, i]));
  const optionsAt = all.map((id) => choices.get(id)!);
  const firstEnd = (options: readonly Option[], from: number) => {
    let least = Infinity;
    for (const o of options) {
      const s = o.nextStart(from);
      if (s !== undefined) least = Math.min(least, o.endAfter(s));
    }
    return least;
  };
  interface Relaxed {
    /** Earliest first day after each credential of the pool (Infinity: never startable). */
    finish: Map<string, number>;
    /** Earliest first day after which the goal is met (Infinity: never). */
    goal: number;
  }
  const relaxedMemo = new Map<string, Relaxed>();
  const relaxed = (pool: readonly string[]): Relaxed => {
    const key = pool.join('\u0000');
    const known = relaxedMemo.get(key);
    if (known) return known;
    const members = pool.map((id) => indexOf.get(id)!);
    // Per candidate: 0 waiting for its entry rule, 1 startable (its first end known), 2 done.
    const state = new Uint8Array(all.length);
    const stale = new Uint8Array(all.length);
    for (const i of members) stale[i] = 1;
    const end = new Float64Array(all.length).fill(Infinity);
    const finish = new Map<string, number>();
    const have = problem.base.clone();
    let day = startDay;
    let goal = goalMet(have) ? startDay : Infinity;
    for (;;) {
      let pick = -1;
      for (const i of members) {
        if (state[i] === 0 && stale[i] === 1) {
          stale[i] = 0;
          if (entryMet(i, have)) {
            state[i] = 1;
            end[i] = firstEnd(optionsAt[i]!, day);
          }
        }
        if (state[i] === 1 && (pick < 0 || end[i]! < end[pick]!)) pick = i;
      }
      if (pick < 0 || end[pick] === Infinity) break;
      state[pick] = 2;
      day = end[pick]!;
      finish.set(all[pick]!, day);
      const item = problem.items.get(all[pick]!)!;
      const earned = extendClosure(graph, have, [item], asOf, stacking);
      // Marks the rules reading what arrived as stale; true when the goal reads some of it.
      const arrived = (ids: Iterable<string>): boolean => {
        let goalReadsIt = false;
        for (const id of ids) {
          for (const i of readers.get(id) ?? []) stale[i] = 1;
          if (goalReads.has(id)) goalReadsIt = true;
        }
        return goalReadsIt;
      };
      let goalStale = arrived(item.identities.keys());
      for (const m of earned)
        if (arrived(have.byId.get(m.credential)!.identities.keys())) goalStale = true;
      if (goal === Infinity && goalStale && goalMet(have)) goal = day;
    }
    for (const id of pool) if (!finish.has(id)) finish.set(id, Infinity);
    const out = { finish, goal };
    if (relaxedMemo.size < 10_000) relaxedMemo.set(key, out);
    return out;
  };

  // The load: credits scaled so that a group heavier than the term's cap counts as the cap.
  let loadBound: IndexedBound | undefined;
  let scaled: Map<string, number> | undefined;
  if (Number.isFinite(perTerm)) {
    const { group: unitOf } = startTogetherGroups(problem, all);
    const unitCredits = new Map<number, number>();
    all.forEach((id, i) =>
      unitCredits.set(
        unitOf[i]!,
        (unitCredits.get(unitOf[i]!) ?? 0) + credentialOf(graph, id)!.credits,
      ),
    );
    scaled = new Map(
      all.map((id, i) => {
        const credits = credentialOf(graph, id)!.credits;
        const group = unitCredits.get(unitOf[i]!)!;
        return [id, group > perTerm ? (credits * perTerm) / group : credits];
      }),
    );
    loadBound = new IndexedBound({ ...problem, weight: scaled });
  }
  // Per term k: the first end of anything the cone can start on or after the term's first day.
  const termEnds: number[] = [];
  const firstEndInTerm = (k: number): number => {
    while (termEnds.length <= k) {
      const from = addMonths(startDay, MONTHS_PER_TERM * termEnds.length);
      let least = Infinity;
      for (const options of choices.values()) least = Math.min(least, firstEnd(options, from));
      termEnds.push(least);
    }
    return termEnds[k]!;
  };
  /**
   * The first day after every schedule of `credits` (scaled) under the per-term load: some
   * start falls in term ceil(credits/N) − 1 or later, and ends no earlier than the first end
   * of anything started from that term's first day (intakes and lengths, not a nominal length).
   */
  const loadDay = (credits: number): number => {
    if (!Number.isFinite(credits)) return Infinity;
    const terms = Math.ceil(credits / perTerm - 1e-9);
    if (terms <= 1) return startDay;
    return firstEndInTerm(terms - 1);
  };
  // The plan without time is the least by the problem's weights over every feasible set (or
  // has a proven bound): every feasible set weighs at least that, and so, in any weights w
  // with w ≥ α·weight per candidate, at least α times it. A floor under every node's bounds.
  const leastWeight =
    options.floor === false
      ? 0
      : withoutTime.optimal
        ? sum(problem.weight, withoutTime.chosen)
        : withoutTime.lowerBound;
  const floorOf = (w: Map<string, number>): number => {
    let alpha = Infinity;
    for (const id of all) {
      const weight = problem.weight.get(id)!;
      if (weight > 0) alpha = Math.min(alpha, w.get(id)! / weight);
    }
    return Number.isFinite(alpha) && Number.isFinite(leastWeight) ? alpha * leastWeight : 0;
  };
  const floorA = before.length ? floorOf(wA) : 0;
  const floorB = after.length ? floorOf(wB) : 0;
  let floorScaled = scaled ? floorOf(scaled) : 0;
  // The floor is the least load itself when the plan without time is proven and its weights
  // are the load's credits times one factor.
  const exactLoadFloor = (() => {
    if (!scaled || !withoutTime.optimal) return false;
    let low = Infinity;
    let high = -Infinity;
    for (const id of all) {
      const weight = problem.weight.get(id)!;
      if (weight <= 0) {
        if (scaled.get(id)! > 0) return false;
        continue;
      }
      const ratio = scaled.get(id)! / weight;
      low = Math.min(low, ratio);
      high = Math.max(high, ratio);
    }
    return high - low <= 1e-12 * Math.max(1, high);
  })();
  // One compiled bound per weight vector (a relaxation is cheap, the compilation is not).
  const boundA = before.length ? new IndexedBound({ ...problem, weight: wA }) : undefined;
  // With no group heavier than the cap and credits after time, the load's credits are the
  // weights B: one relaxation serves both.
  const loadIsB =
    scaled !== undefined &&
    after.length > 0 &&
    all.every((id) => Math.abs(scaled.get(id)! - wB.get(id)!) <= 1e-12);
  const boundB =
    after.length && !loadIsB ? new IndexedBound({ ...problem, weight: wB }) : undefined;
  // The bounds' state of the node being bounded (the same for every weight vector).
  const nodeState = IndexedBound.rootState(problem);

  /**
   * A lower bound on the value of every set between `included` and `included ∪ undecided`,
   * in three steps of growing cost, each stopping when it already is no better than `against`:
   * the floors and what is taken (no relaxation), the relaxation of time (its memo is by
   * pool), the cost-splitting bounds. The relaxation is given from the second step on.
   */
  const lowerBound = (
    included: ReadonlySet<string>,
    excluded: ReadonlySet<string>,
    pool: readonly string[],
    against?: Value,
  ): { value: Value; relaxation?: Relaxed | undefined } => {
    const takenA = sum(wA, included);
    const takenB = sum(wB, included);
    const takenScaled = scaled ? sum(scaled, included) : 0;
    let a = Math.max(floorA, takenA);
    let b = Math.max(floorB, takenB);
    let end = scaled ? loadDay(Math.max(floorScaled, takenScaled)) : startDay;
    if (against && compare([a, end, b], against) >= 0) return { value: [a, end, b] };
    const relaxation = relaxed(pool);
    end = Math.max(end, relaxation.goal);
    for (const id of included) end = Math.max(end, relaxation.finish.get(id)!);
    if (against && compare([a, end, b], against) >= 0) return { value: [a, end, b], relaxation };
    let state: BoundState | undefined;
    const boundState = () =>
      (state ??= IndexedBound.nodeState(problem, included, excluded, nodeState));
    if (boundA) a = Math.max(a, takenA + splitBound(boundA, boundState()));
    if (loadBound && scaled && Number.isFinite(end)) {
      const more = splitBound(loadBound, boundState());
      end = Math.max(end, loadDay(takenScaled + more));
      if (loadIsB && Number.isFinite(end)) b = Math.max(b, takenB + more);
    }
    if (boundB && Number.isFinite(end)) b = Math.max(b, takenB + splitBound(boundB, boundState()));
    return { value: [a, end, b], relaxation };
  };

  let nodes = 0;
  let open: Value | undefined; // least bound of the subtrees left unexplored
  // The root: often the floors already meet the plan without time (no relaxation needed).
  const root = lowerBound(new Set(), new Set(), all, bestValue);
  // A fast first plan: what the root's relaxation finishes by the goal's day.
  const fastFrom = root.relaxation;
  if (compare(root.value, bestValue) < 0 && fastFrom && Number.isFinite(fastFrom.goal)) {
    const fast = all.filter((id) => fastFrom.finish.get(id)! <= fastFrom.goal);
    offer(fast);
    const trimmed = new Set(fast);
    for (const id of [...fast].sort(
      (x, y) => fastFrom.finish.get(y)! - fastFrom.finish.get(x)! || y.localeCompare(x),
    )) {
      trimmed.delete(id);
      const verdict = replay(trimmed);
      if (!verdict.reached || verdict.stuck.length > 0) trimmed.add(id);
    }
    offer([...trimmed]);
  }
  if (
    compare(root.value, bestValue) < 0 &&
    scaled &&
    !exactLoadFloor &&
    options.least &&
    options.floor !== false
  ) {
    // Still open at the root: the least credits any plan needs, solved as a plan, is the
    // load's floor (a solve costs less than a search), and the set that has them a plan.
    const fewest = options.least(scaled);
    if (fewest.chosen) {
      floorScaled = Math.max(
        floorScaled,
        fewest.optimal ? sum(scaled, fewest.chosen) : fewest.lowerBound,
      );
      offer(fewest.chosen);
    } else if (fewest.optimal) floorScaled = Infinity;
  }

  const twins = interchangeable(problem, all, [wA, wB, ...(scaled ? [scaled] : [])]);
  const mayReach = new Map<string, boolean>();
  const explore = (included: Set<string>, excluded: Set<string>): void => {
    nodes++;
    if (budget !== undefined && cost(included) > budget + EPS) return;
    const pool = all.filter((id) => !excluded.has(id));
    const cheap = lowerBound(included, excluded, pool, bestValue);
    if (compare(cheap.value, bestValue) >= 0) return;
    // A branch that took a candidate has its parent's pool: its verdict is remembered.
    const key = pool.join('\u0000');
    let reach = mayReach.get(key);
    if (reach === undefined) {
      reach = replay(pool).mayReach;
      if (mayReach.size < 10_000) mayReach.set(key, reach);
    }
    if (!reach) return;
    const value = cheap.value;
    const relaxation = cheap.relaxation!;
    if (nodes > maxNodes) {
      if (!open || compare(value, open) < 0) open = value;
      return;
    }
    offer([...included]);
    if (compare(value, bestValue) >= 0) return;
    const undecided = pool.filter((id) => !included.has(id));
    if (undecided.length === 0) return;
    // Never startable among what is left: no set of this subtree takes it and reaches. When
    // no set of the subtree can beat the best in the criteria before time, a better set
    // finishes no later than the best (earlier, when none beats it in those after either), so
    // neither does any of its credentials.
    const latest =
      value[0] < bestValue[0] - EPS
        ? Infinity
        : value[2] < bestValue[2] - EPS
          ? bestValue[1]
          : bestValue[1] - 1;
    const dead = undecided.filter((id) => {
      const finish = relaxation.finish.get(id)!;
      return finish === Infinity || finish > latest;
    });
    if (dead.length > 0) {
      explore(included, new Set([...excluded, ...dead]));
      return;
    }
    // The latest to finish first, leaving it out first: early plans finish early.
    const branchOn = [...undecided].sort(
      (x, y) => relaxation.finish.get(y)! - relaxation.finish.get(x)! || x.localeCompare(y),
    )[0]!;
    // Interchangeable candidates are decided in id order (they tie above), so the ones taken
    // come first: leaving one out leaves out those after it too (a set with a later one and
    // not this one has a twin, the two swapped, of the same value, in the other branch).
    const after = (twins.get(branchOn) ?? []).filter((id) => id > branchOn && !included.has(id));
    explore(included, new Set([...excluded, branchOn, ...after]));
    explore(new Set([...included, branchOn]), excluded);
  };
  explore(new Set(), new Set());

  // Sets dated without proof that might still beat the best: again with the scheduler's whole
  // budget, the least first, when a proof is still possible; the chosen set in any case (its
  // dates are the plan's).
  const finished = nodes <= maxNodes && (open === undefined || compare(open, bestValue) >= 0);
  const retry = [...unresolved]
    .filter(([key, low]) => key === keyOf(best) || (finished && compare(low, bestValue) < 0))
    .sort((x, y) => compare(x[1], y[1]))
    .slice(0, REDATED);
  for (const [key] of retry) {
    const set = key.split('\u0000');
    const plan = scheduleCalendar(problem, set, calendar);
    const value: Value = [sum(wA, set), endOf(plan), sum(wB, set)];
    if (plan.proven) unresolved.delete(key);
    else unresolved.set(key, [value[0], boundOf(plan), value[2]]);
    if (key === keyOf(best) || compare(value, bestValue) < 0) {
      best = [...set].sort();
      bestPlan = plan;
      bestValue = value;
    }
  }
  let least: Value | undefined;
  for (const low of unresolved.values()) if (!least || compare(low, least) < 0) least = low;
  const proven =
    finished &&
    (least === undefined || compare(least, bestValue) >= 0) &&
    (open === undefined || compare(open, bestValue) >= 0);
  const withoutEnd = endOf(date([...withoutTime.chosen].sort()));
  /**
   * Without a proof: the root's bound, or with time first, the least completion any set may
   * still have (pruned subtrees were no earlier than the best found).
   */
  function timeBound(): number {
    const rootBound = lowerBound(new Set(), new Set(), all).value[1];
    if (before.length > 0) return rootBound;
    const first = Math.min(bestValue[1], open?.[1] ?? Infinity, least?.[1] ?? Infinity);
    return Math.max(rootBound, first);
  }
  return {
    chosen: best,
    calendar: bestPlan,
    proven,
    bound: proven ? bestValue[1] : timeBound(),
    withoutTime: { chosen: [...withoutTime.chosen].sort(), end: withoutEnd },
    decidedBy: decidingCriterion(problem, best, bestValue[1], withoutTime.chosen, withoutEnd),
    nodes,
    dated: datedSets.size,
  };
}

/**
 * Candidates that swap for each other in every respect the value of a set depends on, per
 * candidate its class (absent: none). Conservatively: equal weights of the objective, credits,
 * cost under a budget, and offerings;
 * no entry rule, co-requisite or identity but themselves (no recognition, outcome or private
 * id), and named by no co-requisite; accepted by exactly the same nodes of every rule of the
 * problem (the goal, the awards', the entry rules). Swapping two of them maps each feasible
 * set onto a feasible set of the same weights and the same schedules.
 */
function interchangeable(
  problem: PlanProblem,
  all: readonly string[],
  weights: readonly Map<string, number>[],
): Map<string, string[]> {
  const { graph } = problem;
  const named = new Set<string>();
  for (const id of all) {
    const c = credentialOf(graph, id)!;
    for (const x of [...c.corequisites, ...(c.strictCorequisites ?? [])]) named.add(x);
  }
  const nodes = new Map<RuleNode, number>();
  const places = new Map<string, number[]>(all.map((id) => [id, []]));
  const rules = [
    problem.goal.rule,
    ...problem.awards.map((id) => credentialOf(graph, id)!.awardRule),
    ...all.map((id) => credentialOf(graph, id)!.entryRule),
  ];
  for (const rule of rules) {
    if (!rule) continue;
    for (const node of ruleNodes(rule)) {
      let at = nodes.get(node);
      if (at === undefined) nodes.set(node, (at = nodes.size));
      for (const id of node.accepts) places.get(id)?.push(at);
    }
  }
  const classes = new Map<string, string[]>();
  for (const id of all) {
    const c = credentialOf(graph, id)!;
    if (
      c.entryRule ||
      c.corequisites.length > 0 ||
      (c.strictCorequisites?.length ?? 0) > 0 ||
      named.has(id) ||
      problem.items.get(id)!.identities.size !== 1
    )
      continue;
    const key = JSON.stringify([
      c.credits,
      problem.constraints.budget === undefined ? 0 : objectiveValue(c, 'cost'),
      problem.weight.get(id),
      weights.map((w) => w.get(id)),
      c.offerings ?? null,
      // Mode and language decide which offerings count only under a constraint on them.
      problem.constraints.modes ? (c.mode ?? null) : null,
      problem.constraints.languages ? (c.language ?? null) : null,
      places.get(id)!.sort((x, y) => x - y),
    ]);
    const list = classes.get(key);
    if (list) list.push(id);
    else classes.set(key, [id]);
  }
  const twins = new Map<string, string[]>();
  for (const list of classes.values())
    if (list.length > 1) for (const id of list) twins.set(id, list);
  return twins;
}

/**
 * The cost-splitting bound on the weight still needed at a node (indexedBound.ts, under the
 * equal split), the larger of it with and without the candidates' entry rules, as the search
 * takes it.
 */
function splitBound(bounds: IndexedBound, state: BoundState): number {
  const bound = bounds.relax(state);
  return bounds.hasEntryRules ? Math.max(bound, bounds.relax(state, { entryRules: false })) : bound;
}

/** The first criterion of the objective in which `chosen` beats `other` (undefined: none). */
function decidingCriterion(
  problem: PlanProblem,
  chosen: readonly string[],
  end: number,
  other: readonly string[],
  otherEnd: number,
): ObjectiveName | undefined {
  const total = (ids: readonly string[], name: WeightName) =>
    ids.reduce((t, id) => t + objectiveValue(credentialOf(problem.graph, id)!, name), 0);
  for (const name of problem.objective) {
    const mine = name === 'time' ? end : total(chosen, name);
    const theirs = name === 'time' ? otherEnd : total(other, name);
    if (mine < theirs - EPS) return name;
    if (mine > theirs + EPS) return undefined;
  }
  return undefined;
}

/** A day as the last day before it (the completion of a plan ending before `day`). */
export const lastDayBefore = (day: number): string | undefined =>
  Number.isFinite(day) ? toDate(day - 1) : undefined;

/** What the choice for time says: proof, and what it beat. */
export function timeSentence(problem: PlanProblem, time: TimeSummary): string {
  const order = problem.objective.join(', then ');
  if (!time.proven)
    return `The best plan found by ${order} finishes on ${time.completion ?? 'no date'}; not proven the best (no plan finishes before ${time.earliestPossible ?? 'an unknown day'}).`;
  const ids = time.withoutTime.credentials;
  const which =
    ids.length <= 3
      ? ids.map((id) => credentialOf(problem.graph, id)?.title ?? id).join(', ')
      : `${ids.length} credentials`;
  const against = `the plan chosen without time (${which}) finishes on ${time.withoutTime.completion ?? 'no date'}`;
  return time.decidedBy
    ? `Proven the best plan by ${order}; ${time.decidedBy} decided: ${against}.`
    : `Proven the best plan by ${order}; ${against}, no later.`;
}
