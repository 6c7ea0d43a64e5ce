/**
 * The one cycle search (src/algorithms/cycles.ts) against brute force on random digraphs:
 * components are exactly the sets of mutually reachable vertices, every cycle reported is a
 * cycle of the graph, one is reported exactly when the graph has one, and the cycles met are
 * those of a plain recursive depth-first search (the algorithm catalogue validation and the
 * curricular measures used before, kept here as the reference).
 */
import fc from 'fast-check';
import { firstCycle, searchCycles, shortestCycleThrough } from '../../src/algorithms/cycles.js';

const digraph = fc.integer({ min: 0, max: 9 }).chain((n) =>
  fc.array(fc.array(fc.integer({ min: 0, max: Math.max(0, n - 1) }), { maxLength: 4 }), {
    minLength: n,
    maxLength: n,
  }),
);

/** reach[a][b]: a path of one or more edges leads from a to b (Floyd–Warshall closure). */
function closure(succ: number[][]): boolean[][] {
  const n = succ.length;
  const reach = succ.map((out) => Array.from({ length: n }, (_, b) => out.includes(b)));
  for (let k = 0; k < n; k++)
    for (let a = 0; a < n; a++)
      if (reach[a]![k]) for (let b = 0; b < n; b++) if (reach[k]![b]) reach[a]![b] = true;
  return reach;
}

/** The reference: recursive depth-first search, each back edge's cycle in the order met. */
function referenceCycles(succ: number[][], roots: number[]): number[][] {
  const state = new Map<number, 'open' | 'done'>();
  const stack: number[] = [];
  const cycles: number[][] = [];
  const visit = (v: number): void => {
    state.set(v, 'open');
    stack.push(v);
    for (const w of succ[v]!) {
      const s = state.get(w);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(w)), w]);
      else if (s === undefined) visit(w);
    }
    stack.pop();
    state.set(v, 'done');
  };
  for (const r of roots) if (!state.has(r)) visit(r);
  return cycles;
}

describe('cycle search', () => {
  it('finds the strongly connected components (mutual reachability)', () => {
    fc.assert(
      fc.property(digraph, (succ) => {
        const { component, components } = searchCycles(succ);
        const reach = closure(succ);
        for (let a = 0; a < succ.length; a++)
          for (let b = 0; b < succ.length; b++)
            expect(component[a] === component[b]).toBe(a === b || (reach[a]![b]! && reach[b]![a]!));
        expect(new Set(component).size).toBe(components);
      }),
      { numRuns: 500 },
    );
  });

  it('meets the cycles a recursive depth-first search meets, each a cycle of the graph', () => {
    fc.assert(
      fc.property(digraph, fc.boolean(), (succ, reversed) => {
        const roots = succ.map((_, i) => i);
        if (reversed) roots.reverse();
        const met: number[][] = [];
        searchCycles(succ, {
          roots,
          onCycle: (c) => {
            met.push(c);
            return true;
          },
        });
        expect(met).toEqual(referenceCycles(succ, roots));
        for (const c of met) {
          expect(c[0]).toBe(c[c.length - 1]);
          for (let k = 0; k + 1 < c.length; k++) expect(succ[c[k]!]).toContain(c[k + 1]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reports a cycle exactly when the graph has one, and stops at the first', () => {
    fc.assert(
      fc.property(digraph, (succ) => {
        const reach = closure(succ);
        const cyclic = succ.some((_, v) => reach[v]![v]);
        const first = firstCycle(succ);
        expect(first !== undefined).toBe(cyclic);
        if (first) {
          expect(first).toEqual(
            referenceCycles(
              succ,
              succ.map((_, i) => i),
            )[0],
          );
          const search = searchCycles(succ, { onCycle: () => false });
          expect(search.stopped).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves vertices no root reaches unvisited', () => {
    const { component } = searchCycles([[1], [0], [0]], { roots: [0] });
    expect([...component]).toEqual([0, 0, -1]);
  });

  it('names a successor that is not a vertex', () => {
    expect(() => searchCycles([[3]])).toThrow(/cycles: successor 3 of 0 is not a vertex/);
  });

  it('follows a long chain without exhausting the call stack', () => {
    const n = 200_000;
    const succ = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const cycle = firstCycle(succ)!;
    expect(cycle).toHaveLength(n + 1);
    expect(searchCycles(succ).components).toBe(1);
  });
});

/** Length of the shortest cycle through `v`, by a breadth-first search from each successor. */
function shortestCycleLength(succ: number[][], v: number): number | undefined {
  let best: number | undefined;
  for (const w of succ[v]!) {
    const dist = new Map([[w, 1]]);
    const queue = [w];
    for (let head = 0; head < queue.length; head++) {
      const a = queue[head]!;
      for (const b of succ[a]!)
        if (!dist.has(b)) {
          dist.set(b, dist.get(a)! + 1);
          queue.push(b);
        }
    }
    // dist counts the edge v → w too, so dist(v) is the length of the cycle closed there.
    const d = dist.get(v);
    if (d !== undefined && (best === undefined || d < best)) best = d;
  }
  return best;
}

test('shortestCycleThrough finds a cycle through the start exactly when one exists, of least length', () => {
  fc.assert(
    fc.property(digraph, fc.nat(), (succ, pick) => {
      if (!succ.length) return;
      const start = pick % succ.length;
      const edgesOf = (v: number) => succ[v]!.map((to) => ({ from: v, to }));
      const cycle = shortestCycleThrough(start, edgesOf);
      const reach = closure(succ);
      expect(cycle !== undefined).toBe(reach[start]![start]);
      if (!cycle) return;
      // A closed walk of edges of the graph, from the start back to it, as short as any.
      expect(cycle[0]!.from).toBe(start);
      expect(cycle.at(-1)!.to).toBe(start);
      cycle.forEach((e, i) => {
        expect(succ[e.from]).toContain(e.to);
        if (i > 0) expect(e.from).toBe(cycle[i - 1]!.to);
      });
      expect(cycle.length).toBe(shortestCycleLength(succ, start));
    }),
    { numRuns: 2000 },
  );
});
