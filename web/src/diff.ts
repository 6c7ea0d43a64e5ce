/**
 * What differs between plans: an alternative against the best plan (shown side by side), and
 * a new plan against the one before it (shown after a constraint changes).
 */

export interface Totals {
  credits: number;
  cost: number;
  hours: number;
  count: number;
}

export interface PlanSummary {
  credentials: string[];
  totals: Totals;
}

export interface PlanDiff {
  /** In the other plan, not in the base. */
  added: string[];
  /** In the base, not in the other plan. */
  removed: string[];
  /** In both. */
  kept: string[];
  /** Totals that differ, other minus base. */
  totals: Partial<Totals>;
}

const TOTALS: readonly (keyof Totals)[] = ['credits', 'cost', 'hours', 'count'];

export function diffPlans(base: PlanSummary, other: PlanSummary): PlanDiff {
  const inBase = new Set(base.credentials);
  const inOther = new Set(other.credentials);
  const totals: Partial<Totals> = {};
  for (const k of TOTALS) {
    const delta = other.totals[k] - base.totals[k];
    if (Math.abs(delta) > 1e-9) totals[k] = delta;
  }
  return {
    added: other.credentials.filter((c) => !inBase.has(c)),
    removed: base.credentials.filter((c) => !inOther.has(c)),
    kept: base.credentials.filter((c) => inOther.has(c)),
    totals,
  };
}

export const isUnchanged = (d: PlanDiff): boolean =>
  d.added.length === 0 && d.removed.length === 0 && Object.keys(d.totals).length === 0;

/** The credentials a plan response takes, in step order. */
export function planCredentials(plan: { steps: { take: { credential: string }[] }[] }): string[] {
  return plan.steps.flatMap((s) => s.take.map((t) => t.credential));
}

/** "+12", "−300" (a real minus sign, so screen readers say it). */
export function signed(n: number): string {
  const r = Math.round(n * 100) / 100;
  return r > 0 ? `+${r}` : r < 0 ? `\u2212${-r}` : '0';
}
