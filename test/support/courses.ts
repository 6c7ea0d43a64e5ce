/**
 * Small course catalogues for the planner's dated-plan tests: courses with their offerings
 * under one award ("award"), whose rule is given or, by default, every course.
 */
import fc from 'fast-check';
import type { CatalogueDocument, Credential, Offering } from '../../src/model/catalogue.js';
import { parseCatalogue } from '../../src/model/index.js';
import type { RequirementNode } from '../../src/model/requirement.js';

export type CourseInput = Partial<Credential> & { id: string; credits: number };

export function courseCatalogue(
  courses: CourseInput[],
  goal: RequirementNode = { op: 'ALL', accepts: courses.map((c) => c.id) },
): CatalogueDocument {
  const credentials: Credential[] = courses.map((c) => ({
    title: `Course ${c.id}`,
    kind: 'course',
    qualification: false,
    learningOutcomes: [],
    precedes: [],
    corequisites: [],
    ...c,
  }));
  credentials.push({
    id: 'award',
    title: 'Award',
    kind: 'certificate',
    qualification: true,
    credits: 0,
    learningOutcomes: [],
    precedes: [],
    corequisites: [],
    awardRule: goal,
  });
  const parsed = parseCatalogue({ credentials });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** An open offering with yearly intakes ("MM-DD"). */
export const yearly = (intakes: string[], durationMonths: number): Offering => ({
  intakes,
  durationMonths,
  open: true,
});

/** An open offering that may start any day. */
export const anyTime = (durationMonths: number): Offering => ({
  anyTime: true,
  durationMonths,
  open: true,
});

/** A month number as two digits. */
export const mm = (m: number) => String(m).padStart(2, '0');

/** A random offering: any day, or yearly intakes on the first of some months, and a length. */
export interface OfferingSpec {
  months: number[] | 'any';
  duration: number;
}

/** Up to two random offerings, with at most `intakes` intakes and `months` months each. */
export const offeringSpecs = (limits: { intakes: number; months: number }) =>
  fc.array(
    fc.record({
      months: fc.oneof(
        { weight: 1, arbitrary: fc.constant('any' as const) },
        {
          weight: 3,
          arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), {
            minLength: 1,
            maxLength: limits.intakes,
          }),
        },
      ),
      duration: fc.integer({ min: 1, max: limits.months }),
    }),
    { minLength: 0, maxLength: 2 },
  );

/** The offerings of random specs; none for an empty list (the credential takes the default). */
export const offeringsOf = (specs: readonly OfferingSpec[]): { offerings?: Offering[] } =>
  specs.length
    ? {
        offerings: specs.map((o) =>
          o.months === 'any'
            ? anyTime(o.duration)
            : yearly(
                o.months.map((m) => `${mm(m)}-01`),
                o.duration,
              ),
        ),
      }
    : {};
