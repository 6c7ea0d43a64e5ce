import { firstCycle } from '../../algorithms/cycles.js';
import { AnalyticsInputError } from '../errors.js';

const MODULE = 'complexity';

/** How one course requires another (CurricularAnalytics' requisite types). */
export type RequisiteKind = 'prerequisite' | 'corequisite' | 'strict-corequisite';

/**
 * A curriculum graph as plain data: one vertex per course, one edge `from → to` when `from`
 * is a requisite of `to`. Every kind of requisite is an edge, as in CurricularAnalytics.
 */
export interface RequisiteGraph {
  courses: readonly string[];
  requisites: readonly { from: string; to: string; kind?: RequisiteKind | undefined }[];
}

/** The four structural measures of one course. */
export interface CourseMeasures {
  /** Courses reachable from this one (it blocks them). */
  blockingFactor: number;
  /** Vertices on the longest requisite path through this course. */
  delayFactor: number;
  /** Sum of the vertex counts of the source-to-sink paths this course lies strictly inside. */
  centrality: number;
}

/** A validated, indexed curriculum graph: adjacency by index and a topological order. */
interface Indexed {
  ids: string[];
  out: number[][];
  in: number[][];
  order: number[];
}

function indexGraph(graph: RequisiteGraph): Indexed {
  const index = new Map<string, number>();
  graph.courses.forEach((id, i) => {
    if (index.has(id)) throw new AnalyticsInputError(MODULE, `course "${id}" is listed twice`);
    index.set(id, i);
  });
  const n = graph.courses.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const inn: number[][] = Array.from({ length: n }, () => []);
  const kindOf = new Map<string, RequisiteKind | undefined>();
  for (const r of graph.requisites) {
    const u = index.get(r.from);
    const v = index.get(r.to);
    if (u === undefined || v === undefined)
      throw new AnalyticsInputError(
        MODULE,
        `requisite ${r.from} → ${r.to} names a course that is not in the curriculum ("${u === undefined ? r.from : r.to}")`,
        [],
        'unknown-id',
      );
    if (u === v)
      throw new AnalyticsInputError(MODULE, `course "${r.from}" is a requisite of itself`);
    // A curriculum graph is simple: a prerequisite and a co-requisite between the same two
    // courses are one edge.
    const key = `${u} ${v}`;
    if (kindOf.has(key)) continue;
    kindOf.set(key, r.kind);
    out[u]!.push(v);
    inn[v]!.push(u);
  }
  // Kahn's algorithm; what is left over lies on a cycle.
  const indegree = inn.map((e) => e.length);
  const order: number[] = [];
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  while (queue.length) {
    const u = queue.shift()!;
    order.push(u);
    for (const v of out[u]!) if (--indegree[v]! === 0) queue.push(v);
  }
  if (order.length < n) {
    // What Kahn's algorithm left lies on a cycle or after one: a cycle among those vertices.
    const done = new Set(order);
    const left = out.map((next, v) => (done.has(v) ? [] : next.filter((w) => !done.has(w))));
    const cycle = firstCycle(left, { roots: [...left.keys()].filter((v) => !done.has(v)) })!;
    // Named with each edge's kind: mutual co-requisites (a lecture and its lab naming each
    // other) are a cycle to Curricular Analytics too, and the reader should see that is why.
    const text = cycle
      .map((v, k) => {
        if (k === 0) return graph.courses[v];
        const kind = kindOf.get(`${cycle[k - 1]} ${v}`);
        return `${kind ? `(${kind}) ` : ''}→ ${graph.courses[v]}`;
      })
      .join(' ');
    throw new AnalyticsInputError(
      MODULE,
      `the requisites form a cycle, which Curricular Analytics' measures are not defined on: ${text}`,
    );
  }
  return { ids: [...graph.courses], out, in: inn, order };
}

/**
 * Blocking factor, delay factor and centrality of every course (Heileman et al. 2018, as
 * CurricularAnalytics.jl computes them), in `graph.courses` order. Linear in the graph for
 * the delay factor and centrality (path counts and length sums by dynamic programming over a
 * topological order, not path enumeration), and one bitset union per edge for blocking.
 * Throws AnalyticsInputError on a cycle, naming it.
 */
export function requisiteMeasures(graph: RequisiteGraph): CourseMeasures[] {
  const { ids, out, in: inn, order } = indexGraph(graph);
  const n = ids.length;

  // Blocking: |vertices reachable from v|, by bitsets in reverse topological order.
  const words = Math.ceil(n / 32);
  const reach = Array.from({ length: n }, () => new Uint32Array(words));
  for (let k = n - 1; k >= 0; k--) {
    const u = order[k]!;
    const r = reach[u]!;
    for (const v of out[u]!) {
      r[v >>> 5]! |= 1 << (v & 31);
      const rv = reach[v]!;
      for (let w = 0; w < words; w++) r[w]! |= rv[w]!;
    }
  }
  const popcount = (bits: Uint32Array) => {
    let c = 0;
    for (let x of bits) {
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      c += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return c;
  };

  // Longest path (in vertices) ending at / starting from each vertex; the number of paths
  // from a source to v / from v to a sink, and the sum of their vertex counts.
  const endLen = new Array<number>(n).fill(1);
  const pathsIn = new Array<number>(n).fill(0);
  const lenIn = new Array<number>(n).fill(0);
  for (const v of order) {
    if (inn[v]!.length === 0) {
      pathsIn[v] = 1;
      lenIn[v] = 1;
    }
    for (const u of inn[v]!) {
      endLen[v] = Math.max(endLen[v]!, endLen[u]! + 1);
      pathsIn[v]! += pathsIn[u]!;
      lenIn[v]! += lenIn[u]! + pathsIn[u]!;
    }
  }
  const startLen = new Array<number>(n).fill(1);
  const pathsOut = new Array<number>(n).fill(0);
  const lenOut = new Array<number>(n).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    const u = order[k]!;
    if (out[u]!.length === 0) {
      pathsOut[u] = 1;
      lenOut[u] = 1;
    }
    for (const v of out[u]!) {
      startLen[u] = Math.max(startLen[u]!, startLen[v]! + 1);
      pathsOut[u]! += pathsOut[v]!;
      lenOut[u]! += lenOut[v]! + pathsOut[v]!;
    }
  }

  return ids.map((id, v) => {
    // Interior of a source-to-sink path: neither a source nor a sink itself. Each such path
    // is a prefix (source … v) joined to a suffix (v … sink) sharing v, so the sum of the
    // paths' vertex counts is Σ (|prefix| + |suffix| − 1) over all pairs.
    const interior = inn[v]!.length > 0 && out[v]!.length > 0;
    const centrality = interior
      ? lenIn[v]! * pathsOut[v]! + pathsIn[v]! * lenOut[v]! - pathsIn[v]! * pathsOut[v]!
      : 0;
    if (!Number.isSafeInteger(centrality))
      throw new AnalyticsInputError(
        MODULE,
        `the centrality of "${id}" exceeds what can be counted exactly (2^53): too many requisite paths`,
      );
    return {
      blockingFactor: popcount(reach[v]!),
      delayFactor: endLen[v]! + startLen[v]! - 1,
      centrality,
    };
  });
}
