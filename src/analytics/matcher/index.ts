import type { Highs } from 'highs';
import { z } from 'zod';
import { compareIds, credentialOf, type CatalogueGraph } from '../../graph/index.js';
import { stackingClosure } from '../../engine/closure.js';
import { goalOf } from '../../engine/goal.js';
import { checkHoldings } from '../../engine/holdings.js';
import { itemFor } from '../../engine/items.js';
import { objectiveTotals, planPathway, type Plan } from '../../engine/planner/index.js';
import {
  checkPriorLearning,
  priorLearningItems,
  priorLearningRecords,
  priorLearningRelaxation,
} from '../../engine/priorLearning.js';
import {
  DroppedHolding,
  HeldCredentialInput,
  HeldCredentialOutput,
  Id,
  IsoDate,
  MatchRanking,
  PlanCalendar,
  ObjectiveName,
  PriorLearningFields,
  PriorLearningRecords,
  Totals,
} from '../../model/index.js';
import { parseOptions, requireProvider } from '../errors.js';
import { sharedBound } from './bound.js';

const MODULE = 'matcher';

export const MatcherOptions = z
  .object({
    holdings: z
      .array(HeldCredentialInput)
      .max(1000)
      .describe("The learner's credentials (what they hold)."),
    asOf: IsoDate.describe('Reference date.'),
    ...PriorLearningFields.shape,
    ...MatchRanking.shape,
    maxNodes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Search nodes per plan (see the planner).'),
  })
  .strict();
export type MatcherOptions = z.input<typeof MatcherOptions>;

const MatchTarget = z.union([
  z.object({ qualification: Id }).strict(),
  z.object({ occupation: Id }).strict(),
]);

export const OffRamp = z
  .object({
    credential: Id,
    title: z.string(),
    qualification: z.boolean().describe('A qualification, rather than another award.'),
    afterStep: z.number().int().positive().describe('Earned once this step of the plan is done.'),
    on: IsoDate.optional().describe('In a dated plan: the day it is earned.'),
  })
  .meta({ id: 'OffRamp' });
export type OffRamp = z.infer<typeof OffRamp>;

export const Match = z
  .object({
    rank: z.number().int().positive(),
    target: MatchTarget,
    title: z.string(),
    provider: Id.optional(),
    status: z
      .enum(['achieved', 'planned', 'unreachable'])
      .describe('achieved: already held; unreachable: no plan reaches it.'),
    left: Totals.optional().describe(
      "What is left: the exact plan's totals, what is studied (absent when unreachable).",
    ),
    exemptions: z
      .array(
        z.object({
          credential: Id,
          title: z.string(),
          credits: z.number(),
          cost: z.number().describe("The policy's fee (EUR)."),
          weeks: z.number(),
        }),
      )
      .optional()
      .describe(
        'With prior learning: credentials the plan has granted by exemption, not studied; the ranking weighs each as a step with its fee, as the plan does.',
      ),
    optimality: z
      .enum(['optimal', 'feasible'])
      .describe('optimal: the plan is proven the least objective; feasible: the best found.'),
    bound: z
      .number()
      .nullable()
      .describe(
        "The shared lower bound on the objective's first term that ordered the planning (null: proven unreachable).",
      ),
    completion: IsoDate.optional().describe('With a calendar: the earliest completion found.'),
    completionProven: z.boolean().optional().describe('completion is proven the earliest.'),
    steps: z.number().int().nonnegative(),
    take: z
      .array(z.object({ credential: Id, title: z.string(), credits: z.number() }))
      .describe("The plan's credentials, in step order."),
    offRamps: z
      .array(OffRamp)
      .describe(
        'Awards the plan earns on the way (qualifications and other awards), before the target.',
      ),
    unreachable: z.string().optional().describe('Why no plan reaches it.'),
  })
  .meta({ id: 'Match' });
export type Match = z.infer<typeof Match>;

export const MatchReport = z
  .object({
    asOf: IsoDate,
    objective: z.array(ObjectiveName),
    calendar: PlanCalendar.optional(),
    holdings: z.object({ valid: z.array(HeldCredentialOutput), dropped: z.array(DroppedHolding) }),
    priorLearning: PriorLearningRecords.optional().describe(
      'With prior learning: which records counted, towards which outcomes, and which not.',
    ),
    alreadyEarned: z
      .array(z.object({ credential: Id, title: z.string() }))
      .describe('Awards earned by stacking what is held.'),
    targets: z.number().int().describe('Qualifications (and occupations) ranked.'),
    offset: z.number().int(),
    limit: z.number().int(),
    matches: z.array(Match),
    ranking: z.object({
      rule: z.string().describe('How the ranking was made, in a sentence.'),
      planned: z.number().int().describe('Targets given an exact plan.'),
      proven: z
        .boolean()
        .describe(
          'Every plan that decided the order is proven optimal (and, with a calendar, its completion proven).',
        ),
      after: z
        .object({
          targets: z.number().int().describe('Ranked after this page.'),
          leastBound: z
            .number()
            .nullable()
            .describe(
              "Each of them needs at least this much of the objective's first term (a lower bound, not a plan; null: none is reachable).",
            ),
          unreachable: z.number().int().describe('Of them, known to be unreachable.'),
        })
        .describe('What is known of the targets after the page, without planning them.'),
    }),
  })
  .meta({ id: 'MatchReport' });
export type MatchReport = z.infer<typeof MatchReport>;

/** What the planner runs with that is not an option (a loaded solver module). */
export interface MatcherRuntime {
  /** A loaded HiGHS module, passed on to the planner (PlanOptions.mip). */
  mip?: Highs | undefined;
}

type Target = { qualification: string } | { occupation: string };

interface Candidate {
  target: Target;
  id: string;
  title: string;
  provider?: string | undefined;
  /** Shared lower bound on the objective's first term (Infinity: proven unreachable). */
  bound: number;
}

interface Ranked {
  candidate: Candidate;
  /** The objective's terms, rounded, then the completion day ('~' when none): the order. */
  terms: number[];
  completion: string;
  plan?: Plan | undefined;
}

const EPS = 1e-6;
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);

/** The order of exact results: objective terms, completion day, id. */
function compareRanked(a: Ranked, b: Ranked): number {
  for (let i = 0; i < a.terms.length; i++) {
    const x = a.terms[i]!;
    const y = b.terms[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.completion !== b.completion) return a.completion < b.completion ? -1 : 1;
  return compareIds(a.candidate.id, b.candidate.id);
}

/**
 * Programme matcher: every qualification of the catalogue (and, on request, every ESCO
 * occupation) ranked by what is left for a learner, the objective's terms first (credits by
 * default), then, with a calendar, the earliest completion date, then the id; each match on
 * the page with its exact plan and the awards it earns on the way (off-ramps).
 *
 * Ranking rule: a shared lower bound on the objective's first term is computed for every
 * target at once (bound.ts); targets are planned exactly (planPathway) in the order of their
 * bounds, and a planned target takes its place in the ranking only once no unplanned target's
 * bound is below its value. So every match listed is exact and in its exact place, and the
 * targets after the page are described by bounds alone (`ranking.after`), never as plans.
 */
export function matchProgrammes(
  graph: CatalogueGraph,
  options: MatcherOptions,
  runtime: MatcherRuntime = {},
): MatchReport {
  const opts = parseOptions(MODULE, MatcherOptions, options);
  requireProvider(MODULE, graph, opts.provider);
  const objective = [opts.objective].flat();
  const first = objective[0]!;

  // One holdings check and one closure for every target; prior-learning outcomes are held,
  // as in plans. The bound's closure also grants every exemptable credential (a relaxation:
  // engine/priorLearning.ts), so it stays below plans that exempt.
  const check = checkHoldings(graph, opts.holdings, opts.asOf);
  const records = opts.priorLearning ?? [];
  const prior = checkPriorLearning(
    graph,
    { records, countUnverified: opts.countUnverified },
    opts.asOf,
  );
  const held = [
    ...check.valid.map((h) => itemFor(graph, h.credential, 'held', opts.asOf)),
    ...priorLearningItems(prior),
  ];
  const closure = stackingClosure(graph, held, opts.asOf, { explain: false });
  const relaxed = priorLearningRelaxation(graph, prior, opts.asOf);
  const shared = sharedBound(
    graph,
    relaxed.length
      ? stackingClosure(graph, [...held, ...relaxed], opts.asOf, { explain: false }).items
      : closure.items,
    first,
  );

  const candidates: Candidate[] = [];
  graph.forEachNode((id, node) => {
    if (node.type === 'credential' && node.qualification) {
      if (opts.provider !== undefined && node.provider !== opts.provider) return;
      candidates.push({
        target: { qualification: id },
        id,
        title: node.title,
        provider: node.provider,
        bound: shared.qualification(id),
      });
    } else if (node.type === 'occupation' && opts.occupations) {
      const goal = goalOf(graph, { occupation: id, optionalSkills: 0 });
      candidates.push({
        target: { occupation: id },
        id,
        title: node.label,
        bound: goal.uncoverable.length ? Infinity : shared.goal(goal.rule),
      });
    }
  });
  candidates.sort((a, b) => a.bound - b.bound || compareIds(a.id, b.id));

  let planned = 0;
  let proven = true;
  const plan = (c: Candidate): Plan => {
    planned++;
    const target =
      'qualification' in c.target
        ? c.target
        : { occupation: c.target.occupation, optionalSkills: 0 };
    return planPathway(
      graph,
      {
        holdings: check.valid,
        asOf: opts.asOf,
        target,
        objective: opts.objective,
        constraints: opts.constraints,
        ...(opts.calendar ? { calendar: opts.calendar } : {}),
        // The plan a plan request with this prior learning makes: exemptions and caps included.
        ...(records.length
          ? { priorLearning: records, countUnverified: opts.countUnverified }
          : {}),
      },
      { maxNodes: opts.maxNodes, mip: runtime.mip },
    );
  };
  const rankedOf = (c: Candidate, p: Plan | undefined): Ranked => {
    const reachable = p ? p.status !== 'infeasible' : Number.isFinite(c.bound);
    if (!reachable)
      return { candidate: c, terms: objective.map(() => Infinity), completion: '~', plan: p };
    if (!p) throw new Error('matcher: a reachable target is ranked only once planned');
    if (p.optimality !== 'optimal' || (p.calendar && !p.calendar.proven)) proven = false;
    // With a calendar, already achieved is done now: before any dated completion.
    const completion = !opts.calendar
      ? '~'
      : p.status === 'achieved'
        ? ''
        : p.calendar?.status === 'dated'
          ? (p.calendar.completion ?? '~')
          : '~';
    // Ranked by what the planner minimised: studied totals plus the exemption steps.
    const totals = objectiveTotals(p);
    return {
      candidate: c,
      terms: objective.map((o) => round(totals[o])),
      completion,
      plan: p,
    };
  };

  // With one term to compare, a target whose bound equals a result's value comes after it
  // when its id does (its value is at least its bound); otherwise it must be planned first.
  const singleTerm = objective.length === 1 && !opts.calendar;
  const before = (r: Ranked, c: Candidate): boolean => {
    const value = r.terms[0]!;
    if (value < c.bound - EPS) return true;
    return (
      singleTerm &&
      Number.isFinite(value) &&
      Math.abs(value - c.bound) <= EPS &&
      compareIds(r.candidate.id, c.id) < 0
    );
  };

  // Lazy best-first: the exact results wait in a heap until no bound can come before them.
  const heap = new Heap<Ranked>(compareRanked);
  const ranked: Ranked[] = [];
  const wanted = opts.offset + opts.limit;
  let next = 0;
  while (ranked.length < wanted) {
    const top = heap.peek();
    const c = candidates[next];
    if (top && (!c || before(top, c))) {
      ranked.push(heap.pop()!);
      continue;
    }
    if (!c) break;
    next++;
    // A target the bound proves unreachable is ranked without a plan (planned if listed).
    heap.push(rankedOf(c, Number.isFinite(c.bound) ? plan(c) : undefined));
  }

  const page = ranked.slice(opts.offset);
  const matches = page.map((r, i) =>
    describe(graph, r.candidate, opts.offset + i + 1, r.plan ?? plan(r.candidate)),
  );
  let leastBound = Infinity;
  let unreachable = 0;
  for (const r of heap.items()) {
    leastBound = Math.min(leastBound, r.terms[0]!);
    if (!Number.isFinite(r.terms[0]!)) unreachable++;
  }
  for (const c of candidates.slice(next)) {
    leastBound = Math.min(leastBound, c.bound);
    if (!Number.isFinite(c.bound)) unreachable++;
  }

  return {
    asOf: opts.asOf,
    objective,
    ...(opts.calendar ? { calendar: opts.calendar } : {}),
    holdings: { valid: check.valid, dropped: check.dropped },
    ...(records.length ? { priorLearning: priorLearningRecords(prior) } : {}),
    alreadyEarned: closure.milestones.map((m) => ({
      credential: m.credential,
      title: credentialOf(graph, m.credential)!.title,
    })),
    targets: candidates.length,
    offset: opts.offset,
    limit: opts.limit,
    matches,
    ranking: {
      rule:
        `Ranked by ${objective.join(', then ')}${opts.calendar ? ', then completion date' : ''}, then id. ` +
        `Every target has a lower bound on its ${first} shared across the catalogue; targets were planned exactly in the order of their bounds, ` +
        `and a plan was ranked only once no unplanned target's bound was below it, so each match listed is exact and in its place.`,
      planned,
      proven,
      after: {
        targets: heap.size + candidates.length - next,
        leastBound: Number.isFinite(leastBound) ? leastBound : null,
        unreachable,
      },
    },
  };
}

/** A ranked target as listed: its plan's totals, what it takes and the off-ramps. */
function describe(graph: CatalogueGraph, c: Candidate, rank: number, plan: Plan): Match {
  const status = plan.status === 'infeasible' ? 'unreachable' : plan.status;
  const earnedOn = new Map(plan.calendar?.earned.map((e) => [e.credential, e.on]));
  const offRamps: OffRamp[] = [];
  for (const step of plan.steps)
    for (const m of step.milestones) {
      if (m.credential === c.id) continue;
      const on = earnedOn.get(m.credential);
      offRamps.push({
        credential: m.credential,
        title: m.title,
        qualification: credentialOf(graph, m.credential)?.qualification ?? false,
        afterStep: step.step,
        ...(on !== undefined ? { on } : {}),
      });
    }
  const dated = plan.calendar?.status === 'dated' ? plan.calendar : undefined;
  return {
    rank,
    target: c.target,
    title: c.title,
    ...(c.provider !== undefined ? { provider: c.provider } : {}),
    status,
    ...(status !== 'unreachable' ? { left: plan.totals } : {}),
    ...(plan.priorLearning?.exemptions.length
      ? {
          exemptions: plan.priorLearning.exemptions.map((x) => ({
            credential: x.credential,
            title: x.title,
            credits: x.credits,
            cost: x.cost,
            weeks: x.weeks,
          })),
        }
      : {}),
    optimality: plan.optimality,
    bound: Number.isFinite(c.bound) ? c.bound : null,
    ...(dated?.completion !== undefined
      ? { completion: dated.completion, completionProven: dated.proven }
      : {}),
    steps: plan.steps.length,
    take: plan.steps.flatMap((s) =>
      s.take.map((t) => ({ credential: t.credential, title: t.title, credits: t.credits })),
    ),
    offRamps,
    ...(status === 'unreachable'
      ? { unreachable: plan.infeasibility?.detail ?? plan.explanation.join(' ') }
      : {}),
  };
}

/** A binary min-heap. */
class Heap<T> {
  private readonly data: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.data.length;
  }
  items(): readonly T[] {
    return this.data;
  }
  peek(): T | undefined {
    return this.data[0];
  }
  push(x: T): void {
    const d = this.data;
    d.push(x);
    let i = d.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(d[i]!, d[p]!) >= 0) break;
      [d[i], d[p]] = [d[p]!, d[i]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const d = this.data;
    if (d.length === 0) return undefined;
    const top = d[0]!;
    const last = d.pop()!;
    if (d.length > 0) {
      d[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < d.length && this.less(d[l]!, d[m]!) < 0) m = l;
        if (r < d.length && this.less(d[r]!, d[m]!) < 0) m = r;
        if (m === i) break;
        [d[i], d[m]] = [d[m]!, d[i]!];
        i = m;
      }
    }
    return top;
  }
}
