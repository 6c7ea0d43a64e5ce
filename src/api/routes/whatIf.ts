import { z } from 'zod';
import { AnalyticsInputError, WhatIfReport } from '../../analytics/index.js';
import { ANALYSIS_MEDIA_TYPES, renderTable, whatIfTable } from '../../export/analytics.js';
import {
  CatalogueDraft,
  CatalogueValidationError,
  DraftChanges,
  formatPath,
  Id,
} from '../../model/index.js';
import { NotFoundError } from '../../service/errors.js';
import { applyWhatIfDraft, runWhatIf } from '../../service/whatIf.js';
import { errorResponses } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { route } from '../route.js';

/** A draft the catalogue cannot take is a bad request: every problem at its path in the draft. */
function refused(err: unknown): never {
  if (err instanceof CatalogueValidationError)
    throw new HttpProblem(
      400,
      'invalid-request',
      'The draft is not valid against the catalogue; nothing was written',
      `${err.issues.length} problem(s)`,
      {
        errors: err.issues.map((i) => ({
          in: 'body',
          path: formatPath(i.path),
          message: i.message,
        })),
      },
    );
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

const WhatIfQuery = z
  .object({
    qualification: Id.optional().describe(
      'Only this qualification (re-examined, and its learners re-planned, when the draft touches it).',
    ),
  })
  .strict();

export const DraftApplied = z
  .object({
    written: z
      .boolean()
      .describe('False when the catalogue already was as the draft says: nothing written.'),
    changes: DraftChanges,
    version: z.number().int().describe('The catalogue version after.'),
  })
  .meta({ id: 'DraftApplied' });

/** What-if on a draft change to the catalogue, and applying it. */
export const whatIfRoutes = [
  route({
    method: 'post',
    path: '/v1/what-if',
    operationId: 'evaluateDraft',
    tag: 'Analytics',
    summary: 'What a draft change to the catalogue would do (nothing is written)',
    description:
      'Validates the draft against the catalogue as an import would, then re-plans the qualifications whose cone it touches, from no holdings and for every stored learner (pseudonymous ids), before and after: minimum credits and terms, reachability, orphans, micro-credential shares, curricular complexity, learners whose optimal plan changes. Beyond the plan cap, name a qualification.',
    access: 'plan',
    // Every stored learner is planned and named in the report: personal data, key only.
    readsStoredLearner: () => true,
    query: WhatIfQuery,
    body: CatalogueDraft,
    responses: {
      200: {
        description: 'The what-if report: JSON, or by content negotiation CSV or Markdown',
        schema: WhatIfReport,
        alsoAs: [ANALYSIS_MEDIA_TYPES.csv, ANALYSIS_MEDIA_TYPES.markdown],
      },
      ...errorResponses(404),
    },
    handle: async ({ query, body }, ctx, req) => {
      const report = await runWhatIf(ctx.store, body, query, { engine: ctx.engine }).catch(refused);
      const wanted = req.accepts(['application/json', 'text/csv', 'text/markdown']);
      if (wanted === 'text/csv' || wanted === 'text/markdown') {
        const format = wanted === 'text/csv' ? 'csv' : 'markdown';
        return {
          text: {
            contentType: ANALYSIS_MEDIA_TYPES[format],
            body: renderTable(whatIfTable(report), format),
          },
        };
      }
      return { body: report };
    },
  }),
  route({
    method: 'post',
    path: '/v1/what-if/apply',
    operationId: 'applyDraft',
    tag: 'Catalogue',
    summary: 'Apply a draft change to the catalogue in one transaction',
    description:
      'The same validation as an import (nothing written if anything is wrong), then removals and records written in one transaction; a draft already applied writes nothing (idempotent).',
    access: 'write',
    body: CatalogueDraft,
    responses: { 200: { description: 'Applied', schema: DraftApplied } },
    handle: async ({ body }, ctx) => {
      return { body: await applyWhatIfDraft(ctx.store, body).catch(refused) };
    },
  }),
];
