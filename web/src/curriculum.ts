/**
 * A qualification's curriculum graph (GET /v1/analytics/complexity) as a graph for the page's
 * layered layout (layout.ts): one box per course, entry-rule (prerequisite) and co-requisite
 * arrows. The columns are the reference plan's terms when the API measured one; otherwise
 * the earliest term each course can be taken in: one after its latest prerequisite, no
 * earlier than its co-requisites (the longest-path layering of a DAG). Pure.
 */
import type { GraphEdge, GraphNode, PlanGraph } from './graph.js';
import type { Metric } from './designState.js';

export interface CourseLike {
  credential: string;
  title: string;
  credits: number;
  blockingFactor: number;
  delayFactor: number;
  centrality: number;
  cruciality: number;
  complexity: number;
}

export interface CurriculumLike {
  courses: CourseLike[];
  requisites: {
    from: string;
    to: string;
    kind: 'prerequisite' | 'corequisite' | 'strict-corequisite';
  }[];
  layout?: { terms: { term: number; credentials: string[] }[] } | undefined;
}

export const COURSE = { width: 220, height: 84 };
export const courseId = (credential: string): string => `k:${credential}`;

/**
 * The earliest term of each course (1-based): prerequisites strictly before, co-requisites
 * not after. The analytics refuse cyclic curricula, so this settles within one pass per
 * course; the bound only guards against a malformed answer.
 */
export function earliestTerms(c: CurriculumLike): Map<string, number> {
  const term = new Map(c.courses.map((k) => [k.credential, 1]));
  for (let pass = 0; pass <= c.courses.length; pass++) {
    let moved = false;
    for (const r of c.requisites) {
      const from = term.get(r.from);
      const to = term.get(r.to);
      if (from === undefined || to === undefined) continue;
      const least = r.kind === 'prerequisite' ? from + 1 : from;
      if (to < least) {
        term.set(r.to, least);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return term;
}

export function curriculumGraph(c: CurriculumLike): PlanGraph {
  const placed = new Map<string, number>();
  for (const t of c.layout?.terms ?? []) for (const id of t.credentials) placed.set(id, t.term);
  const earliest = earliestTerms(c);
  // A course the reference plan does not place goes where it could first be taken.
  const columnOf = (id: string) => placed.get(id) ?? earliest.get(id) ?? 1;
  const nodes: GraphNode[] = c.courses.map((k) => ({
    id: courseId(k.credential),
    kind: 'card',
    column: columnOf(k.credential),
    title: k.title,
    ...COURSE,
  }));
  const known = new Set(c.courses.map((k) => k.credential));
  const edges: GraphEdge[] = c.requisites
    .filter((r) => known.has(r.from) && known.has(r.to) && r.from !== r.to)
    .map((r) => ({
      id: `${r.kind}:${r.from}->${r.to}`,
      kind: r.kind === 'prerequisite' ? 'entry' : 'corequisite',
      from: courseId(r.from),
      to: courseId(r.to),
    }));
  const columns = [...new Set(nodes.map((n) => n.column))].sort((a, b) => a - b);
  return { columns, nodes, edges };
}

/** The largest value of a metric over the courses (what its colour scale spans). */
export const metricMax = (courses: readonly CourseLike[], metric: Metric): number =>
  Math.max(0, ...courses.map((k) => k[metric]));

export const METRIC_NAMES: Record<Metric, string> = {
  cruciality: 'Cruciality',
  blockingFactor: 'Blocking factor',
  delayFactor: 'Delay factor',
  centrality: 'Centrality',
  complexity: 'Course complexity',
};
