import { MONTHS_PER_TERM, addMonths, type Option } from './offerings.js';

/**
 * The per-term load bound of a dated plan (calendar.ts): a lower bound on the completion of
 * every schedule of a set under a cap of N credits started per six-month term, that accounts
 * for when each group can start (its intakes and entry rules) and how late it may start for
 * it and the groups waiting on it to finish by a given day.
 *
 * For a completion day T, each group may only start in the terms where one of its start
 * days is no earlier than its release (the day its entry rules can first be met, without the
 * load), and where it ends by its deadline: T, or the latest start of a group that cannot
 * start before it ends (its entry rule needs it), and starts no later than the latest start of
 * a group it is a co-requisite of. Every schedule finishing by T puts each group in one of
 * those terms with at most N credits a term (a group heavier than N alone, counted as N). So
 * if even the fractional assignment fails, no schedule finishes by T: with each group's terms
 * widened to an interval, it fails exactly when some interval of terms is asked for more
 * credits than N per term by the groups that fit nowhere else (Hall's condition on a convex
 * bipartite graph; Glover 1967). Feasibility only grows with T, so the least feasible T is
 * found by bisection, and it is a lower bound. The latest starts at that T also order the
 * list schedule (the latest-start-time priority rule of project scheduling).
 */

/** One group that starts together, as the bound needs it. */
export interface TermGroup {
  credits: number;
  /** No start before this day (its own and its co-requisites' entry rules, without the load). */
  release: number;
  /** Option combinations of its members (one option each), started the same day. */
  combos: readonly (readonly Option[])[];
  /** Groups that cannot start before this one ends (their entry rule needs it). */
  followers: readonly number[];
  /** Groups this one must start no later than (it is their co-requisite). */
  startsBy: readonly number[];
}

/** The first day on or after `from` every option of a combination can start, or undefined. */
export function agreedStart(
  picked: readonly Option[],
  from: number,
  horizon: number,
): number | undefined {
  let s = from;
  for (let agreed = false; !agreed;) {
    agreed = true;
    for (const o of picked) {
      const next = o.nextStart(s);
      if (next === undefined || next > horizon) return undefined;
      if (next !== s) {
        s = next;
        agreed = false;
      }
    }
  }
  return s;
}

/** Starts looked at within one term for a group's latest start (then: the term's last day). */
const STARTS_PER_TERM = 400;

const EPS = 1e-9;

export interface TermBound {
  /** First day after the last credential that every schedule reaches (≥ `from`). */
  bound: number;
  /** Each group's latest start when finishing at `bound` (Infinity: unconstrained). */
  latestStart: number[];
}

/**
 * The least day T in [from, to] such that the groups may all be assigned to terms finishing
 * by T (above), `to` when none before it is. `to` is a schedule's own completion.
 */
export function termLoadBound(
  groups: readonly TermGroup[],
  startDay: number,
  perTerm: number,
  horizon: number,
  from: number,
  to: number,
): TermBound {
  const termStarts: number[] = [];
  const termStart = (k: number): number => {
    while (termStarts.length <= k)
      termStarts.push(addMonths(startDay, MONTHS_PER_TERM * termStarts.length));
    return termStarts[k]!;
  };
  const termOfDay = (day: number): number => {
    let k = 0;
    while (termStart(k + 1) <= day) k++;
    return k;
  };
  const lastTerm = termOfDay(Math.max(startDay, to));
  // Each group's starts in each term, per combination, with their ends (ends grow with the
  // start); `more`: the term has starts after the last one listed.
  interface Starts {
    days: number[];
    ends: number[];
    more: boolean;
  }
  const starts = groups.map((g) => {
    const byTerm: Starts[][] = [];
    for (let k = termOfDay(Math.max(startDay, g.release)); k <= lastTerm; k++) {
      const next = termStart(k + 1);
      byTerm[k] = g.combos.map((picked) => {
        const row: Starts = { days: [], ends: [], more: false };
        let s = agreedStart(picked, Math.max(g.release, termStart(k)), horizon);
        while (s !== undefined && s < next) {
          if (row.days.length === STARTS_PER_TERM) {
            row.more = true;
            break;
          }
          const day = s;
          row.days.push(day);
          row.ends.push(Math.max(...picked.map((o) => o.endAfter(day))));
          s = agreedStart(picked, day + 1, horizon);
        }
        return row;
      });
    }
    return byTerm;
  });
  const weight = groups.map((g) => Math.min(g.credits, perTerm));

  const check = (T: number): { feasible: boolean; latest: number[] } => {
    const latest = groups.map(() => NaN);
    const lo = groups.map(() => Infinity);
    const hi = groups.map(() => -Infinity);
    const state = groups.map(() => 0); // 0 new, 1 open, 2 done
    const visit = (u: number): number => {
      if (state[u] === 2) return latest[u]!;
      // A cycle cannot be scheduled at all; dropping its edge only loosens the bound.
      if (state[u] === 1) return Infinity;
      state[u] = 1;
      let deadline = T;
      let startBy = Infinity;
      const g = groups[u]!;
      for (const v of g.followers) deadline = Math.min(deadline, visit(v));
      for (const v of g.startsBy) startBy = Math.min(startBy, visit(v));
      let last = -Infinity;
      starts[u]!.forEach((rows, k) => {
        for (const { days, ends, more } of rows) {
          // The latest start of the term no later than startBy that ends by the deadline.
          let j = -1;
          while (j + 1 < days.length && days[j + 1]! <= startBy && ends[j + 1]! <= deadline) j++;
          if (j < 0) continue;
          lo[u] = Math.min(lo[u]!, k);
          hi[u] = Math.max(hi[u]!, k);
          // Starts not listed: the term's last day, or startBy, bounds the latest from above.
          const unlisted = more && j === days.length - 1;
          last = Math.max(last, unlisted ? Math.min(startBy, termStart(k + 1) - 1) : days[j]!);
        }
      });
      state[u] = 2;
      latest[u] = last;
      return last;
    };
    groups.forEach((_g, u) => visit(u));
    if (lo.some((k) => k === Infinity)) return { feasible: false, latest };
    // Hall's condition on every interval of terms.
    const terms = Math.max(...hi) + 1;
    for (let a = 0; a < terms; a++)
      for (let b = a; b < terms; b++) {
        let need = 0;
        groups.forEach((_g, u) => {
          if (lo[u]! >= a && hi[u]! <= b) need += weight[u]!;
        });
        if (need > perTerm * (b - a + 1) + EPS) return { feasible: false, latest };
      }
    return { feasible: true, latest };
  };

  let at = check(from);
  if (at.feasible) return { bound: from, latestStart: at.latest };
  // Least feasible T in (from, to]: bisection (feasibility grows with T).
  let low = from;
  let high = to;
  let highCheck: { feasible: boolean; latest: number[] } | undefined;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    at = check(mid);
    if (at.feasible) {
      high = mid;
      highCheck = at;
    } else low = mid;
  }
  return { bound: high, latestStart: (highCheck ?? check(high)).latest };
}
