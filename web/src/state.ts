/**
 * The page's shareable state and its URL form. Only what identifies a plan travels in the URL
 * (target, constraints, objective, a stored learner's pseudonymous id); holdings typed into
 * the page and the API key never do.
 */

export type TargetKind = 'qualification' | 'anyOf' | 'allOf' | 'occupation';
export type Objective = 'credits' | 'cost' | 'hours' | 'count' | 'time';
export type Mode = 'online' | 'in-person' | 'blended';

export const OBJECTIVES: readonly Objective[] = ['credits', 'cost', 'hours', 'count', 'time'];
export const MODES: readonly Mode[] = ['online', 'in-person', 'blended'];
const KINDS: readonly TargetKind[] = ['qualification', 'anyOf', 'allOf', 'occupation'];

export interface Constraints {
  budget?: number | undefined;
  languages: string[];
  modes: Mode[];
  maxCreditsPerTerm?: number | undefined;
  excludeProviders: string[];
  excludeCredentials: string[];
}

/** "When can I finish?": the day the learner can start and how much they can study a month. */
export interface Calendar {
  start?: string | undefined;
  maxCreditsPerMonth?: number | undefined;
}

export interface PageState {
  /** A stored learner; absent when holdings are entered on the page. */
  learner?: string | undefined;
  targetKind: TargetKind;
  /** The credentials (or the one ESCO occupation) aimed at. */
  targets: string[];
  constraints: Constraints;
  /** With a start day, the plan is dated and `time` (earliest completion) can be minimised. */
  calendar: Calendar;
  /** Lexicographic: the first matters most. */
  objective: Objective[];
  alternatives: number;
  /** Count unverified and self-declared prior learning too (by default only verified counts). */
  countUnverified: boolean;
}

export const emptyState = (): PageState => ({
  targetKind: 'qualification',
  targets: [],
  constraints: { languages: [], modes: [], excludeProviders: [], excludeCredentials: [] },
  calendar: {},
  objective: ['credits'],
  alternatives: 2,
  countUnverified: false,
});

const list = (v: string | null): string[] =>
  v === null
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);

const positive = (v: string | null): number | undefined => {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** A real calendar day written YYYY-MM-DD (what the API's dates accept). */
export function isDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** The URL query of a state (empty fields left out, so shared links stay short). */
export function encodeState(state: PageState): string {
  const q = new URLSearchParams();
  if (state.learner) q.set('learner', state.learner);
  if (state.targets.length > 0) {
    q.set('target', state.targetKind);
    for (const t of state.targets) q.append('t', t);
  }
  const c = state.constraints;
  if (c.budget !== undefined) q.set('budget', String(c.budget));
  if (c.languages.length > 0) q.set('lang', c.languages.join(','));
  if (c.modes.length > 0) q.set('mode', c.modes.join(','));
  if (c.maxCreditsPerTerm !== undefined) q.set('perTerm', String(c.maxCreditsPerTerm));
  if (c.excludeProviders.length > 0) q.set('xp', c.excludeProviders.join(','));
  if (c.excludeCredentials.length > 0) q.set('xc', c.excludeCredentials.join(','));
  if (state.calendar.start !== undefined) q.set('start', state.calendar.start);
  if (state.calendar.maxCreditsPerMonth !== undefined)
    q.set('perMonth', String(state.calendar.maxCreditsPerMonth));
  if (state.objective.join(',') !== 'credits') q.set('obj', state.objective.join(','));
  if (state.alternatives !== emptyState().alternatives) q.set('alt', String(state.alternatives));
  if (state.countUnverified) q.set('unverified', '1');
  return q.toString();
}

/** The state a URL query names; unknown or malformed values fall back to the defaults. */
export function decodeState(query: string): PageState {
  const q = new URLSearchParams(query);
  const state = emptyState();
  const learner = q.get('learner')?.trim();
  if (learner) state.learner = learner;
  const kind = q.get('target') as TargetKind | null;
  if (kind !== null && KINDS.includes(kind)) {
    state.targetKind = kind;
    const ids = q.getAll('t').filter((t) => t.trim().length > 0);
    state.targets = kind === 'qualification' || kind === 'occupation' ? ids.slice(0, 1) : ids;
  }
  const c = state.constraints;
  c.budget = positive(q.get('budget'));
  c.languages = list(q.get('lang')).filter((l) => /^[a-z]{2}$/.test(l));
  c.modes = list(q.get('mode')).filter((m): m is Mode => MODES.includes(m as Mode));
  const perTerm = positive(q.get('perTerm'));
  c.maxCreditsPerTerm = perTerm === 0 ? undefined : perTerm;
  c.excludeProviders = list(q.get('xp'));
  c.excludeCredentials = list(q.get('xc'));
  const start = q.get('start');
  if (start !== null && isDay(start)) state.calendar.start = start;
  const perMonth = positive(q.get('perMonth'));
  if (perMonth !== undefined && perMonth > 0) state.calendar.maxCreditsPerMonth = perMonth;
  const objective = list(q.get('obj')).filter((o): o is Objective =>
    OBJECTIVES.includes(o as Objective),
  );
  if (objective.length > 0) state.objective = [...new Set(objective)];
  const alt = Number(q.get('alt'));
  if (q.get('alt') !== null && Number.isInteger(alt) && alt >= 0 && alt <= 5)
    state.alternatives = alt;
  state.countUnverified = q.get('unverified') === '1';
  return state;
}

/** A holding entered on the page (never stored, never put in the URL). */
export interface HoldingInput {
  credential: string;
  title: string;
  awardedOn: string;
}

export type PriorMethod = 'validation' | 'assessment' | 'self-declared';

/**
 * Prior learning entered on the page (recognition of prior learning): a learning outcome
 * validated outside any credential, how, when, and whether the provider checked it. Like
 * holdings, never stored and never put in the URL; the evidence is a reference, not a file.
 */
export interface PriorInput {
  outcome: string;
  statement: string;
  method: PriorMethod;
  validatedOn: string;
  verified: boolean;
  evidence?: string | undefined;
}

/** The request body's target, or undefined while none is chosen. */
export function targetOf(
  state: PageState,
):
  | { qualification: string }
  | { anyOf: string[] }
  | { allOf: string[] }
  | { occupation: string; optionalSkills: number }
  | undefined {
  const [first] = state.targets;
  if (first === undefined) return undefined;
  switch (state.targetKind) {
    case 'qualification':
      return { qualification: first };
    case 'occupation':
      return { occupation: first, optionalSkills: 0 };
    case 'anyOf':
      return { anyOf: state.targets };
    case 'allOf':
      return { allOf: state.targets };
  }
}

interface PriorRecord {
  outcome: string;
  method: PriorMethod;
  validatedOn: string;
  verified: boolean;
  evidence?: string;
}

/**
 * Who is planned for: a stored learner by id (their prior learning is stored with them), or
 * the holdings and prior learning entered on the page; and whether unverified records count.
 */
export function learnerOf(
  state: PageState,
  holdings: readonly HoldingInput[],
  prior: readonly PriorInput[] = [],
): (
  | { learner: string }
  | { holdings: { credential: string; awardedOn: string }[]; priorLearning?: PriorRecord[] }
) & { countUnverified: boolean } {
  const countUnverified = state.countUnverified;
  if (state.learner) return { learner: state.learner, countUnverified };
  return {
    holdings: holdings.map((h) => ({ credential: h.credential, awardedOn: h.awardedOn })),
    ...(prior.length > 0
      ? {
          priorLearning: prior.map((r) => ({
            outcome: r.outcome,
            method: r.method,
            validatedOn: r.validatedOn,
            verified: r.verified,
            ...(r.evidence ? { evidence: r.evidence } : {}),
          })),
        }
      : {}),
    countUnverified,
  };
}

/** The constraints as the plan request takes them (empty lists and blanks left out). */
export function constraintsOf(c: Constraints) {
  return {
    excludeCredentials: c.excludeCredentials,
    excludeProviders: c.excludeProviders,
    ...(c.languages.length > 0 ? { languages: c.languages } : {}),
    ...(c.modes.length > 0 ? { modes: c.modes } : {}),
    ...(c.budget !== undefined ? { budget: c.budget } : {}),
    ...(c.maxCreditsPerTerm !== undefined ? { maxCreditsPerTerm: c.maxCreditsPerTerm } : {}),
  };
}

/**
 * The plan request's objective, calendar and alternatives: dated from the start day when one is
 * given; without one, `time` cannot be measured and is left out (the rest keep their order).
 * With time minimised the planner gives no alternatives (the search that proves the earliest
 * finish ranks whole sets, not runners-up), so none are asked for.
 */
export function timingOf(state: PageState): {
  objective: Objective[];
  calendar?: { start: string; maxCreditsPerMonth?: number };
  alternatives: number;
} {
  const { start, maxCreditsPerMonth } = state.calendar;
  if (start === undefined) {
    const objective = state.objective.filter((o) => o !== 'time');
    return {
      objective: objective.length > 0 ? objective : ['credits'],
      alternatives: state.alternatives,
    };
  }
  return {
    objective: state.objective,
    calendar: { start, ...(maxCreditsPerMonth !== undefined ? { maxCreditsPerMonth } : {}) },
    alternatives: state.objective.includes('time') ? 0 : state.alternatives,
  };
}
