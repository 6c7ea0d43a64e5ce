import { isObj, localName, many, num, text, type Json, type Obj } from '../jsonld.js';

/**
 * CTDL credit values in ECTS. A value is written as a ValueProfile (`value`, `minValue`,
 * `maxValue`, `creditUnitType` as a concept or a CredentialAlignmentObject), a
 * QuantitativeValue (`value`, `unitText` as free text such as "SCQF credit points"), the
 * older `creditUnitValue` / `creditUnitType` pair, or a bare number. The graph keeps
 * ECTS-equivalent `credits` and, when the source used another unit, its `creditSystem` and
 * `creditsOriginal`. Factors are the usual conventions, not official equivalences;
 * docs/import-ctdl.md states each one and where it comes from.
 */
interface Unit {
  system: string;
  ects: number;
}

const ECTS: Unit = { system: 'ECTS', ects: 1 };
const SEMESTER: Unit = { system: 'US semester credit hours', ects: 2 };
const QUARTER: Unit = { system: 'US quarter credit hours', ects: 4 / 3 };

/**
 * Units recognised in a unit name reduced to lower-case letters ("SCQF credit points" →
 * "scqfcreditpoints", "creditUnit:SemesterHour" → "semesterhour"), first match wins.
 */
const UNITS: [RegExp, Unit][] = [
  [/^(ects|europeancredit|ectscredit|creditsects|ectspoint)/, ECTS],
  [/ects$|europeancredittransfer/, ECTS],
  [/^scqf/, { system: 'SCQF credit points', ects: 0.5 }],
  [
    /^(cats|ukcredit|creditaccumulationandtransfer)/,
    { system: 'UK CATS credit points', ects: 0.5 },
  ],
  [/^ecvet/, { system: 'ECVET points', ects: 1 }],
  [/^(semester|credithour|degreecredit|semestercredit|sch$)/, SEMESTER],
  [/^quarter/, QUARTER],
];

/** The unit assumed when a value names none: the registry is American. */
export const DEFAULT_UNIT = SEMESTER;

export type CreditReading =
  | { kind: 'none' }
  | {
      kind: 'credits';
      credits: number;
      creditSystem?: string;
      creditsOriginal?: number;
      /** The unit was not given and DEFAULT_UNIT was assumed. */
      assumedUnit: boolean;
      /** Set when the source gave a range (minValue–maxValue): its minimum is read. */
      range?: [number, number];
    }
  | { kind: 'unknown-unit'; unit: string; value: number };

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The unit a value profile names, as written (concept, alignment object or text). */
export function unitName(profile: Obj): string | undefined {
  for (const key of ['creditUnitType', 'unitText', 'creditUnit']) {
    for (const v of many(profile[key])) {
      const name = isObj(v)
        ? (text(v.targetNode) ?? text(v.targetNodeName) ?? text(v['@id']) ?? text(v))
        : text(v);
      if (name) return name;
    }
  }
  return undefined;
}

const unitKey = (unit: string) =>
  localName(unit)
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** A unit name as a known unit, or undefined. */
const knownUnit = (unit: string): Unit | undefined =>
  UNITS.find(([pattern]) => pattern.test(unitKey(unit)))?.[1];

/** "credits" alone names no system: read like a value without a unit. */
const namesNoSystem = (unit: string) => /^(credits?|creditunits?|units?)$/.test(unitKey(unit));

/** One amount in a unit (or in the default unit when `unit` is undefined) as a reading. */
export function convert(value: number, unit: string | undefined): CreditReading {
  if (unit === undefined || namesNoSystem(unit))
    return {
      kind: 'credits',
      credits: round(value * DEFAULT_UNIT.ects),
      creditSystem: DEFAULT_UNIT.system,
      creditsOriginal: value,
      assumedUnit: true,
    };
  const known = knownUnit(unit);
  if (!known) return { kind: 'unknown-unit', unit, value };
  return known.ects === 1 && known.system === 'ECTS'
    ? { kind: 'credits', credits: value, assumedUnit: false }
    : {
        kind: 'credits',
        credits: round(value * known.ects),
        creditSystem: known.system,
        creditsOriginal: value,
        assumedUnit: false,
      };
}

/**
 * The amount of one value profile: `value`, else the `minValue` of a range (reported by the
 * caller through `range`), else the older `creditUnitValue`.
 */
export function readAmount(profile: Json): { value: number; range?: [number, number] } | undefined {
  if (!isObj(profile)) {
    const value = num(profile);
    return value === undefined ? undefined : { value };
  }
  const value = num(profile.value) ?? num(profile.creditUnitValue);
  if (value !== undefined) return { value };
  const min = num(profile.minValue);
  const max = num(profile.maxValue);
  if (min !== undefined)
    return max !== undefined ? { value: min, range: [min, max] } : { value: min };
  if (max !== undefined) return { value: max, range: [max, max] };
  return undefined;
}

/**
 * Reads the first usable credit value of a `creditValue` (or TVP `transferValue`) property.
 * `fallbackUnit` is the unit named beside the value (a Constraint's `creditUnitType`, or the
 * older component-level `creditUnitType`).
 */
export function readCredits(v: Json | undefined, fallbackUnit?: string): CreditReading {
  for (const profile of many(v)) {
    const amount = readAmount(profile);
    if (amount === undefined || amount.value < 0) continue;
    const unit = (isObj(profile) ? unitName(profile) : undefined) ?? fallbackUnit;
    const reading = convert(amount.value, unit);
    return reading.kind === 'credits' && amount.range
      ? { ...reading, range: amount.range }
      : reading;
  }
  return { kind: 'none' };
}

/**
 * The conversions a document declares for the systems its credentials use: each known unit's
 * factor (docs/import-ctdl.md), so the engine counts them; unknown units get none (counted 0).
 */
export function conversionsFor(
  systems: Iterable<string | undefined>,
): { from: string; to: 'ECTS'; factor: number; source: string }[] {
  const known = new Map<string, Unit>();
  for (const [, unit] of UNITS) if (unit !== ECTS) known.set(unit.system, unit);
  return [...new Set(systems)].flatMap((system) => {
    const unit = system === undefined ? undefined : known.get(system);
    return unit
      ? [{ from: unit.system, to: 'ECTS' as const, factor: unit.ects, source: CONVENTION }]
      : [];
  });
}

const CONVENTION =
  'Pathways convention for CTDL credit units (docs/import-ctdl.md); not an official equivalence';
