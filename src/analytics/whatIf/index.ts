import { z } from 'zod';
import {
  credentialOf,
  ruleAccepts,
  type CatalogueGraph,
  type CredentialNode,
} from '../../graph/index.js';
import { DraftChanges, Id, type CatalogueDraft } from '../../model/index.js';
import { curricularComplexity, type CurricularComplexity } from '../complexity/index.js';
import { AnalyticsInputError, parseOptions } from '../errors.js';
import { microCredentialCredits, recognitionsInto } from '../stackability/index.js';

export * from './replanning.js';

const MODULE = 'whatIf';

export const WhatIfOptions = z
  .object({
    qualification: Id.optional().describe(
      'Only this qualification: re-examined (and its learners re-planned) when the draft touches it.',
    ),
  })
  .strict();
export type WhatIfOptions = z.input<typeof WhatIfOptions>;

/** What the report reads of a plan: its status, totals, steps and explanation. */
export const PlanSummary = z.object({
  status: z.enum(['planned', 'achieved', 'infeasible']),
  totals: z.object({ credits: z.number(), cost: z.number() }),
  steps: z.array(z.object({ take: z.array(z.object({ credential: Id })) })),
  explanation: z.array(z.string()),
});
export type PlanSummary = z.input<typeof PlanSummary>;

/** The plans the service made for the re-examined qualifications, before and after. */
export const WhatIfPlans = z.object({
  /** From no holdings, per re-examined qualification (absent on the side it does not exist). */
  qualifications: z.array(
    z.object({ qualification: Id, before: PlanSummary.optional(), after: PlanSummary.optional() }),
  ),
  /** Stored learners (pseudonymous ids) towards re-examined qualifications. */
  learners: z.array(
    z.object({
      learner: Id,
      qualification: Id,
      before: PlanSummary.optional(),
      after: PlanSummary.optional(),
      /** Provably the same plan on both sides, so planned on neither (see replanning.ts). */
      unchanged: z.boolean().optional(),
    }),
  ),
});
export type WhatIfPlans = z.input<typeof WhatIfPlans>;

const PlanFigures = z
  .object({
    status: z.enum(['planned', 'achieved', 'infeasible']),
    credits: z.number(),
    cost: z.number(),
    terms: z
      .number()
      .int()
      .describe('Steps of the plan: terms, when credits per term are not capped.'),
  })
  .meta({ id: 'WhatIfPlanFigures' });
type PlanFigures = z.infer<typeof PlanFigures>;

const Compared = <S extends z.ZodType>(value: S) =>
  z.object({ before: value.nullable(), after: value.nullable() });

export const WhatIfReport = z
  .object({
    changes: DraftChanges,
    reexamined: z
      .array(Id)
      .describe(
        'Qualifications whose cone (closure) touches a changed record, before or after: the only ones re-planned.',
      ),
    qualifications: z
      .array(
        z.object({
          qualification: Id,
          title: z.string(),
          change: z.enum(['changed', 'added', 'removed']),
          before: PlanFigures.nullable(),
          after: PlanFigures.nullable(),
          explanation: z
            .array(z.string())
            .describe(
              "The planner's explanation of the plan after (why it is unreachable, when it is).",
            ),
        }),
      )
      .describe(
        'Re-examined qualifications whose minimum credits, cost, terms or reachability (planned from no holdings) change.',
      ),
    unreachable: z.array(Id).describe('Qualifications reachable before and unreachable after.'),
    reachableAgain: z.array(Id).describe('Qualifications unreachable before and reachable after.'),
    orphans: z
      .object({ created: z.array(Id), removed: z.array(Id) })
      .describe(
        'Credentials (not qualifications) that start or stop counting towards no qualification (stackability).',
      ),
    microCredentialShares: z
      .array(z.object({ qualification: Id, ...Compared(z.number()).shape }))
      .describe(
        'Re-examined qualifications whose share of credits micro-credentials can supply changes.',
      ),
    complexity: z
      .array(
        z.object({
          qualification: Id,
          structuralComplexity: Compared(z.number()),
          courses: z
            .array(
              z.object({
                credential: Id,
                blockingFactor: Compared(z.number().int()),
                delayFactor: Compared(z.number().int()),
              }),
            )
            .describe(
              'Courses whose blocking or delay factor changed (null: not in the curriculum).',
            ),
        }),
      )
      .describe('Re-examined qualifications whose curricular complexity changes.'),
    learners: z.object({
      plans: z
        .number()
        .int()
        .describe('Learner plans compared (learners times re-examined qualifications).'),
      changed: z.array(
        z.object({
          learner: Id.describe('Pseudonymous id.'),
          qualification: Id,
          before: PlanFigures.nullable(),
          after: PlanFigures.nullable(),
          entered: z.array(Id).describe('Credentials the plan takes after but not before.'),
          left: z.array(Id).describe('Credentials the plan took before but not after.'),
        }),
      ),
    }),
  })
  .meta({ id: 'WhatIfReport' });
export type WhatIfReport = z.infer<typeof WhatIfReport>;

/**
 * The ids a draft touches: the credentials and learning outcomes it adds, replaces or removes,
 * and both ends of the recognitions it adds, replaces or removes. Providers, skills and
 * occupations change no plan, stacking or curriculum.
 */
export function draftTouches(draft: CatalogueDraft): string[] {
  return [
    ...new Set([
      ...draft.credentials.map((c) => c.id),
      ...draft.learningOutcomes.map((o) => o.id),
      ...draft.remove.credentials,
      ...draft.remove.learningOutcomes,
      ...[...draft.recognitions, ...draft.remove.recognitions].flatMap((r) => [
        r.from,
        ...(r.to !== undefined ? [r.to] : []),
      ]),
    ]),
  ];
}

/** Accepted id -> credentials whose award (or, with `entry`, entry) rule accepts it; per graph. */
const indexes = new WeakMap<
  CatalogueGraph,
  { award: Map<string, string[]>; any: Map<string, string[]> }
>();
function acceptingOwners(graph: CatalogueGraph) {
  const known = indexes.get(graph);
  if (known) return known;
  const award = new Map<string, string[]>();
  const any = new Map<string, string[]>();
  const add = (to: Map<string, string[]>, accepted: string, owner: string) => {
    const list = to.get(accepted);
    if (list) list.push(owner);
    else to.set(accepted, [owner]);
  };
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential') return;
    if (node.awardRule)
      for (const a of ruleAccepts(node.awardRule)) {
        add(award, a, id);
        add(any, a, id);
      }
    if (node.entryRule) for (const a of ruleAccepts(node.entryRule)) add(any, a, id);
  });
  const built = { award, any };
  indexes.set(graph, built);
  return built;
}

/**
 * What an id can stand for in a rule: itself, what it is recognised as, the outcomes it
 * certifies. The engine's identitiesOf with every agreement counted whatever its dates (a
 * superset is harmless here, see below), and for any node, not only credentials.
 */
function possibleIdentities(graph: CatalogueGraph, id: string): string[] {
  const out = [id];
  graph.forEachOutEdge(id, (_e, edge, _s, target) => {
    if (edge.type === 'recognisedAs' || edge.type === 'certifies') out.push(target);
    if (edge.type === 'recognisedAs')
      graph.forEachOutEdge(target, (_e2, e2, _s2, t2) => {
        if (e2.type === 'certifies') out.push(t2);
      });
  });
  return out;
}

/**
 * Qualifications whose cone (what the planner explores for them: their rules, what stands
 * for what they accept, entry rules and co-requisites, recursively) contains one of `ids`:
 * a walk upwards from the ids. A superset is harmless (one more qualification re-examined);
 * none is missed, since every way into a cone is an acceptance, a standing-for or a
 * co-requisite.
 */
export function qualificationsTouching(graph: CatalogueGraph, ids: Iterable<string>): Set<string> {
  const { any } = acceptingOwners(graph);
  const found = new Set<string>();
  const seen = new Set<string>();
  const stack = [...ids].filter((id) => graph.hasNode(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (credentialOf(graph, id)?.qualification) found.add(id);
    for (const s of possibleIdentities(graph, id)) {
      if (s !== id && !seen.has(s)) stack.push(s);
      for (const owner of any.get(s) ?? []) if (!seen.has(owner)) stack.push(owner);
    }
    graph.forEachInEdge(id, (_e, edge, source) => {
      if (edge.type === 'corequisite' && !seen.has(source)) stack.push(source);
    });
  }
  return found;
}

/** Credentials that count towards `qualification` (stackability's definition), itself excluded. */
function countingTowards(graph: CatalogueGraph, qualification: string): Set<string> {
  const out = new Set<string>();
  const expanded = new Set<string>([qualification]);
  const stack = [qualification];
  while (stack.length) {
    const rule = credentialOf(graph, stack.pop()!)?.awardRule;
    if (!rule) continue;
    for (const slot of ruleAccepts(rule)) {
      if (!graph.hasNode(slot)) continue;
      const fillers: string[] = [];
      const node = graph.getNodeAttributes(slot);
      const recognisers = (c: string) => {
        graph.forEachInEdge(c, (_e, edge, source) => {
          if (edge.type === 'recognisedAs') fillers.push(source);
        });
      };
      if (node.type === 'credential') {
        fillers.push(slot);
        recognisers(slot);
      } else if (node.type === 'outcome')
        for (const c of graph.inNeighbors(slot))
          if (credentialOf(graph, c)) {
            fillers.push(c);
            recognisers(c);
          }
      for (const f of fillers) {
        if (f === qualification) continue;
        out.add(f);
        if (!expanded.has(f) && credentialOf(graph, f)?.awardRule) {
          expanded.add(f);
          stack.push(f);
        }
      }
    }
  }
  return out;
}

/** Whether a credential counts towards no qualification (an orphan, in stackability's words). */
function isOrphan(graph: CatalogueGraph, id: string): boolean {
  const c = credentialOf(graph, id);
  if (!c || c.qualification) return false;
  const { award } = acceptingOwners(graph);
  const seen = new Set<string>([id]);
  const stack = [id];
  while (stack.length) {
    const x = stack.pop()!;
    for (const s of possibleIdentities(graph, x))
      for (const owner of award.get(s) ?? []) {
        if (owner === id || seen.has(owner)) continue;
        if (credentialOf(graph, owner)!.qualification) return false;
        seen.add(owner);
        stack.push(owner);
      }
  }
  return true;
}

/**
 * The qualifications a draft makes worth re-examining: those whose cone touches a changed
 * record in the catalogue before or after (`qualification` narrows to one). Computed once;
 * only these are re-planned.
 */
export function whatIfScope(
  before: CatalogueGraph,
  after: CatalogueGraph,
  touched: readonly string[],
  options: WhatIfOptions = {},
): string[] {
  const opts = parseOptions(MODULE, WhatIfOptions, options);
  if (
    opts.qualification !== undefined &&
    !credentialOf(before, opts.qualification)?.qualification &&
    !credentialOf(after, opts.qualification)?.qualification
  )
    throw new AnalyticsInputError(
      MODULE,
      `"${opts.qualification}" is a qualification neither of the catalogue nor of the draft`,
      ['qualification'],
      'unknown-id',
    );
  const found = new Set([
    ...qualificationsTouching(before, touched),
    ...qualificationsTouching(after, touched),
  ]);
  return [...found]
    .filter((q) => opts.qualification === undefined || q === opts.qualification)
    .sort();
}

const figures = (p: PlanSummary | undefined): PlanFigures | null =>
  p
    ? { status: p.status, credits: p.totals.credits, cost: p.totals.cost, terms: p.steps.length }
    : null;
const sameFigures = (a: PlanFigures | null, b: PlanFigures | null) =>
  JSON.stringify(a) === JSON.stringify(b);
const taken = (p: PlanSummary | undefined) =>
  new Set(p?.steps.flatMap((s) => s.take.map((t) => t.credential)) ?? []);
const reachable = (p: PlanSummary | undefined) => p !== undefined && p.status !== 'infeasible';

function complexityOf(graph: CatalogueGraph, qualification: string): CurricularComplexity | null {
  if (!credentialOf(graph, qualification)?.awardRule) return null;
  try {
    return curricularComplexity(graph, { qualification });
  } catch (err) {
    if (err instanceof AnalyticsInputError) return null; // e.g. a requisite cycle: no measure
    throw err;
  }
}

function microShare(
  graph: CatalogueGraph,
  qualification: string,
  into: ReturnType<typeof recognitionsInto>,
) {
  const q = credentialOf(graph, qualification);
  if (!q?.awardRule || q.credits === 0) return null;
  const isMicro = (c: CredentialNode) => c.kind === 'micro-credential';
  const micro = Math.min(
    q.credits,
    microCredentialCredits(graph, q.awardRule, isMicro, into, new Set([q.id])),
  );
  return Math.min(1, micro / q.credits);
}

/**
 * What a draft would do, from the catalogue graph before and after it and the plans made on
 * both for the re-examined qualifications (whatIfScope): qualifications whose minimum credits
 * or terms change, targets that become unreachable or reachable again, orphans created and
 * removed, micro-credential shares and curricular complexity that change, and stored learners
 * whose optimal plan changes. Pure: the plans are made by the caller with the planner a plan
 * request uses.
 */
export function whatIf(
  before: CatalogueGraph,
  after: CatalogueGraph,
  input: {
    changes: DraftChanges;
    touched: readonly string[];
    reexamined: readonly string[];
    plans: WhatIfPlans;
  },
  options: WhatIfOptions = {},
): WhatIfReport {
  parseOptions(MODULE, WhatIfOptions, options);
  const parsed = WhatIfPlans.safeParse(input.plans);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AnalyticsInputError(MODULE, `invalid plans: ${issue.message}`, [
      'plans',
      ...issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k)),
    ]);
  }
  const plans = parsed.data;
  const reexamined = [...input.reexamined];

  const qualifications: WhatIfReport['qualifications'] = [];
  const unreachable: string[] = [];
  const reachableAgain: string[] = [];
  for (const { qualification, before: b, after: a } of plans.qualifications) {
    const fb = figures(b);
    const fa = figures(a);
    if (b && a) {
      if (reachable(b) && !reachable(a)) unreachable.push(qualification);
      if (!reachable(b) && reachable(a)) reachableAgain.push(qualification);
    }
    if (sameFigures(fb, fa)) continue;
    qualifications.push({
      qualification,
      title: (credentialOf(after, qualification) ?? credentialOf(before, qualification))!.title,
      change: !b ? 'added' : !a ? 'removed' : 'changed',
      before: fb,
      after: fa,
      explanation: a?.explanation ?? [],
    });
  }

  // Orphans: a credential's status can change only if it is touched or counts towards a
  // re-examined qualification on one side.
  const candidates = new Set(input.touched);
  for (const q of reexamined)
    for (const g of [before, after])
      if (credentialOf(g, q)) for (const c of countingTowards(g, q)) candidates.add(c);
  const created: string[] = [];
  const removed: string[] = [];
  for (const id of candidates) {
    const wasOrphan = isOrphan(before, id);
    const isNow = isOrphan(after, id);
    if (!wasOrphan && isNow) created.push(id);
    if (wasOrphan && !isNow) removed.push(id);
  }

  // Read only for re-examined qualifications (none in a what-if's share of learners).
  const none: ReturnType<typeof recognitionsInto> = new Map();
  const intoBefore = reexamined.length ? recognitionsInto(before, undefined) : none;
  const intoAfter = reexamined.length ? recognitionsInto(after, undefined) : none;
  const microCredentialShares: WhatIfReport['microCredentialShares'] = [];
  const complexity: WhatIfReport['complexity'] = [];
  for (const q of reexamined) {
    const sb = microShare(before, q, intoBefore);
    const sa = microShare(after, q, intoAfter);
    if (sb !== sa) microCredentialShares.push({ qualification: q, before: sb, after: sa });
    const cb = complexityOf(before, q);
    const ca = complexityOf(after, q);
    const rows = new Map<
      string,
      { b?: CurricularComplexity['courses'][number]; a?: CurricularComplexity['courses'][number] }
    >();
    for (const r of cb?.courses ?? []) rows.set(r.credential, { b: r });
    for (const r of ca?.courses ?? []) rows.set(r.credential, { ...rows.get(r.credential), a: r });
    const courses = [...rows]
      .filter(
        ([, { b, a }]) =>
          b?.blockingFactor !== a?.blockingFactor || b?.delayFactor !== a?.delayFactor,
      )
      .map(([credential, { b, a }]) => ({
        credential,
        blockingFactor: { before: b?.blockingFactor ?? null, after: a?.blockingFactor ?? null },
        delayFactor: { before: b?.delayFactor ?? null, after: a?.delayFactor ?? null },
      }))
      .sort((x, y) => (x.credential < y.credential ? -1 : 1));
    const structural = {
      before: cb?.structuralComplexity ?? null,
      after: ca?.structuralComplexity ?? null,
    };
    if (courses.length > 0 || structural.before !== structural.after)
      complexity.push({ qualification: q, structuralComplexity: structural, courses });
  }

  const changed: WhatIfReport['learners']['changed'] = [];
  for (const { learner, qualification, before: b, after: a, unchanged } of plans.learners) {
    if (unchanged) continue;
    const tb = taken(b);
    const ta = taken(a);
    const entered = [...ta].filter((c) => !tb.has(c)).sort();
    const left = [...tb].filter((c) => !ta.has(c)).sort();
    const fb = figures(b);
    const fa = figures(a);
    if (entered.length === 0 && left.length === 0 && sameFigures(fb, fa)) continue;
    changed.push({ learner, qualification, before: fb, after: fa, entered, left });
  }

  return {
    changes: input.changes,
    reexamined,
    qualifications,
    unreachable: unreachable.sort(),
    reachableAgain: reachableAgain.sort(),
    orphans: { created: created.sort(), removed: removed.sort() },
    microCredentialShares,
    complexity,
    learners: { plans: plans.learners.length, changed },
  };
}
