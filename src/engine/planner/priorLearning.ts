import { credentialOf, providerOf } from '../../graph/index.js';
import {
  capsFor,
  exemptableCredentials,
  type Exemptable,
  priorLearningRecords,
  type PriorLearningRecords,
} from '../priorLearning.js';
import type { Plan, PlanOptions, TimeSummary } from './plan.js';
import { timeSentence } from './fastest.js';
import { toDate, toDay } from './offerings.js';
import {
  buildProblem,
  scalarWeights,
  type PlanProblem,
  type PlanRequest,
  type WeightName,
} from './problem.js';

/**
 * Recognition of prior learning in the planner (docs/engine-semantics.md, "Prior learning"):
 * a credential whose learning outcomes are all established by prior learning, of a provider
 * whose policy allows it, can be obtained by exemption instead of being taken: the step
 * "apply for recognition of X", weighing the policy's cost (objective cost), 1 (count), no
 * credits or hours studied, and its weeks (time: in a dated plan it is applied for on the
 * start day and held once decided, so what needs it, and the plan's end, wait for the
 * decision; the rest of the study starts on the start day). For a qualification target, the awarding provider's policy caps what
 * exemption and transfer may fill and may require credits taken with it.
 *
 * The search is exact by enumeration: every subset E of the exemptable credentials (at most
 * MAX_EXEMPTABLE, the ones with most credits; beyond, the plan is not claimed optimal) that
 * the share cap allows is a variant of the problem with E held from the start (and, when E is
 * not empty, the provider minimum as a rule of the goal), planned by the exact planner with
 * the weights of the problem without exemptions; the best variant, by the objective
 * (lexicographic, exemption steps included), wins, fewer exemptions first on ties. The plan is
 * proven optimal when every variant's plan is.
 */

/** Exemptable credentials the search enumerates at most (2^8 = 256 variants). */
export const MAX_EXEMPTABLE = 8;

/** A step "apply for recognition of X": X granted by exemption. */
export interface ExemptionStep {
  kind: 'recognition';
  credential: string;
  title: string;
  credits: number;
  provider: string;
  /** The records it relies on (indexes in the learner's or the request's list). */
  evidence: number[];
  policySource?: string | undefined;
  cost: number;
  weeks: number;
  /** In a dated plan: applied for on the start day, decided on this day. */
  decidedOn?: string | undefined;
}

/** The awarding provider's caps for the target qualification, as this plan uses them. */
export interface PriorLearningCapUse {
  qualification: string;
  provider: string;
  policySource?: string | undefined;
  /** Credits exemption and transfer may fill at most (absent: no share cap). */
  maxCredits?: number | undefined;
  transferCredits: number;
  exemptedCredits: number;
  /** maxCredits less what transfer and exemptions fill. */
  left?: number | undefined;
  minCreditsWithProvider?: number | undefined;
  /** Credits the plan takes with the awarding provider. */
  creditsWithProvider: number;
  /** The share cap kept an exemptable credential out of the plan. */
  shareBinds: boolean;
}

export interface PriorLearningSummary extends PriorLearningRecords {
  exemptions: ExemptionStep[];
  cap?: PriorLearningCapUse | undefined;
  /** Exemptable credentials beyond MAX_EXEMPTABLE, not considered (the plan is then not proven). */
  notConsidered: string[];
  /** Variants of the problem planned (subsets of exemptions within the share cap). */
  variants: number;
}

/**
 * What the step "apply for recognition" weighs under each criterion: no credits or hours
 * studied, one step, the policy's fee.
 */
const exemptionValues = (cost: number): Record<WeightName, number> => ({
  credits: 0,
  hours: 0,
  count: 1,
  cost,
});

/**
 * A plan's totals with its exemption steps added: what the objective compares, here between
 * exemption variants and in the matcher between targets (`totals` count what is studied).
 */
export function objectiveTotals(plan: Plan): Record<WeightName, number> {
  const totals = { ...plan.totals };
  for (const x of plan.priorLearning?.exemptions ?? [])
    for (const [name, value] of Object.entries(exemptionValues(x.cost)))
      totals[name as WeightName] += value;
  return totals;
}

const EXEMPTION_KEY = (id: string) => `\u0000exemption:${id}`;
const DAYS_PER_WEEK = 7;

/**
 * The plan with exemptions considered (see the module comment): `planProblem` plans each
 * variant; without prior learning, or with nothing exemptable, it is the plan of `problem`.
 */
export function planWithPriorLearning(
  problem: PlanProblem,
  request: PlanRequest,
  options: PlanOptions,
  planProblem: (problem: PlanProblem, request: PlanRequest, options: PlanOptions) => Plan,
): Plan {
  const { graph } = problem;
  const records = priorLearningRecords(problem.priorLearning);
  const summarise = (plan: Plan, extra: Partial<PriorLearningSummary> = {}): Plan =>
    (request.priorLearning ?? []).length === 0
      ? plan
      : {
          ...plan,
          priorLearning: { ...records, exemptions: [], notConsidered: [], variants: 1, ...extra },
        };
  const target = request.target;
  if (!('qualification' in target) || problem.priorLearning.outcomes.size === 0)
    return summarise(planProblem(problem, request, options));
  const { excludeCredentials, excludeProviders } = problem.constraints;
  const exemptable = exemptableCredentials(
    graph,
    problem.priorLearning,
    [...problem.candidates, ...problem.awards].filter((id) => {
      const c = credentialOf(graph, id)!;
      return (
        !excludeCredentials.includes(id) &&
        (c.provider === undefined || !excludeProviders.includes(c.provider))
      );
    }),
  );
  if (exemptable.length === 0) return summarise(planProblem(problem, request, options));

  const credits = (e: Exemptable) => credentialOf(graph, e.credential)!.credits;
  // The most credits first (stable): those an exemption saves most of.
  const ranked = [...exemptable].sort((a, b) => credits(b) - credits(a));
  const considered = ranked.slice(0, MAX_EXEMPTABLE);
  const notConsidered = ranked.slice(MAX_EXEMPTABLE).map((e) => e.credential);
  const caps = capsFor(graph, target.qualification, problem.holdings.valid, request.asOf);

  // One set of weights for every variant, exemption steps included, so their plans compare.
  const criteria = problem.objective.filter((n): n is WeightName => n !== 'time');
  const stepValues = new Map(
    considered.map((e) => [EXEMPTION_KEY(e.credential), exemptionValues(e.policy.cost ?? 0)]),
  );
  const weight = scalarWeights(graph, problem.candidates, criteria, stepValues);
  const shared = {
    weight,
    objective: problem.objective,
    tiesBroken: problem.tiesBroken,
    creditsMissing: problem.creditsMissing,
  };
  const minimum = caps?.minCreditsWithProvider;
  const providerName = caps ? (providerOf(graph, caps.provider)?.name ?? caps.provider) : '';

  // In a dated plan each recognition is applied for on the start day and held once decided:
  // only what needs it waits (calendar.ts).
  const decidedOn = (e: Exemptable): string | undefined =>
    request.calendar
      ? toDate(toDay(request.calendar.start) + (e.policy.weeks ?? 0) * DAYS_PER_WEEK)
      : undefined;
  const variantOf = (chosen: Exemptable[], withMinimum = true): PlanProblem =>
    buildProblem(graph, request, {
      exempted: chosen.map((e) => e.credential),
      decidedOn: new Map(
        chosen.flatMap((e) => {
          const on = decidedOn(e);
          return on === undefined ? [] : [[e.credential, on] as const];
        }),
      ),
      shared,
      ...(withMinimum && chosen.length > 0 && caps && minimum
        ? {
            providerMinimum: {
              provider: caps.provider,
              credits: minimum,
              label: `at least ${minimum} credits taken with ${providerName}`,
            },
          }
        : {}),
    });
  const stepSum = (chosen: Exemptable[], name: WeightName) =>
    chosen.reduce((t, e) => t + stepValues.get(EXEMPTION_KEY(e.credential))![name], 0);
  const stepWeight = (chosen: Exemptable[]) =>
    chosen.reduce((t, e) => t + weight.get(EXEMPTION_KEY(e.credential))!, 0);
  const score = (plan: Plan, chosen: Exemptable[]): (number | string)[] =>
    problem.objective.map((name) =>
      name === 'time'
        ? (plan.calendar?.completion ?? '9999-12-31')
        : plan.totals[name] + stepSum(chosen, name),
    );
  const better = (a: (number | string)[], b: (number | string)[]) => {
    for (let k = 0; k < a.length; k++) {
      const x = a[k]!;
      const y = b[k]!;
      if (typeof x === 'string' || typeof y === 'string') {
        if (x !== y) return x < y;
      } else if (Math.abs(x - y) > 1e-9) return x < y;
    }
    return false;
  };
  const withinShare = (chosen: Exemptable[]) =>
    caps?.maxCredits === undefined ||
    chosen.length === 0 ||
    caps.transferCredits + chosen.reduce((t, e) => t + credits(e), 0) <= caps.maxCredits + 1e-9;

  // The provider minimum as a rule weakens the cost-splitting bound (every candidate of the
  // provider is shared with one more rule), so the search can take thousands of nodes where
  // it took one. A variant is therefore planned without it first: when that plan already
  // takes the minimum with the provider, it is optimal with the rule too (a constraint the
  // optimum meets does not change it); only otherwise is the rule planned.
  const planVariant = (chosen: Exemptable[], opts: PlanOptions): Plan => {
    const loose = planProblem(variantOf(chosen, false), request, opts);
    const binds = chosen.length > 0 && caps !== undefined && minimum !== undefined;
    if (!binds || loose.status === 'infeasible') return loose;
    if (creditsTakenWith(loose, caps.provider) >= minimum - 1e-9) return loose;
    const strict = planProblem(variantOf(chosen), request, opts);
    return { ...strict, search: { nodes: strict.search.nodes + loose.search.nodes } };
  };

  // Subsets by size, then in rank order: on ties the fewer exemptions win.
  const masks = [...Array(1 << considered.length).keys()].sort(
    (a, b) => popcount(a) - popcount(b) || a - b,
  );
  let best: { plan: Plan; chosen: Exemptable[]; score: (number | string)[] } | undefined;
  let proven = notConsidered.length === 0;
  let lowerBound = Infinity;
  // With time: the earliest of the variants' proven days before which none of their plans
  // finishes. The chosen variant's own day says nothing of another, unproven, variant.
  let earliestPossible: string | undefined;
  let variants = 0;
  let nodes = 0;
  for (const mask of masks) {
    const chosen = considered.filter((_, i) => mask & (1 << i));
    if (!withinShare(chosen)) continue;
    variants++;
    const plan = planVariant(chosen, { ...options, alternatives: 0 });
    nodes += plan.search.nodes;
    if (plan.optimality !== 'optimal') proven = false;
    lowerBound = Math.min(lowerBound, plan.lowerBound + stepWeight(chosen));
    if (plan.status === 'infeasible') continue;
    const bound = plan.time?.earliestPossible;
    if (bound !== undefined && (earliestPossible === undefined || bound < earliestPossible))
      earliestPossible = bound;
    const s = score(plan, chosen);
    if (!best || better(s, best.score)) best = { plan, chosen, score: s };
  }
  // No variant reaches the target: the problem's own plan explains why.
  if (!best) return summarise(planProblem(problem, request, options), { notConsidered, variants });

  const { chosen } = best;
  // The loop's plan is the variant's, unless alternatives are asked for (each must keep the
  // provider minimum, so they come from the variant with its rule).
  const variantPlan = options.alternatives
    ? planProblem(variantOf(chosen), request, options)
    : best.plan;
  const optimality = proven && variantPlan.optimality === 'optimal' ? 'optimal' : 'feasible';
  // Beyond the credentials considered no bound is claimed, on time as on the weights.
  const plan = withTimeOverVariants(
    problem,
    variantPlan,
    optimality,
    notConsidered.length ? undefined : earliestPossible,
  );
  const value = plan.objectiveValue + stepWeight(chosen);
  const bound = proven ? value : Math.min(value, notConsidered.length ? 0 : lowerBound);
  if (chosen.length === 0)
    return summarise(
      { ...plan, optimality, lowerBound: bound, search: { nodes: nodes + plan.search.nodes } },
      { notConsidered, variants },
    );
  const exemptions: ExemptionStep[] = chosen.map((e) => {
    const c = credentialOf(graph, e.credential)!;
    const weeks = e.policy.weeks ?? 0;
    return {
      kind: 'recognition',
      credential: e.credential,
      title: c.title,
      credits: c.credits,
      provider: e.provider,
      evidence: e.evidence,
      ...(e.policy.source !== undefined ? { policySource: e.policy.source } : {}),
      cost: e.policy.cost ?? 0,
      weeks,
      ...(request.calendar ? { decidedOn: decidedOn(e) } : {}),
    };
  });
  const exemptedCredits = chosen.reduce((t, e) => t + credits(e), 0);
  const creditsWithProvider = caps ? creditsTakenWith(plan, caps.provider) : 0;
  const cap: PriorLearningCapUse | undefined = caps && {
    qualification: caps.qualification,
    provider: caps.provider,
    ...(caps.policySource !== undefined ? { policySource: caps.policySource } : {}),
    ...(caps.maxCredits !== undefined
      ? {
          maxCredits: caps.maxCredits,
          left: round(caps.maxCredits - caps.transferCredits - exemptedCredits),
        }
      : {}),
    transferCredits: caps.transferCredits,
    exemptedCredits,
    ...(caps.minCreditsWithProvider !== undefined
      ? { minCreditsWithProvider: caps.minCreditsWithProvider }
      : {}),
    creditsWithProvider,
    shareBinds: considered.some((e) => !chosen.includes(e) && !withinShare([...chosen, e])),
  };
  const explanation = [
    ...exemptions.map((x) => exemptionSentence(problem, x, request.calendar?.start)),
    ...(cap ? [capSentence(cap, providerName)] : []),
    ...(plan.status === 'achieved' ? [] : plan.explanation),
  ];
  if (plan.status === 'achieved')
    explanation.push(
      `With these recognitions you meet the requirements of ${plan.title}${plan.calendar?.completion ? ` once the last is decided, on ${plan.calendar.completion}` : ''}.`,
    );
  return {
    ...plan,
    status: 'planned',
    objectiveValue: value,
    optimality,
    lowerBound: bound,
    explanation,
    priorLearning: { ...records, exemptions, ...(cap ? { cap } : {}), notConsidered, variants },
    search: { nodes: nodes + plan.search.nodes },
  };
}

/**
 * The chosen variant's plan with its time summary for the whole search: proven only when
 * every variant was, and otherwise the earliest bound of any variant (its explanation too).
 */
function withTimeOverVariants(
  problem: PlanProblem,
  plan: Plan,
  optimality: Plan['optimality'],
  earliestPossible: string | undefined,
): Plan {
  if (!plan.time) return plan;
  const proven = optimality === 'optimal';
  const time: TimeSummary = {
    ...plan.time,
    proven,
    earliestPossible: proven ? plan.time.completion : earliestPossible,
  };
  const said = timeSentence(problem, plan.time);
  return {
    ...plan,
    time,
    explanation: plan.explanation.map((s) => (s === said ? timeSentence(problem, time) : s)),
  };
}

/** Credits a plan takes (not exempts) with a provider. */
function creditsTakenWith(plan: Plan, provider: string): number {
  return plan.steps
    .flatMap((s) => s.take)
    .filter((t) => t.provider === provider)
    .reduce((t, x) => t + x.credits, 0);
}

function exemptionSentence(problem: PlanProblem, x: ExemptionStep, start?: string): string {
  const evidence = x.evidence
    .map((i) => {
      const r = problem.priorLearning.counted.find((c) => c.index === i)!.record;
      return `${r.outcome ?? r.skill} (${r.method}, ${r.validatedOn}${r.evidence ? `, evidence ${r.evidence}` : ''})`;
    })
    .join('; ');
  const terms = [
    `${x.cost} EUR`,
    `${x.weeks} week${x.weeks === 1 ? '' : 's'}`,
    ...(start && x.decidedOn ? [`applied for on ${start}, decided by ${x.decidedOn}`] : []),
  ].join(', ');
  return `Apply for recognition of ${x.title} (${x.credits} ECTS, by exemption; ${terms})${x.policySource ? ` under ${x.policySource}` : ''}: its learning outcomes are held by prior learning: ${evidence}.`;
}

function capSentence(cap: PriorLearningCapUse, providerName: string): string {
  const parts: string[] = [];
  if (cap.maxCredits !== undefined)
    parts.push(
      `recognition fills ${round(cap.exemptedCredits + cap.transferCredits)} of at most ${round(cap.maxCredits)} credits (${cap.left} left${cap.shareBinds ? '; this cap keeps a further exemption out' : ''})`,
    );
  if (cap.minCreditsWithProvider !== undefined)
    parts.push(
      `the plan takes ${round(cap.creditsWithProvider)} credits with ${providerName} (at least ${cap.minCreditsWithProvider} required)`,
    );
  return parts.length
    ? `Under ${providerName}'s policy ${parts.join('; ')}.`
    : `${providerName}'s policy sets no cap.`;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
