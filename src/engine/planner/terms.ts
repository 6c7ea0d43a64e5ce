import { credentialOf, ruleAccepts } from '../../graph/index.js';
import { isSatisfiable } from '../allocation.js';
import { extendClosure, type ItemSet } from '../closure.js';
import type { PlanProblem } from './problem.js';
import { strictPartners } from './simulate.js';
import { searchCycles } from '../../algorithms/cycles.js';

/** Search steps (terms tried and selections enumerated) the exact term packing may spend per plan. */
const TERM_NODES = 200_000;

const EPS = 1e-9;

export interface TermPlan {
  /** The credentials of each term, in order. */
  terms: string[][];
  /** A proven lower bound on the number of terms any schedule of the set needs. */
  lowerBound: number;
  /** `terms.length` is proven the fewest (it equals `lowerBound`). */
  minimal: boolean;
  /** Nodes of the exact search (0 when the greedy schedule met the bound). */
  nodes: number;
}

/**
 * A credential set packed into as few terms as possible under a per-term credit cap.
 *
 * Rules (docs/engine-semantics.md): a credential starts in a term once its entry rule is met
 * by what is had before the term, its co-requisites are had or in the same term, its strict
 * co-requisites in the same term; a term takes at most `cap` credits, except that a group
 * that cannot be split (joined by strict co-requisites, or co-requisites of each other) and is
 * larger than the cap gets a term alone.
 *
 * Lower bounds: the longest chain of credentials that must follow one another (a credential
 * whose entry rule cannot be met without another follows it), counting a group as one node;
 * the credits over the cap; and the two together (the credentials with at least k terms of
 * chain after them must fit in the terms before the last k − 1). The first answer is a list
 * schedule (longest chain first, then most credentials waiting, then most credits); when it
 * meets the bound it is proven. Otherwise a depth-first search tries each smaller number of
 * terms from the bound up, filling each term with a maximal selection of what can start (some
 * least schedule always does: a startable credential that fits can move to an earlier term
 * without delaying anything); it answers `minimal` when it finds the least, else the list
 * schedule with the bound it proved.
 */
export function packTerms(
  problem: PlanProblem,
  chosen: readonly string[],
  cap: number,
  options: { maxNodes?: number | undefined } = {},
): TermPlan {
  const { graph, asOf } = problem;
  const ids = [...new Set(chosen)].filter((id) => !problem.base.has(id)).sort();
  const n = ids.length;
  if (n === 0) return { terms: [], lowerBound: 0, minimal: true, nodes: 0 };
  const credits = ids.map((id) => credentialOf(graph, id)!.credits);
  const entry = ids.map((id) => credentialOf(graph, id)!.entryRule);
  const items = ids.map((id) => problem.items.get(id)!);

  const { noLater, group } = startTogetherGroups(problem, ids);
  const groups: number[][] = [];
  group.forEach((g, i) => (groups[g] ??= []).push(i));
  const groupCredits = groups.map((g) => g.reduce((s, i) => s + credits[i]!, 0));
  // Each group's share of a term in the credit bound: a term over the cap holds one group.
  const load = groupCredits.map((c) => Math.min(c, cap));

  const haveAfter = (taken: Iterable<number>, from: ItemSet = problem.base): ItemSet => {
    const have = from.clone();
    extendClosure(
      graph,
      have,
      [...taken].map((i) => items[i]!),
      asOf,
      { explain: false },
    );
    return have;
  };
  const entryMet = (i: number, have: ItemSet): boolean => {
    const rule = entry[i];
    return !rule || isSatisfiable(rule, have.relevantTo(rule, ids[i]));
  };

  // Definite order: j must follow i when j's entry rule cannot be met without i (had from
  // everything else). Groups are then ordered by these edges, with co-requisites no later.
  const all = ids.map((_id, i) => i);
  const everything = haveAfter(all);
  const follows: number[][] = ids.map(() => []); // i -> the j that must follow it
  ids.forEach((_id, i) => {
    const without = haveAfter(all.filter((k) => group[k] !== group[i]));
    ids.forEach((_x, j) => {
      if (j !== i && group[j] !== group[i] && entry[j] && !entryMet(j, without))
        if (entryMet(j, everything)) follows[i]!.push(j);
    });
  });
  // tail: terms from a group's own to the last, by the definite order (≥ 1).
  const tail = new Array<number>(groups.length).fill(0);
  const tailOf = (g: number, seen: Set<number>): number => {
    if (tail[g]! > 0) return tail[g]!;
    if (seen.has(g)) return 1; // a cycle cannot be scheduled; the plan's set never has one
    seen.add(g);
    let t = 1;
    for (const i of groups[g]!) {
      for (const j of follows[i]!) t = Math.max(t, 1 + tailOf(group[j]!, seen));
      // Who names i as a co-requisite comes no earlier.
      ids.forEach((_x, k) => {
        if (group[k] !== g && noLater[k]!.includes(i)) t = Math.max(t, tailOf(group[k]!, seen));
      });
    }
    seen.delete(g);
    tail[g] = t;
    return t;
  };
  groups.forEach((_g, g) => tailOf(g, new Set()));
  const waiting = groups.map((g) => g.reduce((s, i) => s + follows[i]!.length, 0));

  // Interchangeable credentials: alone in their group, named by no entry rule, co-requisite
  // or award of the set. Two of equal credits can swap terms in any schedule, so the exact
  // search takes those of one class in a fixed order and counts them in its memory.
  const mentioned = new Set<string>();
  let awardsMatter = false;
  for (const rule of entry)
    if (rule)
      for (const accepted of ruleAccepts(rule)) {
        mentioned.add(accepted);
        if (credentialOf(graph, accepted)?.awardRule) awardsMatter = true;
      }
  const freeClass = ids.map((id, i) => {
    const alone = groups[group[i]!]!.length === 1 && noLater[i]!.length === 0;
    const named = noLater.some((list) => list.includes(i));
    const identities = [...items[i]!.identities.keys()];
    if (awardsMatter || !alone || named || identities.some((x) => mentioned.has(x))) return -1;
    return Math.round(credits[i]! * 1e6);
  });

  // Group edges, for heads: g → h when h follows g (a term later) or names g as a
  // co-requisite (no earlier); and an order of the groups in which edges go forward.
  const groupEdges: { to: number; gap: number }[][] = groups.map(() => []);
  ids.forEach((_id, i) => {
    for (const j of follows[i]!) groupEdges[group[i]!]!.push({ to: group[j]!, gap: 1 });
    for (const d of noLater[i]!)
      if (group[d] !== group[i]) groupEdges[group[d]!]!.push({ to: group[i]!, gap: 0 });
  });
  const topological: number[] = [];
  const placed = new Uint8Array(groups.length);
  const place = (g: number) => {
    if (placed[g]) return;
    placed[g] = 1;
    for (const e of groupEdges[g]!) place(e.to);
    topological.push(g);
  };
  groups.forEach((_g, g) => {
    place(g);
  });
  topological.reverse();
  const head = new Array<number>(groups.length).fill(0);

  /**
   * The most credits one term can hold: the largest sum of open groups' credits within the cap
   * (terms of 3-credit courses under a cap of 19 hold 18). The cap itself when a group is
   * larger than it (a term of its own counts as full).
   */
  const fullest = (open: number[]): number => {
    if (open.some((g) => groupCredits[g]! > cap + EPS)) return cap;
    let sums = new Set<number>([0]);
    let best = 0;
    for (const g of open) {
      const next = new Set(sums);
      for (const x of sums) {
        const y = Math.round((x + groupCredits[g]!) * 1e6) / 1e6;
        if (y <= cap + EPS) {
          next.add(y);
          if (y > best) best = y;
        }
      }
      sums = next;
      if (best >= cap - EPS) return cap;
    }
    return best > 0 ? best : cap;
  };

  /**
   * Lower bound on the terms the open groups need, counted from the next term: the groups
   * that cannot start before the h-th of them and have a chain of k terms from their own
   * must fit in the terms h to T − k + 1 (h = 1: the credit bound over the tails).
   */
  const boundOf = (open: number[], startable?: (g: number) => boolean): number => {
    if (open.length === 0) return 0;
    const isOpen = new Uint8Array(groups.length);
    for (const g of open) isOpen[g] = 1;
    for (const g of open) head[g] = startable && !startable(g) ? 2 : 1;
    for (const g of topological)
      if (isOpen[g])
        for (const e of groupEdges[g]!)
          if (isOpen[e.to]) head[e.to] = Math.max(head[e.to]!, head[g]! + e.gap);
    const full = fullest(open);
    let best = 0;
    const heads = [...new Set(open.map((g) => head[g]!))];
    for (const h of heads) {
      const byTail = open.filter((g) => head[g]! >= h).sort((a, b) => tail[b]! - tail[a]!);
      let sum = 0;
      for (const g of byTail) {
        sum += load[g]!;
        best = Math.max(best, h + tail[g]! - 1, h + tail[g]! - 2 + Math.ceil(sum / full - EPS));
      }
    }
    return best;
  };

  /** The closed unit of a credential: its group and, recursively, what must come with it. */
  const unitOf = (i: number, taken: Uint8Array): number[] => {
    const unit = new Set<number>();
    const stack = [group[i]!];
    const seenGroups = new Set(stack);
    while (stack.length) {
      const g = stack.pop()!;
      for (const m of groups[g]!) {
        unit.add(m);
        for (const d of noLater[m]!)
          if (!taken[d] && !seenGroups.has(group[d]!)) {
            seenGroups.add(group[d]!);
            stack.push(group[d]!);
          }
      }
    }
    return [...unit].sort((a, b) => a - b);
  };
  const creditsOf = (unit: readonly number[]) => unit.reduce((s, i) => s + credits[i]!, 0);
  const singleGroup = (unit: readonly number[]) => unit.every((i) => group[i] === group[unit[0]!]);

  interface State {
    taken: Uint8Array;
    have: ItemSet;
  }
  /** The units that may start now, best first. */
  const unitsOf = (state: State): number[][] => {
    const startable = ids.map((_id, i) => !state.taken[i] && entryMet(i, state.have));
    const seen = new Set<string>();
    const units: number[][] = [];
    for (let i = 0; i < n; i++) {
      if (!startable[i]) continue;
      const unit = unitOf(i, state.taken);
      if (!unit.every((m) => startable[m])) continue;
      if (creditsOf(unit) > cap + EPS && !singleGroup(unit)) continue;
      const key = unit.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      units.push(unit);
    }
    const score = (u: number[]) => {
      const gs = [...new Set(u.map((i) => group[i]!))];
      return [
        Math.max(...gs.map((g) => tail[g]!)),
        gs.reduce((s, g) => s + waiting[g]!, 0),
        creditsOf(u),
      ];
    };
    const scored = units.map((u) => ({ u, s: score(u) }));
    scored.sort(
      (a, b) =>
        b.s[0]! - a.s[0]! ||
        b.s[1]! - a.s[1]! ||
        b.s[2]! - a.s[2]! ||
        a.u.join(',').localeCompare(b.u.join(',')),
    );
    return scored.map((x) => x.u);
  };
  const take = (state: State, term: number[]): State => {
    const taken = state.taken.slice();
    for (const i of term) taken[i] = 1;
    return { taken, have: haveAfter(term, state.have) };
  };
  const openGroups = (taken: Uint8Array) =>
    groups.map((_g, g) => g).filter((g) => !taken[groups[g]![0]!]);

  /** Greedy term: the units in order, each added when it fits. */
  const greedyTerm = (units: number[][]): number[] => {
    const term = new Set<number>();
    let used = 0;
    for (const u of units) {
      const fresh = u.filter((i) => !term.has(i));
      if (fresh.length === 0) continue;
      const size = creditsOf(fresh);
      if (term.size === 0 && size > cap + EPS) {
        // A group larger than the cap: a term of its own.
        return u;
      }
      if (used + size <= cap + EPS) {
        for (const i of fresh) term.add(i);
        used += size;
      }
    }
    return [...term];
  };

  const root: State = { taken: new Uint8Array(n), have: problem.base };
  const greedy: number[][] = [];
  for (let state = root; greedy.flat().length < n;) {
    const units = unitsOf(state);
    if (units.length === 0) break; // cannot happen for a feasible set; left to the replay
    const term = greedyTerm(units);
    greedy.push(term);
    state = take(state, term);
  }
  const asIds = (terms: number[][]) => terms.map((t) => t.map((i) => ids[i]!).sort());
  const rootBound = Math.max(
    1,
    boundOf(openGroups(root.taken)),
    binPackingBound(groupCredits, cap) ?? 0,
  );
  if (greedy.length <= rootBound || greedy.flat().length < n)
    return {
      terms: asIds(greedy),
      lowerBound: Math.min(rootBound, greedy.length),
      minimal: greedy.length <= rootBound,
      nodes: 0,
    };

  // Exact: can the rest be done in `left` terms? Failures are remembered per taken set.
  const maxNodes = options.maxNodes ?? TERM_NODES;
  let nodes = 0;
  const budget = { out: false };
  /** The taken set with interchangeable credentials counted by class, not named. */
  const memoKey = (taken: Uint8Array): string => {
    const counts = new Map<number, number>();
    let bits = '';
    for (let i = 0; i < n; i++) {
      if (freeClass[i]! >= 0) {
        if (taken[i]) counts.set(freeClass[i]!, (counts.get(freeClass[i]!) ?? 0) + 1);
        bits += '-';
      } else bits += taken[i] ? '1' : '0';
    }
    return `${bits}|${[...counts].sort((a, b) => a[0] - b[0]).join(';')}`;
  };
  const failed = new Map<string, number>(); // taken set -> most terms left that failed
  const fits = (state: State, left: number, path: number[][]): boolean => {
    const open = openGroups(state.taken);
    if (open.length === 0) return true;
    if (left <= 0) return false;
    const ready = ids.map((_id, i) => !state.taken[i] && entryMet(i, state.have));
    if (boundOf(open, (g) => groups[g]!.every((i) => ready[i])) > left) return false;
    const key = memoKey(state.taken);
    if ((failed.get(key) ?? -1) >= left) return false;
    if (++nodes > maxNodes) {
      budget.out = true;
      return false;
    }
    const units = unitsOf(state);
    // Groups with as many terms of chain after them as are left must start in this term.
    const critical = open.filter((g) => tail[g]! >= left);
    const startable = new Set(units.flat());
    if (critical.some((g) => !startable.has(groups[g]![0]!))) return false;
    // What the later terms cannot hold must go in this one.
    const openLoad = open.reduce((sum, g) => sum + load[g]!, 0);
    const needed = openLoad - (left - 1) * cap - EPS;
    // Every maximal selection of units (nothing startable that fits is left out).
    const selections: number[][] = [];
    const oversize = units.filter((u) => creditsOf(u) > cap + EPS);
    for (const u of oversize)
      if (critical.every((g) => u.includes(groups[g]![0]!))) selections.push(u);
    const normal = units.filter((u) => creditsOf(u) <= cap + EPS);
    /** For each member of a critical group, the last normal unit that holds it. */
    const lastUnitOf = new Map<number, number>();
    normal.forEach((u, k) => {
      for (const i of u) if (critical.includes(group[i]!)) lastUnitOf.set(i, k);
    });
    // Of interchangeable units, a term takes the first ones of each class, in order.
    const skipped = new Set<number>();
    const classOf = (u: number[]) => (u.length === 1 ? freeClass[u[0]!]! : -1);
    const choose = (k: number, term: Set<number>, used: number) => {
      if (budget.out) return;
      if (++nodes > maxNodes) {
        budget.out = true;
        return;
      }
      if (k === normal.length) {
        if (term.size === 0 || used < needed) return;
        if (!critical.every((g) => term.has(groups[g]![0]!))) return;
        const maximal = normal.every((u) => {
          const fresh = u.filter((i) => !term.has(i));
          return fresh.length === 0 || used + creditsOf(fresh) > cap + EPS;
        });
        if (maximal) selections.push([...term]);
        return;
      }
      const fresh = normal[k]!.filter((i) => !term.has(i));
      const size = creditsOf(fresh);
      const cls = classOf(normal[k]!);
      if (fresh.length > 0 && used + size <= cap + EPS && !skipped.has(cls)) {
        const next = new Set(term);
        for (const i of fresh) next.add(i);
        choose(k + 1, next, used + size);
      }
      // Leaving the unit out: not when it is the last that could take a critical group.
      if (!normal[k]!.some((i) => !term.has(i) && lastUnitOf.get(i) === k)) {
        const first = cls >= 0 && !skipped.has(cls);
        if (first) skipped.add(cls);
        choose(k + 1, term, used);
        if (first) skipped.delete(cls);
      }
    };
    choose(0, new Set(), 0);
    // The heaviest terms first: they leave the least for later.
    selections.sort((a, b) => creditsOf(b) - creditsOf(a));
    for (const term of selections) {
      if (budget.out) return false;
      path.push(term);
      if (fits(take(state, term), left - 1, path)) return true;
      path.pop();
    }
    if (!budget.out) failed.set(key, Math.max(left, failed.get(key) ?? -1));
    return false;
  };
  let lowerBound = rootBound;
  for (let terms = rootBound; terms < greedy.length; terms++) {
    const path: number[][] = [];
    if (fits(root, terms, path))
      return { terms: asIds(path), lowerBound: terms, minimal: true, nodes };
    if (budget.out) return { terms: asIds(greedy), lowerBound, minimal: false, nodes };
    lowerBound = terms + 1;
  }
  return { terms: asIds(greedy), lowerBound: greedy.length, minimal: true, nodes };
}

/** Bin-packing states the exact bound may visit before giving up (see binPackingBound). */
const BIN_PACKING_STATES = 50_000;

/**
 * The fewest terms the groups need by their credits alone (order ignored): exact bin packing
 * over the counts of each distinct credit value, each bin holding the largest item left and
 * filled maximally (some least packing has that form). Groups larger than the cap take a
 * bin each. It sees what the credit total misses: 34 courses of 3 credits, two of 4, three of
 * 5, one of 1 and one of 6 (132) need 8 terms of 19, not 7, for only three items leave a
 * 3-credit remainder of 1. Undefined when the counts span too many states.
 */
function binPackingBound(sizes: readonly number[], cap: number): number | undefined {
  const alone = sizes.filter((x) => x > cap + EPS).length;
  const counts = new Map<number, number>();
  for (const x of sizes)
    if (x > EPS && x <= cap + EPS) {
      const key = Math.round(x * 1e6) / 1e6;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  const values = [...counts.keys()].sort((a, b) => b - a);
  const start = values.map((v) => counts.get(v)!);
  if (start.reduce((p, c) => p * (c + 1), 1) > BIN_PACKING_STATES * 20) return undefined;
  const memo = new Map<string, number>();
  let states = 0;
  const least = (left: number[]): number => {
    const first = left.findIndex((c) => c > 0);
    if (first < 0) return 0;
    const key = left.join(',');
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (++states > BIN_PACKING_STATES) throw new RangeError('bin packing: too many states');
    let best = Infinity;
    const rest = [...left];
    rest[first]!--;
    // Fill the bin from the largest values down, keeping only maximal fills.
    const fill = (k: number, room: number) => {
      if (k === values.length) {
        const maximal = rest.every((c, i) => c === 0 || values[i]! > room + EPS);
        if (maximal) best = Math.min(best, 1 + least(rest));
        return;
      }
      const most = Math.min(rest[k]!, Math.floor((room + EPS) / values[k]!));
      for (let take = most; take >= 0; take--) {
        rest[k]! -= take;
        fill(k + 1, room - take * values[k]!);
        rest[k]! += take;
      }
    };
    fill(first, cap - values[first]!);
    memo.set(key, best);
    return best;
  };
  try {
    return alone + least(start);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The "no later than" order of a set of credentials and the groups it forces together:
 * `noLater[j]` lists the i that must start no later than j (i is a co-requisite of j; strict
 * co-requisites both ways), and `group[i]` numbers the strongly connected parts of that order,
 * the credentials that must start the same term or day. Shared by term packing, dated plans
 * and the search for the fastest set.
 */
export function startTogetherGroups(
  problem: PlanProblem,
  ids: readonly string[],
): { noLater: number[][]; group: number[] } {
  const at = new Map(ids.map((id, i) => [id, i]));
  const noLater: number[][] = ids.map(() => []);
  ids.forEach((id, j) => {
    for (const co of credentialOf(problem.graph, id)!.corequisites) {
      const i = at.get(co);
      if (i !== undefined && i !== j) noLater[j]!.push(i);
    }
    for (const s of strictPartners(problem, id)) {
      const i = at.get(s);
      if (i !== undefined && i !== j) noLater[i]!.push(j);
    }
  });
  return { noLater, group: Array.from(searchCycles(noLater).component) };
}
