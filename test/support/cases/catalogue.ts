/**
 * Small builders for hand-written catalogues in engine tests: credentials with readable
 * titles (the title is the id in upper case, so explanations read "take A (5 ECTS)"),
 * awards earned by stacking, and graphs built from a validated document (or, for documents
 * the validator rejects on purpose, such as an entry-rule cycle, from the schema alone).
 */
import { buildCatalogueGraph, type CatalogueGraph } from '../../../src/graph/index.js';
import {
  CatalogueShape,
  formatPath,
  parseCatalogue,
  type CatalogueDocument,
  type CatalogueDocumentInput,
  type RequirementNode,
} from '../../../src/model/index.js';
import type { Plan, PlanStep } from '../../../src/engine/planner/index.js';

export type CredentialInput = NonNullable<CatalogueDocumentInput['credentials']>[number];

/** An earnable micro-credential worth `credits`, titled by its id in upper case. */
export function mc(
  id: string,
  credits: number,
  extra: Partial<CredentialInput> = {},
): CredentialInput {
  return { id, title: id.toUpperCase(), kind: 'micro-credential', credits, ...extra };
}

/** A qualification earned only by stacking, through `rule`. */
export function award(
  id: string,
  rule: RequirementNode,
  extra: Partial<CredentialInput> = {},
): CredentialInput {
  return {
    id,
    title: id.toUpperCase(),
    kind: 'certificate',
    qualification: true,
    credits: 0,
    awardRule: rule,
    ...extra,
  };
}

export const all = (accepts: string[], extra: Partial<RequirementNode> = {}): RequirementNode => ({
  op: 'ALL',
  accepts,
  ...extra,
});
export const any = (accepts: string[], extra: Partial<RequirementNode> = {}): RequirementNode => ({
  op: 'ANY',
  accepts,
  ...extra,
});
export const nOf = (
  n: number,
  accepts: string[],
  extra: Partial<RequirementNode> = {},
): RequirementNode => ({ op: 'N_OF', n, accepts, ...extra });
export const minCredits = (
  credits: number,
  accepts: string[],
  extra: Partial<RequirementNode> = {},
): RequirementNode => ({ op: 'MIN_CREDITS', credits, accepts, ...extra });

/** Validates a document with parseCatalogue; throws with every issue when it is rejected. */
export function documentOf(input: CatalogueDocumentInput): CatalogueDocument {
  const parsed = parseCatalogue(input);
  if (parsed.ok) return parsed.value;
  throw new Error(
    'test catalogue rejected:\n' +
      parsed.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'),
  );
}

/** The engine's graph of a validated document. */
export function graphOf(input: CatalogueDocumentInput): CatalogueGraph {
  return buildCatalogueGraph(documentOf(input));
}

/**
 * The graph of a document that passes the per-object schema but that the reference checks
 * reject on purpose (cycles): defaults are filled in, cross-references are not checked.
 */
export function unvalidatedGraphOf(input: CatalogueDocumentInput): CatalogueGraph {
  return buildCatalogueGraph(CatalogueShape.parse(input));
}

/** The credentials a plan takes, sorted. */
export function taken(plan: Plan): string[] {
  return plan.steps.flatMap((s) => s.take.map((t) => t.credential)).sort();
}

/** Step number (1-based) of every credential the plan takes. */
export function stepOf(plan: Plan): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of plan.steps) for (const t of s.take) out.set(t.credential, s.step);
  return out;
}

/** The credentials of each step, sorted, e.g. [['a', 'c'], ['b']]. */
export function stepsOf(plan: Plan): string[][] {
  return plan.steps.map((s: PlanStep) => s.take.map((t) => t.credential).sort());
}
