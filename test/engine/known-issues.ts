/**
 * Planner bugs the differential tests found, and how to recognise their symptoms, so the
 * committed property tests stay green while the bugs are open without hiding anything else.
 * Each issue has minimal counterexamples in test/engine/counterexamples/ (see README.md
 * there). When a fix lands, delete its entry here: the properties then check it too.
 *
 * KI-2 (a credential that can never start kept in a zero-weight plan: wrong totals, repeated
 * or infeasible alternatives) has no entry: the run that allows free credentials under the
 * cost objective skips totals and alternatives instead (differential.test.ts).
 */
import type { PlanInstance } from '../support/reference/generate.js';
import type { RefRule } from '../support/reference/allocation.js';
import { inForceOn } from '../support/reference/index.js';
import type { Problem } from './differential-harness.js';

export interface KnownIssue {
  id: string;
  summary: string;
  /** Is this disagreement a symptom of the issue on this instance? */
  explains(instance: PlanInstance, problem: Problem): boolean;
}

/** Ids accepted by a MIN_CREDITS node of any award or entry rule of the catalogue. */
function creditCountedIds(instance: PlanInstance): Set<string> {
  const out = new Set<string>();
  const visit = (rule: RefRule) => {
    if (rule.op === 'MIN_CREDITS') for (const id of rule.accepts ?? []) out.add(id);
    for (const child of rule.children ?? []) visit(child);
  };
  for (const c of instance.doc.credentials) {
    if (c.awardRule) visit(c.awardRule);
    if (c.entryRule) visit(c.entryRule);
  }
  return out;
}

/**
 * Some id counted by credits can be stood for with different credits by different items:
 * by the credential itself and through a recognition in force that grants other credits.
 */
export function hasDivergentRecognitionCredits(instance: PlanInstance): boolean {
  const counted = creditCountedIds(instance);
  const credits = new Map(instance.doc.credentials.map((c) => [c.id, c.credits]));
  return instance.doc.recognitions.some(
    (r) =>
      inForceOn(r, instance.asOf) &&
      r.to !== undefined &&
      counted.has(r.to) &&
      r.credits !== undefined &&
      r.credits !== credits.get(r.to),
  );
}

/**
 * Open planner issues. KI-1 (explanation recursion), KI-2 (stuck credentials kept in plans)
 * and KI-3 (covered MIN_CREDITS slots in the bound) are fixed; their counterexamples stay as
 * regression cases in counterexamples.test.ts and planner-regressions.test.ts.
 */
export const KNOWN_ISSUES: readonly KnownIssue[] = [];

/** The known issue a problem is a symptom of, if any. */
export function knownIssueOf(instance: PlanInstance, problem: Problem): KnownIssue | undefined {
  return KNOWN_ISSUES.find((k) => k.explains(instance, problem));
}
