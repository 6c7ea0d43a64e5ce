import { z } from 'zod';
import {
  HoldingFields,
  Id,
  IsoDate,
  PriorLearningRecord,
  expiresAfterAward,
  expiryBeforeAward,
  type Holding,
} from './catalogue.js';

/**
 * Most credentials an `anyOf` or `allOf` target may name: a plan's cost grows with the union
 * of their cones, and one request must not hold a planning thread for minutes.
 */
export const MAX_TARGET_CREDENTIALS = 20;
const targetList = z.array(Id).min(1).max(MAX_TARGET_CREDENTIALS);

/** What the learner wants to reach. */
export const Target = z
  .union([
    z.object({ qualification: Id }).strict(),
    z
      .object({ anyOf: targetList })
      .strict()
      .describe(`The nearest of several (at most ${MAX_TARGET_CREDENTIALS}).`),
    z
      .object({ allOf: targetList })
      .strict()
      .describe(`All of several, a double award (at most ${MAX_TARGET_CREDENTIALS}).`),
    z
      .object({
        occupation: Id.describe('ESCO occupation URI.'),
        optionalSkills: z
          .number()
          .int()
          .nonnegative()
          .default(0)
          .describe('How many of its optional skills to cover as well.'),
      })
      .strict()
      .describe("Cover an ESCO occupation's essential skills through learning outcomes."),
  ])
  .meta({ id: 'Target' });
export type Target = z.infer<typeof Target>;

/** A holding as a request gives it: the catalogue's Holding without the record-keeping fields. */
export const HeldCredentialInput = HoldingFields.pick({
  credential: true,
  awardedOn: true,
  expiresOn: true,
})
  .strict()
  .refine(expiresAfterAward, expiryBeforeAward)
  .meta({ id: 'HeldCredential' });
export type HeldCredentialInput = z.output<typeof HeldCredentialInput>;

/** A stored or imported holding as a request would give it (record-keeping fields left out). */
export const heldCredential = ({
  credential,
  awardedOn,
  expiresOn,
}: Pick<Holding, 'credential' | 'awardedOn' | 'expiresOn'>): HeldCredentialInput => ({
  credential,
  awardedOn,
  ...(expiresOn !== undefined ? { expiresOn } : {}),
});

/**
 * What a plan minimises: a weight of its credentials (credits, cost, hours, count), or `time`,
 * the earliest completion of the set dated on its offerings (needs a calendar).
 */
export const ObjectiveName = z.enum(['credits', 'cost', 'hours', 'count', 'time']);
export type ObjectiveName = z.infer<typeof ObjectiveName>;

export const Objective = z
  .union([ObjectiveName, z.array(ObjectiveName).min(1).max(5)], {
    error: 'must be credits, cost, hours, count or time, or an array of them (lexicographic)',
  })
  .default('credits')
  .describe(
    'What to minimise; an array is lexicographic (first matters most). time: the earliest completion (needs calendar), e.g. ["time", "credits"] is the fewest credits among the plans finishing earliest.',
  );
export type Objective = z.infer<typeof Objective>;

/**
 * An objective without `time`, for rankings over many targets (the programme matcher), which
 * rank targets of equal objective values by their dated completion instead.
 */
export const RankingObjective = z
  .union(
    [
      ObjectiveName.exclude(['time']),
      z
        .array(ObjectiveName.exclude(['time']))
        .min(1)
        .max(4),
    ],
    {
      error:
        'must be credits, cost, hours or count, or an array of them (lexicographic); with a calendar, the completion date ranks targets of equal values',
    },
  )
  .default('credits')
  .describe('What to rank by; an array is lexicographic (first matters most).');

export const PlanConstraints = z
  .object({
    excludeCredentials: z.array(Id).default([]),
    excludeProviders: z.array(Id).default([]),
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/))
      .optional()
      .describe('Allowed languages.'),
    modes: z
      .array(z.enum(['online', 'in-person', 'blended']))
      .optional()
      .describe('Allowed modes.'),
    maxEqfLevel: z.number().int().min(1).max(8).optional(),
    budget: z.number().nonnegative().optional().describe('Maximum total cost (EUR).'),
    maxCreditsPerTerm: z.number().positive().optional().describe('Turns steps into terms.'),
  })
  .strict()
  .default({ excludeCredentials: [], excludeProviders: [] })
  .meta({ id: 'PlanConstraints' });
export type PlanConstraints = z.infer<typeof PlanConstraints>;

/**
 * A dated plan: from which day the learner starts and how much they can study at once. The
 * set of credentials is chosen as without it; the calendar schedules that set on the
 * credentials' offerings (engine/planner/calendar.ts, docs/engine-semantics.md).
 */
export const PlanCalendar = z
  .object({
    start: IsoDate.describe('The first day the learner can start a credential.'),
    maxCreditsPerTerm: z
      .number()
      .positive()
      .max(1000)
      .optional()
      .describe(
        'Study load: credits started in each six-month term counted from the start (a credential heavier than this takes a term alone).',
      ),
    maxCreditsPerMonth: z
      .number()
      .positive()
      .max(1000)
      .optional()
      .describe('Study load: credits a month, summed over the credentials running at once.'),
  })
  .strict()
  .refine((c) => c.maxCreditsPerTerm === undefined || c.maxCreditsPerMonth === undefined, {
    path: ['maxCreditsPerMonth'],
    message: 'give maxCreditsPerTerm or maxCreditsPerMonth, not both',
  })
  .meta({ id: 'PlanCalendar' });
export type PlanCalendar = z.infer<typeof PlanCalendar>;

/**
 * A learner's prior learning given with a request, and whether unverified records count: the
 * same fields for audits, plans and the matcher (docs/engine-semantics.md, "Prior learning").
 */
export const PriorLearningFields = z.object({
  priorLearning: z
    .array(PriorLearningRecord)
    .max(1000)
    .optional()
    .describe(
      "Validated learning outcomes or ESCO skills, given inline beside holdings (a stored learner's are read with them).",
    ),
  countUnverified: z
    .boolean()
    .default(false)
    .describe(
      'Count unverified and self-declared prior learning too (by default only verified records count).',
    ),
});

const AuditShape = z.object({
  target: Target,
  holdings: z
    .array(HeldCredentialInput)
    .max(1000)
    .optional()
    .describe("The learner's credentials, given inline (nothing is stored)."),
  learner: Id.optional().describe('A stored pseudonymous learner whose holdings to use.'),
  asOf: IsoDate.optional().describe('Reference date; defaults to today.'),
  ...PriorLearningFields.shape,
});

const oneLearnerSource = (
  r: { holdings?: unknown; learner?: unknown; priorLearning?: unknown },
  ctx: z.RefinementCtx,
) => {
  // Inline prior learning goes with inline holdings; a stored learner's is stored with them.
  if (r.priorLearning !== undefined && r.learner !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['priorLearning'],
      message: "is given inline with holdings; a stored learner's prior learning is read with them",
    });
  if ((r.holdings === undefined) === (r.learner === undefined))
    ctx.addIssue({
      code: 'custom',
      path: r.holdings === undefined ? ['holdings'] : ['learner'],
      message: 'give either holdings or learner, not both and not neither',
    });
};

export const AuditRequest = AuditShape.strict()
  .superRefine(oneLearnerSource)
  .meta({
    id: 'AuditRequest',
    examples: [
      { learner: 'learner-partway', target: { qualification: 'smtu:cert-data-analytics' } },
    ],
  });
export type AuditRequest = z.infer<typeof AuditRequest>;

export const PlanRequest = AuditShape.extend({
  objective: Objective,
  constraints: PlanConstraints,
  alternatives: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(0)
    .describe('Next-best distinct plans to add.'),
  calendar: PlanCalendar.optional().describe(
    'Date the plan: each credential on one of its offerings from this start under this load, and the earliest completion date for the chosen set.',
  ),
})
  .strict()
  .superRefine(oneLearnerSource)
  .superRefine((r, ctx) => {
    const names = [r.objective].flat();
    if (!names.includes('time')) return;
    if (names.filter((n) => n === 'time').length > 1)
      ctx.addIssue({ code: 'custom', path: ['objective'], message: 'names time twice' });
    if (r.calendar === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['objective'],
        message: 'time (the earliest completion) needs a calendar: give calendar.start',
      });
    if (r.alternatives > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['alternatives'],
        message: 'alternatives are not given for an objective with time',
      });
  })
  .meta({
    id: 'PlanRequest',
    examples: [
      {
        holdings: [{ credential: 'smtu:mc-python-data', awardedOn: '2025-06-30' }],
        target: { qualification: 'smtu:hdip-data-analytics' },
        objective: ['credits', 'cost'],
        alternatives: 1,
      },
    ],
  });
export type PlanRequest = z.infer<typeof PlanRequest>;

/** Most matches one page of `POST /v1/matches` may list (each is an exact plan). */
export const MAX_MATCHES_PER_PAGE = 100;

/**
 * What ranks and pages a programme match, whoever asks: the request of `POST /v1/matches` and
 * the matcher's own options (analytics/matcher) both take these fields.
 */
export const MatchRanking = z.object({
  objective: RankingObjective,
  provider: Id.optional().describe('Only qualifications awarded by this provider.'),
  occupations: z
    .boolean()
    .default(false)
    .describe('Also rank every ESCO occupation of the catalogue (its essential skills).'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_MATCHES_PER_PAGE)
    .default(10)
    .describe('Matches on this page, each with an exact plan.'),
  offset: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(0)
    .describe('Matches ranked before this page.'),
  calendar: PlanCalendar.optional().describe(
    'Date each plan from this start under this load: the earliest completion then ranks targets of equal objective values.',
  ),
  constraints: PlanConstraints.describe(
    "What every plan must respect (as a plan request's): a target no plan can reach under them is ranked unreachable.",
  ),
});

export const MatchRequest = z
  .object({
    holdings: AuditShape.shape.holdings,
    learner: AuditShape.shape.learner,
    asOf: AuditShape.shape.asOf,
    ...PriorLearningFields.shape,
    ...MatchRanking.shape,
  })
  .strict()
  .superRefine(oneLearnerSource)
  .meta({
    id: 'MatchRequest',
    examples: [{ learner: 'learner-partway', limit: 5 }],
  });
export type MatchRequest = z.infer<typeof MatchRequest>;
