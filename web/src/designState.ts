/**
 * The designer journey's shareable state and its URL form: which analysis is shown and its
 * filters. Lives in the same address as the adviser's state (its own parameter names), so a
 * designer's view can be shared like a plan.
 */

export type Journey = 'adviser' | 'designer';
export type Analysis =
  'stackability' | 'overlap' | 'coverage' | 'complexity' | 'quality' | 'whatIf';
/** The per-course figures of CurricularAnalytics a curriculum graph can be coloured by. */
export type Metric = 'cruciality' | 'blockingFactor' | 'delayFactor' | 'centrality' | 'complexity';

export const ANALYSES: readonly Analysis[] = [
  'stackability',
  'overlap',
  'coverage',
  'complexity',
  'quality',
  'whatIf',
];
export const METRICS: readonly Metric[] = [
  'cruciality',
  'blockingFactor',
  'delayFactor',
  'centrality',
  'complexity',
];

export interface DesignState {
  analysis: Analysis;
  /** Stackability, overlap and quality: only this provider. */
  provider?: string | undefined;
  /** Overlap: the similarity at or above which pairs are listed (the API's default if unset). */
  threshold?: number | undefined;
  /** Coverage: the ESCO occupation. */
  occupation?: string | undefined;
  /** Coverage (optional) and complexity: the qualification. */
  qualification?: string | undefined;
  /** Complexity: what colours the curriculum graph. */
  metric: Metric;
  /** Complexity: also the per-term figures of the qualification's reference plan. */
  perTerm: boolean;
}

export const emptyDesign = (): DesignState => ({
  analysis: 'stackability',
  metric: 'cruciality',
  perTerm: false,
});

/** The journey a URL query names (the adviser's unless it says otherwise). */
export const journeyOf = (query: string): Journey =>
  new URLSearchParams(query).get('view') === 'designer' ? 'designer' : 'adviser';

/** The designer's part of the URL query (defaults left out, so links stay short). */
export function encodeDesign(d: DesignState): URLSearchParams {
  const q = new URLSearchParams();
  q.set('view', 'designer');
  if (d.analysis !== 'stackability') q.set('analysis', d.analysis);
  if (d.provider) q.set('provider', d.provider);
  if (d.threshold !== undefined) q.set('threshold', String(d.threshold));
  if (d.occupation) q.set('occupation', d.occupation);
  if (d.qualification) q.set('qualification', d.qualification);
  if (d.metric !== 'cruciality') q.set('metric', d.metric);
  if (d.perTerm) q.set('terms', '1');
  return q;
}

/** The designer state a URL query names; unknown or malformed values fall back to defaults. */
export function decodeDesign(query: string): DesignState {
  const q = new URLSearchParams(query);
  const d = emptyDesign();
  const analysis = q.get('analysis') as Analysis | null;
  if (analysis !== null && ANALYSES.includes(analysis)) d.analysis = analysis;
  const text = (name: string) => {
    const v = q.get(name)?.trim();
    return v ? v : undefined;
  };
  d.provider = text('provider');
  d.occupation = text('occupation');
  d.qualification = text('qualification');
  const threshold = q.get('threshold');
  if (threshold !== null && threshold.trim() !== '') {
    const t = Number(threshold);
    if (Number.isFinite(t) && t > 0 && t <= 1) d.threshold = t;
  }
  const metric = q.get('metric') as Metric | null;
  if (metric !== null && METRICS.includes(metric)) d.metric = metric;
  d.perTerm = q.get('terms') === '1';
  return d;
}
