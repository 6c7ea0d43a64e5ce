import {
  AuditRequest,
  AuditResponse,
  LadderResponse,
  PlanRequest,
  PlanResponse,
} from '../../model/index.js';
import { PLAN_MEDIA_TYPES, renderPlan } from '../../export/index.js';
import { runAudit, runLadder, runPlan, type PlanningOptions } from '../../service/planning.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../openapi.js';
import { route } from '../route.js';

const planningOf = (ctx: ApiContext): PlanningOptions => ({
  engine: ctx.engine,
  maxNodes: ctx.config.maxNodes,
  learners: ctx.learners,
});

/** Audits, plans and ladders: stateless POSTs; holdings given inline are never stored. */
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
      const plan = await runPlan(ctx.store, body, planningOf(ctx));
      const wanted = req.accepts(['application/json', 'text/csv', 'text/markdown']);
      if (wanted === 'text/csv')
        return { text: { contentType: PLAN_MEDIA_TYPES.csv, body: renderPlan(plan, 'csv') } };
      if (wanted === 'text/markdown')
        return {
          text: { contentType: PLAN_MEDIA_TYPES.markdown, body: renderPlan(plan, 'markdown') },
        };
      return { body: plan };
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
];
