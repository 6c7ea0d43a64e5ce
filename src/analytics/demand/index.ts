import { z } from 'zod';
import { credentialOf, type CatalogueGraph } from '../../graph/index.js';
import { CredentialKind, Id, Target } from '../../model/index.js';
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
  steps: z.array(z.object({ take: z.array(z.object({ credential: Id })) })),
});
export type LearnerPlan = z.input<typeof LearnerPlan>;

export const CredentialDemand = z
  .object({
    credential: Id,
    title: z.string(),
    kind: CredentialKind,
    provider: Id.optional(),
    next: z.number().int().describe('Learners whose plan takes it in its first step.'),
    total: z.number().int().describe('Learners whose plan takes it in any step.'),
    learners: z.array(Id).optional().describe('Who they are (pseudonymous ids), when asked for.'),
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

/**
 * Demand for each credential from learners' plans: how many learners take it next (in the
 * first step of their plan) and in all, so a college sees the seats to plan for and the
 * modules nobody needs. Counts are of distinct learners: one with two targets whose plans
 * both take a module needs one seat. An unreachable target is counted, never dropped.
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
  const next = new Map<string, Set<string>>();
  const all = new Map<string, Set<string>>();
  const add = (to: Map<string, Set<string>>, credential: string, learner: string) => {
    const set = to.get(credential) ?? new Set<string>();
    set.add(learner);
    to.set(credential, set);
  };
  const unreachable = new Set<string>();
  parsed.data.forEach((plan, p) => {
    if (!isCounted(plan)) return;
    if (plan.status === 'infeasible') {
      unreachable.add(plan.learner);
      return;
    }
    plan.steps.forEach((step, i) => {
      step.take.forEach(({ credential }, j) => {
        if (!credentialOf(graph, credential))
          throw new AnalyticsInputError(
            MODULE,
            `a plan of "${plan.learner}" takes "${credential}", which is not in the catalogue`,
            ['plans', p, 'steps', i, 'take', j, 'credential'],
            'unknown-id',
          );
        if (!inScope(credential)) return;
        if (i === 0) add(next, credential, plan.learner);
        add(all, credential, plan.learner);
      });
    });
  });

  const sorted = (ids: Iterable<string>) => [...ids].sort();
  const credentials: CredentialDemand[] = [...all].map(([id, learners]) => {
    const c = credentialOf(graph, id)!;
    return {
      credential: id,
      title: c.title,
      kind: c.kind,
      ...(c.provider !== undefined ? { provider: c.provider } : {}),
      next: next.get(id)?.size ?? 0,
      total: learners.size,
      ...(opts.listLearners ? { learners: sorted(learners) } : {}),
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
    if (node.type === 'credential' && !node.qualification && inScope(id) && !all.has(id))
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
  };
}
