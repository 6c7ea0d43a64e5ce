import type { CatalogueGraph } from '../../graph/index.js';
import { credentialOf, transferOf } from '../../graph/index.js';
import type { ObjectiveName } from '../../model/index.js';
import { compileRule } from '../allocation.js';
import type { Milestone } from '../closure.js';
import { conversionText, transferCredit, type TransferCredit } from '../items.js';
import type { DroppedHolding, HeldCredential } from '../holdings.js';
import { explainInfeasible, slotLabel, type Infeasibility } from './explain.js';
import { buildProblem, type PlanProblem, type PlanRequest } from './problem.js';
import { branchAndBound, memoisedReplay, type SearchResult } from './search.js';
import { solvePlanProblem } from './strategy.js';
import { compileReplay, type Replay } from './replay.js';
import { simulate, strictPartners } from './simulate.js';
import { packTerms } from './terms.js';
import {
  effectiveCalendar,
  scheduleCalendar,
  type CalendarPlan,
  type CalendarRequest,
} from './calendar.js';
import { DEFAULT_CREDITS_PER_MONTH } from './offerings.js';
import { EngineInputError } from '../errors.js';
import { chooseForTime, lastDayBefore, timeSentence, type TimeChoice } from './fastest.js';
import { planWithPriorLearning, type PriorLearningSummary } from './priorLearning.js';
import type { Highs } from 'highs';

export interface PlanOptions {
  /** How many next-best distinct plans to add (default 0). */
  alternatives?: number;
  /**
   * Search nodes per plan before settling for the best plan found (default 100 000; 50
   * when a MIP solver is given, which then finishes the hard cases).
   */
  maxNodes?: number | undefined;
  /**
   * A loaded HiGHS module (mip.ts, loadHighs). When the branch and bound has not proved its
   * plan optimal within its node budget, the mixed-integer formulation is solved instead and
   * its answer replayed; without it the answer is the best plan found, marked feasible.
   */
  mip?: Highs | undefined;
  /** With `mip`: above this many candidates the MIP goes before the search (strategy.ts). */
  mipFirstAbove?: number | undefined;
  /** With `mip`: a wall-clock limit for each MIP solve, in seconds (default none). */
  mipTimeLimitSeconds?: number | undefined;
  /** With `mip`: overrides the strategy's root-first limit (strategy.ts, benchmarks). */
  rootFirstUpTo?: number | undefined;
  /** With `mip`: overrides the strategy's root-repair limit (strategy.ts, benchmarks). */
  rootRepairUpTo?: number | undefined;
  /** With `mip`: overrides the root's cost-partitioning relaxations (strategy.ts). */
  rootAscent?: number | undefined;
  /** With `mip`: overrides the gap within which the root's ascent runs (strategy.ts). */
  rootAscentWithin?: number | undefined;
  /**
   * With `maxCreditsPerTerm`: search steps the exact term packing may spend before settling
   * for its list schedule and a lower bound (default 200 000; terms.ts).
   */
  maxTermNodes?: number | undefined;
  /** With `time` in the objective: nodes of the set search (default 3 000; fastest.ts). */
  maxTimeNodes?: number | undefined;
  /**
   * With `time` in the objective: false leaves out the floor the plan without time puts under
   * the set search's bounds (tests: the search's own bounds, which the floor often makes moot).
   */
  timeFloor?: boolean | undefined;
}

/** With `time` in the objective: how the set was chosen for it. */
export interface TimeSummary {
  /** The plan's completion (its calendar's). */
  completion?: string | undefined;
  /**
   * Proven: no plan finishes before this day (with criteria before time: no plan best in
   * them). Equals the completion when proven.
   */
  earliestPossible?: string | undefined;
  /** The set is proven the best under the whole objective, and its dates the earliest. */
  proven: boolean;
  /** The first criterion in which the plan beats the plan chosen without time (absent: none). */
  decidedBy?: ObjectiveName | undefined;
  /** The plan the objective without time chooses, and its completion. */
  withoutTime: { credentials: string[]; completion?: string | undefined };
  /** Nodes of the set search, and sets it dated. */
  nodes: number;
  sets: number;
}

/** How the plan's credentials were packed into terms under a credit cap. */
export interface TermSummary {
  maxCreditsPerTerm: number;
  /** Terms of the plan (its steps). */
  count: number;
  /** A proven lower bound on the terms any schedule of these credentials needs. */
  lowerBound: number;
  /** `count` is proven the fewest terms for these credentials. */
  minimal: boolean;
}

export interface Totals {
  credits: number;
  cost: number;
  hours: number;
  count: number;
}

export interface PlannedCredential {
  credential: string;
  title: string;
  credits: number;
  cost?: number | undefined;
  hours?: number | undefined;
  provider?: string | undefined;
  /** Why it is in the plan, as sentences. */
  reasons: string[];
  /** In a dated plan: first and last day, and which of its offerings (index; absent: none). */
  start?: string | undefined;
  end?: string | undefined;
  offering?: number | undefined;
}

export interface PlanStep {
  step: number;
  /** In a dated plan: the day this step's credentials start. */
  starts?: string | undefined;
  take: PlannedCredential[];
  /** Awards held once the step is complete. */
  milestones: { credential: string; title: string }[];
  credits: number;
  cost: number;
}

export interface PlanOutline {
  credentials: string[];
  totals: Totals;
  objectiveValue: number;
  /** `optimal`: proven the least-objective plan that contains no earlier plan. */
  optimality: 'optimal' | 'feasible';
}

export interface Plan {
  status: 'planned' | 'achieved' | 'infeasible';
  title: string;
  asOf: string;
  objective: ObjectiveName[];
  holdings: { valid: HeldCredential[]; dropped: DroppedHolding[] };
  /** Awards already earned from what is held. */
  alreadyEarned: { credential: string; title: string }[];
  steps: PlanStep[];
  totals: Totals;
  /** The objective's value (lexicographic objectives are scaled into one number). */
  objectiveValue: number;
  optimality: 'optimal' | 'feasible';
  /** Proven lower bound on the objective; equals objectiveValue when optimal. */
  lowerBound: number;
  alternatives: PlanOutline[];
  /** The plan in sentences: "Take X (6 ECTS): fills ... ; after step 2 you hold Y." */
  explanation: string[];
  /**
   * Credentials (held or taken) the plan counts by partial credit transfer: towards which
   * rule, how many credits, under which agreement, converted from what.
   */
  transfers?: TransferCredit[] | undefined;
  infeasibility?: Infeasibility | undefined;
  /** With a credit cap per term: how few terms, and whether proven the fewest. */
  terms?: TermSummary | undefined;
  /** With a calendar: the plan's credentials dated on their offerings, and the earliest completion. */
  calendar?: CalendarPlan | undefined;
  /** With `time` in the objective: which criterion decided, the completion, the proof. */
  time?: TimeSummary | undefined;
  /**
   * Candidates without credits (0). With a credits objective, ties are then broken by count,
   * then cost (`objective` says so).
   */
  creditsMissing?: number | undefined;
  /**
   * With prior learning: the records counted and dropped, the credentials granted by
   * exemption (steps "apply for recognition"), and the awarding provider's caps.
   */
  priorLearning?: PriorLearningSummary | undefined;
  search: { nodes: number };
}

export function totalsOf(graph: CatalogueGraph, ids: Iterable<string>): Totals {
  const totals: Totals = { credits: 0, cost: 0, hours: 0, count: 0 };
  for (const id of ids) {
    const c = credentialOf(graph, id)!;
    totals.credits += c.credits;
    totals.cost += c.cost ?? 0;
    totals.hours += c.hours ?? 0;
    totals.count++;
  }
  return totals;
}

/**
 * Engine steps 6 and 7: the cheapest set of additional credentials that reaches the target
 * (exact branch and bound, see search.ts), ordered into steps that respect entry rules and
 * co-requisites (terms when credits per term are capped), with reasons and milestones, and
 * optionally the next-best distinct plans. An unreachable target gets an explanation.
 */
export function planPathway(
  graph: CatalogueGraph,
  request: PlanRequest,
  options: PlanOptions = {},
): Plan {
  return planWithPriorLearning(buildProblem(graph, request), request, options, planProblem);
}

/** The plan of one built problem (planPathway without exemptions; see priorLearning.ts). */
export function planProblem(
  problem: PlanProblem,
  request: PlanRequest,
  options: PlanOptions = {},
): Plan {
  const { graph } = problem;
  const byTime = problem.objective.includes('time');
  if (byTime && !request.calendar)
    throw new EngineInputError(
      'planner',
      'the objective time (earliest completion) needs a calendar with a start',
      ['objective'],
    );
  const base: Omit<
    Plan,
    'status' | 'steps' | 'totals' | 'objectiveValue' | 'optimality' | 'lowerBound' | 'explanation'
  > = {
    title: problem.goal.title,
    asOf: request.asOf,
    objective: problem.objective,
    holdings: { valid: problem.holdings.valid, dropped: problem.holdings.dropped },
    alreadyEarned: problem.baseMilestones.map((m) => ({
      credential: m.credential,
      title: credentialOf(graph, m.credential)!.title,
    })),
    alternatives: [],
    ...(problem.creditsMissing > 0 ? { creditsMissing: problem.creditsMissing } : {}),
    search: { nodes: 0 },
  };
  const empty = { steps: [], totals: totalsOf(graph, []), objectiveValue: 0 };

  // Remembered across the plan: the search's root replays these first sets again.
  const replay = memoisedReplay(problem, compileReplay(problem));
  if (replay([]).reached) {
    // Reached by exemptions alone (a variant of priorLearning.ts): a dated plan still ends
    // when the last recognition is decided, and `time` compares the variants by that day.
    const calendar =
      request.calendar && problem.decidedOn.size > 0
        ? scheduleCalendar(problem, [], effectiveCalendar(request.calendar, problem.constraints))
        : undefined;
    const completion = calendar?.completion;
    return {
      ...base,
      ...empty,
      ...(calendar ? { calendar } : {}),
      ...(calendar && byTime
        ? {
            time: {
              completion,
              earliestPossible: completion,
              proven: true,
              withoutTime: { credentials: [], completion },
              nodes: 0,
              sets: 1,
            },
          }
        : {}),
      status: 'achieved',
      optimality: 'optimal',
      lowerBound: 0,
      explanation: [`You already meet the requirements of ${problem.goal.title}.`],
    };
  }

  const unreachable = (): Plan => {
    // The full replay, for what it reached: the explanation starts from there. A credential
    // stuck with a strict co-requisite strands its partner too; without those it may not.
    let everything = simulate(problem, problem.candidates);
    const binders = everything.stuck.filter((id) => strictPartners(problem, id).length > 0);
    let stuck = new Set(everything.stuck);
    if (binders.length) {
      everything = simulate(
        problem,
        problem.candidates.filter((id) => !binders.includes(id)),
      );
      stuck = new Set([...everything.stuck, ...binders]);
    }
    const infeasibility = explainInfeasible(problem, everything.have, stuck);
    return {
      ...base,
      ...empty,
      status: 'infeasible',
      optimality: 'optimal',
      lowerBound: Infinity,
      infeasibility,
      explanation: [`${problem.goal.title} cannot be reached: ${infeasibility.detail}.`],
    };
  };
  if (!replay(problem.candidates).mayReach) return unreachable();

  const solve = (avoid: string[][]): SearchResult =>
    solvePlanProblem(problem, replay, avoid, options);
  const result = solve([]);
  if (!result.chosen) {
    const budget = problem.constraints.budget;
    // No set reaches the goal with strict co-requisites in the same step (the relaxed replay
    // let it through): unless the budget is what stops it, explain from the strict replay.
    if (result.optimal && (budget === undefined || !withinReach(problem, replay)))
      return { ...unreachable(), search: { nodes: result.nodes } };
    const infeasibility: Infeasibility = {
      reason: 'budget',
      rule: { id: problem.goal.rule.id, of: 'goal' },
      detail: `every way to ${problem.goal.title} costs more than the budget of ${budget ?? 0} EUR`,
      causes: [],
    };
    return {
      ...base,
      ...empty,
      status: 'infeasible',
      optimality: result.optimal ? 'optimal' : 'feasible',
      lowerBound: result.lowerBound,
      infeasibility,
      explanation: [`${problem.goal.title} cannot be reached: ${infeasibility.detail}.`],
      search: { nodes: result.nodes },
    };
  }

  let chosen = result.chosen;
  let timed: TimeChoice | undefined;
  if (byTime && request.calendar) {
    // The set is chosen for time: the weights' plan is the first incumbent (fastest.ts).
    timed = chooseForTime(
      problem,
      replay,
      effectiveCalendar(request.calendar, problem.constraints),
      { ...result, chosen },
      {
        maxNodes: options.maxTimeNodes,
        floor: options.timeFloor,
        least: (weight) => solvePlanProblem({ ...problem, weight }, replay, [], options),
      },
    );
    chosen = timed.chosen;
  }

  const alternatives: PlanOutline[] = [];
  const avoid: string[][] = [result.chosen];
  let nodes = result.nodes + (timed?.nodes ?? 0);
  // Alternatives are ranked by the weights; with time they are not given (the request says so).
  for (let k = 0; k < (timed ? 0 : (options.alternatives ?? 0)); k++) {
    const next = solve(avoid);
    nodes += next.nodes;
    if (!next.chosen) break;
    alternatives.push({
      credentials: next.chosen,
      totals: totalsOf(graph, next.chosen),
      objectiveValue: next.value,
      optimality: next.optimal ? 'optimal' : 'feasible',
    });
    avoid.push(next.chosen);
  }

  const { steps, explanation, terms, calendar, transfers } = describePlan(problem, chosen, {
    maxTermNodes: options.maxTermNodes,
    calendar: request.calendar,
    dated: timed?.calendar,
  });
  let time: TimeSummary | undefined;
  let optimal = result.optimal;
  let value = result.value;
  if (timed) {
    const proven = timed.proven && calendar?.proven === true;
    time = {
      completion: calendar?.completion,
      earliestPossible: proven ? calendar.completion : lastDayBefore(timed.bound),
      proven,
      ...(timed.decidedBy ? { decidedBy: timed.decidedBy } : {}),
      withoutTime: {
        credentials: timed.withoutTime.chosen,
        completion: lastDayBefore(timed.withoutTime.end),
      },
      nodes: timed.nodes,
      sets: timed.dated,
    };
    optimal = proven;
    value = chosen.reduce((sum, id) => sum + problem.weight.get(id)!, 0);
    explanation.push(timeSentence(problem, time));
  }
  return {
    ...base,
    ...(terms ? { terms } : {}),
    ...(calendar ? { calendar } : {}),
    ...(time ? { time } : {}),
    status: 'planned',
    steps,
    totals: totalsOf(graph, chosen),
    objectiveValue: value,
    optimality: optimal ? 'optimal' : 'feasible',
    // With time, the weights' least value over every plan (a plan may weigh more).
    lowerBound: optimal ? value : Math.min(value, result.lowerBound),
    alternatives,
    explanation,
    ...(transfers.length ? { transfers } : {}),
    search: { nodes },
  };
}

/**
 * Does some set reach the goal, whatever it costs? The strict replay of every candidate, or
 * (when it strands some) the search without the budget.
 */
function withinReach(problem: PlanProblem, replay: Replay): boolean {
  if (replay(problem.candidates).reached) return true;
  const free = { ...problem, constraints: { ...problem.constraints, budget: undefined } };
  return branchAndBound(free, { replay }).chosen !== undefined;
}

/**
 * Orders a chosen set into steps (terms packed as few as it can prove, under a credit cap)
 * and says why each credential is there.
 */
export function describePlan(
  problem: PlanProblem,
  chosen: string[],
  options: {
    maxTermNodes?: number | undefined;
    calendar?: CalendarRequest | undefined;
    /** The set already dated on this calendar (the time search's), not dated again. */
    dated?: CalendarPlan | undefined;
  } = {},
): {
  steps: PlanStep[];
  explanation: string[];
  terms?: TermSummary | undefined;
  calendar?: CalendarPlan | undefined;
  transfers: TransferCredit[];
} {
  const { graph } = problem;
  // With a calendar, a per-term cap is its study load (unless it has its own) and the steps
  // are its start days instead of packed terms.
  const calendarRequest: CalendarRequest | undefined =
    options.calendar && effectiveCalendar(options.calendar, problem.constraints);
  const calendar =
    calendarRequest && (options.dated ?? scheduleCalendar(problem, chosen, calendarRequest));
  const dated = calendar?.status === 'dated' ? calendar : undefined;
  const cap = dated ? undefined : problem.constraints.maxCreditsPerTerm;
  const packed =
    cap === undefined
      ? undefined
      : packTerms(problem, chosen, cap, { maxNodes: options.maxTermNodes });
  const byStart = new Map<string, string[]>();
  for (const d of dated?.credentials ?? [])
    byStart.set(d.start, [...(byStart.get(d.start) ?? []), d.credential]);
  const sim = simulate(problem, chosen, {
    explain: true,
    schedule: dated ? [...byStart.values()] : packed?.terms,
  });
  const datedOf = new Map(dated?.credentials.map((d) => [d.credential, d]));
  const reasons = new Map<string, string[]>(chosen.map((id) => [id, []]));
  const addReason = (id: string, text: string) => {
    const list = reasons.get(id);
    if (list && !list.includes(text)) list.push(text);
  };
  const milestones: Milestone[] = sim.steps.flatMap((s) => s.milestones);
  const transfers: TransferCredit[] = [];
  const transferSentences: string[] = [];
  for (const m of milestones) {
    const rule = credentialOf(graph, m.credential)!.awardRule!;
    const title = credentialOf(graph, m.credential)!.title;
    for (const p of m.placements) {
      const label = slotLabel(graph, rule, p.slot, m.credential);
      const via = compileRule(rule).slots[p.slot]!.accepts;
      const transfer = transferOf(graph, via);
      if (transfer) {
        const credit = transferCredit(p.item, transfer);
        transfers.push(credit);
        const text = transferText(credit, label, title);
        if (reasons.has(p.item)) addReason(p.item, text);
        else
          transferSentences.push(
            `${credentialOf(graph, p.item)!.title}, which you hold, ${text}${credit.source ? ` (${credit.source})` : ''}.`,
          );
        continue;
      }
      const as =
        via !== p.item && credentialOf(graph, via)
          ? ` (recognised as ${credentialOf(graph, via)!.title})`
          : '';
      addReason(
        p.item,
        label === title ? `counts towards ${title}${as}` : `fills '${label}' of ${title}${as}`,
      );
    }
  }
  // What each chosen credential asks of the others. Each credential's reasons still come in
  // the order of the plan's credentials: only the loop's nesting is turned round.
  for (const other of chosen) {
    const c = credentialOf(graph, other)!;
    const entry = c.entryRule && compileRule(c.entryRule).slotsByAccepted;
    for (const id of chosen) {
      if (other === id) continue;
      if (c.strictCorequisites?.includes(id))
        addReason(id, `strict co-requisite of ${c.title} (taken in the same step)`);
      else if (c.corequisites.includes(id)) addReason(id, `co-requisite of ${c.title}`);
      if (entry && shareAKey(problem.items.get(id)!.identities, entry))
        addReason(id, `needed before starting ${c.title}`);
    }
  }
  for (const id of chosen)
    if (reasons.get(id)!.length === 0) addReason(id, `counts towards ${problem.goal.title}`);

  const steps: PlanStep[] = sim.steps.map((s, i) => {
    const take = s.take.map((id): PlannedCredential => {
      const c = credentialOf(graph, id)!;
      const planned: PlannedCredential = {
        credential: id,
        title: c.title,
        credits: c.credits,
        cost: c.cost,
        hours: c.hours,
        provider: c.provider,
        reasons: reasons.get(id)!,
      };
      const d = datedOf.get(id);
      if (d) {
        planned.start = d.start;
        planned.end = d.end;
        if (d.offering !== undefined) planned.offering = d.offering;
      }
      return planned;
    });
    const milestones = s.milestones.map((m) => ({
      credential: m.credential,
      title: credentialOf(graph, m.credential)!.title,
    }));
    const { credits, cost } = totalsOf(graph, s.take);
    return dated
      ? { step: i + 1, starts: datedOf.get(s.take[0]!)?.start, take, milestones, credits, cost }
      : { step: i + 1, take, milestones, credits, cost };
  });
  const explanation: string[] = [...transferSentences];
  if (problem.tiesBroken)
    explanation.push(
      `${problem.creditsMissing} of the credentials considered have no credits (0): plans of equal credits are compared by the number of credentials, then by cost.`,
    );
  for (const step of steps) {
    for (const t of step.take)
      explanation.push(
        t.start
          ? `Step ${step.step}: take ${t.title} (${t.credits} ECTS) from ${t.start} to ${t.end}: ${t.reasons.join('; ')}.`
          : `Step ${step.step}: take ${t.title} (${t.credits} ECTS): ${t.reasons.join('; ')}.`,
      );
    if (step.milestones.length)
      explanation.push(
        `After step ${step.step} you hold ${step.milestones.map((m) => m.title).join(', ')}.`,
      );
  }
  const terms: TermSummary | undefined =
    packed && cap !== undefined
      ? {
          maxCreditsPerTerm: cap,
          count: steps.length,
          lowerBound: packed.lowerBound,
          minimal: packed.minimal,
        }
      : undefined;
  if (terms)
    explanation.push(
      terms.minimal
        ? `${terms.count} term${terms.count === 1 ? '' : 's'} of at most ${cap} credits, proven the fewest for these credentials.`
        : `${terms.count} terms of at most ${cap} credits; these credentials need at least ${terms.lowerBound}.`,
    );
  if (calendar) explanation.push(...calendarSentences(problem, calendar));
  return { steps, explanation, terms, ...(calendar ? { calendar } : {}), transfers };
}

/** Do the two maps have a key in common? (Reads the smaller.) */
function shareAKey(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small.keys()) if (large.has(key)) return true;
  return false;
}

/** "counts 6 ECTS (3 US semester credit hours at 2) towards 'Electives' of X by transfer" */
function transferText(credit: TransferCredit, label: string, title: string): string {
  const from = conversionText(credit.converted);
  const where = label === title ? title : `'${label}' of ${title}`;
  return `counts ${credit.credits} ECTS${from} towards ${where} by transfer`;
}

/** What a dated plan says about its dates: completion, proof, assumptions. */
function calendarSentences(problem: PlanProblem, calendar: CalendarPlan): string[] {
  const out: string[] = [];
  const title = (id: string) => credentialOf(problem.graph, id)?.title ?? id;
  const load =
    calendar.maxCreditsPerMonth !== undefined
      ? `with at most ${Math.round(calendar.maxCreditsPerMonth * 1000) / 1000} credits a month at once`
      : calendar.maxCreditsPerTerm !== undefined
        ? `starting at most ${calendar.maxCreditsPerTerm} credits a six-month term`
        : 'without a study-load limit';
  if (calendar.status === 'undated') {
    out.push(
      `These credentials cannot be dated from ${calendar.start}: ${calendar.unschedulable
        .map((u) => `${title(u.credential)} (${u.reason})`)
        .join('; ')}.`,
    );
    return out;
  }
  out.push(
    calendar.proven
      ? `Starting on ${calendar.start} ${load}, you finish on ${calendar.completion}, proven the earliest for these credentials.`
      : `Starting on ${calendar.start} ${load}, you finish on ${calendar.completion}; no schedule of these credentials finishes before ${calendar.earliestPossible}.`,
  );
  for (const e of calendar.earned) out.push(`You earn ${title(e.credential)} on ${e.on}.`);
  if (calendar.assumed.length)
    out.push(
      `${calendar.assumed.map(title).join(', ')} ${calendar.assumed.length === 1 ? 'has' : 'have'} no offerings: assumed to start on the first day of any month and to last their credits at ${DEFAULT_CREDITS_PER_MONTH} a month (at least one month).`,
    );
  return out;
}
