import {
  AnalyticsInputError,
  CoverageReport,
  CurricularComplexity,
  DemandReport,
  OverlapReport,
  QualityReport,
  StackabilityReport,
} from '../../analytics/index.js';
import type { z } from 'zod';
import { ANALYSIS_MEDIA_TYPES, demandTable, renderTable } from '../../export/analytics.js';
import { formatPath } from '../../model/index.js';
import {
  ComplexityQuery,
  CoverageQuery,
  DemandQuery,
  OverlapQuery,
  QualityQuery,
  runAnalysisText,
  StackabilityQuery,
} from '../../service/analytics.js';
import type { AnalysisJob, RenderedAnalysisJob } from '../../service/engineJobs.js';
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
function refusal(err: unknown): unknown {
  if (err instanceof NotFoundError)
    return new HttpProblem(404, 'not-found', 'Not found', err.message, {
      errors: [{ in: 'query', path: formatPath(err.path), message: err.message }],
    });
  if (err instanceof AnalyticsInputError)
    return new HttpProblem(400, 'invalid-request', 'The request is not valid', err.message, {
      errors: [{ in: 'query', path: formatPath(err.path), message: err.detail }],
    });
  return err;
}

/** JSON, or by content negotiation the report's table as CSV or Markdown. */
const wantedFormat = (req: CallRequest): RenderedAnalysisJob['format'] => {
  const wanted = req.accepts(['application/json', 'text/csv', 'text/markdown']);
  return wanted === 'text/csv' ? 'csv' : wanted === 'text/markdown' ? 'markdown' : 'json';
};

/**
 * An analysis of the catalogue, computed and rendered on a planning thread: this thread only
 * sends the text (a whole-catalogue report is tens of megabytes of JSON on a large catalogue,
 * which would otherwise keep it from answering anything else for seconds).
 */
async function analysedReply(ctx: ApiContext, req: CallRequest, job: AnalysisJob): Promise<Reply> {
  const format = wantedFormat(req);
  let text: string;
  try {
    text = await runAnalysisText(ctx.store, job, format, ctx.engine);
  } catch (err) {
    throw refusal(err);
  }
  return format === 'json'
    ? { json: text }
    : { text: { contentType: ANALYSIS_MEDIA_TYPES[format], body: text } };
}

/** Demand: planned through the engine, counted and rendered here. */
async function demandReply(
  ctx: ApiContext,
  req: CallRequest,
  query: z.output<typeof DemandQuery>,
): Promise<Reply> {
  let report: DemandReport;
  try {
    report = await runDemand(ctx.store, query, { engine: ctx.engine });
  } catch (err) {
    throw refusal(err);
  }
  const format = wantedFormat(req);
  if (format === 'json') return { body: report };
  return {
    text: {
      contentType: ANALYSIS_MEDIA_TYPES[format],
      body: renderTable(demandTable(report), format),
    },
  };
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
      analysedReply(ctx, req, { kind: 'stackability', input: query }),
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
    handle: ({ query }, ctx, req) => analysedReply(ctx, req, { kind: 'overlap', input: query }),
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
    handle: ({ query }, ctx, req) => analysedReply(ctx, req, { kind: 'coverage', input: query }),
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
    handle: ({ query }, ctx, req) => analysedReply(ctx, req, { kind: 'complexity', input: query }),
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
    handle: ({ query }, ctx, req) => analysedReply(ctx, req, { kind: 'quality', input: query }),
  }),
  route({
    method: 'get',
    path: '/v1/analytics/demand',
    operationId: 'getCredentialDemand',
    mcp: { name: 'analyse_demand' },
    tag: 'Analytics',
    summary:
      "Per credential, how many stored learners' plans take it next and in all, and per intake",
    description:
      'Plans every stored learner (pseudonymous ids only) towards the qualification named, or each qualification of the provider or the catalogue, and counts per credential the learners taking it in their first step and in any step; credentials nobody needs; learners whose target is unreachable. With `start`, `maxCreditsPerTerm` or `maxCreditsPerMonth`, every plan is dated on the offerings (from `start`, default today) and the seats are also counted per intake, on the default for credentials without offerings, and for plans that could not be dated. Nothing is written.',
    access: 'read',
    // Every stored learner is planned (and, on request, named): personal data, key only.
    readsStoredLearner: () => true,
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
    handle: ({ query }, ctx, req) => demandReply(ctx, req, query),
  }),
];
