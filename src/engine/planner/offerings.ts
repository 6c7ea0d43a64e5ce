import type { CredentialNode } from '../../graph/index.js';
import type { Offering, PlanConstraints } from '../../model/index.js';

/**
 * Calendar arithmetic and what an offering means, shared by the scheduler (calendar.ts) and
 * its checker (calendarCheck.ts). Dates are days since 1970-01-01 (UTC; dates carry no time
 * zone in this domain).
 */

const MS_PER_DAY = 86_400_000;

/** Days in an average Gregorian month: weeks are converted to months of study with it. */
export const DAYS_PER_MONTH = 365.2425 / 12;

/** A six-month term: a load of N credits per term is N/6 credits a month. */
export const MONTHS_PER_TERM = 6;

/**
 * Pace assumed for a credential without offerings: 5 ECTS a month (60 a year, full time),
 * at least one month.
 */
export const DEFAULT_CREDITS_PER_MONTH = 5;

/** Starts searched at most this far after the calendar's start (then: no usable offering). */
export const HORIZON_YEARS = 30;

export const toDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;

export function toDate(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (dates.size > 100_000) dates.clear();
    dates.set(day, date);
  }
  return date;
}

/** toDate's answers, kept: a plan's dates repeat (intakes, terms). */
const dates = new Map<number, string>();

/** `months` calendar months after `day`, the day of month clamped (01-31 + 1 month = 02-28). */
export function addMonths(day: number, months: number): number {
  if (!Number.isInteger(months) || !Number.isInteger(day) || Math.abs(months) >= 2048)
    return monthsAfter(day, months);
  const key = day * 4096 + months;
  let out = monthSums.get(key);
  if (out === undefined) {
    out = monthsAfter(day, months);
    if (monthSums.size > 200_000) monthSums.clear();
    monthSums.set(key, out);
  }
  return out;
}

/** addMonths' answers, kept: schedulers ask for the same terms and lengths again and again. */
const monthSums = new Map<number, number>();

function monthsAfter(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / MS_PER_DAY;
}

/** How a credential can be taken, as the scheduler uses it: an offering or the default. */
export interface Option {
  /** Index in the credential's offerings; undefined for the default (no offerings). */
  offering: number | undefined;
  /** The first allowed start on or after `day`, or undefined when there is none. */
  nextStart: (day: number) => number | undefined;
  /** Is `day` an allowed start? */
  startsOn: (day: number) => boolean;
  /** First day after the credential ends (it ends the day before), for a start. */
  endAfter: (start: number) => number;
  /** Nominal length in months (weeks converted), for its load. */
  months: number;
}

/** Default duration of a credential without offerings: credits at the default pace. */
export const defaultMonths = (credits: number): number =>
  Math.max(1, Math.ceil(credits / DEFAULT_CREDITS_PER_MONTH - 1e-9));

/** Years the day tables below cover (outside them: computed by Date). */
const TABLE_FROM = 1970;
const TABLE_TO = 2200;

/** Sorted days, binary-searched: the first entry on or after `day`, or undefined. */
function firstAtOrAfter(days: readonly number[], day: number): number | undefined {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo < days.length ? days[lo] : undefined;
}

/** The first day of every month of the covered years. */
let monthStarts: number[] | undefined;
function monthStartDays(): number[] {
  if (!monthStarts) {
    monthStarts = [];
    for (let y = TABLE_FROM; y <= TABLE_TO; y++)
      for (let m = 0; m < 12; m++) monthStarts.push(Date.UTC(y, m, 1) / MS_PER_DAY);
  }
  return monthStarts;
}

const firstOfMonth = (day: number): boolean => new Date(day * 86_400_000).getUTCDate() === 1;

/** Next first day of a month on or after `day`. */
function nextFirstOfMonth(day: number): number {
  const days = monthStartDays();
  if (day > days[0]! && day <= days[days.length - 1]!) return firstAtOrAfter(days, day)!;
  if (firstOfMonth(day)) return day;
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / MS_PER_DAY;
}

/** Every intake day of the covered years, per list of yearly intakes. */
const intakeTables = new Map<string, number[]>();
function intakeDays(key: string, intakes: readonly (readonly [number, number])[]): number[] {
  let days = intakeTables.get(key);
  if (!days) {
    days = [];
    for (let y = TABLE_FROM; y <= TABLE_TO; y++)
      for (const [m, d] of intakes) days.push(Date.UTC(y, m - 1, d) / MS_PER_DAY);
    days.sort((a, b) => a - b);
    intakeTables.set(key, days);
  }
  return days;
}

/** Next day on or after `day` that is one of the yearly intakes ([month, day of month]). */
function nextIntake(day: number, intakes: readonly (readonly [number, number])[]): number {
  const year = new Date(day * MS_PER_DAY).getUTCFullYear();
  let best = Infinity;
  for (const y of [year, year + 1])
    for (const [m, d] of intakes) {
      // As toDay(`${y}-${MM}-${DD}`) reads it (intakes are days of every year).
      const at = Date.UTC(y, m - 1, d) / MS_PER_DAY;
      if (at >= day && at < best) best = at;
    }
  return best;
}

/** nextIntake from a table of the covered years' intakes (the same answer, without Date). */
function intakeAfter(
  day: number,
  intakes: readonly (readonly [number, number])[],
  table: readonly number[],
): number {
  if (day > table[0]! && day <= table[table.length - 1]!) return firstAtOrAfter(table, day)!;
  return nextIntake(day, intakes);
}

/** Why an offering cannot be planned under the request's constraints, or undefined. */
export function offeringExcluded(
  credential: CredentialNode,
  offering: Offering,
  constraints: Pick<PlanConstraints, 'modes' | 'languages'>,
): string | undefined {
  if (!offering.open) return 'closed';
  const mode = offering.mode ?? credential.mode;
  if (constraints.modes && mode && !constraints.modes.includes(mode)) return `mode ${mode}`;
  const language = offering.language ?? credential.language;
  if (constraints.languages && language && !constraints.languages.includes(language))
    return `language ${language}`;
  return undefined;
}

/** The scheduler's view of one offering (or, with `offering` undefined, of the default). */
export function optionOf(
  credential: CredentialNode,
  offering: Offering | undefined,
  index: number | undefined,
): Option {
  if (!offering) {
    const months = defaultMonths(credential.credits);
    return {
      offering: undefined,
      nextStart: nextFirstOfMonth,
      startsOn: firstOfMonth,
      endAfter: (start) => addMonths(start, months),
      months,
    };
  }
  const from = offering.from === undefined ? -Infinity : toDay(offering.from);
  const until = offering.until === undefined ? Infinity : toDay(offering.until);
  const within = (d: number | undefined) => (d !== undefined && d <= until ? d : undefined);
  let nextStart: (day: number) => number | undefined;
  let startsOn: (day: number) => boolean;
  if (offering.startDate !== undefined) {
    const only = toDay(offering.startDate);
    nextStart = (day) => (day <= only ? only : undefined);
    startsOn = (day) => day === only;
  } else if (offering.intakes) {
    const intakes = offering.intakes;
    const parsed = intakes.map((md) => [Number(md.slice(0, 2)), Number(md.slice(3, 5))] as const);
    const table = intakeDays(intakes.join(','), parsed);
    nextStart = (day) => within(intakeAfter(Math.max(day, from), parsed, table));
    startsOn = (day) => day >= from && day <= until && intakes.includes(toDate(day).slice(5));
  } else {
    nextStart = (day) => within(Math.max(day, from));
    startsOn = (day) => day >= from && day <= until;
  }
  const months =
    offering.durationMonths ??
    (offering.durationWeeks !== undefined
      ? (offering.durationWeeks * 7) / DAYS_PER_MONTH
      : defaultMonths(credential.credits));
  const endAfter =
    offering.durationWeeks !== undefined
      ? (start: number) => start + offering.durationWeeks! * 7
      : (start: number) => addMonths(start, offering.durationMonths ?? months);
  return { offering: index, nextStart, startsOn, endAfter, months };
}

/**
 * The options a credential can be planned on: its offerings the constraints allow, or the
 * default when it has none (`assumed`). `excluded` lists offerings left out, with why.
 */
export function optionsOf(
  credential: CredentialNode,
  constraints: Pick<PlanConstraints, 'modes' | 'languages'>,
): CredentialOptions {
  const key =
    constraints.modes === undefined && constraints.languages === undefined
      ? ''
      : JSON.stringify([constraints.modes ?? null, constraints.languages ?? null]);
  let byConstraints = optionsCache.get(credential);
  if (!byConstraints)
    optionsCache.set(credential, (byConstraints = new Map<string, CredentialOptions>()));
  let out = byConstraints.get(key);
  if (!out) byConstraints.set(key, (out = computeOptions(credential, constraints)));
  return out;
}

/** A credential's options, as `optionsOf` answers (shared between calls: read only). */
export interface CredentialOptions {
  readonly options: readonly Option[];
  readonly assumed: boolean;
  readonly excluded: readonly string[];
}

/**
 * optionsOf's answers by credential record and constraints: the scheduler asks for every
 * credential of every set it dates. A graph's records are never changed in place (a change
 * builds new ones), so a record's options never go stale.
 */
const optionsCache = new WeakMap<CredentialNode, Map<string, CredentialOptions>>();

function computeOptions(
  credential: CredentialNode,
  constraints: Pick<PlanConstraints, 'modes' | 'languages'>,
): CredentialOptions {
  const offerings = credential.offerings ?? [];
  if (offerings.length === 0)
    return { options: [optionOf(credential, undefined, undefined)], assumed: true, excluded: [] };
  const options: Option[] = [];
  const excluded: string[] = [];
  offerings.forEach((o, i) => {
    const why = offeringExcluded(credential, o, constraints);
    if (why) excluded.push(`offering ${i + 1}: ${why}`);
    else options.push(optionOf(credential, o, i));
  });
  return { options, assumed: false, excluded };
}
