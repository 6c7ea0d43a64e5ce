import type { Audit } from '../engine/audit.js';
import { EngineInputError } from '../engine/errors.js';
import type { HeldCredential } from '../engine/holdings.js';
import type { Ladder } from '../engine/ladder.js';
import type { Plan } from '../engine/planner/index.js';
import type { CatalogueGraph } from '../graph/index.js';
import type { MatchReport } from '../analytics/index.js';
import { credentialOf, providerOf } from '../graph/index.js';
import {
  heldCredential,
  type AuditRequest,
  type PriorLearningRecord,
  type MatchRequest,
  type PlanRequest,
} from '../model/index.js';
import { getLearner } from '../store/learners.js';
import type { EngineJob, EngineResult, PlanJob } from './engineJobs.js';
import { NotFoundError } from './errors.js';
import type { LearnerCache, LearnerRecords } from './learnerCache.js';
import { inlineEngine, type PlanningEngine } from './planningThreads.js';
import { catalogueGraph, withCatalogueStore, type Store } from './store.js';

/** Today as YYYY-MM-DD (UTC): the shell reads the clock, the engine never does. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A stored learner's holdings and prior learning read from Neo4j; undefined for an unknown learner. */
export const storedLearnerRecords = async (
  store: Store,
  id: string,
): Promise<LearnerRecords | undefined> => {
  const learner = await withCatalogueStore(store, (driver, options) =>
    getLearner(driver, id, options),
  );
  return learner && { holdings: learner.holdings, priorLearning: learner.priorLearning };
};

/**
 * A stored learner's holdings and prior learning, as the engine takes them (through `cache`
 * when given, for planning against `graph`'s catalogue).
 */
export async function learnerRecords(
  store: Store,
  id: string,
  cache?: LearnerCache,
  graph?: CatalogueGraph,
): Promise<{ holdings: HeldCredential[]; priorLearning: PriorLearningRecord[] }> {
  const catalogue = graph ? `${graph.getAttribute('epoch')}:${graph.getAttribute('version')}` : '';
  const records = await (cache ? cache.holdings(id, catalogue) : storedLearnerRecords(store, id));
  if (!records) throw new NotFoundError(`unknown learner "${id}"`, ['learner']);
  return {
    holdings: records.holdings.map(heldCredential),
    priorLearning: [...records.priorLearning],
  };
}

/**
 * The holdings and prior learning a request speaks of, every credential id checked against
 * the catalogue.
 */
async function holdingsOf(
  store: Store,
  graph: CatalogueGraph,
  request: Pick<AuditRequest, 'holdings' | 'learner' | 'priorLearning'>,
  options: PlanningOptions,
): Promise<{ holdings: HeldCredential[]; priorLearning: PriorLearningRecord[] }> {
  if (request.holdings) {
    request.holdings.forEach((h, i) => {
      if (!credentialOf(graph, h.credential))
        throw new NotFoundError(`unknown credential "${h.credential}"`, [
          'holdings',
          i,
          'credential',
        ]);
    });
    return { holdings: request.holdings, priorLearning: request.priorLearning ?? [] };
  }
  return learnerRecords(store, request.learner!, options.learners, graph);
}

/** Runs a job, an unknown id the engine reports becoming a NotFoundError (404). */
async function checked<J extends EngineJob>(
  engine: PlanningEngine,
  graph: CatalogueGraph,
  job: J,
): Promise<EngineResult<J>> {
  try {
    return await engine.run(graph, job);
  } catch (err) {
    if (err instanceof EngineInputError && err.kind === 'unknown-id')
      throw new NotFoundError(err.detail, err.path);
    throw err;
  }
}

/** Where and how the engine runs: in this thread unless a pool of planning threads is given. */
export interface PlanningOptions {
  engine?: PlanningEngine | undefined;
  /** Search nodes per plan before the MIP takes over (see PlanOptions.maxNodes). */
  maxNodes?: number | undefined;
  /** Where stored learners' holdings are read through (by default Neo4j, every time). */
  learners?: LearnerCache | undefined;
}

/** "What is left": a validated audit request against the current catalogue. */
export async function runAudit(
  store: Store,
  request: AuditRequest,
  options: PlanningOptions = {},
): Promise<Audit> {
  const graph = await catalogueGraph(store);
  const { holdings, priorLearning } = await holdingsOf(store, graph, request, options);
  return checked(options.engine ?? inlineEngine, graph, {
    kind: 'audit',
    input: {
      holdings,
      asOf: request.asOf ?? today(),
      target: request.target,
      ...priorLearningInput(priorLearning, request.countUnverified),
    },
  });
}

/** The cheapest pathway: a validated plan request against the current catalogue. */
export async function runPlan(
  store: Store,
  request: PlanRequest,
  options: PlanningOptions = {},
): Promise<Plan> {
  return runPlanOn(store, await catalogueGraph(store), request, options);
}

/**
 * runPlan's plan as JSON text (`JSON.stringify` of it), serialized where the plan is computed
 * (a planning thread when `options.engine` is one): the API's thread only sends it.
 */
export async function runPlanJson(
  store: Store,
  request: PlanRequest,
  options: PlanningOptions = {},
): Promise<string> {
  const graph = await catalogueGraph(store);
  const job = await storedPlanJob(store, graph, request, options);
  return checked(options.engine ?? inlineEngine, graph, { kind: 'planJson', job });
}

/**
 * A plan request against the catalogue `graph` shows, whatever the current one is now: for
 * callers that plan many requests as of one catalogue (demand counts them on that graph).
 */
export async function runPlanOn(
  store: Store,
  graph: CatalogueGraph,
  request: PlanRequest,
  options: PlanningOptions = {},
): Promise<Plan> {
  const job = await storedPlanJob(store, graph, request, options);
  return checked(options.engine ?? inlineEngine, graph, job);
}

/** The plan job of a request, its stored learner's holdings and prior learning read in. */
async function storedPlanJob(
  store: Store,
  graph: CatalogueGraph,
  request: PlanRequest,
  options: PlanningOptions,
): Promise<PlanJob> {
  const { holdings, priorLearning } = await holdingsOf(store, graph, request, options);
  return planJob({ ...request, priorLearning }, holdings, options);
}

/**
 * The engine job a plan request makes (defaults included), for any graph: runPlan's on the
 * current catalogue, what-if's on the catalogue before and after a draft.
 */
export function planJob(
  request: PlanRequest,
  holdings: readonly HeldCredential[],
  options: Pick<PlanningOptions, 'maxNodes'> = {},
): PlanJob {
  return {
    kind: 'plan',
    input: {
      holdings,
      asOf: request.asOf ?? today(),
      target: request.target,
      objective: request.objective,
      constraints: request.constraints,
      ...(request.calendar ? { calendar: request.calendar } : {}),
      ...priorLearningInput(request.priorLearning ?? [], request.countUnverified),
    },
    options: { alternatives: request.alternatives, maxNodes: options.maxNodes },
  };
}

/** The engine's prior-learning fields, left out when there is none (jobs stay as they were). */
const priorLearningInput = (
  priorLearning: readonly PriorLearningRecord[],
  countUnverified: boolean | undefined,
) =>
  priorLearning.length > 0
    ? { priorLearning, ...(countUnverified ? { countUnverified: true } : {}) }
    : {};

/** The ladder of stacked awards to a qualification target. */
export async function runLadder(
  store: Store,
  request: AuditRequest,
  options: PlanningOptions = {},
): Promise<Ladder> {
  if (!('qualification' in request.target))
    throw new EngineInputError('ladder', 'a ladder needs a single qualification target', [
      'target',
    ]);
  const qualification = request.target.qualification;
  const graph = await catalogueGraph(store);
  const { holdings, priorLearning } = await holdingsOf(store, graph, request, options);
  return checked(options.engine ?? inlineEngine, graph, {
    kind: 'ladder',
    input: {
      holdings,
      asOf: request.asOf ?? today(),
      qualification,
      ...priorLearningInput(priorLearning, request.countUnverified),
    },
  });
}

/**
 * The programme matcher: every qualification of the current catalogue (and, on request, every
 * occupation) ranked by what is left for the learner, the page's matches with exact plans.
 */
export async function runMatch(
  store: Store,
  request: MatchRequest,
  options: PlanningOptions = {},
): Promise<MatchReport> {
  const graph = await catalogueGraph(store);
  if (request.provider !== undefined && !providerOf(graph, request.provider))
    throw new NotFoundError(`unknown provider "${request.provider}"`, ['provider']);
  const { holdings, priorLearning } = await holdingsOf(store, graph, request, options);
  return checked(options.engine ?? inlineEngine, graph, {
    kind: 'match',
    input: {
      holdings: holdings.map((h) => ({
        credential: h.credential,
        awardedOn: h.awardedOn,
        ...(h.expiresOn !== undefined ? { expiresOn: h.expiresOn } : {}),
      })),
      asOf: request.asOf ?? today(),
      ...priorLearningInput(priorLearning, request.countUnverified),
      objective: request.objective,
      ...(request.provider !== undefined ? { provider: request.provider } : {}),
      occupations: request.occupations,
      limit: request.limit,
      offset: request.offset,
      ...(request.calendar ? { calendar: request.calendar } : {}),
      constraints: request.constraints,
      ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    },
  });
}
