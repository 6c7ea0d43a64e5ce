import type { CredentialNode } from '../graph/index.js';
import type { Plan } from './planner/plan.js';

export interface ReferencePlanComparison {
  /** Credentials in both: the institution's term and the planned step. */
  both: { credential: string; term: number; step: number }[];
  /** In the institution's plan only (held already, not needed, or covered otherwise). */
  referenceOnly: { credential: string; term: number }[];
  /** Planned, absent from the institution's plan. */
  plannedOnly: { credential: string; step: number }[];
  /** Terms of the institution's plan and steps of the planned one. */
  terms: number;
  steps: number;
}

/**
 * Sets a planned pathway beside the institution's own term-by-term plan of the target
 * qualification (`referencePlan`, e.g. a CurricularAnalytics degree plan), credential by
 * credential. Pure; undefined when the qualification has no reference plan.
 */
export function compareWithReferencePlan(
  plan: Plan,
  qualification: Pick<CredentialNode, 'referencePlan'>,
): ReferencePlanComparison | undefined {
  const reference = qualification.referencePlan;
  if (!reference?.length) return undefined;
  const planned = new Map<string, number>();
  for (const s of plan.steps) for (const t of s.take) planned.set(t.credential, s.step);
  const inReference = new Set(reference.map((r) => r.credential));
  return {
    both: reference
      .filter((r) => planned.has(r.credential))
      .map((r) => ({ credential: r.credential, term: r.term, step: planned.get(r.credential)! })),
    referenceOnly: reference.filter((r) => !planned.has(r.credential)),
    plannedOnly: [...planned]
      .filter(([id]) => !inReference.has(id))
      .map(([credential, step]) => ({ credential, step })),
    terms: new Set(reference.map((r) => r.term)).size,
    steps: plan.steps.length,
  };
}
