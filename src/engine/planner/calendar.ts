import {
  awardRulesAccepting,
  credentialOf,
  ruleAccepts,
  type CatalogueGraph,
  type RuleNode,
} from '../../graph/index.js';
import { isSatisfiable } from '../allocation.js';
import { extendClosure, ItemSet } from '../closure.js';
import { itemFor, type Item } from '../items.js';
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
import { TermDays, TermLoad, agreedStart, comboEnd } from './termLoad.js';
import { startTogetherGroups } from './terms.js';

/**
 * Search nodes the exact scheduler may spend per plan (each places one group): under a monthly
 * cap, where it runs on up to 8 groups; under a per-term cap, or none, where it runs on any
 * set and a node costs more (its bound over the terms left, every eligible group's earliest
 * start): 4,000 nodes take up to about 0.1 s on the synthetic 50k's largest sets under a
 * tight load (bench/RESULTS.md), and the proofs found there mostly take fewer than 1,000.
 */
const CALENDAR_NODES = 20_000;
const TERM_SEARCH_NODES = 4_000;

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
 * search does that within a node budget (under a monthly cap on up to 8 groups). The first
 * list orders by the longest chain of entry rules after a group. Lower bounds: the earliest
 * finish of each group without the load (entry rules, co-requisites' entry rules, intakes; a
 * Dijkstra-like pass in order of finish), and the load (the credits over the cap, at most a
 * month's credits in 28 days; a group heavier than the cap runs alone; under a per-term cap
 * the terms each group can start in, termLoad.ts, also at every node of the search).
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
    const days = gains(ended);
    if (days.length >= 2) {
      // Usually nothing is earned before the last day (the goal needs every credential): one
      // closure of what came before says so, instead of one per day.
      const have = heldBefore.clone();
      const early = days.slice(0, -1).flatMap((d) => d.got);
      if (extendClosure(graph, have, early, asOf, { explain: false }).length === 0) {
        const last = days[days.length - 1]!;
        for (const m of extendClosure(graph, have, last.got, asOf, { explain: false }))
          plan.earned.push({ credential: m.credential, on: toDate(last.day - 1) });
        return;
      }
    }
    const have = heldBefore.clone();
    for (const { day, got } of days)
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
  const unitCount = units.length;
  // Groups a group's co-requisites are in (they start no later).
  const before = units.map((members, u) => [
    ...new Set(members.flatMap((i) => noLater[i]!.map((k) => unitOf[k]!)).filter((v) => v !== u)),
  ]);
  const unitCredits = units.map((members) =>
    members.reduce((sum, i) => sum + nodes[i]!.credits, 0),
  );

  function withItems(from: ItemSet, taken: readonly Item[]): ItemSet {
    const have = from.clone();
    extendClosure(graph, have, taken, asOf, { explain: false });
    return have;
  }
  function closureOf(held: readonly Item[]): ItemSet {
    return withItems(new ItemSet(), held);
  }

  // What is had on a day: the holdings and the events ended by then, the credentials of the
  // set (0..n-1, on the first day after them) and the decisions (n.., the day after each).
  const eventItems = [...items, ...decisions.map((d) => d.item)];
  const entry = entryModel(
    graph,
    asOf,
    nodes.map((c) => c.entryRule),
    ids,
    eventItems,
    heldBefore,
    (on) =>
      withItems(
        heldBefore,
        eventItems.filter((_it, e) => on[e]),
      ),
  );
  /** Each event's first day had (Infinity: not yet); the decisions' are fixed. */
  const endAt = new Float64Array(eventItems.length).fill(Infinity);
  decisions.forEach((d, k) => (endAt[n + k] = d.day));
  /** The first day every member's entry rule is met by the events of `had`, or undefined. */
  const gateOf = (members: readonly number[], had: ArrayLike<number>): number | undefined => {
    let gate = -Infinity;
    for (const i of members) {
      const day = entry.dayOf(i, had);
      if (day === undefined) return undefined;
      if (day > gate) gate = day;
    }
    return gate;
  };

  if (plan.unschedulable.length === 0) {
    // Groups whose entry rules no schedule of the set can meet (all else had, not the group).
    for (const members of units) {
      const everything = Float64Array.from(endAt, (d, e) =>
        e >= n ? d : unitOf[e] === unitOf[members[0]!] ? Infinity : -Infinity,
      );
      if (gateOf(members, everything) === undefined)
        for (const i of members)
          plan.unschedulable.push({
            credential: ids[i]!,
            reason: 'its entry rule is not met by the plan',
          });
    }
  }
  if (plan.unschedulable.length > 0) {
    plan.status = 'undated';
    plan.proven = false;
    plan.method = 'list';
    return plan;
  }

  const rateOf = (i: number, o: Option) => nodes[i]!.credits / o.months;
  const termDays = new TermDays(startDay);
  const unitCombos = units.map((members) => combos(members.map((i) => choices[i]!)));

  // The schedule being built: placements in order, each group's start, the credits started
  // in each term and by how many groups.
  const placed: Placed[] = [];
  const unitStart = new Float64Array(unitCount).fill(NaN);
  const unitEnd = new Float64Array(unitCount).fill(NaN);
  const termUsed: number[] = [];
  const termGroups: number[] = [];
  interface Choice {
    u: number;
    picked: readonly Option[];
    start: number;
    end: number;
  }
  const place = (c: Choice) => {
    const term = termDays.of(c.start);
    units[c.u]!.forEach((i, k) => {
      const option = c.picked[k]!;
      const end = option.endAfter(c.start);
      placed.push({
        i,
        unit: c.u,
        credits: nodes[i]!.credits,
        term,
        start: c.start,
        end,
        rate: rateOf(i, option),
        option,
      });
      endAt[i] = end;
    });
    unitStart[c.u] = c.start;
    unitEnd[c.u] = c.end;
    termUsed[term] = (termUsed[term] ?? 0) + unitCredits[c.u]!;
    termGroups[term] = (termGroups[term] ?? 0) + 1;
  };
  const unplace = (c: Choice) => {
    const term = termDays.of(c.start);
    for (const i of units[c.u]!) endAt[i] = Infinity;
    placed.length -= units[c.u]!.length;
    unitStart[c.u] = NaN;
    unitEnd[c.u] = NaN;
    termUsed[term]! -= unitCredits[c.u]!;
    termGroups[term]! -= 1;
  };
  const clear = () => {
    while (placed.length > 0) {
      const last = placed[placed.length - 1]!;
      unplace({ u: last.unit, picked: [], start: last.start, end: 0 });
    }
  };

  /**
   * The earliest day ≥ `from` on which the group can start with these options, given what is
   * placed, or undefined before the horizon.
   */
  const placeUnit = (u: number, picked: readonly Option[], from: number): number | undefined => {
    const members = units[u]!;
    let t = from;
    for (;;) {
      // A day every member's offering allows.
      const s = agreedStart(picked, t, horizon);
      if (s === undefined) return undefined;
      if (Number.isFinite(perTerm)) {
        // Credits started per term: within the cap, or one group alone in its term.
        const term = termDays.of(s);
        if (
          (termGroups[term] ?? 0) > 0 &&
          (termUsed[term] ?? 0) + unitCredits[u]! > perTerm + EPS
        ) {
          t = termDays.start(term + 1);
          continue;
        }
      }
      // Without a monthly cap nothing running at once can conflict.
      if (!Number.isFinite(cap)) return s;
      const rates = members.map((i, k) => rateOf(i, picked[k]!));
      const heavy = rates.reduce((sum, r) => sum + r, 0) > cap + EPS;
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

  /** Group u at its earliest day after what is placed, for every option combination. */
  const earliest = (u: number, gate = gateOf(units[u]!, endAt)): Choice[] => {
    if (gate === undefined) return [];
    let from = Math.max(startDay, gate);
    for (const v of before[u]!) from = Math.max(from, unitStart[v]!);
    const out: Choice[] = [];
    for (const picked of unitCombos[u]!) {
      const s = placeUnit(u, picked, from);
      if (s !== undefined) out.push({ u, picked, start: s, end: comboEnd(picked, s) });
    }
    if (out.length > 1) out.sort((a, b) => a.end - b.end);
    return out;
  };

  // Tails: groups in a chain of entry rules after each (a group follows another when its
  // entry rule cannot be met without it).
  const follows = entry.follows(units, unitOf, n);
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

  const isEligible = (u: number): boolean => {
    if (!Number.isNaN(unitStart[u]!)) return false;
    for (const v of before[u]!) if (Number.isNaN(unitStart[v]!)) return false;
    return true;
  };

  // Groups whose entry rules read a group's credentials.
  const readers = units.map((members) => {
    const out = new Set<number>();
    for (const i of members) for (const j of entry.readers(i)) out.add(unitOf[j]!);
    return [...out];
  });

  const readBy = readers.map((us) => new Set(us));
  /**
   * Might group v's earliest starts (`options`), found before choice c was placed, have
   * changed with it? Under a monthly cap, always; otherwise only when v's entry rule reads
   * c's credentials, or v would start in c's term and no longer fits it (a start in another
   * term stays: a term skipped as full stays full).
   */
  const stale = (v: number, options: readonly Choice[], c: Choice): boolean => {
    if (Number.isFinite(cap) || readBy[c.u]!.has(v)) return true;
    if (!Number.isFinite(perTerm)) return false;
    const term = termDays.of(c.start);
    if ((termUsed[term] ?? 0) + unitCredits[v]! <= perTerm + EPS) return false;
    return options.some((o) => termDays.of(o.start) === term);
  };

  // A list schedule: the first group by `priority` (the least first), then the earliest finish.
  // Without a monthly cap a group's earliest changes only when a group its entry rule reads
  // is placed, or the term it would start in no longer has room for it: the others are kept.
  const listSchedule = (priority: (u: number) => number): Placed[] | undefined => {
    clear();
    const kept = new Array<Choice[] | undefined>(unitCount);
    for (let done = 0; done < unitCount; done++) {
      let best: Choice | undefined;
      let bestPriority = Infinity;
      for (let u = 0; u < unitCount; u++) {
        if (!isEligible(u)) continue;
        const options = (kept[u] ??= earliest(u));
        if (options.length === 0) continue;
        const o = options[0]!;
        const p = priority(u);
        if (!best || p < bestPriority || (p === bestPriority && o.end < best.end)) {
          best = o;
          bestPriority = p;
        }
      }
      if (!best) {
        clear();
        return undefined;
      }
      place(best);
      kept.forEach((options, v) => {
        if (options && stale(v, options, best)) kept[v] = undefined;
      });
    }
    const out = [...placed];
    clear();
    return out;
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
  const finish = (list: readonly Placed[]) => {
    let end = lastDecision;
    for (const p of list) if (p.end > end) end = p.end;
    return end;
  };
  let bestEnd = finish(best);
  // The order the exact search tries groups in (and ties between groups starting the same day):
  // co-requisites first, then by `urgency` (the least first).
  let urgency = units.map((_m, u) => -tail[u]!);
  let terms: TermLoad | undefined;
  if (bestEnd > bound && Number.isFinite(perTerm)) {
    // The terms each group can start in, with their intakes, releases and deadlines.
    const startsBy = units.map(() => [] as number[]);
    before.forEach((earlier, w) => {
      for (const u of earlier) startsBy[u]!.push(w);
    });
    terms = new TermLoad(
      units.map((_members, u) => ({
        credits: unitCredits[u]!,
        release: release[u]!,
        combos: unitCombos[u]!,
        followers: follows[u]!,
        startsBy: startsBy[u]!,
      })),
      termDays,
      perTerm,
      horizon,
      bestEnd,
    );
    const termBound = terms.bound(bound, bestEnd);
    bound = termBound.bound;
    const latestStart = termBound.latestStart;
    urgency = units.map((_m, u) => latestStart[u]!);
    if (bestEnd > bound) {
      // The second list: the latest start for finishing by the bound first.
      const second = listSchedule((u) => latestStart[u]!);
      if (second && finish(second) < bestEnd) {
        best = second;
        bestEnd = finish(second);
      }
    }
  }
  let method: CalendarPlan['method'] = 'bounds';
  let proven = bestEnd <= bound;
  // Under a per-term cap (or none) the search also prunes by the terms' bound and by
  // dominance, so it runs on any number of groups; under a monthly cap on up to 8.
  const termwise = !Number.isFinite(cap);
  if (!proven && (termwise || unitCount <= EXACT_GROUPS)) {
    const result = exactSearch();
    if (result.complete) {
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
   * Every list in non-decreasing order of start (ties by rank) and every choice of offerings,
   * each group at its earliest day, pruned on the best completion found. Under a per-term cap
   * (or none), two more prunings, each keeping some earliest schedule reachable:
   *
   * - Dominance: once the list moves on to a later term, no group left may be able to start
   *   in an earlier one with each of its option combinations. If one could, moving it there
   *   (its earliest day after the groups before it) breaks no rule: its entry rule is met by
   *   what ended before, its co-requisites started no later, its dependants start no earlier,
   *   and the term has room (the groups listed after it all start in later terms); nothing
   *   ends later. So among the earliest schedules, one with the least sum of starts never
   *   does it, and its list passes.
   * - Bound: the groups left must fit the terms (termLoad.ts) finishing before the best
   *   completion, from the last start on, in what is left of its term.
   */
  function exactSearch(): { complete: boolean } {
    const maxNodes = options.maxNodes ?? (termwise ? TERM_SEARCH_NODES : CALENDAR_NODES);
    const budget = { out: false };
    // A call may spend the budget: read it fresh (the compiler narrows a plain read).
    const spent = () => budget.out;
    // Ranks: co-requisites first, then by urgency, and children tried in rank order. On the
    // sets the search ran on before it pruned (a monthly cap, or up to 8 groups), groups in
    // their own order, so that it answers with the same schedule among equally early ones.
    const urgent = termwise && unitCount > EXACT_GROUPS;
    const rank = new Array<number>(unitCount).fill(-1);
    let ranked = 0;
    const rankOf = (u: number): void => {
      if (rank[u]! >= 0) return;
      rank[u] = -2;
      for (const v of before[u]!) if (rank[v] === -1) rankOf(v);
      rank[u] = ranked++;
    };
    units
      .map((_m, u) => u)
      .sort(
        (a, b) =>
          (urgent
            ? Math.sign(urgency[a]! - urgency[b]! || 0) || unitCredits[b]! - unitCredits[a]!
            : 0) || a - b,
      )
      .forEach(rankOf);
    const order = units.map((_m, u) => u);
    if (urgent) order.sort((a, b) => rank[a]! - rank[b]!);
    const unitPlaced = new Uint8Array(unitCount);
    const nodeRelease = new Float64Array(unitCount);
    let count = 0;
    /**
     * `known[u]`: group u's earliest starts before `last` was placed (null: it waited for
     * groups not placed), kept unless `stale`.
     */
    const search = (
      end: number,
      lastStart: number,
      lastRank: number,
      known: readonly (readonly Choice[] | null | undefined)[],
      last: Choice | undefined,
    ) => {
      if (budget.out || bestEnd <= bound) return;
      if (count === unitCount) {
        if (end < bestEnd) {
          bestEnd = end;
          best = [...placed];
        }
        return;
      }
      if (terms && count > 0) {
        // The groups left, from the last start on, must fit before the best completion.
        nodeRelease.fill(-Infinity);
        for (let v = 0; v < unitCount; v++)
          if (unitPlaced[v])
            for (const w of follows[v]!)
              if (unitEnd[v]! > nodeRelease[w]!) nodeRelease[w] = unitEnd[v]!;
        const term = termDays.of(lastStart);
        if (
          !terms.feasible(bestEnd - 1, {
            placed: unitPlaced,
            from: lastStart,
            term,
            used: termUsed[term] ?? 0,
            release: nodeRelease,
          })
        )
          return;
      }
      // Every eligible group at its earliest, and (dominance) the latest term any of its
      // option combinations starts in.
      const kids: Choice[] = [];
      const here = new Array<readonly Choice[] | null | undefined>(unitCount);
      let least = Infinity;
      let leastBy = -1;
      let second = Infinity;
      for (const u of order) {
        if (!isEligible(u)) continue;
        let options = known[u];
        if (options === null && last && (Number.isFinite(cap) || readBy[last.u]!.has(u)))
          options = undefined;
        if (options && last && stale(u, options, last)) options = undefined;
        if (options === undefined) {
          const gate = gateOf(units[u]!, endAt);
          options = gate === undefined ? null : earliest(u, gate);
        }
        here[u] = options;
        // Not startable yet: it waits for groups not placed.
        if (options === null) continue;
        // Startable, but no start before the horizon: nor will there be later.
        if (options.length === 0) return;
        let latestTerm = -Infinity;
        for (const o of options) {
          latestTerm = Math.max(latestTerm, termDays.of(o.start));
          kids.push(o);
        }
        if (latestTerm < least) {
          second = least;
          least = latestTerm;
          leastBy = u;
        } else if (latestTerm < second) second = latestTerm;
      }
      for (const o of kids) {
        if (Math.max(end, o.end) >= bestEnd) continue;
        if (o.start < lastStart || (o.start === lastStart && rank[o.u]! < lastRank)) continue;
        if (termwise && termDays.of(o.start) > (o.u === leastBy ? second : least)) continue;
        if (++plan.nodes > maxNodes) {
          budget.out = true;
          return;
        }
        place(o);
        unitPlaced[o.u] = 1;
        count++;
        search(Math.max(end, o.end), o.start, rank[o.u]!, here, o);
        count--;
        unitPlaced[o.u] = 0;
        unplace(o);
        if (spent()) return;
      }
    };
    clear();
    // A schedule ends no earlier than the last exemption's decision (as `finish` says): from
    // the start day alone, a set placed before it would pass for finishing earlier.
    search(Math.max(startDay, lastDecision), -Infinity, -1, [], undefined);
    clear();
    return { complete: !budget.out };
  }

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
    // Groups finish in order of their earliest finish, so what is had grows day by day, and
    // each group's gate is found once (entry rules are monotone).
    const finishedAt = Float64Array.from(endAt);
    const finished = new Float64Array(unitCount).fill(NaN);
    const gates = new Float64Array(unitCount).fill(NaN);
    const tentative = (u: number): number => {
      let gate = gates[u]!;
      if (Number.isNaN(gate)) {
        const day = gateOf(needs[u]!, finishedAt);
        if (day === undefined) return Infinity;
        gates[u] = gate = day;
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
    let path = startDay;
    for (let done = 0; done < unitCount; done++) {
      let pick = -1;
      let pickEnd = Infinity;
      for (let u = 0; u < unitCount; u++) {
        if (!Number.isNaN(finished[u]!)) continue;
        const e = tentative(u);
        if (e < pickEnd) {
          pick = u;
          pickEnd = e;
        }
      }
      if (pick < 0) return startDay;
      finished[pick] = pickEnd;
      path = Math.max(path, pickEnd);
      release[pick] = Math.max(startDay, gates[pick]!);
      for (const i of units[pick]!) finishedAt[i] = pickEnd;
    }
    if (Number.isFinite(perTerm)) {
      // Terms needed: one per group over the cap, the other credits over the cap; the last
      // group then starts no earlier than the first day of the last of them.
      let alone = 0;
      let credits = 0;
      let shortest = Infinity;
      units.forEach((_members, u) => {
        const c = unitCredits[u]!;
        if (c > perTerm + EPS) alone++;
        else credits += c;
      });
      for (const options of choices)
        for (const o of options) shortest = Math.min(shortest, Math.floor(o.months * 28 - 1e-9));
      const count = alone + Math.ceil(credits / perTerm - 1e-9);
      if (count <= 1) return path;
      const lastStart = termDays.start(count - 1);
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
      } else if (Math.max(...rates) <= cap + EPS) work += unitCredits[u]!;
    });
    const loadEnd = startDay + aloneDays + Math.ceil((28 * work) / cap - 1e-6);
    return Math.max(path, loadEnd);
  }
}

/** Option combinations of a group's members (cartesian product, capped at 256). */
function combos(choices: readonly (readonly Option[])[]): Option[][] {
  let out: Option[][] = [[]];
  for (const options of choices) {
    const next: Option[][] = [];
    for (const prefix of out) for (const o of options) next.push([...prefix, o]);
    out = next.slice(0, 256);
  }
  return out;
}

const ONE = Uint8Array.of(1);

/** How entry rules are met by what is had: `dayOf` for a schedule, `follows` for the set. */
interface EntryModel {
  /**
   * The first day credential i's entry rule is met by the holdings and the events had by then
   * (`had[e]`: the first day event e is had, Infinity when not), or undefined.
   */
  dayOf(i: number, had: ArrayLike<number>): number | undefined;
  /** The credentials whose entry rules read credential i's being had. */
  readers(i: number): readonly number[];
  /** Per group, the groups that cannot start before it ends (their entry rule needs it). */
  follows(units: readonly number[][], unitOf: readonly number[], n: number): number[][];
}

/**
 * Entry rules over the set's events (its credentials, then the decisions). Each rule's
 * verdict is kept by which of the events it may read are had. When stacking earns no award
 * any of the rules accepts (the common case), a rule reads only the holdings it accepts and
 * the events it accepts, without a closure; otherwise every event, with the closure of what
 * is had (kept by event set).
 */
function entryModel(
  graph: CatalogueGraph,
  asOf: string,
  rules: readonly (RuleNode | undefined)[],
  ids: readonly string[],
  events: readonly Item[],
  held: ItemSet,
  closure: (on: ArrayLike<boolean>) => ItemSet,
): EntryModel {
  // The awards stacking could earn from the events (a superset: their rules are not read).
  const index = awardRulesAccepting(graph);
  const awards: Item[] = [];
  const seen = new Set<string>();
  const queue = [...events];
  for (let head = 0; head < queue.length; head++)
    for (const id of queue[head]!.identities.keys())
      for (const q of index.get(id) ?? [])
        if (!held.has(q) && !seen.has(q)) {
          seen.add(q);
          const award = itemFor(graph, q, 'awarded', asOf);
          awards.push(award);
          queue.push(award);
        }
  const accepts = rules.map((rule) => rule && new Set(ruleAccepts(rule)));
  const reads = (i: number, item: Item) => {
    if (item.id === ids[i]) return false;
    for (const id of item.identities.keys()) if (accepts[i]!.has(id)) return true;
    return false;
  };
  const plain = awards.every((a) => rules.every((rule, i) => !rule || !reads(i, a)));
  const closures = new Map<string, ItemSet>();
  interface Rule {
    rule: RuleNode;
    /** The events it may read. */
    reads: number[];
    /** Without a closure: the holdings it accepts. */
    held: Item[];
    verdicts: Map<number | string, boolean>;
    /** Its verdict on the holdings alone. */
    none?: boolean;
  }
  const model: (Rule | undefined)[] = rules.map(
    (rule, i) =>
      rule && {
        rule,
        reads: events.map((_it, e) => e).filter((e) => (plain ? reads(i, events[e]!) : e !== i)),
        held: plain ? held.relevantTo(rule, ids[i]) : [],
        verdicts: new Map(),
      },
  );
  /** Rule i's verdict when the events it reads with a bit set in `on` are had. */
  const met = (i: number, on: Uint8Array): boolean => {
    const m = model[i]!;
    let key: number | string;
    if (on.length <= 30) {
      key = 0;
      for (let k = 0; k < on.length; k++) if (on[k]) key |= 1 << k;
    } else key = on.join('');
    let verdict = m.verdicts.get(key);
    if (verdict === undefined) {
      if (plain) {
        const items = [...m.held];
        on.forEach((b, k) => b && items.push(events[m.reads[k]!]!));
        verdict = isSatisfiable(m.rule, items);
      } else {
        const all = new Uint8Array(events.length);
        on.forEach((b, k) => b && (all[m.reads[k]!] = 1));
        const setKey = all.join('');
        let have = closures.get(setKey);
        if (!have) closures.set(setKey, (have = closure(Array.from(all, (b) => b === 1))));
        verdict = isSatisfiable(m.rule, have.relevantTo(m.rule, ids[i]));
      }
      m.verdicts.set(key, verdict);
    }
    return verdict;
  };
  const readBy = events.map(() => [] as number[]);
  model.forEach((m, i) => {
    for (const e of m?.reads ?? []) readBy[e]!.push(i);
  });
  return {
    readers: (i) => readBy[i]!,
    dayOf(i, had) {
      const m = model[i];
      if (!m) return -Infinity;
      m.none ??= met(i, new Uint8Array(m.reads.length));
      if (m.none) return -Infinity;
      if (m.reads.length === 1) {
        const day = had[m.reads[0]!]!;
        return day < Infinity && met(i, ONE) ? day : undefined;
      }
      const on = new Uint8Array(m.reads.length);
      const days: number[] = [];
      m.reads.forEach((e, k) => {
        if (had[e]! < Infinity) days.push(had[e]!, k);
      });
      if (days.length === 0) return undefined;
      const order = Array.from({ length: days.length / 2 }, (_x, j) => j).sort(
        (a, b) => days[2 * a]! - days[2 * b]!,
      );
      for (let j = 0; j < order.length; j++) {
        const day = days[2 * order[j]!]!;
        on[days[2 * order[j]! + 1]!] = 1;
        if (j + 1 < order.length && days[2 * order[j + 1]!]! === day) continue;
        if (met(i, on)) return day;
      }
      return undefined;
    },
    follows(units, unitOf, n) {
      const out = units.map(() => new Set<number>());
      rules.forEach((_rule, i) => {
        const m = model[i];
        if (!m) return;
        const v = unitOf[i]!;
        // Everything had but group u's credentials: only a group the rule reads can matter.
        const candidates = new Set(m.reads.filter((e) => e < n).map((e) => unitOf[e]!));
        for (const u of candidates) {
          if (u === v || out[u]!.has(v)) continue;
          const on = Uint8Array.from(m.reads, (e) => (e < n && unitOf[e] === u ? 0 : 1));
          if (!met(i, on)) out[u]!.add(v);
        }
      });
      return out.map((s) => [...s]);
    },
  };
}

/** The fewest days an option can last, whatever day it starts (months vary from 28 days). */
function minDays(o: Option, from: number): number {
  let least = Infinity;
  for (let d = 0; d < 366 * 4; d += 1) least = Math.min(least, o.endAfter(from + d) - (from + d));
  return least;
}
