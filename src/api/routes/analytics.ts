import {
  AnalyticsInputError,
  CoverageReport,
  CurricularComplexity,
  DemandReport,
  OverlapReport,
  QualityReport,
  StackabilityReport,
} from '../../analytics/index.js';
import {
  complexityTable,
  coverageTable,
  demandTable,
  overlapTable,
  qualityTable,
  renderTable,
  stackabilityTable,
  type ReportTable,
  ANALYSIS_MEDIA_TYPES,
} from '../../export/analytics.js';
import { formatPath } from '../../model/index.js';
import {
  ComplexityQuery,
  CoverageQuery,
  DemandQuery,
  OverlapQuery,
  QualityQuery,
  runComplexity,
  runCoverage,
  runOverlap,
  runQuality,
  runStackability,
  StackabilityQuery,
} from '../../service/analytics.js';
import { runDemand } from '../../service/demand.js';
import { NotFoundError } from '../../service/errors.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { route, type CallRequest, type Reply } from '../route.js';

/**
 * An analysis refusing its options: the field is a query parameter (the shared mapping
 * would say body). Unknown ids are 404, anything else (a requisite cycle, a qualification
 * without an award rule) 400.
 */
async function answered<T>(
  ctx: ApiContext,
  req: CallRequest,
  table: (report: T) => ReportTable,
  analysis: () => Promise<T>,
): Promise<Reply> {
  await ctx.store.ready();
  let report: T;
  try {
    report = await analysis();
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
  const wanted = req.accepts(['application/json', 'text/csv', 'text/markdown']);
  if (wanted === 'text/csv' || wanted === 'text/markdown') {
    const format = wanted === 'text/csv' ? 'csv' : 'markdown';
    return {
      text: { contentType: ANALYSIS_MEDIA_TYPES[format], body: renderTable(table(report), format) },
    };
  }
  return { body: report };
}

/** The same report as CSV (its main table) or Markdown, by content negotiation. */
const alsoAs = [ANALYSIS_MEDIA_TYPES.csv, ANALYSIS_MEDIA_TYPES.markdown];

/** Programme-design analytics over the current catalogue: read-only GETs. */
export const analyticsRoutes = [
  route({
    method: 'get',
    path: '/v1/analytics/stackability',
    operationId: 'getStackability',
    mcp: { name: 'analyse_stackability' },
    tag: 'Analytics',
    summary: 'What stacks into what: credentials counting towards qualifications',
    description:
      'Per credential, the qualifications it counts towards and by which routes; orphans; per qualification, the share micro-credentials can supply; modules shared between qualifications. For the whole catalogue, one provider or one qualification.',
    access: 'read',
    query: StackabilityQuery,
    responses: {
      200: {
        description:
          'The stackability report: JSON, or by content negotiation CSV (its main table) or Markdown',
        schema: StackabilityReport,
        alsoAs,
      },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx, req) =>
      answered(ctx, req, stackabilityTable, () => runStackability(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/overlap',
    operationId: 'getCredentialOverlap',
    mcp: { name: 'analyse_overlap' },
    tag: 'Analytics',
    summary: 'Credentials of different providers covering the same outcomes or skills',
    description:
      'Pairs of credentials at or above a similarity threshold, most similar first, with what they share; strongly overlapping pairs without a recognition agreement are candidate recognitions.',
    access: 'read',
    query: OverlapQuery,
    responses: {
      200: {
        description:
          'The overlap report: JSON, or by content negotiation CSV (its main table) or Markdown',
        schema: OverlapReport,
        alsoAs,
      },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx, req) =>
      answered(ctx, req, overlapTable, () => runOverlap(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/coverage',
    operationId: 'getSkillCoverage',
    mcp: { name: 'analyse_coverage' },
    tag: 'Analytics',
    summary:
      "How much of an occupation's skills a qualification, credentials or the catalogue cover",
    access: 'read',
    query: CoverageQuery,
    responses: {
      200: {
        description:
          'The coverage report: JSON, or by content negotiation CSV (its main table) or Markdown',
        schema: CoverageReport,
        alsoAs,
      },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx, req) =>
      answered(ctx, req, coverageTable, () => runCoverage(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/complexity',
    operationId: 'getCurricularComplexity',
    mcp: { name: 'analyse_complexity' },
    tag: 'Analytics',
    summary: "A qualification's curricular complexity (blocking and delay factors, centrality)",
    access: 'read',
    query: ComplexityQuery,
    responses: {
      200: {
        description:
          'The curricular complexity: JSON, or by content negotiation CSV (its main table) or Markdown',
        schema: CurricularComplexity,
        alsoAs,
      },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx, req) =>
      answered(ctx, req, complexityTable, () => runComplexity(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/quality',
    operationId: 'getCredentialQuality',
    mcp: { name: 'analyse_quality' },
    tag: 'Analytics',
    summary: 'Credentials checked against the EU micro-credential standard (2022/C 243/02)',
    description:
      'Per credential (micro-credentials by default), the mandatory elements of Annex I of the Council Recommendation on micro-credentials it does not state and the criteria its data shows unmet (quality-assured provider, a link to a full qualification, workload and assessment stated); per provider, a summary.',
    access: 'read',
    query: QualityQuery,
    responses: {
      200: {
        description:
          'The quality report: JSON, or by content negotiation CSV (its main table) or Markdown',
        schema: QualityReport,
        alsoAs,
      },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx, req) =>
      answered(ctx, req, qualityTable, () => runQuality(ctx.store, query, ctx.engine)),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/demand',
    operationId: 'getCredentialDemand',
    mcp: { name: 'analyse_demand' },
    tag: 'Analytics',
    summary: "Per credential, how many stored learners' plans take it next and in all",
    description:
      'Plans every stored learner (pseudonymous ids only) towards the qualification named, or each qualification of the provider or the catalogue, and counts per credential the learners taking it in their first step and in any step; credentials nobody needs; learners whose target is unreachable. Nothing is written.',
    access: 'read',
    query: DemandQuery,
    responses: {
      200: {
        description:
          'The demand report: JSON, or by content negotiation CSV (its main table) or Markdown',
        schema: DemandReport,
        alsoAs,
      },
      ...errorResponses(404),
    },
    handle: ({ query }, ctx, req) =>
      answered(ctx, req, demandTable, () => runDemand(ctx.store, query, { engine: ctx.engine })),
  }),
];
