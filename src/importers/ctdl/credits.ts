import { isObj, localName, many, num, text, type Json } from '../jsonld.js';

/**
 * CTDL credit values (`creditValue`: ValueProfile with `value`, `creditUnitType`) in ECTS.
 * The graph keeps ECTS-equivalent `credits` and, when the source used another unit, its
 * `creditSystem` and `creditsOriginal`. Conversion factors are the usual planning
 * conventions (a US semester credit hour ~ 2 ECTS: 30 hours per year vs 60 ECTS), not an
 * official equivalence; docs/import-ctdl.md lists them.
 */
interface Unit {
  system: string;
  ects: number;
}

const UNITS: Record<string, Unit> = {
  ects: { system: 'ECTS', ects: 1 },
  europeancredit: { system: 'ECTS', ects: 1 },
  semesterhour: { system: 'US semester credit hours', ects: 2 },
  semestercredithour: { system: 'US semester credit hours', ects: 2 },
  credithour: { system: 'US semester credit hours', ects: 2 },
  degreecredit: { system: 'US semester credit hours', ects: 2 },
  quarterhour: { system: 'US quarter credit hours', ects: 4 / 3 },
  quartercredithour: { system: 'US quarter credit hours', ects: 4 / 3 },
};

/** The unit assumed when a value names none: the registry is American. */
export const DEFAULT_UNIT = UNITS.semesterhour!;

export type CreditReading =
  | { kind: 'none' }
  | {
      kind: 'credits';
      credits: number;
      creditSystem?: string;
      creditsOriginal?: number;
      /** The unit was not given and DEFAULT_UNIT was assumed. */
      assumedUnit: boolean;
    }
  | { kind: 'unknown-unit'; unit: string; value: number };

const round = (n: number) => Math.round(n * 1000) / 1000;

function unitName(profile: Record<string, Json>): string | undefined {
  for (const key of ['creditUnitType', 'unitText', 'creditUnit']) {
    for (const v of many(profile[key])) {
      const name = isObj(v) ? (text(v.targetNode) ?? text(v.targetNodeName)) : text(v);
      if (name) return name;
    }
  }
  return undefined;
}

/** Reads the first credit value of a `creditValue` (or TVP `transferValue`) property. */
export function readCredits(v: Json | undefined): CreditReading {
  for (const profile of many(v)) {
    const value = isObj(profile)
      ? (num(profile.value) ?? num(profile.minValue) ?? num(profile.creditUnitValue))
      : num(profile);
    if (value === undefined || value < 0) continue;
    const unit = isObj(profile) ? unitName(profile) : undefined;
    if (unit === undefined) {
      return {
        kind: 'credits',
        credits: round(value * DEFAULT_UNIT.ects),
        creditSystem: DEFAULT_UNIT.system,
        creditsOriginal: value,
        assumedUnit: true,
      };
    }
    const known =
      UNITS[
        localName(unit)
          .toLowerCase()
          .replace(/[^a-z]/g, '')
      ];
    if (!known) return { kind: 'unknown-unit', unit, value };
    return known.ects === 1
      ? { kind: 'credits', credits: value, assumedUnit: false }
      : {
          kind: 'credits',
          credits: round(value * known.ects),
          creditSystem: known.system,
          creditsOriginal: value,
          assumedUnit: false,
        };
  }
  return { kind: 'none' };
}
