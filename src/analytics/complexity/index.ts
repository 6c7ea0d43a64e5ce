import { z } from 'zod';
import {
  credentialOf,
  ruleAccepts,
  type CatalogueGraph,
  type CredentialNode,
} from '../../graph/index.js';
import { Id } from '../../model/index.js';
import { AnalyticsInputError, parseOptions } from '../errors.js';
import { requisiteMeasures, type RequisiteKind } from './requisiteGraph.js';

export { requisiteMeasures } from './requisiteGraph.js';
export type { CourseMeasures, RequisiteGraph, RequisiteKind } from './requisiteGraph.js';

const MODULE = 'complexity';

const TermPlacement = z.object({ credential: Id, term: z.number().int().positive() }).strict();

export const ComplexityOptions = z
  .object({
    qualification: Id.describe('The qualification whose curriculum is measured.'),
    termSystem: z
      .enum(['semester', 'quarter'])
      .optional()
      .describe(
        "Quarter curricula have their course complexities scaled by 2/3 (CurricularAnalytics); by default, the qualification's credit system decides.",
      ),
    layout: z
      .union([z.literal('reference'), z.array(TermPlacement)])
      .optional()
      .describe(
        "A term layout to measure per term: the qualification's reference plan, or a planned pathway's credentials with their steps as terms.",
      ),
  })
  .strict();
export type ComplexityOptions = z.input<typeof ComplexityOptions>;

export const CourseComplexity = z
  .object({
    credential: Id,
    title: z.string(),
    credits: z.number(),
    blockingFactor: z.number().int().describe('Courses that cannot be taken until this one is.'),
    delayFactor: z.number().int().describe('Courses on the longest requisite path through it.'),
    centrality: z
      .number()
      .int()
      .describe('Sum of the lengths of the source-to-sink requisite paths it lies inside.'),
    cruciality: z.number().int().describe('Blocking factor plus delay factor.'),
    complexity: z
      .number()
      .describe('Cruciality, scaled by 2/3 (one decimal) in a quarter system; else equal.'),
  })
  .meta({ id: 'CourseComplexity' });
export type CourseComplexity = z.infer<typeof CourseComplexity>;

export const Requisite = z.object({
  from: Id.describe('The requisite.'),
  to: Id.describe('The course that requires it.'),
  kind: z.enum(['prerequisite', 'corequisite', 'strict-corequisite']),
});

export const TermComplexity = z
  .object({
    term: z.number().int().positive(),
    credentials: z.array(Id),
    credits: z.number(),
    blockingFactor: z.number().int(),
    delayFactor: z.number().int(),
    centrality: z.number().int(),
    complexity: z.number().describe("Sum of the term's course complexities."),
    requisiteDistance: z
      .number()
      .int()
      .describe("Σ over the term's courses and their requisites of the terms between them."),
  })
  .meta({ id: 'TermComplexity' });
export type TermComplexity = z.infer<typeof TermComplexity>;

export const LayoutComplexity = z
  .object({
    source: z.enum(['reference', 'given']),
    terms: z.array(TermComplexity),
    requisiteDistance: z.number().int(),
    unplaced: z.array(Id).describe('Curriculum courses the layout does not place.'),
    outsideCurriculum: z.array(Id).describe('Placed credentials that are not in the curriculum.'),
    violations: z
      .array(Requisite.extend({ fromTerm: z.number().int(), toTerm: z.number().int() }))
      .describe(
        'Requisites the layout breaks: a prerequisite not in an earlier term, a co-requisite in a later term, a strict co-requisite in another term.',
      ),
  })
  .meta({ id: 'LayoutComplexity' });
export type LayoutComplexity = z.infer<typeof LayoutComplexity>;

export const CurricularComplexity = z
  .object({
    qualification: Id,
    title: z.string(),
    termSystem: z.enum(['semester', 'quarter']),
    courses: z.array(CourseComplexity),
    requisites: z.array(Requisite).describe('The edges of the curriculum graph.'),
    externalRequisites: z
      .array(Requisite)
      .describe('Requisites on credentials outside the curriculum (not edges of its graph).'),
    blockingFactor: z.number().int(),
    delayFactor: z.number().int(),
    centrality: z.number().int(),
    structuralComplexity: z.number().describe('Sum of the course complexities.'),
    layout: LayoutComplexity.optional(),
  })
  .meta({ id: 'CurricularComplexity' });
export type CurricularComplexity = z.infer<typeof CurricularComplexity>;

/**
 * The curriculum of a qualification: the credentials its award rule accepts, directly or
 * through a learning outcome they certify; a credential earned by stacking (not earnable) is
 * replaced by its own curriculum, since it is never taken in a term.
 */
export function curriculumOf(graph: CatalogueGraph, qualification: string): string[] {
  const root = credentialOf(graph, qualification);
  if (!root)
    throw new AnalyticsInputError(
      MODULE,
      `"${qualification}" is not a credential of the catalogue`,
      ['qualification'],
      'unknown-id',
    );
  if (!root.awardRule)
    throw new AnalyticsInputError(
      MODULE,
      `"${qualification}" has no award rule, so it has no curriculum to measure`,
      ['qualification'],
    );
  const courses: string[] = [];
  const seen = new Set<string>([qualification]);
  const expanding = new Set<string>();
  const visit = (award: CredentialNode) => {
    expanding.add(award.id);
    for (const accepted of ruleAccepts(award.awardRule!)) {
      for (const id of credentialsFor(graph, accepted)) {
        if (seen.has(id)) continue;
        seen.add(id);
        const c = credentialOf(graph, id)!;
        if (!c.earnable && c.awardRule && !expanding.has(id)) visit(c);
        else courses.push(id);
      }
    }
    expanding.delete(award.id);
  };
  visit(root);
  return courses;
}

/** The credentials an accepted id stands for: itself, or those certifying an outcome. */
function credentialsFor(graph: CatalogueGraph, accepted: string): string[] {
  if (!graph.hasNode(accepted)) return [];
  const node = graph.getNodeAttributes(accepted);
  if (node.type === 'credential') return [accepted];
  if (node.type !== 'outcome') return [];
  return graph.inNeighbors(accepted).filter((n) => credentialOf(graph, n) !== undefined);
}

/** The requisites of a set of courses: entry rules, co-requisites, strict co-requisites. */
function requisitesOf(graph: CatalogueGraph, courses: readonly string[]) {
  const inside = new Set(courses);
  const edges: z.infer<typeof Requisite>[] = [];
  const external: z.infer<typeof Requisite>[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, kind: RequisiteKind) => {
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    (inside.has(from) ? edges : external).push({ from, to, kind });
  };
  for (const id of courses) {
    const c = credentialOf(graph, id)!;
    // Strict first: the projection merges strict co-requisites into `corequisites`.
    const strict = new Set(c.strictCorequisites ?? []);
    if (c.entryRule)
      for (const accepted of ruleAccepts(c.entryRule))
        for (const from of credentialsFor(graph, accepted))
          if (from !== id) add(from, id, 'prerequisite');
    for (const from of strict) add(from, id, 'strict-corequisite');
    for (const from of c.corequisites) if (!strict.has(from)) add(from, id, 'corequisite');
  }
  return { edges, external };
}

/**
 * A planned pathway as a term layout: each credential it takes, in the step it is taken
 * (steps read as terms). Awards earned by stacking are not taken, so they are not placed.
 */
export function layoutOfPlan(plan: {
  steps: readonly { step: number; take: readonly { credential: string }[] }[];
}): { credential: string; term: number }[] {
  return plan.steps.flatMap((s) => s.take.map((t) => ({ credential: t.credential, term: s.step })));
}

const scale = (cruciality: number, system: 'semester' | 'quarter') =>
  system === 'quarter' ? Math.round((cruciality * 2 * 10) / 3) / 10 : cruciality;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/**
 * Curricular complexity of a qualification's curriculum (Heileman et al. 2018; the
 * definitions of CurricularAnalytics.jl): blocking factor, delay factor, centrality and
 * cruciality of every course, the curriculum's structural complexity, and, for a term
 * layout, the same per term with the requisite distance. See README.md.
 */
export function curricularComplexity(
  graph: CatalogueGraph,
  options: ComplexityOptions,
): CurricularComplexity {
  const opts = parseOptions(MODULE, ComplexityOptions, options);
  const courses = curriculumOf(graph, opts.qualification);
  const qualification = credentialOf(graph, opts.qualification)!;
  const termSystem =
    opts.termSystem ?? (/quarter/i.test(qualification.creditSystem ?? '') ? 'quarter' : 'semester');
  const { edges, external } = requisitesOf(graph, courses);
  const measures = requisiteMeasures({ courses, requisites: edges });
  const rows = courses.map((id, i): CourseComplexity => {
    const c = credentialOf(graph, id)!;
    const m = measures[i]!;
    const cruciality = m.blockingFactor + m.delayFactor;
    return {
      credential: id,
      title: c.title,
      credits: c.credits,
      ...m,
      cruciality,
      complexity: scale(cruciality, termSystem),
    };
  });
  const result: CurricularComplexity = {
    qualification: qualification.id,
    title: qualification.title,
    termSystem,
    courses: rows,
    requisites: edges,
    externalRequisites: external,
    blockingFactor: sum(rows.map((r) => r.blockingFactor)),
    delayFactor: sum(rows.map((r) => r.delayFactor)),
    centrality: sum(rows.map((r) => r.centrality)),
    structuralComplexity: oneDecimal(sum(rows.map((r) => r.complexity))),
  };
  if (opts.layout !== undefined) {
    const placements =
      opts.layout === 'reference' ? (qualification.referencePlan ?? []) : opts.layout;
    if (opts.layout === 'reference' && placements.length === 0)
      throw new AnalyticsInputError(
        MODULE,
        `"${qualification.id}" has no reference plan to measure per term`,
        ['layout'],
      );
    result.layout = layoutComplexity(
      rows,
      edges,
      placements,
      opts.layout === 'reference' ? 'reference' : 'given',
    );
  }
  return result;
}

function layoutComplexity(
  rows: readonly CourseComplexity[],
  edges: readonly z.infer<typeof Requisite>[],
  placements: readonly { credential: string; term: number }[],
  source: 'reference' | 'given',
): LayoutComplexity {
  const termOf = new Map<string, number>();
  for (const [i, p] of placements.entries()) {
    const before = termOf.get(p.credential);
    if (before !== undefined && before !== p.term)
      throw new AnalyticsInputError(
        MODULE,
        `the layout places "${p.credential}" in terms ${before} and ${p.term}`,
        ['layout', i, 'term'],
      );
    termOf.set(p.credential, p.term);
  }
  const inCurriculum = new Set(rows.map((r) => r.credential));
  const distance = new Map<string, number>();
  const violations: LayoutComplexity['violations'] = [];
  for (const e of edges) {
    const fromTerm = termOf.get(e.from);
    const toTerm = termOf.get(e.to);
    if (fromTerm === undefined || toTerm === undefined) continue;
    distance.set(e.to, (distance.get(e.to) ?? 0) + (toTerm - fromTerm));
    const broken =
      e.kind === 'prerequisite'
        ? fromTerm >= toTerm
        : e.kind === 'corequisite'
          ? fromTerm > toTerm
          : fromTerm !== toTerm;
    if (broken) violations.push({ ...e, fromTerm, toTerm });
  }
  const byTerm = new Map<number, CourseComplexity[]>();
  for (const r of rows) {
    const t = termOf.get(r.credential);
    if (t === undefined) continue;
    byTerm.set(t, [...(byTerm.get(t) ?? []), r]);
  }
  const terms = [...byTerm]
    .sort(([a], [b]) => a - b)
    .map(([term, rs]) => ({
      term,
      credentials: rs.map((r) => r.credential),
      credits: sum(rs.map((r) => r.credits)),
      blockingFactor: sum(rs.map((r) => r.blockingFactor)),
      delayFactor: sum(rs.map((r) => r.delayFactor)),
      centrality: sum(rs.map((r) => r.centrality)),
      complexity: oneDecimal(sum(rs.map((r) => r.complexity))),
      requisiteDistance: sum(rs.map((r) => distance.get(r.credential) ?? 0)),
    }));
  return {
    source,
    terms,
    requisiteDistance: sum([...distance.values()]),
    unplaced: rows.filter((r) => !termOf.has(r.credential)).map((r) => r.credential),
    outsideCurriculum: [...termOf.keys()].filter((id) => !inCurriculum.has(id)),
    violations,
  };
}
