import { z } from 'zod';
import { credentialOf, type CatalogueGraph } from '../../graph/index.js';
import { CredentialKind, Id, IsoDate, PlanCalendar, Target } from '../../model/index.js';
import {
  AnalyticsInputError,
  parseOptions,
  requireProvider,
  requireQualification,
} from '../errors.js';

const MODULE = 'demand';

export const DemandOptions = z
  .object({
    provider: Id.optional().describe('Only the credentials of this provider.'),
    qualification: Id.optional().describe(
      'Only the plans whose target is this qualification (default: every plan given).',
    ),
    kinds: z
      .array(CredentialKind)
      .optional()
      .describe('Only credentials of these kinds (default: all).'),
    listLearners: z
      .boolean()
      .default(false)
      .describe('Also name the learners (pseudonymous ids) behind each count.'),
    calendar: PlanCalendar.optional().describe(
      "Also count the seats per intake: the plans were dated from this start under this study load (a plan request's calendar); its start is the caller's (today by default), never read here.",
    ),
  })
  .strict();
export type DemandOptions = z.input<typeof DemandOptions>;

/**
 * One learner's plan towards one target, as the planner produced it: only its status and the
 * credentials each step takes are read.
 */
export const LearnerPlan = z.object({
  learner: Id.describe('Pseudonymous learner id.'),
  target: Target,
  status: z.enum(['planned', 'achieved', 'infeasible']),
  steps: z.array(
    z.object({
      take: z.array(
        z.object({
          credential: Id,
          start: IsoDate.optional().describe('In a dated plan: its first day.'),
          offering: z
            .number()
            .int()
            .nonnegative()
            .optional()
            .describe(
              "In a dated plan: index in the credential's offerings (absent: it has none, the default was assumed).",
            ),
        }),
      ),
    }),
  ),
  calendar: z
    .object({ start: IsoDate, status: z.enum(['dated', 'undated']) })
    .optional()
    .describe('When the plan was dated: from when, and whether every credential got dates.'),
});
export type LearnerPlan = z.input<typeof LearnerPlan>;

const Seats = z.object({
  next: z.number().int().describe('Learners whose plan takes it there in its first step.'),
  total: z.number().int().describe('Learners whose plan takes it there in any step.'),
  learners: z.array(Id).optional().describe('Who they are (pseudonymous ids), when asked for.'),
});

/** The seats of one intake: learners starting the credential on that offering that day. */
export const IntakeDemand = Seats.extend({
  start: IsoDate.describe('The day they start it.'),
  offering: z.number().int().describe("Index in the credential's offerings."),
  offeringId: Id.optional().describe("The offering's own id at its source, when it has one."),
}).meta({ id: 'IntakeDemand' });
export type IntakeDemand = z.infer<typeof IntakeDemand>;

export const CredentialDemand = z
  .object({
    credential: Id,
    title: z.string(),
    kind: CredentialKind,
    provider: Id.optional(),
    next: z.number().int().describe('Learners whose plan takes it in its first step.'),
    total: z.number().int().describe('Learners whose plan takes it in any step.'),
    learners: z.array(Id).optional().describe('Who they are (pseudonymous ids), when asked for.'),
    intakes: z
      .array(IntakeDemand)
      .optional()
      .describe(
        'With a calendar: per offering and start day the dated plans use, earliest first. A learner whose plans take it at two intakes is counted at each.',
      ),
    assumed: Seats.optional().describe(
      'With a calendar: learners whose dated plan takes it on the default, as it has no offering.',
    ),
    undated: Seats.optional().describe(
      'With a calendar: learners whose plan takes it but could not be dated (no intake known).',
    ),
  })
  .meta({ id: 'CredentialDemand' });
export type CredentialDemand = z.infer<typeof CredentialDemand>;

export const DemandReport = z
  .object({
    plans: z
      .object({
        counted: z.number().int(),
        planned: z.number().int(),
        achieved: z.number().int().describe('Target already reached: nothing to take.'),
        infeasible: z.number().int().describe('Target unreachable from what the learner holds.'),
      })
      .describe('The plans within the target filter, by status.'),
    learners: z.number().int().describe('Distinct learners behind the counted plans.'),
    credentials: z
      .array(CredentialDemand)
      .describe('Credentials some plan takes, most demanded first.'),
    unused: z
      .array(Id)
      .describe('Credentials in scope, other than qualifications, that no plan takes.'),
    unreachable: z
      .object({
        learners: z.number().int(),
        ids: z.array(Id).optional().describe('Who they are, when asked for.'),
      })
      .describe('Learners with at least one counted plan whose target is unreachable.'),
    calendar: z
      .object({
        start: IsoDate,
        maxCreditsPerTerm: z.number().optional(),
        maxCreditsPerMonth: z.number().optional(),
        undated: z
          .number()
          .int()
          .describe("Counted plans that could not be dated (see each credential's undated)."),
      })
      .optional()
      .describe('With a calendar: the one the plans were dated on, and the seats are per intake.'),
  })
  .meta({ id: 'DemandReport' });
export type DemandReport = z.infer<typeof DemandReport>;

/**
 * The options checked against `graph` (shape, then the provider and qualification named),
 * as credentialDemand checks them: a caller that plans the learners first checks them
 * before planning anything. Throws AnalyticsInputError (`unknown-id` for an id the
 * catalogue lacks).
 */
export function checkDemandOptions(
  graph: CatalogueGraph,
  options: DemandOptions = {},
): z.output<typeof DemandOptions> {
  const opts = parseOptions(MODULE, DemandOptions, options);
  requireProvider(MODULE, graph, opts.provider);
  requireQualification(MODULE, graph, opts.qualification);
  return opts;
}

/** Where a dated plan takes a credential: an intake (offering and day), the default, or no date. */
type Bucket = { kind: 'intake'; start: string; offering: number } | { kind: 'assumed' | 'undated' };
const bucketKey = (b: Bucket) => (b.kind === 'intake' ? `${b.start} ${b.offering}` : b.kind);

/** Learners behind a count: those taking it in the first step, and in any. */
interface Takers {
  next: Set<string>;
  all: Set<string>;
}
const takers = (): Takers => ({ next: new Set(), all: new Set() });

/**
 * Demand for each credential from learners' plans: how many learners take it next (in the
 * first step of their plan) and in all, so a college sees the seats to plan for and the
 * modules nobody needs. Counts are of distinct learners: one with two targets whose plans
 * both take a module needs one seat. An unreachable target is counted, never dropped.
 *
 * With a calendar, the plans are dated ones (made with that calendar) and each credential's
 * seats are also split by where the plans take it: per intake (offering and start day), on
 * the default when it has no offering, or undated when the plan could not be dated.
 */
export function credentialDemand(
  graph: CatalogueGraph,
  plans: readonly LearnerPlan[],
  options: DemandOptions = {},
): DemandReport {
  const opts = checkDemandOptions(graph, options);
  const parsed = z.array(LearnerPlan).safeParse(plans);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
    throw new AnalyticsInputError(MODULE, `invalid plans: ${issue.message}`, ['plans', ...path]);
  }

  const kinds = opts.kinds && new Set(opts.kinds);
  const inScope = (id: string) => {
    const c = credentialOf(graph, id);
    return (
      c !== undefined &&
      (opts.provider === undefined || c.provider === opts.provider) &&
      (!kinds || kinds.has(c.kind))
    );
  };

  const isCounted = (p: z.output<typeof LearnerPlan>) =>
    opts.qualification === undefined ||
    ('qualification' in p.target && p.target.qualification === opts.qualification);
  const counted = parsed.data.filter(isCounted);
  const demand = new Map<string, Takers>();
  // Per credential, per bucket key: the bucket and its takers.
  const perBucket = new Map<string, Map<string, { bucket: Bucket; takers: Takers }>>();
  const add = (credential: string, learner: string, first: boolean, bucket?: Bucket) => {
    const t = demand.get(credential) ?? takers();
    demand.set(credential, t);
    if (first) t.next.add(learner);
    t.all.add(learner);
    if (!bucket) return;
    const buckets =
      perBucket.get(credential) ?? new Map<string, { bucket: Bucket; takers: Takers }>();
    perBucket.set(credential, buckets);
    const key = bucketKey(bucket);
    const b = buckets.get(key) ?? { bucket, takers: takers() };
    buckets.set(key, b);
    if (first) b.takers.next.add(learner);
    b.takers.all.add(learner);
  };
  const unreachable = new Set<string>();
  let undatedPlans = 0;
  parsed.data.forEach((plan, p) => {
    if (!isCounted(plan)) return;
    if (plan.status === 'infeasible') {
      unreachable.add(plan.learner);
      return;
    }
    const at = (...path: (string | number)[]) => ['plans', p, ...path];
    // Per-intake counts need the plans dated with the calendar asked for; a plan with nothing
    // to take has nothing to date.
    let dating: 'dated' | 'undated' | undefined;
    if (opts.calendar && plan.steps.some((s) => s.take.length > 0)) {
      if (!plan.calendar)
        throw new AnalyticsInputError(
          MODULE,
          `the plan of "${plan.learner}" is not dated: seats per intake need plans dated with the calendar`,
          at('calendar'),
        );
      if (plan.calendar.start !== opts.calendar.start)
        throw new AnalyticsInputError(
          MODULE,
          `the plan of "${plan.learner}" is dated from ${plan.calendar.start}, not from the calendar's ${opts.calendar.start}`,
          at('calendar', 'start'),
        );
      dating = plan.calendar.status;
      if (dating === 'undated') undatedPlans++;
    }
    plan.steps.forEach((step, i) => {
      step.take.forEach(({ credential, start, offering }, j) => {
        const c = credentialOf(graph, credential);
        if (!c)
          throw new AnalyticsInputError(
            MODULE,
            `a plan of "${plan.learner}" takes "${credential}", which is not in the catalogue`,
            at('steps', i, 'take', j, 'credential'),
            'unknown-id',
          );
        if (!inScope(credential)) return;
        const bucket =
          dating &&
          bucketOf(dating, c.offerings?.length ?? 0, start, offering, {
            path: at('steps', i, 'take', j),
            learner: plan.learner,
            credential,
          });
        add(credential, plan.learner, i === 0, bucket);
      });
    });
  });

  const sorted = (ids: Iterable<string>) => [...ids].sort();
  const seats = (t: Takers) => ({
    next: t.next.size,
    total: t.all.size,
    ...(opts.listLearners ? { learners: sorted(t.all) } : {}),
  });
  const credentials: CredentialDemand[] = [...demand].map(([id, t]) => {
    const c = credentialOf(graph, id)!;
    const buckets = [...(perBucket.get(id)?.values() ?? [])];
    const special = (kind: 'assumed' | 'undated') => {
      const b = buckets.find((x) => x.bucket.kind === kind);
      return seats(b?.takers ?? takers());
    };
    return {
      credential: id,
      title: c.title,
      kind: c.kind,
      ...(c.provider !== undefined ? { provider: c.provider } : {}),
      ...seats(t),
      ...(opts.calendar
        ? {
            intakes: buckets
              .flatMap(({ bucket, takers: b }) =>
                bucket.kind === 'intake'
                  ? [
                      {
                        ...seats(b),
                        start: bucket.start,
                        offering: bucket.offering,
                        ...(c.offerings?.[bucket.offering]?.id !== undefined
                          ? { offeringId: c.offerings[bucket.offering]!.id }
                          : {}),
                      },
                    ]
                  : [],
              )
              .sort((a, b) =>
                a.start < b.start ? -1 : a.start > b.start ? 1 : a.offering - b.offering,
              ),
            assumed: special('assumed'),
            undated: special('undated'),
          }
        : {}),
    };
  });
  credentials.sort(
    (a, b) =>
      b.total - a.total ||
      b.next - a.next ||
      (a.credential < b.credential ? -1 : a.credential > b.credential ? 1 : 0),
  );
  const unused: string[] = [];
  graph.forEachNode((id, node) => {
    if (node.type === 'credential' && !node.qualification && inScope(id) && !demand.has(id))
      unused.push(id);
  });
  const status = (s: LearnerPlan['status']) => counted.filter((p) => p.status === s).length;
  return {
    plans: {
      counted: counted.length,
      planned: status('planned'),
      achieved: status('achieved'),
      infeasible: status('infeasible'),
    },
    learners: new Set(counted.map((p) => p.learner)).size,
    credentials,
    unused: sorted(unused),
    unreachable: {
      learners: unreachable.size,
      ...(opts.listLearners ? { ids: sorted(unreachable) } : {}),
    },
    ...(opts.calendar
      ? {
          calendar: {
            start: opts.calendar.start,
            ...(opts.calendar.maxCreditsPerTerm !== undefined
              ? { maxCreditsPerTerm: opts.calendar.maxCreditsPerTerm }
              : {}),
            ...(opts.calendar.maxCreditsPerMonth !== undefined
              ? { maxCreditsPerMonth: opts.calendar.maxCreditsPerMonth }
              : {}),
            undated: undatedPlans,
          },
        }
      : {}),
  };
}

/**
 * Where a plan takes a credential, checked against the credential: a dated plan gives every
 * credential a start day, and an offering index exactly when the credential has offerings
 * (the scheduler assumes the default only for one without).
 */
function bucketOf(
  status: 'dated' | 'undated',
  offerings: number,
  start: string | undefined,
  offering: number | undefined,
  where: { path: (string | number)[]; learner: string; credential: string },
): Bucket {
  if (status === 'undated') return { kind: 'undated' };
  const refuse = (field: string, why: string): never => {
    throw new AnalyticsInputError(
      MODULE,
      `the dated plan of "${where.learner}" takes "${where.credential}" ${why}`,
      [...where.path, field],
    );
  };
  if (start === undefined) return refuse('start', 'without a start day');
  if (offering === undefined) {
    if (offerings > 0) return refuse('offering', 'without saying on which of its offerings');
    return { kind: 'assumed' };
  }
  if (offering >= offerings)
    return refuse('offering', `on offering ${offering}, which it does not have`);
  return { kind: 'intake', start, offering };
}
