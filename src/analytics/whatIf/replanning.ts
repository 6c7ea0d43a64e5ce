import {
  buildProblem,
  compileReplay,
  describePlan,
  type Plan,
  type PlanProblem,
  type PlanRequest,
  type Totals,
} from '../../engine/planner/index.js';
import { operatorOf } from '../../engine/operators/index.js';
import {
  awardRulesAccepting,
  credentialOf,
  ruleNodes,
  toCredentialNode,
  type CatalogueGraph,
  type CredentialNode,
} from '../../graph/index.js';
import type { CatalogueDraft } from '../../model/index.js';
import type { PlanSummary } from './index.js';

/**
 * Which learners a what-if must re-plan, and what "their plan changes" means (README,
 * "Re-planning only what can change"): a learner keeps the plan they had while it is still an
 * optimal plan after the draft (`keptPlan`), and a draft that only makes credentials dearer
 * or cheaper (`weightOnlyDraft`) leaves most plans provably kept without planning them again
 * (`keptUnderWeights`).
 */

/** What the report reads of a plan (its figures, steps and explanation). */
export function planSummary(plan: Plan): PlanSummary {
  return summaryOf(plan.status, plan.totals, plan.steps, plan.explanation);
}

function summaryOf(
  status: Plan['status'],
  totals: Pick<Totals, 'credits' | 'cost'>,
  steps: { take: { credential: string }[] }[],
  explanation: string[],
): PlanSummary {
  return {
    status,
    totals: { credits: totals.credits, cost: totals.cost },
    steps: steps.map((s) => ({ take: s.take.map((t) => ({ credential: t.credential })) })),
    explanation,
  };
}

/** The credentials a plan takes, in the order of its steps. */
export const planCredentials = (plan: Pick<Plan, 'steps'>): string[] =>
  plan.steps.flatMap((s) => s.take.map((t) => t.credential));

/** Totals summed in the order given (the same order on both sides, so the same rounding). */
function totalsIn(ids: readonly string[], record: (id: string) => CredentialNode): Totals {
  const totals: Totals = { credits: 0, cost: 0, hours: 0, count: 0 };
  for (const id of ids) {
    const c = record(id);
    totals.credits += c.credits;
    totals.cost += c.cost ?? 0;
    totals.hours += c.hours ?? 0;
    totals.count++;
  }
  return totals;
}

/**
 * The plan a learner has after the draft: the plan they had (`before`), still taken in the
 * catalogue after it, when it is still feasible there and weighs no more than the planner's
 * plan after (`after`, which it then ties with, being optimal); otherwise undefined (the
 * planner's plan after stands). Keeping it means a plan that was optimal and stays optimal is
 * not reported as changed because the planner broke a tie differently.
 */
export function keptPlan(
  graphAfter: CatalogueGraph,
  request: PlanRequest,
  before: Plan,
  after: Plan,
): PlanSummary | undefined {
  if (before.status !== 'planned' || after.status !== 'planned') return undefined;
  const chosen = planCredentials(before);
  const planned = new Set(planCredentials(after));
  if (chosen.length === planned.size && chosen.every((id) => planned.has(id))) return undefined;
  const problem = buildProblem(graphAfter, request);
  if (!chosen.every((id) => problem.weight.has(id))) return undefined;
  if (!compileReplay(problem)(chosen).reached) return undefined;
  const weight = chosen.reduce((sum, id) => sum + problem.weight.get(id)!, 0);
  // Weights are sums of the same numbers in another order: equal up to rounding.
  if (weight > after.objectiveValue + 1e-9 * Math.max(1, Math.abs(after.objectiveValue)))
    return undefined;
  const described = describePlan(problem, chosen);
  return summaryOf(
    'planned',
    totalsIn(planCredentials(described), (id) => credentialOf(graphAfter, id)!),
    described.steps,
    described.explanation,
  );
}

/**
 * A draft that changes nothing a plan's feasibility depends on, only what credentials weigh:
 * each record it has is a credential of the catalogue, the same in everything but `credits`,
 * `cost` and `hours`, all three no lower (dearer) or all no higher (cheaper); `credits` change
 * only where no MIN_CREDITS rule accepts the credential (nowhere else do credits decide a rule)
 * and never to or from 0 (which changes the objective, see buildProblem); and the plan request
 * has no budget and no cap on credits per term (both read cost or credits). Undefined for any
 * other draft.
 */
export interface WeightOnlyDraft {
  /** The changed credentials as they are after the draft. */
  records: Map<string, CredentialNode>;
  dearer: Set<string>;
  cheaper: Set<string>;
}

const WEIGHTS = new Set(['credits', 'cost', 'hours']);

export function weightOnlyDraft(
  before: CatalogueGraph,
  draft: CatalogueDraft,
  request: Pick<PlanRequest, 'constraints'>,
): WeightOnlyDraft | undefined {
  if (request.constraints?.budget !== undefined) return undefined;
  if (request.constraints?.maxCreditsPerTerm !== undefined) return undefined;
  const { remove } = draft;
  if (
    draft.learningOutcomes.length ||
    draft.recognitions.length ||
    remove.credentials.length ||
    remove.learningOutcomes.length ||
    remove.recognitions.length ||
    remove.providers.length
  )
    return undefined;
  const records = new Map<string, CredentialNode>();
  const dearer = new Set<string>();
  const cheaper = new Set<string>();
  for (const record of draft.credentials) {
    const old = credentialOf(before, record.id);
    if (!old) return undefined; // a new credential: a new option, not a weight
    const now = toCredentialNode(record);
    if (!sameBesideWeights(old, now)) return undefined;
    const deltas = [
      now.credits - old.credits,
      (now.cost ?? 0) - (old.cost ?? 0),
      (now.hours ?? 0) - (old.hours ?? 0),
    ];
    const up = deltas.some((d) => d > 0);
    const down = deltas.some((d) => d < 0);
    if (up && down) return undefined;
    if (now.credits !== old.credits) {
      if ((now.credits === 0) !== (old.credits === 0)) return undefined;
      if (countedByCredits(before, record.id)) return undefined;
    }
    records.set(record.id, now);
    if (up) dearer.add(record.id);
    if (down) cheaper.add(record.id);
  }
  return { records, dearer, cheaper };
}

/** Equal records apart from their weights (key order and absent-or-undefined aside). */
function sameBesideWeights(a: CredentialNode, b: CredentialNode): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (WEIGHTS.has(key)) continue;
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** Does some node counting credits (MIN_CREDITS), of an award or an entry rule, accept `id`? */
function countedByCredits(graph: CatalogueGraph, id: string): boolean {
  const owners = new Set(awardRulesAccepting(graph).get(id) ?? []);
  for (const owner of entryRulesAccepting(graph).get(id) ?? []) owners.add(owner);
  for (const owner of owners) {
    const c = credentialOf(graph, owner)!;
    for (const rule of [c.awardRule, c.entryRule])
      if (
        rule &&
        ruleNodes(rule).some((n) => operatorOf(n).counts === 'credits' && n.accepts.includes(id))
      )
        return true;
  }
  return false;
}

const entryIndexes = new WeakMap<CatalogueGraph, Map<string, string[]>>();
function entryRulesAccepting(graph: CatalogueGraph): Map<string, string[]> {
  const known = entryIndexes.get(graph);
  if (known) return known;
  const index = new Map<string, string[]>();
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential' || !node.entryRule) return;
    for (const n of ruleNodes(node.entryRule))
      for (const accepted of n.accepts) {
        const list = index.get(accepted);
        if (!list) index.set(accepted, [id]);
        else if (list[list.length - 1] !== id) list.push(id);
      }
  });
  entryIndexes.set(graph, index);
  return index;
}

/**
 * Whether a learner's plan provably stays as it is under a weight-only draft without planning
 * it on either side: no changed credential is a candidate of the learner's problem (held
 * already, outside the cone, or excluded). Then the candidates, their weights and what any
 * set of them reaches are the same before and after, so the plans are the same problem's.
 */
export const untouchedByWeights = (problem: PlanProblem, weights: WeightOnlyDraft): boolean =>
  ![...weights.records.keys()].some((id) => problem.weight.has(id));

/**
 * The plan a learner provably keeps under a weight-only draft, with its figures after (the
 * same steps; credits and cost as the changed records give them), or undefined when it must be
 * planned again. `problem` is the learner's on the catalogue before, `before` its plan.
 *
 * Feasibility is the same on both sides (nothing it reads changed), so the sets to compare are
 * the same; with S the plan before, proven optimal, and d(X) what a set X gains in weight, S
 * stays optimal if d(T) ≥ d(S) for every feasible T. That holds credential by credential when
 * each dearer one is outside S or in every feasible set, and each cheaper one is in S or in no
 * feasible set (not a candidate); for a lexicographic objective it holds in each criterion, as
 * dearer and cheaper hold in all three. Being in every feasible set is checked by the relaxed
 * replay of every other candidate (monotone: if it fails, no set without the credential passes).
 * Unreachable and achieved targets stay so: feasibility did not change.
 */
export function keptUnderWeights(
  problem: PlanProblem,
  before: Plan,
  weights: WeightOnlyDraft,
): PlanSummary | undefined {
  if (before.optimality !== 'optimal') return undefined;
  if (before.status !== 'planned') return planSummary(before);
  const chosen = planCredentials(before);
  const inPlan = new Set(chosen);
  for (const id of weights.cheaper) if (!inPlan.has(id) && problem.weight.has(id)) return undefined;
  let replay: ReturnType<typeof compileReplay> | undefined;
  for (const id of weights.dearer) {
    if (!inPlan.has(id)) continue;
    replay ??= compileReplay(problem);
    if (replay(problem.candidates.filter((c) => c !== id)).mayReach) return undefined;
  }
  const record = (id: string) => weights.records.get(id) ?? credentialOf(problem.graph, id)!;
  const totals = totalsIn(chosen, record);
  if (before.totals.credits === totals.credits && before.totals.cost === totals.cost)
    return planSummary(before);
  return summaryOf('planned', totals, before.steps, before.explanation);
}
