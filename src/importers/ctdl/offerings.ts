import type { Offering } from '../../model/index.js';
import { isObj, many, term, text, type Json, type Obj } from '../jsonld.js';

/** CTDL delivery types (ceterms:deliveryType, concept scheme deliveryType:) as study modes. */
const DELIVERY: Record<string, Offering['mode']> = {
  inperson: 'in-person',
  onlineonly: 'online',
  online: 'online',
  blendeddelivery: 'blended',
  blended: 'blended',
};

/** What a `ceterms:ScheduledOffering` maps to, or why it cannot be (nothing is guessed). */
export type OfferingReading =
  { ok: true; offering: Offering; notes: string[] } | { ok: false; reason: string };

const dateOf = (v: Json | undefined): string | undefined => {
  const m = /^\d{4}-\d{2}-\d{2}/.exec(text(v) ?? '');
  return m ? m[0] : undefined;
};

/**
 * An ISO 8601 duration (`P12W`, `P3M`, `P1Y`, `P90D`, `P1Y6M`) as weeks or months, or
 * undefined when it has a time part or is empty. Days are rounded up to whole weeks.
 */
export function durationOf(iso: string): Pick<Offering, 'durationWeeks' | 'durationMonths'> {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso.trim());
  if (!m || iso.trim() === 'P') return {};
  const [years, months, weeks, days] = m
    .slice(1)
    .map((x: string | undefined) => Number(x ?? 0)) as [number, number, number, number];
  if (years || months) {
    if (weeks || days) return {};
    return { durationMonths: years * 12 + months };
  }
  const total = weeks + Math.ceil(days / 7);
  return total > 0 ? { durationWeeks: total } : {};
}

/**
 * Maps a ScheduledOffering node: `offerFrequencyType` (offerFrequency:OneTime, Recurring,
 * Continual) with `startDate`/`endDate` gives the start (one date; yearly on the start date's
 * day, from it until the end date; any day between them); `estimatedDuration`
 * (DurationProfile `exactDuration`) the length; `deliveryType` the mode; `inLanguage` the
 * language. A recurring offering without a start date has no known intakes and is not mapped.
 */
export function readScheduledOffering(id: string, node: Obj): OfferingReading {
  const notes: string[] = [];
  const frequency = term(node.offerFrequencyType);
  const start = dateOf(node.startDate);
  const end = dateOf(node.endDate);
  let when: Partial<Offering>;
  if (frequency === 'continual' || frequency === 'selfpaced') {
    when = { anyTime: true, ...(start ? { from: start } : {}), ...(end ? { until: end } : {}) };
  } else if (frequency === 'recurring') {
    if (!start)
      return { ok: false, reason: 'a recurring offering without a startDate: intakes unknown' };
    if (start.slice(5) === '02-29')
      return { ok: false, reason: 'recurs on 29 February: not a yearly intake' };
    when = { intakes: [start.slice(5)], from: start, ...(end ? { until: end } : {}) };
  } else {
    if (frequency !== undefined && frequency !== 'onetime')
      notes.push(`offerFrequencyType ${frequency} is not known: read as one-time`);
    if (!start) return { ok: false, reason: 'no startDate' };
    when = { startDate: start };
  }
  let duration: Pick<Offering, 'durationWeeks' | 'durationMonths'> = {};
  for (const profile of many(node.estimatedDuration)) {
    const exact = isObj(profile) ? text(profile.exactDuration) : text(profile);
    if (exact) duration = durationOf(exact);
    if (exact && !duration.durationMonths && !duration.durationWeeks)
      notes.push(`estimatedDuration ${exact} is not in weeks, months or years: default assumed`);
    if (exact) break;
  }
  const delivery = term(node.deliveryType);
  const mode = delivery ? DELIVERY[delivery] : undefined;
  if (delivery && !mode) notes.push(`deliveryType ${delivery} is not mapped`);
  const language = text(node.inLanguage)?.slice(0, 2).toLowerCase();
  return {
    ok: true,
    notes,
    offering: {
      ...(id && !id.startsWith('_:') ? { id } : {}),
      ...when,
      ...duration,
      ...(mode ? { mode } : {}),
      ...(language && /^[a-z]{2}$/.test(language) ? { language } : {}),
      open: true,
    },
  };
}
