import { z } from 'zod';
import { RULE_TREE_LIMITS, BoundedRuleTree } from './requirement.js';

/**
 * Characters an id must not contain, because they make it deceptive or unprintable: control
 * characters (Cc: NUL, escape, line breaks...), format characters (Cf: the bidirectional
 * embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, marks, zero-width
 * spaces and joiners, the byte-order mark, soft hyphens, tag characters), lone surrogates and
 * the line and paragraph separators. Two ids that print alike must be the same id.
 */
const DECEPTIVE_ID_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Why an id is deceptive (naming the first offending character), or undefined. */
export function deceptiveIdProblem(id: string): string | undefined {
  const found = DECEPTIVE_ID_CHARACTER.exec(id);
  if (!found) return undefined;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control, format or bidirectional characters (U+${code} at position ${found.index})`;
}

/**
 * Text as people can read it safely in a terminal or a log: the characters
 * deceptiveIdProblem refuses in ids are escaped (`\u{202E}`), so an id stored by an older
 * version cannot reorder or hide the text around it.
 */
export function printableText(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu,
    (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`,
  );
}

/** An id in quotes, printable (see printableText; quotes and backslashes escaped too). */
export const printableId = (id: string): string =>
  `"${printableText(id.replace(/["\\]/g, (ch) => `\\${ch}`))}"`;

/**
 * A stable identifier: a URI, CTID or any non-empty string without surrounding spaces and
 * without deceptive characters. Every id of the model (catalogue records, learners, holdings,
 * request and path parameters) is this schema, so the rule is in one place.
 */
export const Id = z
  .string()
  .min(1)
  .max(500)
  .regex(/^\S(.*\S)?$/, 'must not start or end with whitespace')
  .superRefine((id, ctx) => {
    const problem = deceptiveIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: id });
  })
  .describe(
    'Stable identifier (URI, CTID or local id): no surrounding whitespace, no control, format or bidirectional-override characters.',
  );

/** A calendar date, `YYYY-MM-DD`; dates carry no time zone in this domain. */
export const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD.');

/**
 * What a provider's recognition of prior learning allows: granting its credentials by
 * exemption, within caps on what recognition may fill of a qualification it awards
 * (engine/priorLearning.ts; docs/engine-semantics.md, "Prior learning").
 */
export const PriorLearningPolicy = z
  .object({
    exemption: z
      .boolean()
      .describe(
        'A credential of this provider whose learning outcomes are all held can be granted by exemption.',
      ),
    maxShareOfQualification: z
      .number()
      .gt(0, 'must be above 0')
      .max(1, 'must be at most 1')
      .optional()
      .describe(
        "At most this share of a qualification's credits may be filled by exemption and credit transfer.",
      ),
    minCreditsWithProvider: z
      .number()
      .nonnegative()
      .max(1000)
      .optional()
      .describe(
        'With an exemption, at least this many credits of the qualification must be taken with the awarding provider.',
      ),
    cost: z.number().nonnegative().optional().describe('Fee for one application (EUR).'),
    weeks: z
      .number()
      .int()
      .nonnegative()
      .max(104)
      .optional()
      .describe('Weeks from applying to the decision.'),
    source: z.string().min(1).optional().describe('The policy text or where it is published.'),
  })
  .strict()
  .meta({ id: 'PriorLearningPolicy' });
export type PriorLearningPolicy = z.infer<typeof PriorLearningPolicy>;

export const Provider = z
  .object({
    id: Id,
    name: z.string().min(1),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "IE"')
      .optional(),
    qualityAssured: z.boolean().optional().describe('Provider is under an external QA regime.'),
    url: z.url().optional(),
    priorLearningPolicy: PriorLearningPolicy.optional().describe(
      'How the provider recognises prior learning (exemption, caps, cost, time).',
    ),
  })
  .strict()
  .meta({ id: 'Provider' });
export type Provider = z.infer<typeof Provider>;

export const CredentialKind = z.enum([
  'micro-credential',
  'unit',
  'course',
  'module',
  'badge',
  'assessment',
  'certificate',
  'diploma',
  'degree',
  'qualification',
]);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const StudyMode = z.enum(['online', 'in-person', 'blended']);
export type StudyMode = z.infer<typeof StudyMode>;

/** A day of the year, `MM-DD`, on which a recurring intake starts every year. */
export const MonthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a day of the year, MM-DD')
  .refine((md) => {
    const [m, d] = md.split('-').map(Number) as [number, number];
    // 02-29 is refused: an intake that exists one year in four is not a yearly intake.
    return d <= [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  }, 'is not a day of every year')
  .describe('Day of the year, MM-DD (02-29 is not allowed).');

/**
 * One way to take a credential: when it starts (one date, yearly intakes, or any day), how
 * long it lasts, and where it differs from the credential (mode, language, cost). The planner
 * dates a plan from these (engine/planner/calendar.ts).
 */
export const Offering = z
  .object({
    id: Id.optional().describe('Id of the offering at its source (a CTDL ScheduledOffering).'),
    startDate: IsoDate.optional().describe('A single start date.'),
    intakes: z
      .array(MonthDay)
      .min(1)
      .max(12)
      .optional()
      .describe('Recurring intakes: starts every year on these days (e.g. ["09-01", "02-01"]).'),
    anyTime: z
      .literal(true)
      .optional()
      .describe('Starts on any day (self-paced, continual enrolment).'),
    from: IsoDate.optional().describe('Recurring or any-time starts no earlier than this.'),
    until: IsoDate.optional().describe('Recurring or any-time starts no later than this.'),
    durationWeeks: z.number().int().positive().max(520).optional(),
    durationMonths: z.number().int().positive().max(120).optional(),
    mode: StudyMode.optional().describe("Where it differs from the credential's."),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "en"')
      .optional(),
    cost: z
      .number()
      .nonnegative()
      .optional()
      .describe("Fee in EUR, where it differs from the credential's."),
    open: z
      .boolean()
      .default(true)
      .describe('Taking enrolments; a closed offering is never planned.'),
  })
  .strict()
  .superRefine((o, ctx) => {
    const starts = [o.startDate, o.intakes, o.anyTime].filter((x) => x !== undefined).length;
    if (starts !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['startDate'],
        message: 'give exactly one of startDate, intakes or anyTime',
      });
    if (o.startDate !== undefined && (o.from !== undefined || o.until !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: [o.from !== undefined ? 'from' : 'until'],
        message: 'applies to intakes or anyTime, not to a single startDate',
      });
    if (o.from !== undefined && o.until !== undefined && o.until < o.from)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'is before from' });
    if (o.durationWeeks !== undefined && o.durationMonths !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['durationMonths'],
        message: 'give durationWeeks or durationMonths, not both',
      });
  })
  .meta({ id: 'Offering' });
export type Offering = z.infer<typeof Offering>;

const ruleTreeLimitsText = `at most ${RULE_TREE_LIMITS.depth} levels and ${RULE_TREE_LIMITS.size} nodes and accepted ids`;

const credits = z
  .number({ error: 'must be a number' })
  .nonnegative('must not be negative')
  .max(1000, 'is implausibly large (more than 1000)');

/** The credit system the catalogue counts in; every other system is converted into it. */
export const ECTS = 'ECTS';

const creditSystem = z
  .string()
  .min(1)
  .max(100)
  .describe('A credit system, e.g. "ECTS", "ECVET points", "US semester credit hours".');

export const Credential = z
  .object({
    id: Id,
    title: z.string().min(1),
    kind: CredentialKind,
    qualification: z
      .boolean()
      .default(false)
      .describe('A full qualification (macro-credential); stored with the Qualification label.'),
    description: z.string().optional(),
    credits: credits.describe(
      'Credits in ECTS (or, with a creditSystem the catalogue converts, as the source stated them).',
    ),
    creditSystem: creditSystem
      .optional()
      .describe(
        'Credit system of the source when not ECTS, e.g. "US semester credit hours"; the engine then counts `creditsOriginal` converted by the catalogue\'s factor for it.',
      ),
    creditsOriginal: credits
      .optional()
      .describe('Credits in the source credit system (default: `credits`).'),
    eqfLevel: z.number().int().min(1).max(8).optional(),
    nqfLevel: z.string().min(1).optional().describe('National qualification framework level.'),
    provider: Id.optional().describe('Id of the awarding provider.'),
    cost: z.number().nonnegative().optional().describe('Fee in EUR.'),
    hours: z.number().nonnegative().optional().describe('Notional learning hours.'),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "en"')
      .optional(),
    mode: StudyMode.optional(),
    earnable: z
      .boolean()
      .optional()
      .describe('Can be taken directly; defaults to true when there is no award rule.'),
    validityMonths: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('A held award lapses this many months after it was awarded.'),
    url: z.url().optional(),
    // EU Council Recommendation standard elements (where known).
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
      .optional(),
    assessment: z.string().min(1).optional().describe('Type of assessment.'),
    participation: z.string().min(1).optional().describe('Form of participation.'),
    qualityAssurance: z.string().min(1).optional().describe('Type of quality assurance.'),
    prerequisitesText: z.string().min(1).optional(),
    gradingScheme: z.string().min(1).optional(),
    identityVerification: z.string().min(1).optional(),
    // Structure.
    learningOutcomes: z
      .array(Id)
      .default([])
      .describe('Learning outcomes this credential certifies.'),
    awardRule: BoundedRuleTree.optional().describe(
      `How the credential is earned by stacking others (${ruleTreeLimitsText}).`,
    ),
    entryRule: BoundedRuleTree.optional().describe(
      `What must be held before starting (${ruleTreeLimitsText}).`,
    ),
    corequisites: z.array(Id).default([]).describe('Credentials taken together or before.'),
    strictCorequisites: z
      .array(Id)
      .optional()
      .describe(
        'Credentials taken in the same term (CurricularAnalytics strict co-requisites), unless held before; the planner starts them together and explains contradictions.',
      ),
    referencePlan: z
      .array(
        z
          .object({
            credential: Id,
            term: z.number().int().positive().describe('Term of the reference plan, from 1.'),
          })
          .strict(),
      )
      .optional()
      .describe(
        "The awarding institution's own term-by-term plan (a degree plan), kept to compare with planned pathways.",
      ),
    precedes: z
      .array(Id)
      .default([])
      .describe('Suggested (not required) to be taken before these.'),
    offerings: z
      .array(Offering)
      .max(50)
      .optional()
      .describe(
        'When and how it can be taken; a dated plan uses these (without any, a documented default: any month, duration from credits).',
      ),
  })
  .strict()
  .meta({ id: 'Credential' });
export type Credential = z.infer<typeof Credential>;

export const LearningOutcome = z
  .object({
    id: Id,
    statement: z.string().min(1),
    eqfLevel: z.number().int().min(1).max(8).optional(),
    skills: z
      .array(
        z
          .object({
            skill: Id.describe('ESCO skill URI.'),
            relation: z.enum(['develops', 'assesses']).default('develops'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .meta({ id: 'LearningOutcome' });
export type LearningOutcome = z.infer<typeof LearningOutcome>;

export const Skill = z
  .object({
    id: Id.describe('ESCO concept URI.'),
    label: z.string().min(1),
    group: z.boolean().default(false).describe('An ESCO skill group rather than a skill.'),
    skillType: z.string().min(1).optional(),
    reuseLevel: z.string().min(1).optional(),
    altLabels: z.array(z.string().min(1)).default([]),
    description: z.string().min(1).optional(),
    code: z.string().min(1).optional().describe('Skill group code, e.g. "S1.2".'),
    broader: z.array(Id).default([]).describe('Broader skills or skill groups.'),
    essentialSkills: z
      .array(Id)
      .optional()
      .describe('ESCO skill-skill relations: skills essential to this one.'),
    optionalSkills: z
      .array(Id)
      .optional()
      .describe('ESCO skill-skill relations: skills optional to this one.'),
  })
  .strict()
  .meta({ id: 'Skill' });
export type Skill = z.infer<typeof Skill>;

export const Occupation = z
  .object({
    id: Id.describe('ESCO occupation URI.'),
    label: z.string().min(1),
    iscoGroup: z.string().min(1).optional(),
    code: z.string().min(1).optional().describe('ESCO occupation code, e.g. "2654.1.7".'),
    altLabels: z.array(z.string().min(1)).default([]),
    description: z.string().min(1).optional(),
    essentialSkills: z.array(Id).default([]),
    optionalSkills: z.array(Id).default([]),
    broader: z
      .array(Id)
      .optional()
      .describe('Broader occupations or ISCO groups (ESCO occupation pillar).'),
  })
  .strict()
  .meta({ id: 'Occupation' });
export type Occupation = z.infer<typeof Occupation>;

export const IscoGroup = z
  .object({
    id: Id.describe('ESCO URI of the ISCO-08 group.'),
    code: z.string().regex(/^\d{1,4}$/, 'must be an ISCO-08 code of 1 to 4 digits'),
    label: z.string().min(1),
    altLabels: z.array(z.string().min(1)).default([]),
    description: z.string().min(1).optional(),
    broader: z.array(Id).default([]).describe('The broader ISCO group.'),
  })
  .strict()
  .meta({ id: 'IscoGroup' });
export type IscoGroup = z.infer<typeof IscoGroup>;

/**
 * How many ECTS one credit of another system is worth, as the catalogue declares it: the engine
 * converts with declared factors only, never with a guess (docs/engine-semantics.md, "Credit
 * systems").
 */
export const CreditConversion = z
  .object({
    from: creditSystem.refine((s) => s !== ECTS, 'ECTS needs no conversion'),
    to: z.literal(ECTS).default(ECTS).describe("Always ECTS, the catalogue's unit."),
    factor: z
      .number()
      .positive('must be positive')
      .max(100, 'is implausibly large (more than 100)')
      .describe('ECTS per credit of `from`.'),
    source: z.string().min(1).describe('Where the factor comes from (a policy, a convention).'),
  })
  .strict()
  .meta({ id: 'CreditConversion' });
export type CreditConversion = z.infer<typeof CreditConversion>;

/**
 * A recognition agreement. Either `to`: a holder of `from` counts as holding that credential;
 * or `towards`: a holder of `from` is granted `credits` towards one credit-counting rule of a
 * qualification (partial credit transfer).
 */
/**
 * The id of the slot a partial transfer from `from` fills in a qualification's rule: a node of
 * the catalogue graph, so no other record may carry it (catalogueReferenceIssues).
 */
export const transferSlotId = (from: string, qualification: string, rule: string): string =>
  `transfer:${from}>${qualification}#${rule}`;

export const Recognition = z
  .object({
    from: Id.describe('Credential held.'),
    to: Id.optional().describe('Credential it counts as (a whole recognition).'),
    towards: z
      .object({
        qualification: Id.describe('The qualification whose award rule is credited.'),
        rule: z
          .string()
          .min(1)
          .describe('The `key` of a MIN_CREDITS node of its award rule that the credits count in.'),
      })
      .strict()
      .optional()
      .describe('Credits towards a rule of a qualification instead of a whole credential.'),
    credits: credits
      .optional()
      .describe(
        'Credits granted (in `creditSystem`); required with `towards`, defaults to the credits of `to`.',
      ),
    creditSystem: creditSystem
      .optional()
      .describe("System `credits` are in (default ECTS); converted by the catalogue's factor."),
    validFrom: IsoDate.optional(),
    validUntil: IsoDate.optional(),
    source: z.string().min(1).optional().describe('Agreement or decision granting it.'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.to === undefined) === (r.towards === undefined))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'give exactly one of to or towards' });
    if (r.towards !== undefined && r.credits === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['credits'],
        message: 'a recognition towards a rule needs the credits it grants',
      });
    if (r.creditSystem !== undefined && r.credits === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['creditSystem'],
        message: 'names the system of credits, which are not given',
      });
  })
  .meta({ id: 'Recognition' });
export type Recognition = z.infer<typeof Recognition>;

/** What identifies a recognition agreement: its ends (a credential, or a qualification's rule). */
export const recognitionKey = (r: {
  from: string;
  to?: string | undefined;
  towards?: { qualification: string; rule: string } | undefined;
}): string =>
  r.towards
    ? `${r.from}\u0000${r.towards.qualification}#${r.towards.rule}`
    : `${r.from}\u0000${r.to ?? ''}`;

/** A recognition as people read it: "from -> to" or "from -> qualification (rule key)". */
export const recognitionLabel = (r: Parameters<typeof recognitionKey>[0]): string =>
  r.towards
    ? `${r.from} -> ${r.towards.qualification} (rule ${r.towards.rule})`
    : `${r.from} -> ${r.to ?? ''}`;

/** The fields of a holding, before the rule across them (requests pick from these). */
export const HoldingFields = z
  .object({
    credential: Id,
    awardedOn: IsoDate,
    expiresOn: IsoDate.optional(),
    grade: z.string().min(1).optional(),
    creditsEarned: credits.optional(),
    verified: z.boolean().default(false),
    source: z.string().min(1).optional().describe('Where the record came from (e.g. a badge).'),
  })
  .strict();

/**
 * A holding cannot expire before it was awarded: one rule for every path that writes one
 * (documents, requests, the badge importer, the store).
 */
export const expiresAfterAward = (h: {
  awardedOn: string;
  expiresOn?: string | undefined;
}): boolean => h.expiresOn === undefined || h.expiresOn >= h.awardedOn;
export const expiryBeforeAward = { path: ['expiresOn'], message: 'is before awardedOn' };

export const Holding = HoldingFields.refine(expiresAfterAward, expiryBeforeAward).meta({
  id: 'Holding',
});
export type Holding = z.infer<typeof Holding>;

export const PriorLearningMethod = z.enum([
  'validation',
  'assessment',
  'self-declared',
  'imported-achievement',
]);
export type PriorLearningMethod = z.infer<typeof PriorLearningMethod>;

/**
 * A learning outcome or ESCO skill a learner has shown outside the catalogue's credentials
 * (recognition of prior learning): validated, assessed, self-declared, or an achievement of an
 * imported credential that matches no catalogue credential. Exactly one of outcome and skill.
 */
export const PriorLearningRecord = z
  .object({
    outcome: Id.optional().describe('A learning outcome of the catalogue.'),
    skill: Id.optional().describe('An ESCO skill URI.'),
    method: PriorLearningMethod,
    validatedOn: IsoDate.describe('When it was validated, assessed or declared.'),
    evidence: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe('Reference to the evidence (a URL or a file id), never the evidence itself.'),
    verified: z
      .boolean()
      .default(false)
      .describe('Checked by the provider; unverified records count only with countUnverified.'),
    source: z.string().min(1).optional().describe('Who validated it, or where it came from.'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.outcome === undefined) === (r.skill === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [r.outcome === undefined ? 'outcome' : 'skill'],
        message: 'give exactly one of outcome or skill',
      });
  })
  .meta({ id: 'PriorLearningRecord' });
export type PriorLearningRecord = z.infer<typeof PriorLearningRecord>;

export const Learner = z
  .object({
    id: Id.describe('Pseudonymous id; no personal data.'),
    holdings: z.array(Holding).default([]),
    priorLearning: z
      .array(PriorLearningRecord)
      .max(1000)
      .default([])
      .describe('Validated learning outcomes and ESCO skills (recognition of prior learning).'),
  })
  .strict()
  .meta({ id: 'Learner' });
export type Learner = z.infer<typeof Learner>;

export const CATALOGUE_FORMAT = 'pathways-catalogue/1';

const CatalogueShape = z
  .object({
    format: z.literal(CATALOGUE_FORMAT).default(CATALOGUE_FORMAT),
    name: z.string().min(1).optional(),
    providers: z.array(Provider).default([]),
    credentials: z.array(Credential).default([]),
    learningOutcomes: z.array(LearningOutcome).default([]),
    skills: z.array(Skill).default([]),
    occupations: z.array(Occupation).default([]),
    iscoGroups: z.array(IscoGroup).optional(),
    recognitions: z.array(Recognition).default([]),
    creditConversions: z.array(CreditConversion).optional(),
    learners: z.array(Learner).default([]),
  })
  .strict();

export type CatalogueDocumentInput = z.input<typeof CatalogueShape>;
export type CatalogueDocument = z.output<typeof CatalogueShape>;
export { CatalogueShape };
