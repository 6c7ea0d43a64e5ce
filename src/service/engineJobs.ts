import type { Highs } from 'highs';
import {
  AnalyticsInputError,
  credentialOverlap,
  credentialQuality,
  curricularComplexity,
  matchProgrammes,
  skillCoverage,
  stackability,
  type ComplexityOptions,
  type CoverageOptions,
  type CoverageReport,
  type CurricularComplexity,
  type MatcherOptions,
  type MatchReport,
  type OverlapOptions,
  type OverlapReport,
  type QualityOptions,
  type QualityReport,
  type StackabilityOptions,
  type StackabilityReport,
  type WhatIfReport,
} from '../analytics/index.js';
import { auditQualification, type Audit, type AuditOptions } from '../engine/audit.js';
import { EngineInputError } from '../engine/errors.js';
import { ladderTo, type Ladder, type LadderOptions } from '../engine/ladder.js';
import { planPathway, type Plan, type PlanOptions } from '../engine/planner/index.js';
import type { PlanRequest } from '../engine/planner/problem.js';
import {
  complexityTable,
  coverageTable,
  overlapTable,
  qualityTable,
  renderTable,
  stackabilityTable,
  type AnalysisFormat,
  type ReportTable,
} from '../export/analytics.js';
import type { CatalogueGraph } from '../graph/index.js';
import { runWhatIfJob, type WhatIfJob } from './whatIfJob.js';

/**
 * One call of the engine, as plain data: what the API and the CLI ask of it, whether it runs
 * in this thread or in a planning thread (planningThreads.ts). The solver module is not part
 * of the job: each thread loads its own.
 */
export type EngineJob =
  | { kind: 'audit'; input: AuditOptions }
  | PlanJob
  | { kind: 'planJson'; job: PlanJob }
  | { kind: 'ladder'; input: Omit<LadderOptions, 'mip'> }
  | { kind: 'match'; input: MatcherOptions }
  | AnalysisJob
  | RenderedAnalysisJob
  | { kind: 'whatIf'; input: WhatIfJob };

/** A plan request for the engine. */
export interface PlanJob {
  kind: 'plan';
  input: PlanRequest;
  options: Omit<PlanOptions, 'mip'>;
}

/** The programme-design analyses, one job each. */
export type AnalysisJob =
  | { kind: 'stackability'; input: StackabilityOptions }
  | { kind: 'overlap'; input: OverlapOptions }
  | { kind: 'coverage'; input: CoverageOptions }
  | { kind: 'complexity'; input: ComplexityOptions }
  | { kind: 'quality'; input: QualityOptions };

/**
 * An analysis and its rendering (compact JSON, or the report's table as CSV or Markdown) in
 * one job, so that a large report (stackability of a 50,000-credential catalogue is 20 MB of
 * JSON) is built and serialized where it is computed: only the text crosses back, instead of
 * a structured clone of the report that the API's thread would then have to stringify,
 * seconds in which it could answer nothing else.
 */
export interface RenderedAnalysisJob {
  kind: 'rendered';
  job: AnalysisJob;
  format: 'json' | Exclude<AnalysisFormat, 'json' | 'text'>;
}

export interface EngineResults {
  audit: Audit;
  plan: Plan;
  /**
   * A plan serialized as JSON where it is computed (what `JSON.stringify(plan)` gives): only
   * the text crosses back from a planning thread, instead of a structured clone of the plan
   * that the API's thread would then stringify again.
   */
  planJson: string;
  ladder: Ladder;
  match: MatchReport;
  stackability: StackabilityReport;
  overlap: OverlapReport;
  coverage: CoverageReport;
  complexity: CurricularComplexity;
  quality: QualityReport;
  rendered: string;
  whatIf: WhatIfReport;
}

export type EngineResult<J extends EngineJob> = EngineResults[J['kind']];

/** Runs a job against a catalogue graph, synchronously (the engine is pure). */
export function runEngineJob(
  graph: CatalogueGraph,
  job: EngineJob,
  mip: Highs,
): EngineResults[EngineJob['kind']] {
  switch (job.kind) {
    case 'audit':
      return auditQualification(graph, job.input);
    case 'plan':
      return planPathway(graph, job.input, { ...job.options, mip });
    case 'planJson':
      return JSON.stringify(planPathway(graph, job.job.input, { ...job.job.options, mip }));
    case 'ladder':
      return ladderTo(graph, { ...job.input, mip });
    case 'match':
      return matchProgrammes(graph, job.input, { mip });
    case 'stackability':
      return stackability(graph, job.input);
    case 'overlap':
      return credentialOverlap(graph, job.input);
    case 'coverage':
      return skillCoverage(graph, job.input);
    case 'complexity':
      return curricularComplexity(graph, job.input);
    case 'quality':
      return credentialQuality(graph, job.input);
    case 'rendered':
      return renderAnalysis(job, graph, mip);
    case 'whatIf':
      return runWhatIfJob(graph, job.input, mip);
  }
}

function renderAnalysis(rendered: RenderedAnalysisJob, graph: CatalogueGraph, mip: Highs): string {
  const { job, format } = rendered;
  const report = runEngineJob(graph, job, mip);
  if (format === 'json') return JSON.stringify(report);
  return renderTable(analysisTable(job.kind, report), format);
}

/** The table of an analysis's report (the kind says which report it is). */
function analysisTable(kind: AnalysisJob['kind'], report: unknown): ReportTable {
  switch (kind) {
    case 'stackability':
      return stackabilityTable(report as StackabilityReport);
    case 'overlap':
      return overlapTable(report as OverlapReport);
    case 'coverage':
      return coverageTable(report as CoverageReport);
    case 'complexity':
      return complexityTable(report as CurricularComplexity);
    case 'quality':
      return qualityTable(report as QualityReport);
  }
}

/** An error as it crosses a thread boundary: what the API needs to answer it the same way. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string | undefined;
  engine?: {
    module: string;
    detail: string;
    path: (string | number)[];
    kind: EngineInputError['kind'];
  };
  /** An AnalyticsInputError's parts. */
  analytics?: {
    module: string;
    detail: string;
    path: (string | number)[];
    kind: AnalyticsInputError['kind'];
  };
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof EngineInputError)
    return {
      name: err.name,
      message: err.message,
      stack: err.stack,
      engine: { module: err.module, detail: err.detail, path: err.path, kind: err.kind },
    };
  if (err instanceof AnalyticsInputError)
    return {
      name: err.name,
      message: err.message,
      stack: err.stack,
      analytics: { module: err.module, detail: err.detail, path: err.path, kind: err.kind },
    };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

/**
 * The error again, an EngineInputError or AnalyticsInputError when it was one (so it still
 * maps to 400 or 404).
 */
export function deserializeError(error: SerializedError): Error {
  if (error.engine) {
    const { module, detail, path, kind } = error.engine;
    return new EngineInputError(module, detail, path, kind);
  }
  if (error.analytics) {
    const { module, detail, path, kind } = error.analytics;
    return new AnalyticsInputError(module, detail, path, kind);
  }
  const err = new Error(error.message);
  err.name = error.name;
  if (error.stack) err.stack = error.stack;
  return err;
}
