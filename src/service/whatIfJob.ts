import type { Highs } from 'highs';
import {
  AnalyticsInputError,
  keptPlan,
  keptUnderWeights,
  untouchedByWeights,
  planSummary,
  weightOnlyDraft,
  whatIf,
  whatIfScope,
  type PlanSummary,
  type WhatIfOptions,
  type WhatIfPlans,
  type WhatIfReport,
} from '../analytics/index.js';
import type { HeldCredential } from '../engine/holdings.js';
import {
  buildProblem,
  planPathway,
  type Plan,
  type PlanOptions,
  type PlanRequest,
} from '../engine/planner/index.js';
import { credentialOf, deriveCatalogueGraph, type CatalogueGraph } from '../graph/index.js';
import type { CatalogueDraft, DraftChanges, PriorLearningRecord } from '../model/index.js';

/**
 * One what-if as an engine job (engineJobs.ts), run where plans run (a planning thread in the
 * API): the catalogue after the draft is derived from the thread's own copy of the current
 * one, so no second graph crosses threads, and only when the job reads it (runWhatIfJob);
 * every plan is made by planPathway from the job a plan request makes (service/planning.ts,
 * planJob), on the graph before or after.
 */
export interface WhatIfJob {
  /** The draft's effective part (model/draft.ts, applyDraft), valid against the graph. */
  draft: CatalogueDraft;
  changes: DraftChanges;
  touched: string[];
  options: WhatIfOptions;
  /** A plan request's engine input and options; target and holdings are set per plan. */
  plan: { input: PlanRequest; options: Omit<PlanOptions, 'mip'> };
  /** The stored learners to re-plan: all of them, or one share when the work is split. */
  learners: ({ id: string } & LearnerInput)[];
  /** Stored learners in all (the plan cap counts them all, whatever the share). */
  allLearners: number;
  /**
   * Whether this job also reports on the catalogue (minimum plans, orphans, shares,
   * complexity). A what-if split over planning threads has one such job; the others plan
   * their share of the learners only (see mergeWhatIfReports).
   */
  catalogue: boolean;
  /** Most learner plans (learners times re-examined qualifications, each side). */
  maxPlans: number;
}

export function runWhatIfJob(before: CatalogueGraph, job: WhatIfJob, mip: Highs): WhatIfReport {
  // The graph after is derived only where something reads it: the catalogue part of the
  // report always does; a share of learners only when one of its plans must be made again
  // after a weight-only draft (whose graph after has the same structure, hence the same scope).
  let derived: CatalogueGraph | undefined;
  const after = () => (derived ??= deriveCatalogueGraph(before, job.draft));
  const weights = weightOnlyDraft(before, job.draft, job.plan.input);
  const reexamined = whatIfScope(before, weights ? before : after(), job.touched, job.options);
  const count = job.allLearners * reexamined.length;
  if (count > job.maxPlans)
    throw new AnalyticsInputError(
      'whatIf',
      `${job.allLearners} learners and ${reexamined.length} re-examined qualifications make ${count} plans on each side, more than ${job.maxPlans}: name a qualification`,
      ['qualification'],
    );
  const planOn = planner(job, mip);
  const qualificationPlan = (graph: CatalogueGraph, qualification: string) => {
    const plan = planOn(graph, qualification, NO_LEARNER);
    return plan && planSummary(plan);
  };
  const plans: WhatIfPlans = {
    qualifications: (job.catalogue ? reexamined : []).map((qualification) => ({
      qualification,
      before: qualificationPlan(before, qualification),
      after: qualificationPlan(after(), qualification),
    })),
    learners: learnerPlans(before, after, job, reexamined, mip).plans,
  };
  return whatIf(
    before,
    // A share of learners reports nothing else, so reads nothing of the graph after.
    job.catalogue ? after() : (derived ?? before),
    {
      changes: job.changes,
      touched: job.catalogue ? job.touched : [],
      reexamined: job.catalogue ? reexamined : [],
      plans,
    },
    job.options,
  );
}

/** What a plan request naming a stored learner reads of them. */
interface LearnerInput {
  holdings: HeldCredential[];
  priorLearning?: PriorLearningRecord[] | undefined;
}

const NO_LEARNER: LearnerInput = { holdings: [] };

/** Plans `qualification` on `graph` as the job's plan request would, if it is one there. */
function planner(job: Pick<WhatIfJob, 'plan'>, mip: Highs) {
  return (graph: CatalogueGraph, qualification: string, learner: LearnerInput): Plan | undefined =>
    credentialOf(graph, qualification)?.qualification
      ? planPathway(graph, requestFor(job, qualification, learner), { ...job.plan.options, mip })
      : undefined;
}

const requestFor = (
  job: Pick<WhatIfJob, 'plan'>,
  qualification: string,
  { holdings, priorLearning }: LearnerInput,
): PlanRequest => ({
  ...job.plan.input,
  holdings,
  ...(priorLearning?.length ? { priorLearning } : {}),
  target: { qualification },
});

/**
 * The job's learners' plans before and after, towards each re-examined qualification, made
 * only where they can differ (analytics/whatIf/README.md, "Re-planning only what can
 * change"): learners with the same holdings and prior learning share their plans (the planner
 * is deterministic); under a weight-only draft a plan provably kept is not made again; a plan
 * made again that ties with the plan before keeps the plan before. A learner with prior
 * learning is always planned again and given the new plan: those proofs and that replay are
 * about a single problem, while such a plan is the best of its exemption variants. `replanned` counts the plans made after the
 * draft (per distinct holdings and qualification).
 */
export function learnerPlans(
  before: CatalogueGraph,
  after: CatalogueGraph | (() => CatalogueGraph),
  job: Pick<WhatIfJob, 'plan' | 'learners' | 'draft'>,
  reexamined: readonly string[],
  mip: Highs,
  options: { prove?: boolean } = {},
): { plans: WhatIfPlans['learners']; planned: number; replanned: number } {
  const planOn = planner(job, mip);
  const graphAfter = typeof after === 'function' ? after : () => after;
  const weights =
    options.prove === false ? undefined : weightOnlyDraft(before, job.draft, job.plan.input);
  const shared = new Map<
    string,
    { before?: PlanSummary; after?: PlanSummary; unchanged?: boolean }
  >();
  let planned = 0;
  let replanned = 0;
  const plans: WhatIfPlans['learners'] = [];
  for (const learner of job.learners) {
    const records = JSON.stringify([learner.holdings, learner.priorLearning ?? []]);
    const prior = (learner.priorLearning?.length ?? 0) > 0;
    for (const qualification of reexamined) {
      const key = `${qualification}\u0000${records}`;
      let pair = shared.get(key);
      if (!pair) {
        const request = requestFor(job, qualification, learner);
        // A weight-only draft adds and removes no qualification.
        const proving = !prior && weights && credentialOf(before, qualification)?.qualification;
        const problem = proving ? buildProblem(before, request) : undefined;
        if (problem && weights && untouchedByWeights(problem, weights)) pair = { unchanged: true };
        else {
          const planBefore = planOn(before, qualification, learner);
          if (planBefore) planned++;
          let kept =
            planBefore && problem && weights
              ? keptUnderWeights(problem, planBefore, weights)
              : undefined;
          if (!kept) {
            const planAfter = planOn(graphAfter(), qualification, learner);
            if (planAfter) replanned++;
            kept =
              planBefore && planAfter && !prior
                ? (keptPlan(graphAfter(), request, planBefore, planAfter) ?? planSummary(planAfter))
                : planAfter && planSummary(planAfter);
          }
          pair = { before: planBefore && planSummary(planBefore), after: kept };
        }
        shared.set(key, pair);
      }
      plans.push({ learner: learner.id, qualification, ...pair });
    }
  }
  return { plans, planned, replanned };
}

/**
 * One report from a what-if split by learners (in order): the catalogue part of the job that
 * had it, the learners of all.
 */
export function mergeWhatIfReports(reports: WhatIfReport[]): WhatIfReport {
  const main = reports[0]!;
  return {
    ...main,
    learners: {
      plans: reports.reduce((n, r) => n + r.learners.plans, 0),
      changed: reports.flatMap((r) => r.learners.changed),
    },
  };
}
