import { z } from 'zod';
import {
  Credential,
  CredentialKind,
  Id,
  IsoDate,
  PriorLearningMethod,
  StudyMode,
} from './catalogue.js';
import { RequirementOp } from './requirement.js';
import { ObjectiveName, Target } from './requests.js';

/**
 * What the engine and the store answer, as zod schemas: the HTTP API documents its responses
 * with them (OpenAPI), and `src/api/contracts.ts` checks at compile time, both ways, that the
 * engine's result types and these schemas have the same fields and that its values fit.
 */

const Named = z.object({ credential: Id, title: z.string() });

export const HeldCredentialOutput = z
  .object({ credential: Id, awardedOn: IsoDate, expiresOn: IsoDate.optional() })
  .meta({ id: 'HeldCredentialOutput' });

export const DroppedHolding = z
  .object({
    holding: HeldCredentialOutput,
    reason: z.enum(['unknown', 'lapsed', 'expired', 'not-yet-awarded']),
    detail: z.string().describe('A sentence a person can read.'),
  })
  .meta({ id: 'DroppedHolding' });

const HoldingsCheck = z.object({
  valid: z.array(HeldCredentialOutput),
  dropped: z.array(DroppedHolding),
});

export const ConvertedCredits = z
  .object({
    creditSystem: z.string().describe('The system the credits were stated in.'),
    amount: z.number().describe('The credits in that system.'),
    factor: z
      .number()
      .optional()
      .describe('ECTS per credit as the catalogue declares it; absent: no conversion, counted 0.'),
    source: z.string().optional().describe('Where the factor comes from.'),
  })
  .meta({ id: 'ConvertedCredits' });

export const TransferCredit = z
  .object({
    held: Id.describe('The credential held (or taken in the plan) that counts by transfer.'),
    qualification: Id,
    rule: z.string().describe("The key of the qualification's MIN_CREDITS rule credited."),
    ruleNode: z.string().describe('The id of that rule node (as in audits).'),
    credits: z.number().describe('ECTS counted.'),
    source: z.string().optional().describe('The agreement granting it.'),
    converted: ConvertedCredits.optional(),
  })
  .meta({ id: 'TransferCredit' });

/** A credential (or an agreement) whose credits are in a system the catalogue cannot convert. */
export const UnconvertedCredits = z
  .object({
    credential: Id,
    towards: Id.optional().describe('For a transfer agreement: the qualification it credits.'),
    creditSystem: z.string(),
    amount: z.number(),
  })
  .meta({ id: 'UnconvertedCredits' });

export const Milestone = z
  .object({
    credential: Id,
    placements: z
      .array(z.object({ slot: z.number().int(), item: Id, credits: z.number() }))
      .describe('Which held items filled which leaves of its award rule.'),
  })
  .meta({ id: 'Milestone' });

export const AuditNode: z.ZodType<AuditNodeShape> = z
  .object({
    id: z.string(),
    label: z.string().optional(),
    designation: z.string().optional(),
    op: RequirementOp,
    status: z.enum(['complete', 'partial', 'missing']),
    done: z.number().describe('Branches satisfied, or credits counted for MIN_CREDITS.'),
    needed: z.number(),
    unit: z.enum(['branches', 'credits']),
    progress: z.number().min(0).max(1),
    applied: z.array(
      z.object({
        accepts: Id,
        item: Id,
        credits: z.number(),
        via: z
          .enum(['recognition', 'transfer'])
          .optional()
          .describe('Counted through an agreement: as another credential, or credits by transfer.'),
        source: z.string().optional().describe('The agreement it counts under.'),
      }),
    ),
    remaining: z.array(
      z.object({
        id: Id,
        title: z.string(),
        kind: z.enum(['credential', 'outcome', 'skill', 'transfer']),
        credits: z.number().optional(),
      }),
    ),
    get children(): z.ZodArray<z.ZodType<AuditNodeShape>> {
      return z.array(AuditNode);
    },
    get subAudits(): z.ZodArray<z.ZodType<CredentialAuditShape>> {
      return z.array(CredentialAudit).describe('Accepted awards not held yet, audited in turn.');
    },
  })
  .meta({ id: 'AuditNode' });

export const CredentialAudit: z.ZodType<CredentialAuditShape> = z
  .object({
    credential: Id,
    title: z.string(),
    achieved: z.boolean(),
    get rule(): z.ZodOptional<z.ZodType<AuditNodeShape>> {
      return AuditNode.optional();
    },
  })
  .meta({ id: 'CredentialAudit' });

interface AuditNodeShape {
  id: string;
  label?: string | undefined;
  designation?: string | undefined;
  op: z.infer<typeof RequirementOp>;
  status: 'complete' | 'partial' | 'missing';
  done: number;
  needed: number;
  unit: 'branches' | 'credits';
  progress: number;
  applied: {
    accepts: string;
    item: string;
    credits: number;
    via?: 'recognition' | 'transfer' | undefined;
    source?: string | undefined;
  }[];
  remaining: {
    id: string;
    title: string;
    kind: 'credential' | 'outcome' | 'skill' | 'transfer';
    credits?: number | undefined;
  }[];
  children: AuditNodeShape[];
  subAudits: CredentialAuditShape[];
}

interface CredentialAuditShape {
  credential: string;
  title: string;
  achieved: boolean;
  rule?: AuditNodeShape | undefined;
}

/** Which prior-learning records counted (and the outcomes each established), and which not. */
export const PriorLearningRecords = z
  .object({
    counted: z.array(
      z.object({
        index: z.number().int().describe("Position in the learner's or the request's list."),
        outcome: Id.optional(),
        skill: Id.optional(),
        method: PriorLearningMethod,
        validatedOn: IsoDate,
        verified: z.boolean(),
        evidence: z.string().optional(),
        source: z.string().optional(),
        outcomes: z.array(Id).describe('Learning outcomes it establishes.'),
      }),
    ),
    dropped: z.array(
      z.object({
        index: z.number().int(),
        reason: z.enum([
          'not-yet-validated',
          'unverified',
          'self-declared',
          'unknown-outcome',
          'no-outcome-for-skill',
        ]),
        detail: z.string().describe('A sentence a person can read.'),
      }),
    ),
  })
  .meta({ id: 'PriorLearningRecords' });

export const AuditResponse = z
  .object({
    asOf: IsoDate,
    target: Target,
    title: z.string(),
    achieved: z.boolean(),
    percent: z.number().min(0).max(100).describe('Overall progress towards the target.'),
    holdings: HoldingsCheck,
    recognitions: z.array(z.object({ held: Id, countsAs: Id, credits: z.number() })),
    transfers: z
      .array(TransferCredit.extend({ counted: z.boolean() }))
      .describe(
        'Held credentials granted credits towards a rule by a partial transfer in force, and whether the audit counted them.',
      ),
    unconverted: z
      .array(UnconvertedCredits)
      .describe(
        'Held credentials (or their transfer agreements) whose credits are in a system the catalogue declares no conversion for: counted 0.',
      ),
    milestones: z.array(Milestone).describe('Awards already earned by stacking.'),
    goal: AuditNode,
    unused: z.array(Id).describe('Valid holdings that count towards nothing in the target.'),
    proven: z.boolean().describe('False when a very large audit stopped before proving.'),
    priorLearning: PriorLearningRecords.extend({
      exemptable: z
        .array(Id)
        .describe(
          "Credentials the target's rules accept, not held, that could be granted by exemption (a plan weighs them).",
        ),
    })
      .optional()
      .describe('With prior learning: which records counted, towards which outcomes.'),
  })
  .meta({ id: 'Audit' });

export const Totals = z
  .object({ credits: z.number(), cost: z.number(), hours: z.number(), count: z.number() })
  .meta({ id: 'Totals' });

export const Infeasibility: z.ZodType<InfeasibilityShape> = z
  .object({
    reason: z.enum([
      'nothing-offered',
      'entry-rule-cycle',
      'entry-rule-unmet',
      'excluded-by-constraints',
      'budget',
      'skill-not-covered',
      'counted-elsewhere',
      'requisite-contradiction',
    ]),
    rule: z.object({ id: z.string(), label: z.string().optional(), of: Id }),
    detail: z.string(),
    get causes(): z.ZodArray<z.ZodType<InfeasibilityShape>> {
      return z.array(Infeasibility).describe('Deeper causes, one per option the rule offered.');
    },
  })
  .meta({ id: 'Infeasibility' });

interface InfeasibilityShape {
  reason:
    | 'nothing-offered'
    | 'entry-rule-cycle'
    | 'entry-rule-unmet'
    | 'excluded-by-constraints'
    | 'budget'
    | 'skill-not-covered'
    | 'counted-elsewhere'
    | 'requisite-contradiction';
  rule: { id: string; label?: string | undefined; of: string };
  detail: string;
  causes: InfeasibilityShape[];
}

/** A dated plan (request `calendar`): the plan's credentials on their offerings. */
export const DatedPlanCalendar = z
  .object({
    start: IsoDate,
    maxCreditsPerMonth: z
      .number()
      .optional()
      .describe('Study load: credits a month over the credentials running at once.'),
    maxCreditsPerTerm: z
      .number()
      .optional()
      .describe('Study load: credits started in each six-month term counted from the start.'),
    status: z
      .enum(['dated', 'undated'])
      .describe('undated: some credential cannot be scheduled (see unschedulable).'),
    credentials: z
      .array(
        z.object({
          credential: Id,
          start: IsoDate.describe('First day.'),
          end: IsoDate.describe('Last day.'),
          offering: z
            .number()
            .int()
            .optional()
            .describe(
              "Index in the credential's offerings; absent when it has none (default assumed).",
            ),
          creditsPerMonth: z.number().describe('Its load while it runs.'),
        }),
      )
      .describe('By start date.'),
    earned: z
      .array(z.object({ credential: Id, on: IsoDate }))
      .describe('Awards earned by stacking, on the day the last credential they need ends.'),
    completion: IsoDate.optional().describe('Last day of the last credential.'),
    earliestPossible: IsoDate.optional().describe(
      'Proven: no schedule of these credentials finishes before this day (equals completion when proven).',
    ),
    proven: z.boolean().describe('completion is proven the earliest for these credentials.'),
    method: z
      .enum(['bounds', 'exact', 'list'])
      .describe('bounds: met a lower bound; exact: exhaustive search; list: neither (bounded).'),
    assumed: z
      .array(Id)
      .describe(
        'Credentials without offerings, planned on the default: the first day of any month, credits at 5 a month (at least one month).',
      ),
    unschedulable: z.array(z.object({ credential: Id, reason: z.string() })),
    nodes: z.number().int().describe('Nodes of the exact search.'),
  })
  .meta({ id: 'DatedPlanCalendar' });

export const PlanResponse = z
  .object({
    status: z.enum(['planned', 'achieved', 'infeasible']),
    title: z.string(),
    asOf: IsoDate,
    objective: z.array(ObjectiveName),
    holdings: HoldingsCheck,
    alreadyEarned: z.array(Named),
    steps: z.array(
      z.object({
        step: z.number().int().positive(),
        starts: IsoDate.optional().describe('In a dated plan: the day its credentials start.'),
        take: z.array(
          z.object({
            credential: Id,
            title: z.string(),
            credits: z.number(),
            cost: z.number().optional(),
            hours: z.number().optional(),
            provider: Id.optional(),
            reasons: z.array(z.string()).describe('Why it is in the plan.'),
            start: IsoDate.optional().describe('In a dated plan: first day.'),
            end: IsoDate.optional().describe('In a dated plan: last day.'),
            offering: z
              .number()
              .int()
              .optional()
              .describe("In a dated plan: index in the credential's offerings."),
          }),
        ),
        milestones: z.array(Named).describe('Awards held once the step is complete.'),
        credits: z.number(),
        cost: z.number(),
      }),
    ),
    totals: Totals,
    objectiveValue: z.number(),
    optimality: z.enum(['optimal', 'feasible']),
    lowerBound: z
      .number()
      .nullable()
      .describe('Proven lower bound; equals objectiveValue when optimal; null when infeasible.'),
    alternatives: z.array(
      z.object({
        credentials: z.array(Id),
        totals: Totals,
        objectiveValue: z.number(),
        optimality: z
          .enum(['optimal', 'feasible'])
          .describe(
            'optimal: proven the least-objective plan containing no earlier plan; feasible: the best found within the search budget.',
          ),
      }),
    ),
    explanation: z.array(z.string()).describe('The plan in sentences.'),
    transfers: z
      .array(TransferCredit)
      .optional()
      .describe(
        'Credentials (held or taken) the plan counts by partial credit transfer, with the agreement and the conversion.',
      ),
    infeasibility: Infeasibility.optional(),
    terms: z
      .object({
        maxCreditsPerTerm: z.number(),
        count: z.number().int().describe('Terms of the plan (its steps).'),
        lowerBound: z
          .number()
          .int()
          .describe('Proven lower bound on the terms any schedule of these credentials needs.'),
        minimal: z.boolean().describe('count is proven the fewest terms for these credentials.'),
      })
      .optional()
      .describe('With maxCreditsPerTerm: how the credentials were packed into terms.'),
    calendar: DatedPlanCalendar.optional().describe(
      'With a calendar in the request: the dated credentials and the earliest completion.',
    ),
    time: z
      .object({
        completion: IsoDate.optional().describe("The plan's completion (its last day)."),
        earliestPossible: IsoDate.optional().describe(
          'Proven: no plan (with criteria before time: no plan best in them) finishes before this day; equals completion when proven.',
        ),
        proven: z
          .boolean()
          .describe(
            'The set is proven the best under the whole objective, and its dates the earliest.',
          ),
        decidedBy: ObjectiveName.optional().describe(
          'The first criterion in which this plan beats the plan chosen without time (absent: it does not).',
        ),
        withoutTime: z
          .object({ credentials: z.array(Id), completion: IsoDate.optional() })
          .describe('The plan the objective without time chooses, and its completion.'),
        nodes: z.number().int().describe('Nodes of the set search.'),
        sets: z.number().int().describe('Sets of credentials dated by the search.'),
      })
      .optional()
      .describe('With time in the objective: how the set was chosen for the earliest completion.'),
    creditsMissing: z
      .number()
      .int()
      .optional()
      .describe(
        'Credentials considered that have no credits (0); a credits objective then also minimises count, then cost.',
      ),
    priorLearning: PriorLearningRecords.extend({
      exemptions: z
        .array(
          z.object({
            kind: z.literal('recognition').describe('The step "apply for recognition of X".'),
            credential: Id,
            title: z.string(),
            credits: z.number().describe('Credits granted by exemption (not studied).'),
            provider: Id,
            evidence: z
              .array(z.number().int())
              .describe('The prior-learning records it relies on (their index).'),
            policySource: z.string().optional(),
            cost: z.number().describe("The policy's fee for an application (EUR)."),
            weeks: z.number().describe('Weeks from applying to the decision.'),
            decidedOn: IsoDate.optional().describe(
              'In a dated plan: applied for on the start day, decided on this day (what needs it starts after).',
            ),
          }),
        )
        .describe('Credentials granted by exemption, each a step before the plan.'),
      cap: z
        .object({
          qualification: Id,
          provider: Id.describe('The awarding provider, whose policy sets the caps.'),
          policySource: z.string().optional(),
          maxCredits: z
            .number()
            .optional()
            .describe(
              "Credits exemption and transfer may fill at most (share of the qualification's).",
            ),
          transferCredits: z
            .number()
            .describe('Credits held credentials of other providers transfer.'),
          exemptedCredits: z.number(),
          left: z.number().optional().describe('maxCredits less transfer and exemptions.'),
          minCreditsWithProvider: z.number().optional(),
          creditsWithProvider: z
            .number()
            .describe('Credits the plan takes with the awarding provider.'),
          shareBinds: z.boolean().describe('The share cap kept an exemptable credential out.'),
        })
        .optional()
        .describe("The awarding provider's caps, as the plan uses them."),
      notConsidered: z
        .array(Id)
        .describe('Exemptable credentials beyond the 8 considered (the plan is then not proven).'),
      variants: z.number().int().describe('Subsets of exemptions planned.'),
    })
      .optional()
      .describe('With prior learning: what counted, exemptions and caps.'),
    search: z.object({ nodes: z.number().int() }),
  })
  .meta({ id: 'Plan' });

export const LadderResponse = z
  .object({
    target: Id,
    rungs: z.array(
      z.object({
        credential: Id,
        title: z.string(),
        additionalCredits: z.number(),
        take: z.array(Id),
      }),
    ),
    totalCredits: z.number(),
  })
  .meta({ id: 'Ladder' });

/** One credential in a listing. */
export const CredentialSummary = z
  .object({
    id: Id,
    title: z.string(),
    kind: CredentialKind,
    qualification: z.boolean(),
    credits: z.number(),
    eqfLevel: z.number().int().optional(),
    provider: Id.optional(),
    language: z.string().optional(),
    mode: StudyMode.optional(),
    earnable: z.boolean(),
  })
  .meta({ id: 'CredentialSummary' });

export const SkillSummary = z
  .object({
    id: Id,
    label: z.string(),
    group: z.boolean(),
    skillType: z.string().optional(),
    altLabels: z.array(z.string()),
  })
  .meta({ id: 'SkillSummary' });

export const OccupationSummary = z
  .object({
    id: Id,
    label: z.string(),
    iscoGroup: z.string().optional(),
    altLabels: z.array(z.string()),
  })
  .meta({ id: 'OccupationSummary' });

/** A page of a listing; `next` is the opaque cursor of the following page, null at the end. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      next: z.string().nullable().describe('Pass as `cursor` to get the next page.'),
    })
    .meta({ id });
}

/** RFC 9457 problem details. */
export const Problem = z
  .object({
    type: z.string().describe('A URI naming the kind of problem.'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path.'),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          in: z.enum(['body', 'query', 'path']),
          path: z.string().describe('The field, e.g. `holdings[0].credential`.'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('Every invalid field, for validation errors.'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** A rule tree as the engine holds it: each node has a stable id (audits refer to it). */
export const RuleTree: z.ZodType<RuleTreeShape> = z
  .object({
    id: z.string(),
    op: RequirementOp,
    n: z.number().describe('N_OF: branches needed (ALL: all, ANY: 1).'),
    credits: z.number().describe('MIN_CREDITS: the credit sum needed.'),
    key: z.string().optional().describe('The stable name authored for the node.'),
    label: z.string().optional(),
    designation: z.string().optional(),
    maxShared: z.number().int(),
    accepts: z.array(Id),
    get children(): z.ZodArray<z.ZodType<RuleTreeShape>> {
      return z.array(RuleTree);
    },
  })
  .meta({ id: 'RuleTree' });

interface RuleTreeShape {
  id: string;
  op: z.infer<typeof RequirementOp>;
  n: number;
  credits: number;
  key?: string | undefined;
  label?: string | undefined;
  designation?: string | undefined;
  maxShared: number;
  accepts: string[];
  children: RuleTreeShape[];
}

const RecognitionLink = z.object({
  credential: Id,
  title: z.string(),
  credits: z.number().optional(),
  validFrom: IsoDate.optional(),
  validUntil: IsoDate.optional(),
  source: z.string().optional(),
});

export const CredentialDetail = Credential.omit({ awardRule: true, entryRule: true })
  .extend({
    qualification: z.boolean(),
    earnable: z.boolean(),
    converted: ConvertedCredits.optional().describe(
      'Credits stated in another system and how they were converted to the ECTS counted.',
    ),
    awardRule: RuleTree.optional(),
    entryRule: RuleTree.optional(),
    stacksInto: z
      .array(z.object({ id: Id, title: z.string() }))
      .describe('Awards it counts towards.'),
    recognisedAs: z.array(RecognitionLink).describe('Credentials it counts as elsewhere.'),
    recognisedFrom: z.array(RecognitionLink).describe('Credentials that count as it.'),
    outcomes: z
      .array(z.object({ id: Id, statement: z.string() }))
      .describe('The learning outcomes it certifies, with what each says.'),
  })
  .meta({ id: 'CredentialDetail' });
