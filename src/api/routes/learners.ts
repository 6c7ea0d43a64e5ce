import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HeldCredentialInput, Id, Learner, PriorLearningRecord } from '../../model/index.js';
import {
  addLearner,
  learnerRecord,
  removeLearner,
  replaceLearner,
} from '../../service/learners.js';
import { errorResponses } from '../openapi.js';
import { notFound } from '../problems.js';
import { route } from '../route.js';

/**
 * Pseudonymous learners: an id (generated when not given) and the credentials they hold.
 * Nothing else about the person is accepted, and deleting a learner removes every trace.
 */

const Holdings = z.array(HeldCredentialInput).max(1000);
const PriorLearning = z
  .array(PriorLearningRecord)
  .max(1000)
  .describe('Validated learning outcomes and ESCO skills (recognition of prior learning).');
const NewLearner = z
  .object({
    id: Id.optional().describe('Pseudonymous id; generated when absent. Never a name or e-mail.'),
    holdings: Holdings.default([]),
    priorLearning: PriorLearning.default([]),
  })
  .strict()
  .meta({ id: 'NewLearner' });
const LearnerHoldings = z
  .object({
    holdings: Holdings,
    priorLearning: PriorLearning.optional().describe(
      'Replaces the stored prior learning when given; left out, it stays.',
    ),
  })
  .strict()
  .meta({ id: 'LearnerHoldings' });
const IdParam = z.object({ id: Id }).strict();

export const learnerRoutes = [
  route({
    method: 'post',
    path: '/v1/learners',
    operationId: 'createLearner',
    tag: 'Learners',
    summary: 'Store a pseudonymous learner and their holdings',
    access: 'write',
    body: NewLearner,
    bodyRequired: false,
    responses: {
      201: { description: 'Created', schema: Learner },
      ...errorResponses(400, 404, 409),
    },
    handle: async ({ body }, ctx) => {
      const id = body.id ?? `learner-${randomUUID()}`;
      const learner = await addLearner(ctx.store, {
        id,
        holdings: body.holdings.map(unverified),
        priorLearning: body.priorLearning,
      });
      ctx.learners.forget(id);
      return {
        status: 201,
        headers: { Location: `/v1/learners/${encodeURIComponent(id)}` },
        body: learner,
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/learners/:id',
    operationId: 'getLearner',
    tag: 'Learners',
    summary: 'A stored learner and their holdings',
    access: 'plan',
    readsStoredLearner: () => true,
    params: IdParam,
    responses: { 200: { description: 'The learner', schema: Learner }, ...errorResponses(404) },
    handle: async ({ params }, ctx) => {
      const learner = await learnerRecord(ctx.store, params.id);
      if (!learner) throw notFound(`unknown learner "${params.id}"`);
      return { body: learner };
    },
  }),
  route({
    method: 'put',
    path: '/v1/learners/:id',
    operationId: 'putLearnerHoldings',
    tag: 'Learners',
    summary: "Replace a learner's holdings (creating the learner if needed)",
    access: 'write',
    params: IdParam,
    body: LearnerHoldings,
    responses: {
      200: { description: 'Replaced', schema: Learner },
      201: { description: 'Created', schema: Learner },
      ...errorResponses(400, 404),
    },
    handle: async ({ params, body }, ctx) => {
      const { created, learner } = await replaceLearner(ctx.store, {
        id: params.id,
        holdings: body.holdings.map(unverified),
        ...(body.priorLearning !== undefined ? { priorLearning: body.priorLearning } : {}),
      });
      ctx.learners.forget(params.id);
      return { status: created ? 201 : 200, body: learner };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/learners/:id',
    operationId: 'deleteLearner',
    tag: 'Learners',
    summary: 'Delete a learner and every trace of them',
    access: 'write',
    params: IdParam,
    responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
    handle: async ({ params }, ctx) => {
      const deleted = await removeLearner(ctx.store, params.id);
      ctx.learners.forget(params.id);
      if (!deleted) throw notFound(`unknown learner "${params.id}"`);
      return { status: 204 };
    },
  }),
];

const unverified = (h: z.output<typeof HeldCredentialInput>) => ({
  ...h,
  verified: false,
  source: 'api',
});
