import {
  AnalyticsInputError,
  checkDemandOptions,
  credentialDemand,
  type DemandOptions,
  type DemandReport,
  type LearnerPlan,
} from '../analytics/index.js';
import { heldCredential, PlanRequest, type PlanCalendar } from '../model/index.js';
import { listLearners } from '../store/learners.js';
import { NotFoundError } from './errors.js';
import { runPlanOn, today, type PlanningOptions } from './planning.js';
import { catalogueGraph, withCatalogueStore, type Store } from './store.js';

/**
 * Most plans one demand request may make (stored learners times target qualifications): each
 * is a full planner run (about 30 ms on the synthetic 50k catalogue, bench/RESULTS.md), and one
 * request must not hold the planning threads for minutes.
 */
export const MAX_DEMAND_PLANS = 1000;

/**
 * A demand request: the analysis's options, except that the calendar's start may be left
 * out (the planning day, today by default, is then the start).
 */
export type DemandRequest = Omit<DemandOptions, 'calendar'> & {
  calendar?: (Omit<PlanCalendar, 'start'> & { start?: string | undefined }) | undefined;
};

/**
 * Demand for each credential from the stored learners: every learner is planned, as a plan
 * request would plan them (same engine, defaults and date), towards each qualification in
 * question (the one named, those of the provider named, or every one), then counted by
 * src/analytics/demand. Learners record no target, so for several targets the counts are
 * what it would take if each learner aimed for each. With a calendar, every plan is dated
 * with it (from its start, by default `today`) and the seats are counted per intake too.
 * Nothing is written.
 */
export async function runDemand(
  store: Store,
  request: DemandRequest,
  planning: PlanningOptions & {
    maxPlans?: number;
    /** The day of the request (default: the clock's): the plans' reference date and default start. */
    today?: string;
  } = {},
): Promise<DemandReport> {
  const { maxPlans = MAX_DEMAND_PLANS, today: day = today(), ...planOptions } = planning;
  const { calendar, ...rest } = request;
  // The clock is read here, never in the analysis: the start defaults to the planning day.
  const options: DemandOptions = {
    ...rest,
    ...(calendar ? { calendar: { ...calendar, start: calendar.start ?? day } } : {}),
  };
  // One catalogue for the whole request: every plan is made, and counted, on this graph,
  // even if the catalogue changes while the learners are read or planned.
  const graph = await catalogueGraph(store);
  let opts;
  try {
    // The options, unknown ids included, are checked before anything is planned.
    opts = checkDemandOptions(graph, options);
  } catch (err) {
    if (err instanceof AnalyticsInputError && err.kind === 'unknown-id')
      throw new NotFoundError(err.message, err.path);
    throw err;
  }
  const targets: string[] = [];
  if (opts.qualification !== undefined) targets.push(opts.qualification);
  else
    graph.forEachNode((id, node) => {
      if (
        node.type === 'credential' &&
        node.qualification &&
        (opts.provider === undefined || node.provider === opts.provider)
      )
        targets.push(id);
    });
  targets.sort();

  const learners = await withCatalogueStore(store, (driver, options) =>
    listLearners(driver, options),
  );
  const count = learners.length * targets.length;
  if (count > maxPlans)
    throw new AnalyticsInputError(
      'demand',
      `${learners.length} learners and ${targets.length} target qualifications make ${count} plans, more than ${maxPlans}: name a qualification or a provider`,
      [opts.provider === undefined ? 'provider' : 'qualification'],
    );

  const plans = await Promise.all(
    learners.flatMap((learner) => {
      // The request a portal would send, with the learner's holdings and prior learning given
      // inline (read once for all targets, not once per plan).
      const holdings = learner.holdings.map(heldCredential);
      return targets.map(async (qualification): Promise<LearnerPlan> => {
        const target = { qualification };
        const request = PlanRequest.parse({
          target,
          holdings,
          ...(learner.priorLearning.length ? { priorLearning: learner.priorLearning } : {}),
          asOf: day,
          ...(opts.calendar ? { calendar: opts.calendar } : {}),
        });
        const plan = await runPlanOn(store, graph, request, planOptions);
        return {
          learner: learner.id,
          target,
          status: plan.status,
          steps: plan.steps,
          ...(plan.calendar ? { calendar: plan.calendar } : {}),
        };
      });
    }),
  );
  return credentialDemand(graph, plans, options);
}
