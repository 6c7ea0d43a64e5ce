import { z } from 'zod';
import {
  AnalyticsInputError,
  ComplexityOptions,
  CoverageOptions,
  DemandOptions,
  OverlapOptions,
  QualityOptions,
  StackabilityOptions,
  type CoverageReport,
  type CurricularComplexity,
  type OverlapReport,
  type QualityReport,
  type StackabilityReport,
} from '../analytics/index.js';
import { Id, numberText, PlanCalendar } from '../model/index.js';
import type { DemandRequest } from './demand.js';
import type { AnalysisJob, EngineResult, RenderedAnalysisJob } from './engineJobs.js';
import { NotFoundError } from './errors.js';
import { inlineEngine, type PlanningEngine } from './planningThreads.js';
import { catalogueGraph, type Store } from './store.js';

/**
 * Programme-design analytics on the store's current catalogue (the projection the planner
 * uses). The analyses themselves are in src/analytics; this is where a query string or a
 * command line meets them.
 */

/**
 * Runs one analysis on the current projection, on the planning threads when `engine` is
 * given (the heavier ones take seconds on a large catalogue); an unknown id becomes a
 * NotFoundError.
 */
async function analysed<J extends AnalysisJob | RenderedAnalysisJob>(
  store: Store,
  job: J,
  engine: PlanningEngine = inlineEngine,
): Promise<EngineResult<J>> {
  const graph = await catalogueGraph(store);
  try {
    return await engine.run(graph, job);
  } catch (err) {
    if (err instanceof AnalyticsInputError && err.kind === 'unknown-id')
      throw new NotFoundError(err.message, err.path);
    throw err;
  }
}

/**
 * An analysis already rendered as compact JSON, CSV or Markdown, made where the analysis runs
 * (a planning thread when `engine` is given), for the API: a large report then costs the
 * API's own thread nothing but sending the text.
 */
export const runAnalysisText = (
  store: Store,
  job: AnalysisJob,
  format: RenderedAnalysisJob['format'],
  engine?: PlanningEngine,
): Promise<string> => analysed(store, { kind: 'rendered', job, format }, engine);

export const runStackability = (
  store: Store,
  options: StackabilityOptions,
  engine?: PlanningEngine,
): Promise<StackabilityReport> => analysed(store, { kind: 'stackability', input: options }, engine);

export const runOverlap = (
  store: Store,
  options: OverlapOptions,
  engine?: PlanningEngine,
): Promise<OverlapReport> => analysed(store, { kind: 'overlap', input: options }, engine);

export const runCoverage = (
  store: Store,
  options: CoverageOptions,
  engine?: PlanningEngine,
): Promise<CoverageReport> => analysed(store, { kind: 'coverage', input: options }, engine);

export const runComplexity = (
  store: Store,
  options: ComplexityOptions,
  engine?: PlanningEngine,
): Promise<CurricularComplexity> => analysed(store, { kind: 'complexity', input: options }, engine);

export const runQuality = (
  store: Store,
  options: QualityOptions,
  engine?: PlanningEngine,
): Promise<QualityReport> => analysed(store, { kind: 'quality', input: options }, engine);

// The options as text (a query string, a command line): every value a string, a list
// comma-separated. Each field is parsed then checked by the analysis's own option schema, so
// limits are stated once and a bad value is named by its text field.

/** A number option given as text. */
const numberOption = (option: z.ZodDefault<z.ZodNumber>) =>
  numberText(option.unwrap())
    .optional()
    .describe(option.description ?? '');

/** A yes/no option given as text. */
const booleanText = (description: string | undefined) =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe(description ?? '');

/** A list option given as comma-separated text. */
const listText = <S extends z.ZodType<string[], string[]>>(
  option: S,
  description: string | undefined,
) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(option)
    .optional()
    .describe(`${description ?? ''} Comma-separated.`.trim());

/** Stackability's options are all text already. */
export const StackabilityQuery = StackabilityOptions;

const overlap = OverlapOptions.shape;
export const OverlapQuery = z
  .object({
    basis: overlap.basis.optional(),
    broaderLevels: numberOption(overlap.broaderLevels),
    measure: overlap.measure.optional(),
    threshold: numberOption(overlap.threshold),
    strongThreshold: numberOption(overlap.strongThreshold),
    acrossProviders: booleanText(overlap.acrossProviders.description),
    kinds: listText(overlap.kinds.unwrap(), overlap.kinds.description),
    provider: overlap.provider,
  })
  .strict();

const coverage = CoverageOptions.shape;
export const CoverageQuery = z
  .object({
    occupation: coverage.occupation,
    qualification: Id.optional().describe(
      'Covered by this qualification (its own outcomes and those its award rule can take in); default: the whole catalogue.',
    ),
    credentials: listText(z.array(Id).min(1), 'Covered by these credentials.'),
    includeOptional: booleanText(coverage.includeOptional.description),
    narrowerLevels: numberOption(coverage.narrowerLevels),
  })
  .strict()
  .refine((q) => q.qualification === undefined || q.credentials === undefined, {
    message: 'give qualification or credentials, not both',
    path: ['credentials'],
  })
  .transform(({ qualification, credentials, ...rest }): CoverageOptions => ({
    ...rest,
    ...(qualification !== undefined
      ? { by: { qualification } }
      : credentials !== undefined
        ? { by: { credentials } }
        : {}),
  }));

const complexity = ComplexityOptions.shape;
export const ComplexityQuery = z
  .object({
    qualification: complexity.qualification,
    termSystem: complexity.termSystem,
    layout: z
      .literal('reference')
      .optional()
      .describe("`reference`: also measure the qualification's reference plan per term."),
  })
  .strict();

const quality = QualityOptions.shape;
export const QualityQuery = z
  .object({
    provider: quality.provider,
    kinds: listText(quality.kinds.unwrap(), quality.kinds.description),
  })
  .strict();
const demand = DemandOptions.shape;
const load = PlanCalendar.shape;
export const DemandQuery = z
  .object({
    qualification: demand.qualification.describe(
      'Plan every stored learner towards this qualification (default: every qualification of the provider, or of the catalogue).',
    ),
    provider: demand.provider.describe(
      "Only this provider's credentials, and (without a qualification) its qualifications as targets.",
    ),
    kinds: listText(demand.kinds.unwrap(), demand.kinds.description),
    learners: booleanText(
      'Also name the learners (pseudonymous ids) behind each count and the unreachable ones.',
    ),
    start: load.start
      .optional()
      .describe(
        'Count the seats per intake: date every plan from this day, YYYY-MM-DD (default, when a study load is given: today).',
      ),
    maxCreditsPerTerm: numberText(load.maxCreditsPerTerm.unwrap())
      .optional()
      .describe(
        `Count the seats per intake under this study load: ${load.maxCreditsPerTerm.description ?? ''}`,
      ),
    maxCreditsPerMonth: numberText(load.maxCreditsPerMonth.unwrap())
      .optional()
      .describe(
        `Count the seats per intake under this study load: ${load.maxCreditsPerMonth.description ?? ''}`,
      ),
  })
  .strict()
  // As a plan request's calendar (PlanCalendar) refuses it, named by the same field.
  .refine((q) => q.maxCreditsPerTerm === undefined || q.maxCreditsPerMonth === undefined, {
    path: ['maxCreditsPerMonth'],
    message: 'give maxCreditsPerTerm or maxCreditsPerMonth, not both',
  })
  .transform(
    ({ learners, start, maxCreditsPerTerm, maxCreditsPerMonth, ...rest }): DemandRequest => ({
      ...rest,
      ...(learners !== undefined ? { listLearners: learners } : {}),
      // Any of the three asks for a calendar; the service fills in a missing start.
      ...(start !== undefined || maxCreditsPerTerm !== undefined || maxCreditsPerMonth !== undefined
        ? {
            calendar: {
              ...(start !== undefined ? { start } : {}),
              ...(maxCreditsPerTerm !== undefined ? { maxCreditsPerTerm } : {}),
              ...(maxCreditsPerMonth !== undefined ? { maxCreditsPerMonth } : {}),
            },
          }
        : {}),
    }),
  );
