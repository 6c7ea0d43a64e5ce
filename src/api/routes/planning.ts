import { MatchReport } from '../../analytics/index.js';
import {
  AuditRequest,
  AuditResponse,
  LadderResponse,
  MatchRequest,
  PlanRequest,
  PlanResponse,
} from '../../model/index.js';
import { PLAN_MEDIA_TYPES, renderPlan } from '../../export/index.js';
import {
  runAudit,
  runLadder,
  runMatch,
  runPlan,
  runPlanJson,
  type PlanningOptions,
} from '../../service/planning.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../openapi.js';
import { route } from '../route.js';

const planningOf = (ctx: ApiContext): PlanningOptions => ({
  engine: ctx.engine,
  maxNodes: ctx.config.maxNodes,
  learners: ctx.learners,
});

/** Audits, plans, ladders and matches: stateless POSTs; holdings given inline are never stored. */
export const planningRoutes = [
  route({
    method: 'post',
    path: '/v1/audits',
    operationId: 'createAudit',
    mcp: { name: 'audit' },
    tag: 'Planning',
    summary: 'What is left: a learner audited against a target',
    description:
      'Holdings are given inline (nothing is stored) or by stored learner id. The rule tree is annotated per node: complete, partial or missing, with the items applied and the options remaining.',
    access: 'plan',
    readsStoredLearner: ({ body }) => body.learner !== undefined,
    body: AuditRequest,
    responses: {
      200: { description: 'The audit', schema: AuditResponse },
      ...errorResponses(400, 404),
    },
    handle: async ({ body }, ctx) => {
      return { body: await runAudit(ctx.store, body, planningOf(ctx)) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/plans',
    operationId: 'createPlan',
    mcp: { name: 'plan' },
    tag: 'Planning',
    summary: 'The cheapest pathway to a target',
    description:
      'The minimum-objective set of credentials to add, ordered into steps that respect entry rules, with reasons, milestones, totals and optimality; an unreachable target gets an explanation instead (status `infeasible`).',
    access: 'plan',
    readsStoredLearner: ({ body }) => body.learner !== undefined,
    body: PlanRequest,
    responses: {
      200: {
        description:
          'The plan: JSON, or by content negotiation (`Accept`) CSV (one row per credential) or Markdown',
        schema: PlanResponse,
        alsoAs: [PLAN_MEDIA_TYPES.csv, PLAN_MEDIA_TYPES.markdown],
      },
      ...errorResponses(400, 404),
    },
    handle: async ({ body }, ctx, req) => {
      const wanted = req.accepts(['application/json', 'text/csv', 'text/markdown']);
      // JSON (the common answer) is serialized where the plan is computed, on a planning thread.
      if (wanted !== 'text/csv' && wanted !== 'text/markdown')
        return { json: await runPlanJson(ctx.store, body, planningOf(ctx)) };
      const plan = await runPlan(ctx.store, body, planningOf(ctx));
      if (wanted === 'text/csv')
        return { text: { contentType: PLAN_MEDIA_TYPES.csv, body: renderPlan(plan, 'csv') } };
      return {
        text: { contentType: PLAN_MEDIA_TYPES.markdown, body: renderPlan(plan, 'markdown') },
      };
    },
  }),
  route({
    method: 'post',
    path: '/v1/ladders',
    operationId: 'createLadder',
    mcp: { name: 'ladder' },
    tag: 'Planning',
    summary: 'The shortest chain of stacked awards to a qualification',
    access: 'plan',
    readsStoredLearner: ({ body }) => body.learner !== undefined,
    body: AuditRequest,
    responses: {
      200: { description: 'The ladder', schema: LadderResponse },
      ...errorResponses(400, 404),
    },
    handle: async ({ body }, ctx) => {
      return { body: await runLadder(ctx.store, body, planningOf(ctx)) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/matches',
    operationId: 'createMatches',
    mcp: { name: 'match' },
    tag: 'Planning',
    summary: 'Programme matcher: every qualification ranked by what is left',
    description:
      "Every qualification of the catalogue (and with `occupations`, every ESCO occupation) ranked by what is left for the learner: the objective (credits by default), then with a `calendar` the earliest completion, then the id. Each match on the page (`limit`, `offset`) comes with its exact plan's totals, what it takes and the awards earned on the way (off-ramps); the targets after the page are described by lower bounds only (`ranking.after`). Holdings are given inline (nothing is stored) or by stored learner id (a key with role `plan`).",
    access: 'plan',
    readsStoredLearner: ({ body }) => body.learner !== undefined,
    body: MatchRequest,
    bodyRequired: true,
    responses: {
      200: { description: 'The ranked page', schema: MatchReport },
      ...errorResponses(400, 404),
    },
    handle: async ({ body }, ctx) => {
      return { body: await runMatch(ctx.store, body, planningOf(ctx)) };
    },
  }),
];
