import {
  AnalyticsInputError,
  CoverageReport,
  CurricularComplexity,
  OverlapReport,
  StackabilityReport,
} from '../../analytics/index.js';
import { formatPath } from '../../model/index.js';
import {
  ComplexityQuery,
  CoverageQuery,
  OverlapQuery,
  runComplexity,
  runCoverage,
  runOverlap,
  runStackability,
  StackabilityQuery,
} from '../../service/analytics.js';
import { NotFoundError } from '../../service/errors.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { route } from '../route.js';

/**
 * An analysis refusing its options: the field is a query parameter (the shared mapping
 * would say body). Unknown ids are 404, anything else (a requisite cycle, a qualification
 * without an award rule) 400.
 */
async function answered<T>(ctx: ApiContext, analysis: () => Promise<T>) {
  await ctx.store.ready();
  try {
    return { body: await analysis() };
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new HttpProblem(404, 'not-found', 'Not found', err.message, {
        errors: [{ in: 'query', path: formatPath(err.path), message: err.message }],
      });
    if (err instanceof AnalyticsInputError)
      throw new HttpProblem(400, 'invalid-request', 'The request is not valid', err.message, {
        errors: [{ in: 'query', path: formatPath(err.path), message: err.detail }],
      });
    throw err;
  }
}

/** Programme-design analytics over the current catalogue: read-only GETs. */
export const analyticsRoutes = [
  route({
    method: 'get',
    path: '/v1/analytics/stackability',
    operationId: 'getStackability',
    tag: 'Analytics',
    summary: 'What stacks into what: credentials counting towards qualifications',
    description:
      'Per credential, the qualifications it counts towards and by which routes; orphans; per qualification, the share micro-credentials can supply; modules shared between qualifications. For the whole catalogue, one provider or one qualification.',
    access: 'read',
    query: StackabilityQuery,
    responses: {
      200: { description: 'The stackability report', schema: StackabilityReport },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx) => answered(ctx, () => runStackability(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/overlap',
    operationId: 'getCredentialOverlap',
    tag: 'Analytics',
    summary: 'Credentials of different providers covering the same outcomes or skills',
    description:
      'Pairs of credentials at or above a similarity threshold, most similar first, with what they share; strongly overlapping pairs without a recognition agreement are candidate recognitions.',
    access: 'read',
    query: OverlapQuery,
    responses: {
      200: { description: 'The overlap report', schema: OverlapReport },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx) => answered(ctx, () => runOverlap(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/coverage',
    operationId: 'getSkillCoverage',
    tag: 'Analytics',
    summary:
      "How much of an occupation's skills a qualification, credentials or the catalogue cover",
    access: 'read',
    query: CoverageQuery,
    responses: {
      200: { description: 'The coverage report', schema: CoverageReport },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx) => answered(ctx, () => runCoverage(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/complexity',
    operationId: 'getCurricularComplexity',
    tag: 'Analytics',
    summary: "A qualification's curricular complexity (blocking and delay factors, centrality)",
    access: 'read',
    query: ComplexityQuery,
    responses: {
      200: { description: 'The curricular complexity', schema: CurricularComplexity },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx) => answered(ctx, () => runComplexity(ctx.store, query, ctx.engine)),
  }),
];
