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
 * a group it is a co-requisite of. Releases are pushed forward the same way: a group starts no
 * earlier than the first end of a group its entry rule needs, and no earlier than the first
 * start of its co-requisites. Every schedule finishing by T puts each group in one of those
 * terms with at most N credits a term (a group heavier than N alone, counted as N). So if even
 * the fractional assignment fails, no schedule finishes by T: with each group's terms widened
 * to an interval, it fails exactly when some interval of terms is asked for more credits than
 * it holds by the groups that fit nowhere else (Hall's condition on a convex bipartite graph;
 * Glover 1967). Feasibility only grows with T, so the least feasible T is found by bisection,
 * and it is a lower bound. The latest starts at that T also order the list schedule (the
 * latest-start-time priority rule of project scheduling).
 *
 * The exact search (calendar.ts) asks the same question at each of its nodes, of the groups
 * not placed yet: their releases no earlier than the node's last start, what is left of the
 * current term's credits, and T one day before the best completion found.
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
  if (picked.length === 1) {
    const s = picked[0]!.nextStart(from);
    return s === undefined || s > horizon ? undefined : s;
  }
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

/** The first day after a combination started on `day` (its longest member). */
export function comboEnd(picked: readonly Option[], day: number): number {
  let end = -Infinity;
  for (const o of picked) {
    const e = o.endAfter(day);
    if (e > end) end = e;
  }
  return end;
}

/** Six-month terms from a calendar's start: their first days, kept. */
export class TermDays {
  private readonly starts: number[] = [];

  constructor(readonly startDay: number) {}

  /** First day of term k (counted from 0). */
  start(k: number): number {
    const { starts } = this;
    while (starts.length <= k)
      starts.push(addMonths(this.startDay, MONTHS_PER_TERM * starts.length));
    return starts[k]!;
  }

  /** The term a day falls in (0 for days before the start). */
  of(day: number): number {
    let k = Math.max(0, Math.floor((day - this.startDay) / 183) - 1);
    while (this.start(k + 1) <= day) k++;
    return k;
  }
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

/** What a search node has fixed: the groups placed, the last start, the current term's load. */
export interface TermNode {
  /** Groups already placed (non-zero), left out of the question. */
  placed: ArrayLike<number>;
  /** Every group not placed starts on or after this day. */
  from: number;
  /** The term `from` falls in, and the credits already started in it. */
  term: number;
  used: number;
  /** Per group: no start before this day (first ends of what it needs, already placed). */
  release?: ArrayLike<number> | undefined;
}

/** A group's starts in one term for one combination, with their ends (ends grow with the start). */
interface Starts {
  days: number[];
  ends: number[];
  /** The term has starts after the last one listed. */
  more: boolean;
}

/**
 * The terms' question for one set of groups: `bound` answers it at the root (the least
 * feasible completion by bisection), `feasible` at a search node.
 */
export class TermLoad {
  private readonly lastTerm: number;
  /** Per group, per term from its release's, per combination. */
  private readonly starts: Starts[][][];
  private readonly firstTerm: number[];
  private readonly weight: number[];
  /** The distinct weights, ascending, and each group's index among them. */
  private readonly values: number[];
  private readonly valueIndex: number[];
  /** Groups in an order where every follower and co-requisite dependant comes later. */
  private readonly order: number[];

  constructor(
    private readonly groups: readonly TermGroup[],
    private readonly terms: TermDays,
    private readonly perTerm: number,
    horizon: number,
    /** No question is asked of a completion later than this (a schedule's own). */
    to: number,
  ) {
    const { startDay } = terms;
    this.lastTerm = this.termOfDay(Math.max(startDay, to));
    this.firstTerm = groups.map((g) => this.termOfDay(Math.max(startDay, g.release)));
    this.starts = groups.map((g, u) => {
      const byTerm: Starts[][] = [];
      for (let k = this.firstTerm[u]!; k <= this.lastTerm; k++) {
        const next = this.termStart(k + 1);
        byTerm[k] = g.combos.map((picked) => {
          const row: Starts = { days: [], ends: [], more: false };
          let s = agreedStart(picked, Math.max(g.release, this.termStart(k)), horizon);
          while (s !== undefined && s < next) {
            if (row.days.length === STARTS_PER_TERM) {
              row.more = true;
              break;
            }
            row.days.push(s);
            row.ends.push(comboEnd(picked, s));
            s = agreedStart(picked, s + 1, horizon);
          }
          return row;
        });
      }
      return byTerm;
    });
    this.weight = groups.map((g) => Math.min(g.credits, perTerm));
    this.values = [...new Set(this.weight)].sort((a, b) => a - b);
    this.valueIndex = this.weight.map((w) => this.values.indexOf(w));
    // Topological order of "followers" and "startsBy" (an edge closing a cycle is ignored:
    // a cycle cannot be scheduled at all, and dropping an edge only loosens the bound).
    const state = groups.map(() => 0);
    const post: number[] = [];
    const visit = (u: number) => {
      if (state[u] !== 0) return;
      state[u] = 1;
      const g = groups[u]!;
      for (const v of g.followers) visit(v);
      for (const v of g.startsBy) visit(v);
      state[u] = 2;
      post.push(u);
    };
    groups.forEach((_g, u) => {
      visit(u);
    });
    this.order = post.reverse();
  }

  private termStart(k: number): number {
    return this.terms.start(k);
  }

  private termOfDay(day: number): number {
    return this.terms.of(day);
  }

  /**
   * The least day T in [from, to] such that the groups may all be assigned to terms finishing
   * by T (above), `to` when none before it is. `to` is a schedule's own completion.
   */
  bound(from: number, to: number): TermBound {
    let at = this.check(from);
    if (at.feasible) return { bound: from, latestStart: at.latest };
    // Least feasible T in (from, to]: bisection (feasibility grows with T).
    let low = from;
    let high = to;
    let highCheck: { feasible: boolean; latest: number[] } | undefined;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      at = this.check(mid);
      if (at.feasible) {
        high = mid;
        highCheck = at;
      } else low = mid;
    }
    return { bound: high, latestStart: (highCheck ?? this.check(high)).latest };
  }

  /** Can the groups not placed at `node` all start in terms that let everything end by T? */
  feasible(T: number, node: TermNode): boolean {
    return this.check(T, node).feasible;
  }

  check(T: number, node?: TermNode): { feasible: boolean; latest: number[] } {
    const { groups, starts, perTerm } = this;
    const count = groups.length;
    const latest = new Array<number>(count).fill(NaN);
    const lo = new Array<number>(count).fill(Infinity);
    const hi = new Array<number>(count).fill(-Infinity);
    const active = (u: number) => !node || !node.placed[u];
    // Releases, pushed forward: a follower waits for the first end, a dependant for the first
    // start.
    const release = groups.map((g, u) =>
      node ? Math.max(g.release, node.from, node.release?.[u] ?? -Infinity) : g.release,
    );
    if (node) {
      for (const u of this.order) {
        if (!active(u)) continue;
        const first = this.firstStart(u, release[u]!);
        if (first === undefined) return { feasible: false, latest };
        const g = groups[u]!;
        for (const v of g.followers)
          if (active(v) && first.end > release[v]!) release[v] = first.end;
        for (const v of g.startsBy)
          if (active(v) && first.start > release[v]!) release[v] = first.start;
      }
    }
    const state = new Uint8Array(count); // 0 new, 1 open, 2 done
    const visit = (u: number): number => {
      if (state[u] === 2) return latest[u]!;
      // A cycle cannot be scheduled at all; dropping its edge only loosens the bound.
      if (state[u] === 1) return Infinity;
      state[u] = 1;
      let deadline = T;
      let startBy = Infinity;
      const g = groups[u]!;
      for (const v of g.followers) if (active(v)) deadline = Math.min(deadline, visit(v));
      for (const v of g.startsBy) if (active(v)) startBy = Math.min(startBy, visit(v));
      let last = -Infinity;
      const r = release[u]!;
      const byTerm = starts[u]!;
      for (let k = this.termOfDayCached(r, u); k < byTerm.length; k++) {
        const rows = byTerm[k];
        if (!rows) continue;
        for (const { days, ends, more } of rows) {
          // The latest start of the term no later than startBy that ends by the deadline.
          let j = -1;
          while (j + 1 < days.length && days[j + 1]! <= startBy && ends[j + 1]! <= deadline) j++;
          // Starts not listed: the term's last day, or startBy, bounds the latest from above.
          const unlisted = more && j === days.length - 1;
          if (j < 0 || (days[j]! < r && !unlisted)) continue;
          if (k < lo[u]!) lo[u] = k;
          if (k > hi[u]!) hi[u] = k;
          const day = unlisted ? Math.min(startBy, this.termStart(k + 1) - 1) : days[j]!;
          if (day > last) last = day;
        }
      }
      state[u] = 2;
      latest[u] = last;
      return last;
    };
    // Terms first..last-1 hold every group left (earlier intervals ask for less).
    let last = 0;
    let first = Infinity;
    for (let u = 0; u < count; u++) {
      if (!active(u)) continue;
      visit(u);
      if (lo[u] === Infinity) return { feasible: false, latest };
      last = Math.max(last, hi[u]! + 1);
      first = Math.min(first, lo[u]!);
    }
    if (node) first = Math.min(first, node.term);
    const terms = last - first;
    if (!(terms > 0)) return { feasible: true, latest };
    // Every interval of terms [a, b] must hold the groups that fit nowhere else: as many
    // terms as a bin packing of their credits needs at least (Martello and Toth's L2, with
    // the credits already started in the node's term as one more item), which is also at
    // least their credits over the cap (Hall's condition for the fractional assignment).
    const values = this.values;
    const V = values.length;
    const valueOf = this.valueIndex;
    // Per interval's first and last term, per credit value, the groups confined to it.
    const confined = new Uint16Array(terms * terms * V);
    for (let u = 0; u < count; u++) {
      if (!active(u)) continue;
      const at = ((lo[u]! - first) * terms + hi[u]! - first) * V + valueOf[u]!;
      confined[at] = confined[at]! + 1;
    }
    const fixed = node && node.used > 0 ? Math.min(node.used, perTerm) : 0;
    const half = perTerm / 2 + EPS;
    // Over a from the last term down: within[b * V + v] counts the groups within [a, b];
    // large[b] those over half the cap, small[b] the credits of the others.
    const within = new Uint16Array(terms * V);
    const large = new Uint16Array(terms);
    const small = new Float64Array(terms);
    const row = new Uint16Array(V);
    for (let a = terms - 1; a >= 0; a--) {
      row.fill(0);
      let rowLarge = 0;
      let rowSmall = 0;
      for (let b = a; b < terms; b++) {
        const at = (a * terms + b) * V;
        for (let v = 0; v < V; v++) {
          const c = confined[at + v]!;
          if (c === 0) continue;
          row[v] = row[v]! + c;
          if (values[v]! > half) rowLarge += c;
          else rowSmall += c * values[v]!;
        }
        for (let v = 0; v < V; v++) within[b * V + v] = within[b * V + v]! + row[v]!;
        large[b] = large[b]! + rowLarge;
        small[b] = small[b]! + rowSmall;
        const extra = node && a + first <= node.term && node.term <= b + first ? fixed : 0;
        // L2 is at most one bin per large item and the small credits over the cap.
        const most =
          large[b]! +
          (extra > half ? 1 : 0) +
          Math.ceil((small[b]! + (extra > half ? 0 : extra)) / perTerm - EPS);
        if (most <= b - a + 1) continue;
        if (binsNeeded(values, within, b * V, extra, perTerm) > b - a + 1)
          return { feasible: false, latest };
      }
    }
    return { feasible: true, latest };
  }

  /** The term of a group's release (its table starts there). */
  private termOfDayCached(day: number, u: number): number {
    const first = this.firstTerm[u]!;
    if (day <= this.termStart(first + 1) - 1) return first;
    return Math.min(this.termOfDay(day), this.lastTerm + 1);
  }

  /** A group's first start on or after `from` (in the table) and that start's least end. */
  private firstStart(u: number, from: number): { start: number; end: number } | undefined {
    const byTerm = this.starts[u]!;
    for (let k = this.termOfDayCached(from, u); k < byTerm.length; k++) {
      const rows = byTerm[k];
      if (!rows) continue;
      let start = Infinity;
      let end = Infinity;
      for (const { days, ends, more } of rows) {
        let j = 0;
        while (j < days.length && days[j]! < from) j++;
        if (j < days.length) {
          if (days[j]! < start) start = days[j]!;
          if (ends[j]! < end) end = ends[j]!;
        } else if (more) {
          // Unlisted starts after the last listed: no later than the listed ones' bounds.
          const d = Math.max(from, days[days.length - 1]! + 1);
          if (d < start) start = d;
          if (ends[days.length - 1]! < end) end = ends[days.length - 1]!;
        }
      }
      if (start < Infinity) return { start, end };
    }
    return undefined;
  }
}

/**
 * Martello and Toth's lower bound L2 on the bins of capacity `cap` that items need: counts
 * per value (`counts[from + v]` items of `values[v]`, ascending) and one more item of `extra`
 * (0: none). For each k ≤ cap/2 among the sizes: the items over cap − k each need a bin of
 * their own, as do those over cap/2 (no two share one), and the items from k to cap/2 fill
 * what the latter leave at best. Martello & Toth, "Lower bounds and reduction procedures for
 * the bin packing problem", Discrete Applied Mathematics 28 (1990).
 */
export function binsNeeded(
  values: readonly number[],
  counts: ArrayLike<number>,
  from: number,
  extra: number,
  cap: number,
): number {
  const size = (v: number) => (v < values.length ? values[v]! : extra);
  const many = (v: number) => (v < values.length ? counts[from + v]! : extra > 0 ? 1 : 0);
  const all = values.length + 1;
  let best = 0;
  for (let j = -1; j < all; j++) {
    // k = 0, then each size up to half the cap.
    const k = j < 0 ? 0 : size(j);
    if (j >= 0 && (many(j) === 0 || k > cap / 2 + EPS)) continue;
    let n1 = 0;
    let n2 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let v = 0; v < all; v++) {
      const c = many(v);
      if (c === 0) continue;
      const w = size(v);
      if (w > cap - k + EPS) n1 += c;
      else if (w > cap / 2 + EPS) {
        n2 += c;
        s2 += c * w;
      } else if (w >= k - EPS) s3 += c * w;
    }
    const spill = Math.max(0, Math.ceil((s3 - (n2 * cap - s2)) / cap - EPS));
    best = Math.max(best, n1 + n2 + spill);
  }
  return best;
}
