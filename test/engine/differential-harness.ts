/**
 * Differential check of the planner against the exhaustive reference on one instance.
 * Returns every disagreement (empty when the planner is right), so the same check serves
 * the property tests, the known-issue classification and ad-hoc exploration.
 */
import type { Highs } from 'highs';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import {
  buildProblem,
  planPathway,
  type Plan,
  type PlanProblem,
} from '../../src/engine/planner/index.js';
import type { ObjectiveName } from '../../src/model/index.js';
import type { PlanInstance } from '../support/reference/generate.js';
import { RefPlanner, compareScores, type RefPlanRequest } from '../support/reference/index.js';

export const TOLERANCE = 1e-6;

export interface DifferentialOptions {
  objective: ObjectiveName;
  /** Alternatives to request and check (0 for none). */
  alternatives: number;
  /** Check the plan's totals against its steps (default true). */
  totals?: boolean;
  /** Plan as the service does, with HiGHS (see PlanOptions.mip and mipFirstAbove). */
  mip?: Highs | undefined;
  mipFirstAbove?: number | undefined;
  /**
   * Plan in terms of at most this many credits, and check the packing: every term within the
   * cap or unsplittable, the count against the reference's fewest terms for the plan's set.
   */
  maxCreditsPerTerm?: number | undefined;
}

export type ProblemCode =
  | 'threw'
  | 'status'
  | 'holdings'
  | 'objective'
  | 'optimality'
  | 'replay'
  | 'totals'
  | 'alternative'
  | 'terms';

export interface Problem {
  code: ProblemCode;
  message: string;
  /**
   * The planner did worse than the reference without being wrong about any plan it
   * returned: infeasible where a plan exists, a dearer plan than the optimum, or a missing
   * or dearer alternative.
   */
  pessimistic?: boolean;
}

export function requestOf(instance: PlanInstance, objective: ObjectiveName): RefPlanRequest {
  return {
    holdings: instance.holdings,
    asOf: instance.asOf,
    target: instance.target,
    objective,
    constraints: instance.constraints,
  };
}

/** The credentials of a plan (every credential of every step). */
/**
 * A single-criterion problem of the instance that needs a plan and has one, with the
 * exhaustive reference and its optimum (the bound tests' cases); undefined otherwise
 * (scalarised lexicographic weights are compared apart, by the differential tests).
 */
export function boundCase(
  instance: PlanInstance,
  objective: ObjectiveName,
): { problem: PlanProblem; reference: RefPlanner; optimum: number } | undefined {
  const problem = buildProblem(buildCatalogueGraph(instance.doc), requestOf(instance, objective));
  if (problem.objective.length > 1) return undefined;
  const reference = new RefPlanner(instance.doc, {
    ...requestOf(instance, objective),
    objective: problem.objective,
  });
  if (reference.achieved) return undefined;
  const optimum = reference.optimum();
  return optimum.feasible ? { problem, reference, optimum: optimum.value } : undefined;
}

export function planSet(plan: Plan): string[] {
  return plan.steps.flatMap((s) => s.take.map((t) => t.credential)).sort();
}

const list = (ids: readonly string[] | undefined) => `[${(ids ?? []).join(',')}]`;

export function differential(instance: PlanInstance, options: DifferentialOptions): Problem[] {
  const cap = options.maxCreditsPerTerm;
  const request: RefPlanRequest = {
    ...requestOf(instance, options.objective),
    ...(cap !== undefined
      ? { constraints: { ...instance.constraints, maxCreditsPerTerm: cap } }
      : {}),
  };
  const graph = buildCatalogueGraph(instance.doc);
  let plan: Plan;
  try {
    plan = planPathway(graph, request, {
      alternatives: options.alternatives,
      mip: options.mip,
      mipFirstAbove: options.mipFirstAbove,
    });
  } catch (error) {
    return [{ code: 'threw', message: `planPathway threw ${String(error)}` }];
  }
  // The reference minimises what the plan says it minimised (credits alone become credits,
  // count, cost when credits are missing: checked apart, in its own property).
  const reference = new RefPlanner(instance.doc, { ...request, objective: plan.objective });
  const optimum = reference.optimum();
  const expected = reference.achieved ? 'achieved' : optimum.feasible ? 'planned' : 'infeasible';
  const lexicographic = plan.objective.length > 1;
  /** A set's value: the objective's, or each criterion's for a lexicographic objective. */
  const valueOf = (set: string[], reported: number) =>
    lexicographic ? reference.score(set) : [reported];
  const optimumValue = lexicographic ? optimum.score : [optimum.value];

  const problems: Problem[] = [];
  // (a) status: infeasible iff no feasible set, achieved iff the holdings meet the goal.
  if (plan.status !== expected)
    problems.push({
      code: 'status',
      message:
        `status is ${plan.status}, reference says ${expected}` +
        (optimum.set ? ` (e.g. ${list(optimum.set)}, weight ${optimum.value})` : ''),
      pessimistic: plan.status === 'infeasible' && expected === 'planned',
    });
  const valid = plan.holdings.valid.map((h) => h.credential).sort();
  const refValid = [...reference.holdings.valid.keys()].sort();
  if (list(valid) !== list(refValid))
    problems.push({
      code: 'holdings',
      message: `valid holdings ${list(valid)}, reference ${list(refValid)}`,
    });
  if (plan.status !== 'planned' || expected !== 'planned') return problems;

  // (b) the objective is the exhaustive optimum, proven.
  const planValue = valueOf(planSet(plan), plan.objectiveValue);
  if (compareScores(planValue, optimumValue) !== 0)
    problems.push({
      code: 'objective',
      message: `objective ${planValue.join('/')} (plan ${list(planSet(plan))}), reference optimum ${optimumValue.join('/')} (${list(optimum.set)})`,
      pessimistic: compareScores(planValue, optimumValue) > 0,
    });
  if (plan.optimality !== 'optimal')
    problems.push({ code: 'optimality', message: `optimality is ${plan.optimality}` });

  // (c) the plan replays.
  for (const p of reference.verify(plan, { maxCreditsPerTerm: cap })) {
    const totals = p.startsWith('totals.');
    if (totals && options.totals === false) continue;
    problems.push({ code: totals ? 'totals' : 'replay', message: `replay: ${p}` });
  }

  // (c') terms: as many as the steps, never fewer than the bound, proven only when least.
  if (cap !== undefined) {
    const fewest = reference.minTerms(planSet(plan), cap);
    const terms = plan.terms;
    if (!terms) problems.push({ code: 'terms', message: 'no term summary under a credit cap' });
    else {
      if (terms.count !== plan.steps.length)
        problems.push({
          code: 'terms',
          message: `terms.count ${terms.count}, steps ${plan.steps.length}`,
        });
      if (terms.lowerBound > fewest)
        problems.push({
          code: 'terms',
          message: `lower bound ${terms.lowerBound} above the fewest terms ${fewest}`,
        });
      if (terms.minimal && terms.count !== fewest)
        problems.push({
          code: 'terms',
          message: `${terms.count} terms said minimal, the fewest is ${fewest}`,
        });
      if (!terms.minimal && terms.lowerBound >= terms.count)
        problems.push({
          code: 'terms',
          message: `not minimal, yet the bound ${terms.lowerBound} meets ${terms.count}`,
        });
    }
  }

  // (d) alternatives: feasible, no better than the plans before, none containing an earlier
  // plan, each the least-weight set that avoids the earlier ones.
  if (options.alternatives > 0) {
    const earlier: string[][] = [planSet(plan)];
    let previous = planValue;
    const alternative = (message: string, pessimistic = false) =>
      problems.push({ code: 'alternative', message, pessimistic });
    plan.alternatives.forEach((alt, j) => {
      const set = [...alt.credentials].sort();
      const name = `alternative ${j + 1} ${list(set)}`;
      if (!reference.isFeasible(set)) alternative(`${name} is not feasible`);
      const weight = reference.weight(set);
      if (!lexicographic && Math.abs(alt.objectiveValue - weight) > TOLERANCE)
        alternative(`${name} reports objective ${alt.objectiveValue}, weighs ${weight}`);
      const value = valueOf(set, alt.objectiveValue);
      if (compareScores(value, optimumValue) < 0)
        alternative(`${name} beats the optimum ${optimumValue.join('/')}`);
      if (compareScores(value, previous) < 0)
        alternative(
          `${name} (${value.join('/')}) is cheaper than the plan before it (${previous.join('/')})`,
        );
      for (const e of earlier)
        if (e.every((id) => set.includes(id)))
          alternative(`${name} contains the earlier plan ${list(e)}`);
      const best = reference.optimum(earlier);
      // Small instances are always searched to the end: every alternative is proven.
      if (alt.optimality !== 'optimal') alternative(`${name} is not proven the next best`, true);
      if (!best.feasible) alternative(`${name} exists but the reference finds no such plan`);
      else {
        const bestValue = lexicographic ? best.score : [best.value];
        if (compareScores(value, bestValue) !== 0)
          alternative(
            `${name} has objective ${value.join('/')}, the next-best distinct plan has ${bestValue.join('/')} (${list(best.set)})`,
            compareScores(value, bestValue) > 0,
          );
      }
      earlier.push(set);
      previous = value;
    });
    if (plan.alternatives.length < options.alternatives) {
      const more = reference.optimum(earlier);
      if (more.feasible)
        alternative(
          `only ${plan.alternatives.length} alternatives, but ${list(more.set)} (${more.value}) avoids every earlier plan`,
          true,
        );
    }
  }
  return problems;
}
