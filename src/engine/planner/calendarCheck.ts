import { credentialOf } from '../../graph/index.js';
import { isSatisfiable } from '../allocation.js';
import { extendClosure, ItemSet } from '../closure.js';
import type { CalendarPlan, CalendarRequest } from './calendar.js';
import { monthlyCap, termCap, termOf } from './calendar.js';
import { offeringExcluded, optionOf, toDay } from './offerings.js';
import type { PlanProblem } from './problem.js';
import { strictPartners } from './simulate.js';

/**
 * Replays a dated plan day by day and lists every rule it breaks (none: it is a valid
 * schedule of `chosen`). Independent of the scheduler's search: it only reads the dates.
 *
 * Checked: each chosen credential not held is dated once; on an allowed start day of an open
 * offering the constraints allow (or the default when it has none) and ends when that
 * offering ends; starts no earlier than the calendar; its entry rule is met by what was held
 * and what ended before its first day; its co-requisites started no later, its strict
 * co-requisites the same day; on every day the credentials running carry at most the monthly
 * cap, and the credentials starting in each six-month term at most the term's, or they are one
 * group that must start together; the completion is the last end (or the last exemption's
 * decision, an exempted credential being held only from the day after it) and
 * the goal is reached by then; the bound is no later than the completion.
 */
export function checkCalendar(
  problem: PlanProblem,
  chosen: readonly string[],
  calendar: CalendarRequest,
  plan: CalendarPlan,
): string[] {
  const problems: string[] = [];
  const { graph, asOf } = problem;
  const wanted = [...new Set(chosen)].filter((id) => !problem.base.has(id));
  // An exemption is held from the day after its decision; other holdings from the start.
  const heldFrom = (id: string) => {
    const on = problem.decidedOn.get(id);
    return on === undefined ? -Infinity : toDay(on) + 1;
  };
  const heldBy = (day: number) => {
    const have = new ItemSet();
    extendClosure(
      graph,
      have,
      problem.held.filter((it) => heldFrom(it.id) <= day),
      asOf,
      { explain: false },
    );
    return have;
  };
  const lastDecision = Math.max(-Infinity, ...[...problem.decidedOn.keys()].map(heldFrom));
  const dated = new Map<string, CalendarPlan['credentials'][number]>();
  for (const d of plan.credentials) {
    if (dated.has(d.credential)) problems.push(`${d.credential} is dated twice`);
    dated.set(d.credential, d);
  }
  if (plan.status !== 'dated') return problems;
  for (const id of wanted) if (!dated.has(id)) problems.push(`${id} is not dated`);
  for (const id of dated.keys())
    if (!wanted.includes(id)) problems.push(`${id} is dated but not in the plan`);

  const cap = monthlyCap(calendar);
  const first = toDay(calendar.start);
  const span = new Map<string, { start: number; end: number; rate: number }>();
  for (const d of plan.credentials) {
    const c = credentialOf(graph, d.credential);
    if (!c) {
      problems.push(`${d.credential} is not in the catalogue`);
      continue;
    }
    const start = toDay(d.start);
    const end = toDay(d.end) + 1;
    if (start < first) problems.push(`${d.credential} starts ${d.start}, before ${calendar.start}`);
    const offerings = c.offerings ?? [];
    let offering;
    if (offerings.length === 0) {
      if (d.offering !== undefined) problems.push(`${d.credential} has no offering ${d.offering}`);
    } else {
      offering = d.offering === undefined ? undefined : offerings[d.offering];
      if (!offering) {
        problems.push(`${d.credential} is dated without one of its offerings`);
        continue;
      }
      const why = offeringExcluded(c, offering, problem.constraints);
      if (why) problems.push(`${d.credential} is on an offering that is ${why}`);
    }
    const option = optionOf(c, offering, d.offering);
    if (!option.startsOn(start))
      problems.push(`${d.credential} starts ${d.start}, not a start day of its offering`);
    if (option.endAfter(start) !== end)
      problems.push(`${d.credential} ends ${d.end}, not when its offering ends`);
    const rate = c.credits / option.months;
    if (Math.abs(rate - d.creditsPerMonth) > 0.001)
      problems.push(`${d.credential} carries ${d.creditsPerMonth} credits a month, not ${rate}`);
    span.set(d.credential, { start, end, rate });
  }
  if (problems.length) return problems;

  // Entry rules, from what ended before each start.
  const ordered = [...span].sort((a, b) => a[1].start - b[1].start);
  for (const [id, s] of ordered) {
    const c = credentialOf(graph, id)!;
    const have = heldBy(s.start);
    extendClosure(
      graph,
      have,
      [...span].filter(([, o]) => o.end <= s.start).map(([x]) => problem.items.get(x)!),
      asOf,
      { explain: false },
    );
    if (c.entryRule && !isSatisfiable(c.entryRule, have.relevantTo(c.entryRule, id)))
      problems.push(`${id} starts before its entry rule is met`);
    for (const co of c.corequisites) {
      const o = span.get(co);
      if (!problem.base.has(co) && (!o || o.start > s.start))
        problems.push(`${id} starts before its co-requisite ${co}`);
    }
    for (const partner of strictPartners(problem, id)) {
      const o = span.get(partner);
      if (!o || o.start !== s.start)
        problems.push(`${id} does not start with its strict co-requisite ${partner}`);
    }
  }

  // The load, on every day something starts. Over the cap only for one group that must start
  // together: each no later than the other through co-requisites (strict ones both ways).
  const noLater = new Map<string, Set<string>>(wanted.map((id) => [id, new Set([id])]));
  for (const id of wanted) {
    const c = credentialOf(graph, id)!;
    for (const co of c.corequisites) if (noLater.has(co)) noLater.get(id)!.add(co);
    for (const partner of strictPartners(problem, id))
      if (noLater.has(partner)) {
        noLater.get(id)!.add(partner);
        noLater.get(partner)!.add(id);
      }
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const reach of noLater.values())
      for (const x of [...reach])
        for (const y of noLater.get(x)!)
          if (!reach.has(y)) {
            reach.add(y);
            grew = true;
          }
  }
  const together = (a: string, b: string) => noLater.get(a)!.has(b) && noLater.get(b)!.has(a);
  for (const [, s] of ordered) {
    const running = [...span].filter(([, o]) => o.start <= s.start && s.start < o.end);
    const load = running.reduce((sum, [, o]) => sum + o.rate, 0);
    if (load <= cap + 1e-6 || running.length <= 1) continue;
    const ids = running.map(([x]) => x);
    if (!ids.every((x) => together(x, ids[0]!)))
      problems.push(
        `on ${new Date(s.start * 86_400_000).toISOString().slice(0, 10)} ${ids.join(', ')} carry ${load.toFixed(3)} credits a month, over ${cap.toFixed(3)}`,
      );
  }

  // Credits started per term: within the cap, or one group that must start together.
  const perTerm = termCap(calendar);
  if (Number.isFinite(perTerm)) {
    const byTerm = new Map<number, string[]>();
    for (const [id, o] of span) {
      const k = termOf(first, o.start);
      byTerm.set(k, [...(byTerm.get(k) ?? []), id]);
    }
    for (const [k, ids] of byTerm) {
      const credits = ids.reduce((sum, id) => sum + credentialOf(graph, id)!.credits, 0);
      if (credits > perTerm + 1e-6 && !ids.every((x) => together(x, ids[0]!)))
        problems.push(
          `term ${k + 1} starts ${ids.join(', ')}: ${credits} credits, over ${perTerm}`,
        );
    }
  }

  const last = Math.max(lastDecision, ...[...span.values()].map((o) => o.end));
  if (
    (span.size || problem.decidedOn.size) &&
    plan.completion !== new Date((last - 1) * 86_400_000).toISOString().slice(0, 10)
  )
    problems.push(`completion ${plan.completion} is not the last end`);
  if (plan.earliestPossible && plan.completion && plan.earliestPossible > plan.completion)
    problems.push(`the bound ${plan.earliestPossible} is after the completion ${plan.completion}`);
  const have = problem.base.clone();
  extendClosure(
    graph,
    have,
    wanted.map((id) => problem.items.get(id)!),
    asOf,
    { explain: false },
  );
  if (!isSatisfiable(problem.goal.rule, have.relevantTo(problem.goal.rule)))
    problems.push('the dated credentials do not reach the goal');
  return problems;
}
