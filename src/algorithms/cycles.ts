/**
 * Cycles in a directed graph: the project's one cycle detection. Catalogue validation names
 * the dependency cycles a document would create, the MIP asks whether a strict edge lies on a
 * cycle, and curricular complexity names the requisite cycle it refuses; all three run this
 * one depth-first search (Tarjan 1972), which yields the strongly connected components and,
 * on the way, the cycle each back edge closes.
 *
 * Vertices are 0..n-1 and the graph is given as successor lists, so that callers on hot paths
 * (the MIP builds one per problem) pay for no graph object; iterative, so long chains do not
 * overflow the call stack.
 */

export interface CycleSearchOptions {
  /**
   * Where the search starts, in order (default 0, 1, …, n-1); a root already reached from an
   * earlier one is skipped, and vertices reached from none are left unvisited (component -1).
   */
  roots?: Iterable<number>;
  /**
   * Told about each cycle a back edge closes, as the search meets it, as the path from the
   * vertex the edge returns to, ending with that vertex again ([a, b, c, a]); the search is
   * depth-first in root order and in successor order, so which cycles are met is
   * deterministic. Return false to stop the search there.
   */
  onCycle?: (cycle: number[]) => boolean | undefined;
}

export interface CycleSearch {
  /** Strongly connected component of each vertex (-1 for vertices not visited). */
  component: Int32Array;
  /** Number of components found. */
  components: number;
  /** True when onCycle stopped the search (components are then incomplete). */
  stopped: boolean;
}

/**
 * Depth-first search of the graph for its strongly connected components (two vertices lie on
 * a common cycle exactly when they share one) and for the cycles its back edges close.
 * Throws when a successor is not a vertex.
 */
export function searchCycles(
  successors: readonly (readonly number[])[],
  options: CycleSearchOptions = {},
): CycleSearch {
  const n = successors.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  // Position of each vertex on the current depth-first path, -1 when not on it.
  const onPath = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  // The depth-first path: [vertex, next successor to look at].
  const path: [number, number][] = [];
  let counter = 0;
  let components = 0;
  const enter = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    onPath[v] = path.length;
    path.push([v, 0]);
  };
  const roots = options.roots ?? Array.from({ length: n }, (_, i) => i);
  for (const root of roots) {
    if (index[root] !== -1) continue;
    enter(root);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const [v, k] = top;
      const out = successors[v]!;
      if (k < out.length) {
        top[1]++;
        const w = out[k]!;
        if (!(w >= 0 && w < n))
          throw new RangeError(`cycles: successor ${w} of ${v} is not a vertex`);
        if (index[w] === -1) enter(w);
        else {
          if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
          if (onPath[w] !== -1 && options.onCycle) {
            const cycle = path.slice(onPath[w]).map(([u]) => u);
            cycle.push(w);
            if (options.onCycle(cycle) === false) return { component, components, stopped: true };
          }
        }
        continue;
      }
      path.pop();
      onPath[v] = -1;
      if (path.length > 0) {
        const parent = path[path.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          component[w] = components;
          if (w === v) break;
        }
        components++;
      }
    }
  }
  return { component, components, stopped: false };
}

/** The first cycle the search meets (see searchCycles), or undefined when there is none. */
export function firstCycle(
  successors: readonly (readonly number[])[],
  options: Omit<CycleSearchOptions, 'onCycle'> = {},
): number[] | undefined {
  let found: number[] | undefined;
  searchCycles(successors, {
    ...options,
    onCycle: (cycle) => {
      found = cycle;
      return false;
    },
  });
  return found;
}

/**
 * A shortest cycle through `start` (fewest edges), by breadth-first search from it along
 * `edgesOf` until an edge returns to it (Moore 1959): the edges in order from `start`, or
 * undefined when nothing reachable leads back. Where the other functions here take numbered
 * vertices, this one takes keys and lazily produced edges, for callers that explore only
 * what the search reaches (the planner's explanation of a credential that can never start).
 * Edges are followed in the order `edgesOf` gives them, so the cycle found is deterministic.
 */
export function shortestCycleThrough<V, E extends { from: V; to: V }>(
  start: V,
  edgesOf: (vertex: V) => readonly E[],
): E[] | undefined {
  const back = new Map<V, E>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const e of edgesOf(queue[head]!)) {
      if (e.to === start) {
        const cycle = [e];
        for (let at = e.from; at !== start; at = back.get(at)!.from) cycle.unshift(back.get(at)!);
        return cycle;
      }
      if (back.has(e.to)) continue;
      back.set(e.to, e);
      queue.push(e.to);
    }
  }
  return undefined;
}
