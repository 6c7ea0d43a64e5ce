import type { Driver } from 'neo4j-driver';
import { auditQualification, type Audit } from '../engine/audit.js';
import { EngineInputError } from '../engine/errors.js';
import type { HeldCredential } from '../engine/holdings.js';
import { ladderTo, type Ladder } from '../engine/ladder.js';
import { planPathway, type Plan } from '../engine/planner/index.js';
import { loadHighs } from '../engine/planner/mip.js';
import type { CatalogueGraph } from '../graph/index.js';
import { credentialOf } from '../graph/index.js';
import type { AuditRequest, PlanRequest } from '../model/index.js';
import { getLearner } from '../store/learners.js';
import { NotFoundError } from './errors.js';
import type { Store } from './store.js';

/** Today as YYYY-MM-DD (UTC): the shell reads the clock, the engine never does. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A stored learner's holdings, as the engine takes them. */
export async function learnerHoldings(
  driver: Driver,
  id: string,
  database?: string,
): Promise<HeldCredential[]> {
  const learner = await getLearner(driver, id, { database });
  if (!learner) throw new NotFoundError(`unknown learner "${id}"`, ['learner']);
  return learner.holdings.map(({ credential, awardedOn, expiresOn }) => ({
    credential,
    awardedOn,
    ...(expiresOn ? { expiresOn } : {}),
  }));
}

/** The holdings a request speaks of, every id checked against the catalogue. */
async function holdingsOf(
  store: Store,
  graph: CatalogueGraph,
  request: AuditRequest,
): Promise<HeldCredential[]> {
  if (request.holdings) {
    request.holdings.forEach((h, i) => {
      if (!credentialOf(graph, h.credential))
        throw new NotFoundError(`unknown credential "${h.credential}"`, [
          'holdings',
          i,
          'credential',
        ]);
    });
    return request.holdings;
  }
  return learnerHoldings(store.driver, request.learner!, store.database);
}

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof EngineInputError && err.kind === 'unknown-id')
      throw new NotFoundError(err.detail, err.path);
    throw err;
  }
}

/** "What is left": a validated audit request against the current catalogue. */
export async function runAudit(store: Store, request: AuditRequest): Promise<Audit> {
  const graph = await store.projection.current();
  const holdings = await holdingsOf(store, graph, request);
  return checked(() =>
    auditQualification(graph, { holdings, asOf: request.asOf ?? today(), target: request.target }),
  );
}

/** The cheapest pathway: a validated plan request against the current catalogue. */
export async function runPlan(
  store: Store,
  request: PlanRequest,
  options: { maxNodes?: number } = {},
): Promise<Plan> {
  const graph = await store.projection.current();
  const holdings = await holdingsOf(store, graph, request);
  const mip = await loadHighs();
  return checked(() =>
    planPathway(
      graph,
      {
        holdings,
        asOf: request.asOf ?? today(),
        target: request.target,
        objective: request.objective,
        constraints: request.constraints,
      },
      { alternatives: request.alternatives, maxNodes: options.maxNodes, mip },
    ),
  );
}

/** The ladder of stacked awards to a qualification target. */
export async function runLadder(store: Store, request: AuditRequest): Promise<Ladder> {
  if (!('qualification' in request.target))
    throw new EngineInputError('ladder', 'a ladder needs a single qualification target', [
      'target',
    ]);
  const qualification = request.target.qualification;
  const graph = await store.projection.current();
  const holdings = await holdingsOf(store, graph, request);
  const mip = await loadHighs();
  return checked(() =>
    ladderTo(graph, { holdings, asOf: request.asOf ?? today(), qualification, mip }),
  );
}
