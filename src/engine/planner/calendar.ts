import { credentialOf } from '../../graph/index.js';
import { isSatisfiable } from '../allocation.js';
import { extendClosure, ItemSet } from '../closure.js';
import type { Item } from '../items.js';
import { EngineInputError } from '../errors.js';
import {
  HORIZON_YEARS,
  MONTHS_PER_TERM,
  addMonths,
  optionsOf,
  toDate,
  toDay,
  type Option,
} from './offerings.js';
import type { PlanProblem } from './problem.js';
import { agreedStart, termLoadBound } from './termLoad.js';
import { startTogetherGroups } from './terms.js';

/** Search nodes the exact scheduler may spend per plan (each places one group). */
const CALENDAR_NODES = 20_000;

/** The exact search runs on sets of at most this many groups (it enumerates their orders). */
const EXACT_GROUPS = 8;

const EPS = 1e-9;

/** A dated plan's request: from when, and how much study at once. */
export interface CalendarRequest {
  start: string;
  /** Credits per six-month term (N/6 a month). */
  maxCreditsPerTerm?: number | undefined;
  /** Credits a month, summed over the credentials running at once. */
  maxCreditsPerMonth?: number | undefined;
}

/** One credential of a dated plan. */
export interface DatedCredential {
  credential: string;
  /** First day. */
  start: string;
  /** Last day. */
  end: string;
  /** Index in the credential's offerings; absent when it has none (the default was assumed). */
  offering?: number | undefined;
  /** Its load while it runs: credits over its length in months. */
  creditsPerMonth: number;
}

export interface CalendarPlan {
  start: string;
  /** The load cap in credits a month over what runs at once (absent: none). */
  maxCreditsPerMonth?: number | undefined;
  /** The load cap in credits started per six-month term from the start (absent: none). */
  maxCreditsPerTerm?: number | undefined;
  /** `dated`: every credential has dates; `undated`: some cannot be scheduled (`unschedulable`). */
  status: 'dated' | 'undated';
  /** The credentials by start date. */
  credentials: DatedCredential[];
  /** Awards earned by stacking, on the last day of the credential that completes them. */
  earned: { credential: string; on: string }[];
  /** Last day of the last credential. */
  completion?: string | undefined;
  /** A proven lower bound: no schedule of these credentials finishes before this day. */
  earliestPossible?: string | undefined;
  /** `completion` is proven the earliest for these credentials. */
  proven: boolean;
  /** `bounds`: the schedule met a lower bound; `exact`: an exhaustive search; `list`: neither. */
  method: 'bounds' | 'exact' | 'list';
  /** Credentials without offerings: planned on the default (any month's first day, credits at 5 a month). */
  assumed: string[];
  /** Credentials no offering can take, with why. */
  unschedulable: { credential: string; reason: string }[];
  /** Nodes of the exact search. */
  nodes: number;
}

/**
 * The calendar a plan is dated on: the request's, with the constraints' `maxCreditsPerTerm`
 * as its load when it sets none of its own.
 */
export function effectiveCalendar(
  calendar: CalendarRequest,
  constraints: { maxCreditsPerTerm?: number | undefined },
): CalendarRequest {
  return calendar.maxCreditsPerTerm === undefined &&
    calendar.maxCreditsPerMonth === undefined &&
    constraints.maxCreditsPerTerm !== undefined
    ? { ...calendar, maxCreditsPerTerm: constraints.maxCreditsPerTerm }
    : calendar;
}

/** The load cap a request sets in credits a month at once (Infinity without one). */
export function monthlyCap(calendar: CalendarRequest): number {
  return calendar.maxCreditsPerMonth ?? Infinity;
}

/** The load cap a request sets in credits started per term (Infinity without one). */
export function termCap(calendar: CalendarRequest): number {
  return calendar.maxCreditsPerMonth === undefined
    ? (calendar.maxCreditsPerTerm ?? Infinity)
    : Infinity;
}

/** The term (six months from the calendar's start, counted from 0) a day falls in. */
export function termOf(startDay: number, day: number): number {
  let k = Math.max(0, Math.floor((day - startDay) / 183) - 1);
  while (addMonths(startDay, MONTHS_PER_TERM * (k + 1)) <= day) k++;
  return k;
}

interface Placed {
  i: number;
  unit: number;
  /** Its credits, and the term it starts in (per-term loads). */
  credits: number;
  term: number;
  start: number;
  /** First day after it. */
  end: number;
  rate: number;
  option: Option;
}

/**
 * Dates a chosen set of credentials (the plan's, chosen first by the objective) on their
 * offerings, finishing as early as it can prove.
 *
 * Rules (docs/engine-semantics.md, "Dated plans"): a credential starts on an allowed day of
 * one of its open offerings (constraints on mode and language apply to the offering) no
 * earlier than the calendar's start, once its entry rule is met by what was held and what
 * ended before that day; a co-requisite starts no later, strict co-requisites (and
 * co-requisites of each other) the same day; at any day the credentials running carry at most
 * the cap in credits a month (each its credits over its length in months), except that a
 * group heavier than the cap runs alone.
 *
 * Method: a serial schedule generation scheme (Kolisch 1996): groups in a list, each placed
 * at its earliest day allowed by its offerings, entry rules, co-requisites and the load left
 * by those placed before. Every schedule that cannot move any credential earlier comes out of
 * some list and some choice of offerings, and some earliest schedule is one of those (moving
 * a credential earlier never delays another), so trying all lists and choices is exact: the
 * search does that on up to 8 groups within a node budget. The first list orders by the
 * longest chain of entry rules after a group. Lower bounds: the earliest finish of each group
 * without the load (entry rules, co-requisites' entry rules, intakes; a Dijkstra-like pass
 * in order of finish), and the load (the credits over the cap, at most a month's credits in
 * 28 days; a group heavier than the cap runs alone).
 */
export function scheduleCalendar(
  problem: PlanProblem,
  chosen: readonly string[],
  calendar: CalendarRequest,
  options: { maxNodes?: number | undefined } = {},
): CalendarPlan {
  const { graph, asOf } = problem;
  const startDay = toDay(calendar.start);
  if (!Number.isFinite(startDay))
    throw new EngineInputError('calendar', 'start is not a date', ['calendar', 'start']);
  const cap = monthlyCap(calendar);
  const perTerm = termCap(calendar);
  const horizon = addMonths(startDay, 12 * HORIZON_YEARS);
  const ids = [...new Set(chosen)].filter((id) => !problem.base.has(id)).sort();
  const n = ids.length;
  const nodes = ids.map((id) => credentialOf(graph, id)!);
  const plan: CalendarPlan = {
    start: calendar.start,
    ...(Number.isFinite(cap) ? { maxCreditsPerMonth: cap } : {}),
    ...(Number.isFinite(perTerm) ? { maxCreditsPerTerm: perTerm } : {}),
    status: 'dated',
    credentials: [],
    earned: [],
    proven: true,
    method: 'bounds',
    assumed: [],
    unschedulable: [],
    nodes: 0,
  };
  // Exemptions are held from the day after they are decided (applied for on the start day):
  // what needs one waits for it, everything else starts as it would, and the plan is finished
  // when both its study and its decisions are.
  const decisions = problem.held
    .filter((it) => it.origin === 'exempted' && problem.decidedOn.has(it.id))
    .map((item) => ({ item, day: toDay(problem.decidedOn.get(item.id)!) + 1 }));
  const decided = new Set(decisions.map((d) => d.item));
  const heldBefore =
    decided.size === 0 ? problem.base : closureOf(problem.held.filter((it) => !decided.has(it)));
  const lastDecision = Math.max(-Infinity, ...decisions.map((d) => d.day));
  const items = ids.map((id) => problem.items.get(id)!);
  /** What is gained day by day: the credentials ended by then (first day after) and decisions. */
  const gains = (ended: readonly { i: number; end: number }[]): { day: number; got: Item[] }[] => {
    const events = [...ended.map((e) => ({ day: e.end, item: items[e.i]! })), ...decisions].sort(
      (a, b) => a.day - b.day,
    );
    const out: { day: number; got: Item[] }[] = [];
    for (const e of events) {
      const last = out[out.length - 1];
      if (last?.day === e.day) last.got.push(e.item);
      else out.push({ day: e.day, got: [e.item] });
    }
    return out;
  };
  /** Awards earned by stacking, each on the last day of what completes it. */
  const earnedBy = (ended: readonly { i: number; end: number }[]) => {
    const have = heldBefore.clone();
    for (const { day, got } of gains(ended))
      for (const m of extendClosure(graph, have, got, asOf, { explain: false }))
        plan.earned.push({ credential: m.credential, on: toDate(day - 1) });
  };
  if (n === 0) {
    if (decisions.length > 0) {
      plan.completion = plan.earliestPossible = toDate(lastDecision - 1);
      earnedBy([]);
    }
    return plan;
  }

  const choices = nodes.map((c, i) => {
    const o = optionsOf(c, problem.constraints);
    if (o.assumed) plan.assumed.push(ids[i]!);
    if (o.options.length === 0)
      plan.unschedulable.push({
        credential: ids[i]!,
        reason: `no offering can be planned (${o.excluded.join('; ')})`,
      });
    return o.options;
  });

  // Groups starting the same day: strongly connected parts of "no later than" (as terms.ts).
  const { noLater, group: unitOf } = startTogetherGroups(problem, ids);
  const units: number[][] = [];
  unitOf.forEach((u, i) => (units[u] ??= []).push(i));
  // Groups a group's co-requisites are in (they start no later).
  const before = units.map((members, u) => [
    ...new Set(members.flatMap((i) => noLater[i]!.map((k) => unitOf[k]!)).filter((v) => v !== u)),
  ]);

  const entryMet = (i: number, have: ItemSet): boolean => {
    const rule = nodes[i]!.entryRule;
    return !rule || isSatisfiable(rule, have.relevantTo(rule, ids[i]));
  };
  function withItems(from: ItemSet, taken: readonly Item[]): ItemSet {
    const have = from.clone();
    extendClosure(graph, have, taken, asOf, { explain: false });
    return have;
  }
  function closureOf(held: readonly Item[]): ItemSet {
    return withItems(new ItemSet(), held);
  }

  /**
   * What is had from each day on: the holdings, then what ended (or was decided) by each day
   * (closure included). Every group asks the same question of one placement, so the last one
   * is kept.
   */
  let memo: { of: readonly { i: number; end: number }[]; length: number; days: Snapshot[] } = {
    of: [],
    length: -1,
    days: [],
  };
  interface Snapshot {
    day: number;
    have: ItemSet;
  }
  const snapshots = (ended: readonly { i: number; end: number }[]): Snapshot[] => {
    if (memo.of === ended && memo.length === ended.length) return memo.days;
    let have = heldBefore;
    const days: Snapshot[] = [{ day: -Infinity, have }];
    for (const { day, got } of gains(ended)) {
      have = withItems(have, got);
      days.push({ day, have });
    }
    memo = { of: ended, length: ended.length, days };
    return days;
  };
  /**
   * The first day from which every credential of `members` has its entry rule met by what
   * ended by then (among `ended`, with their first days after), or undefined.
   */
  const entryDay = (
    members: readonly number[],
    ended: readonly { i: number; end: number }[],
  ): number | undefined => {
    for (const { day, have } of snapshots(ended))
      if (members.every((i) => entryMet(i, have))) return day;
    return undefined;
  };

  if (plan.unschedulable.length === 0) {
    // Groups whose entry rules no schedule of the set can meet.
    const everything = ids.map((_id, i) => ({ i, end: 0 }));
    for (const members of units)
      if (entryDay(members, everything) === undefined)
        for (const i of members)
          plan.unschedulable.push({
            credential: ids[i]!,
            reason: 'its entry rule is not met by the plan',
          });
  }
  if (plan.unschedulable.length > 0) {
    plan.status = 'undated';
    plan.proven = false;
    plan.method = 'list';
    return plan;
  }

  const rateOf = (i: number, o: Option) => nodes[i]!.credits / o.months;

  /**
   * The earliest day ≥ `from` on which the group can start with these options, given what is
   * placed, or undefined before the horizon.
   */
  const placeUnit = (
    members: readonly number[],
    picked: readonly Option[],
    placed: readonly Placed[],
    from: number,
  ): number | undefined => {
    const rates = members.map((i, k) => rateOf(i, picked[k]!));
    const heavy = rates.reduce((s, r) => s + r, 0) > cap + EPS;
    const unitCredits = members.reduce((sum, i) => sum + nodes[i]!.credits, 0);
    let t = from;
    for (;;) {
      // A day every member's offering allows.
      const s = agreedStart(picked, t, horizon);
      if (s === undefined) return undefined;
      if (Number.isFinite(perTerm)) {
        // Credits started per term: within the cap, or one group alone in its term.
        const term = termOf(startDay, s);
        let used = 0;
        let others = 0;
        for (const q of placed)
          if (q.term === term) {
            used += q.credits;
            others++;
          }
        if (others > 0 && used + unitCredits > perTerm + EPS) {
          t = addMonths(startDay, MONTHS_PER_TERM * (term + 1));
          continue;
        }
      }
      // Without a monthly cap nothing running at once can conflict.
      if (!Number.isFinite(cap)) return s;
      const ends = picked.map((o) => o.endAfter(s));
      const last = Math.max(...ends);
      const points = [
        s,
        ...placed.filter((p) => p.start > s && p.start < last).map((p) => p.start),
      ];
      points.sort((a, b) => a - b);
      let conflict: number | undefined;
      for (const p of points) {
        const covering = placed.filter((q) => q.start <= p && p < q.end);
        if (covering.length === 0) continue;
        let load = 0;
        let mine = false;
        for (let k = 0; k < members.length; k++)
          if (s <= p && p < ends[k]!) {
            load += rates[k]!;
            mine = true;
          }
        if (!mine) continue;
        let heavyOther = false;
        for (const q of covering) load += q.rate;
        // A placed group heavier than the cap also runs alone.
        const byUnit = new Map<number, number>();
        for (const q of covering) byUnit.set(q.unit, (byUnit.get(q.unit) ?? 0) + q.rate);
        for (const r of byUnit.values()) if (r > cap + EPS) heavyOther = true;
        if (heavy || heavyOther || load > cap + EPS) {
          conflict = Math.min(...covering.map((q) => q.end));
          break;
        }
      }
      if (conflict === undefined) return s;
      t = Math.max(conflict, s + 1);
    }
  };

  /** Option combinations of a group (cartesian product, capped). */
  const combos = (members: readonly number[]): Option[][] => {
    let out: Option[][] = [[]];
    for (const i of members) {
      const next: Option[][] = [];
      for (const prefix of out) for (const o of choices[i]!) next.push([...prefix, o]);
      out = next.slice(0, 256);
    }
    return out;
  };
  const unitCombos = units.map(combos);

  /** Places group u as early as it can go after `placed`, trying every option combination. */
  const earliest = (
    u: number,
    placed: readonly Placed[],
  ): { placements: Placed[]; end: number }[] => {
    const members = units[u]!;
    const gate = entryDay(members, placed);
    if (gate === undefined) return [];
    let from = Math.max(startDay, gate);
    for (const v of before[u]!)
      for (const p of placed) if (p.unit === v) from = Math.max(from, p.start);
    const out: { placements: Placed[]; end: number }[] = [];
    for (const picked of unitCombos[u]!) {
      const s = placeUnit(members, picked, placed, from);
      if (s === undefined) continue;
      const placements = members.map((i, k) => ({
        i,
        unit: u,
        credits: nodes[i]!.credits,
        term: termOf(startDay, s),
        start: s,
        end: picked[k]!.endAfter(s),
        rate: rateOf(i, picked[k]!),
        option: picked[k]!,
      }));
      out.push({ placements, end: Math.max(...placements.map((p) => p.end)) });
    }
    return out.sort((a, b) => a.end - b.end);
  };

  // Tails: groups in a chain of entry rules after each (a group follows another when its
  // entry rule cannot be met without it).
  const all = ids.map((_id, i) => ({ i, end: 0 }));
  const follows: number[][] = units.map(() => []);
  units.forEach((_members, u) => {
    const without = withItems(
      problem.base,
      all.filter((x) => unitOf[x.i] !== u).map((x) => items[x.i]!),
    );
    units.forEach((other, v) => {
      if (v !== u && !other.every((i) => entryMet(i, without))) follows[u]!.push(v);
    });
  });
  const tail = units.map(() => 0);
  const tailOf = (u: number, seen: Set<number>): number => {
    if (tail[u]! > 0) return tail[u]!;
    if (seen.has(u)) return 1;
    seen.add(u);
    let t = 1;
    for (const v of follows[u]!) t = Math.max(t, 1 + tailOf(v, seen));
    seen.delete(u);
    return (tail[u] = t);
  };
  units.forEach((_m, u) => tailOf(u, new Set()));

  // A rank of the groups in which co-requisites come first: the exact search places groups in
  // order of (start, rank), which some list producing each earliest-possible schedule follows.
  const rank = new Array<number>(units.length).fill(-1);
  let ranked = 0;
  const rankOf = (u: number): void => {
    if (rank[u]! >= 0) return;
    rank[u] = -2;
    for (const v of before[u]!) if (rank[v] === -1) rankOf(v);
    rank[u] = ranked++;
  };
  units.forEach((_m, u) => {
    rankOf(u);
  });

  const eligible = (placedUnits: ReadonlySet<number>): number[] =>
    units
      .map((_m, u) => u)
      .filter((u) => !placedUnits.has(u) && before[u]!.every((v) => placedUnits.has(v)));

  // A list schedule: the first group by `priority` (the least first), then the earliest finish.
  const listSchedule = (priority: (u: number) => number): Placed[] | undefined => {
    const placed: Placed[] = [];
    const done = new Set<number>();
    while (done.size < units.length) {
      let best: { u: number; placements: Placed[]; end: number } | undefined;
      for (const u of eligible(done)) {
        const options = earliest(u, placed);
        if (options.length === 0) continue;
        const o = options[0]!;
        const p = priority(u);
        const q = best ? priority(best.u) : Infinity;
        if (!best || p < q || (p === q && o.end < best.end)) best = { u, ...o };
      }
      if (!best) return undefined;
      placed.push(...best.placements);
      done.add(best.u);
    }
    return placed;
  };

  const release = units.map(() => startDay);
  let bound = lowerBound();
  // The first list: the longest tail first.
  let best = listSchedule((u) => -tail[u]!);
  if (!best) {
    // Every group can start eventually (checked above), so only the horizon stops it.
    plan.status = 'undated';
    plan.proven = false;
    plan.method = 'list';
    plan.unschedulable = ids.map((credential) => ({
      credential,
      reason: `no schedule within ${HORIZON_YEARS} years of the start`,
    }));
    return plan;
  }
  const finish = (placed: readonly Placed[]) => Math.max(lastDecision, ...placed.map((p) => p.end));
  let bestEnd = finish(best);
  if (bestEnd > bound && Number.isFinite(perTerm)) {
    // The terms each group can start in, with their intakes, releases and deadlines.
    const startsBy = units.map(() => [] as number[]);
    before.forEach((earlier, w) => {
      for (const u of earlier) startsBy[u]!.push(w);
    });
    const terms = termLoadBound(
      units.map((members, u) => ({
        credits: members.reduce((sum, i) => sum + nodes[i]!.credits, 0),
        release: release[u]!,
        combos: unitCombos[u]!,
        followers: follows[u]!,
        startsBy: startsBy[u]!,
      })),
      startDay,
      perTerm,
      horizon,
      bound,
      bestEnd,
    );
    bound = terms.bound;
    if (bestEnd > bound) {
      // The second list: the latest start for finishing by the bound first.
      const second = listSchedule((u) => terms.latestStart[u]!);
      if (second && finish(second) < bestEnd) {
        best = second;
        bestEnd = finish(second);
      }
    }
  }
  let method: CalendarPlan['method'] = 'bounds';
  let proven = bestEnd <= bound;
  if (!proven && units.length <= EXACT_GROUPS) {
    // Every list and every choice of offerings, each group at its earliest day.
    const maxNodes = options.maxNodes ?? CALENDAR_NODES;
    const budget = { out: false };
    // A call may spend the budget: read it fresh (the compiler narrows a plain read).
    const spent = () => budget.out;
    const search = (
      placed: Placed[],
      done: Set<number>,
      end: number,
      last: { start: number; rank: number },
    ) => {
      if (budget.out || bestEnd <= bound) return;
      if (done.size === units.length) {
        if (end < bestEnd) {
          bestEnd = end;
          best = [...placed];
        }
        return;
      }
      for (const u of eligible(done)) {
        for (const o of earliest(u, placed)) {
          if (Math.max(end, o.end) >= bestEnd) continue;
          const start = o.placements[0]!.start;
          if (start < last.start || (start === last.start && rank[u]! < last.rank)) continue;
          if (++plan.nodes > maxNodes) {
            budget.out = true;
            return;
          }
          done.add(u);
          search([...placed, ...o.placements], done, Math.max(end, o.end), {
            start,
            rank: rank[u]!,
          });
          done.delete(u);
          if (spent()) return;
        }
      }
    };
    // A schedule ends no earlier than the last exemption's decision (as `finish` says): from
    // the start day alone, a set placed before it would pass for finishing earlier.
    search([], new Set(), Math.max(startDay, lastDecision), { start: -Infinity, rank: -1 });
    if (!budget.out) {
      proven = true;
      method = bestEnd <= bound ? 'bounds' : 'exact';
    }
  }
  if (!proven) method = 'list';

  plan.credentials = best
    .map((p) => ({
      credential: ids[p.i]!,
      start: toDate(p.start),
      end: toDate(p.end - 1),
      ...(p.option.offering !== undefined ? { offering: p.option.offering } : {}),
      creditsPerMonth: Math.round(p.rate * 1000) / 1000,
    }))
    .sort((a, b) => a.start.localeCompare(b.start) || a.credential.localeCompare(b.credential));
  plan.completion = toDate(bestEnd - 1);
  plan.earliestPossible = toDate((proven ? bestEnd : Math.min(bound, bestEnd)) - 1);
  plan.proven = proven;
  plan.method = method;
  earnedBy(best);
  return plan;

  /**
   * First day after the last credential that every schedule reaches: the larger of the
   * earliest finish without the load and the load bound.
   */
  function lowerBound(): number {
    // Each group needs its own and its co-requisites' entry rules met before it starts.
    const needs = units.map((members, u) => {
      const out = new Set(members);
      const stack = [...before[u]!];
      const seen = new Set(stack);
      while (stack.length) {
        const v = stack.pop()!;
        for (const i of units[v]!) out.add(i);
        for (const w of before[v]!)
          if (!seen.has(w)) {
            seen.add(w);
            stack.push(w);
          }
      }
      return [...out];
    });
    const finished = new Map<number, number>(); // unit -> earliest first day after it
    // Groups finish in order of their earliest finish, so what is had grows day by day: one
    // closure per group, and each group's gate is found once (entry rules are monotone).
    const had: Snapshot[] = [{ day: -Infinity, have: problem.base }];
    const gates = new Map<number, number>();
    const tentative = (u: number): number => {
      let gate = gates.get(u);
      if (gate === undefined) {
        const latest = had[had.length - 1]!;
        if (!needs[u]!.every((i) => entryMet(i, latest.have))) return Infinity;
        gate = latest.day;
        gates.set(u, gate);
      }
      const from = Math.max(startDay, gate);
      let end = from;
      for (const i of units[u]!) {
        let least = Infinity;
        for (const o of choices[i]!) {
          const s = o.nextStart(from);
          if (s !== undefined) least = Math.min(least, o.endAfter(s));
        }
        end = Math.max(end, least);
      }
      return end;
    };
    while (finished.size < units.length) {
      let pick = -1;
      let pickEnd = Infinity;
      for (let u = 0; u < units.length; u++) {
        if (finished.has(u)) continue;
        const e = tentative(u);
        if (e < pickEnd) {
          pick = u;
          pickEnd = e;
        }
      }
      if (pick < 0) return startDay;
      finished.set(pick, pickEnd);
      release[pick] = Math.max(startDay, gates.get(pick)!);
      const latest = had[had.length - 1]!;
      const have = withItems(
        latest.have,
        units[pick]!.map((i) => items[i]!),
      );
      if (latest.day === pickEnd) latest.have = have;
      else had.push({ day: pickEnd, have });
    }
    const path = Math.max(...finished.values());
    if (Number.isFinite(perTerm)) {
      // Terms needed: one per group over the cap, the other credits over the cap; the last
      // group then starts no earlier than the first day of the last of them.
      let alone = 0;
      let credits = 0;
      let shortest = Infinity;
      units.forEach((members) => {
        const c = members.reduce((sum, i) => sum + nodes[i]!.credits, 0);
        if (c > perTerm + EPS) alone++;
        else credits += c;
      });
      for (const options of choices)
        for (const o of options) shortest = Math.min(shortest, Math.floor(o.months * 28 - 1e-9));
      const terms = alone + Math.ceil(credits / perTerm - 1e-9);
      if (terms <= 1) return path;
      const lastStart = addMonths(startDay, MONTHS_PER_TERM * (terms - 1));
      return Math.max(path, lastStart + Math.max(1, shortest));
    }
    if (!Number.isFinite(cap)) return path;
    // The load: at most cap/28 credits a day outside the groups heavier than the cap, which
    // run alone.
    let aloneDays = 0;
    let work = 0;
    units.forEach((members, u) => {
      const rates = unitCombos[u]!.map((picked) =>
        members.reduce((s, i, k) => s + rateOf(i, picked[k]!), 0),
      );
      if (Math.min(...rates) > cap + EPS) {
        // Always alone: at least its shortest length.
        let least = Infinity;
        for (const picked of unitCombos[u]!) {
          const s = startDay;
          least = Math.min(least, Math.max(...picked.map((o) => minDays(o, s))));
        }
        aloneDays += least;
      } else if (Math.max(...rates) <= cap + EPS)
        work += members.reduce((s, i) => s + nodes[i]!.credits, 0);
    });
    const loadEnd = startDay + aloneDays + Math.ceil((28 * work) / cap - 1e-6);
    return Math.max(path, loadEnd);
  }
}

/** The fewest days an option can last, whatever day it starts (months vary from 28 days). */
function minDays(o: Option, from: number): number {
  let least = Infinity;
  for (let d = 0; d < 366 * 4; d += 1) least = Math.min(least, o.endAfter(from + d) - (from + d));
  return least;
}
