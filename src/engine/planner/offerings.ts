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

export const toDate = (day: number): string =>
  new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

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

const firstOfMonth = (day: number): boolean => new Date(day * 86_400_000).getUTCDate() === 1;

/** Next first day of a month on or after `day`. */
function nextFirstOfMonth(day: number): number {
  if (firstOfMonth(day)) return day;
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / MS_PER_DAY;
}

/** Next day on or after `day` that is one of the yearly intakes ([month, day of month]). */
function nextIntake(day: number, intakes: readonly (readonly [number, number])[]): number {
  const year = new Date(day * MS_PER_DAY).getUTCFullYear();
  let best = Infinity;
  for (const y of [year, year + 1])
    for (const [m, d] of intakes) {
      // As toDay(`${y}-${MM}-${DD}`) reads it (a day past the month's end rolls over).
      const at = Date.UTC(y, m - 1, d) / MS_PER_DAY;
      if (at >= day && at < best) best = at;
    }
  return best;
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
    nextStart = (day) => within(nextIntake(Math.max(day, from), parsed));
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
): { options: Option[]; assumed: boolean; excluded: string[] } {
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
