import type { Highs } from 'highs';
import {
  AnalyticsInputError,
  whatIf,
  whatIfScope,
  type PlanSummary,
  type WhatIfOptions,
  type WhatIfPlans,
  type WhatIfReport,
} from '../analytics/index.js';
import type { HeldCredential } from '../engine/holdings.js';
import { planPathway, type Plan, type PlanOptions } from '../engine/planner/index.js';
import type { PlanRequest } from '../engine/planner/problem.js';
import { credentialOf, deriveCatalogueGraph, type CatalogueGraph } from '../graph/index.js';
import type { CatalogueDraft, DraftChanges } from '../model/index.js';

/**
 * One what-if as an engine job (engineJobs.ts), run where plans run (a planning thread in the
 * API): the catalogue after the draft is derived from the thread's own copy of the current
 * one, so no second graph crosses threads, and every plan is made by planPathway from the job
 * a plan request makes (service/planning.ts, planJob), on the graph before or after.
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
  learners: { id: string; holdings: HeldCredential[] }[];
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

const summary = (plan: Plan): PlanSummary => ({
  status: plan.status,
  totals: { credits: plan.totals.credits, cost: plan.totals.cost },
  steps: plan.steps.map((s) => ({ take: s.take.map((t) => ({ credential: t.credential })) })),
  explanation: plan.explanation,
});

export function runWhatIfJob(before: CatalogueGraph, job: WhatIfJob, mip: Highs): WhatIfReport {
  const after = deriveCatalogueGraph(before, job.draft);
  const reexamined = whatIfScope(before, after, job.touched, job.options);
  const count = job.allLearners * reexamined.length;
  if (count > job.maxPlans)
    throw new AnalyticsInputError(
      'whatIf',
      `${job.allLearners} learners and ${reexamined.length} re-examined qualifications make ${count} plans on each side, more than ${job.maxPlans}: name a qualification`,
      ['qualification'],
    );
  const planOn = (
    graph: CatalogueGraph,
    qualification: string,
    holdings: readonly HeldCredential[],
  ): PlanSummary | undefined =>
    credentialOf(graph, qualification)?.qualification
      ? summary(
          planPathway(
            graph,
            { ...job.plan.input, holdings, target: { qualification } },
            { ...job.plan.options, mip },
          ),
        )
      : undefined;
  const plans: WhatIfPlans = {
    qualifications: (job.catalogue ? reexamined : []).map((qualification) => ({
      qualification,
      before: planOn(before, qualification, []),
      after: planOn(after, qualification, []),
    })),
    learners: job.learners.flatMap((learner) =>
      reexamined.map((qualification) => ({
        learner: learner.id,
        qualification,
        before: planOn(before, qualification, learner.holdings),
        after: planOn(after, qualification, learner.holdings),
      })),
    ),
  };
  return whatIf(
    before,
    after,
    {
      changes: job.changes,
      touched: job.catalogue ? job.touched : [],
      reexamined: job.catalogue ? reexamined : [],
      plans,
    },
    job.options,
  );
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
