/**
 * Curricular complexity (src/analytics/complexity): hand-worked curricula, the curricula and
 * values that CurricularAnalytics.jl's own test suite publishes, two of its example files read
 * by the product's curricular importer, and every measure against its definition computed by
 * brute force (all source-to-sink paths enumerated) on random small DAGs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { planPathway } from '../../src/engine/planner/index.js';
import {
  curricularComplexity,
  layoutOfPlan,
  requisiteMeasures,
  CurricularComplexity,
  type CourseMeasures,
} from '../../src/analytics/complexity/index.js';
import { AnalyticsInputError } from '../../src/analytics/errors.js';
import { mapCurricularFile } from '../../src/importers/curricular/index.js';
import { curriculumDocument, graphOf } from './support.js';

const byCourse = (r: CurricularComplexity, key: keyof CourseMeasures | 'complexity') =>
  Object.fromEntries(r.courses.map((c) => [c.credential, c[key]]));

describe('curricular complexity, hand-worked', () => {
  // A → B → C and A → C (prerequisites), D alone.
  const graph = graphOf(
    curriculumDocument({
      courses: ['A', 'B', 'C', 'D'],
      requisites: [
        ['A', 'B', 'pre'],
        ['B', 'C', 'pre'],
        ['A', 'C', 'pre'],
      ],
    }),
  );
  const r = curricularComplexity(graph, { qualification: 'degree' });

  it('counts the blocked courses, the longest path through each and the paths each lies inside', () => {
    expect(byCourse(r, 'blockingFactor')).toEqual({ A: 2, B: 1, C: 0, D: 0 });
    expect(byCourse(r, 'delayFactor')).toEqual({ A: 3, B: 3, C: 3, D: 1 });
    // Source-to-sink paths: A-B-C (3 courses) and A-C; only B lies strictly inside one.
    expect(byCourse(r, 'centrality')).toEqual({ A: 0, B: 3, C: 0, D: 0 });
    expect(byCourse(r, 'complexity')).toEqual({ A: 5, B: 4, C: 3, D: 1 });
    expect([r.blockingFactor, r.delayFactor, r.centrality, r.structuralComplexity]).toEqual([
      3, 10, 3, 13,
    ]);
    expect(r.courses.every((c) => c.cruciality === c.blockingFactor + c.delayFactor)).toBe(true);
    expect(CurricularComplexity.parse(r)).toEqual(r);
  });

  it('scales course complexity by 2/3 in a quarter system, to one decimal', () => {
    const q = graphOf(
      curriculumDocument({
        courses: ['A', 'B'],
        requisites: [['A', 'B', 'pre']],
        creditSystem: 'US quarter credit hours',
      }),
    );
    const quarter = curricularComplexity(q, { qualification: 'degree' });
    expect(quarter.termSystem).toBe('quarter');
    // A: 1 + 2 = 3 → 2; B: 0 + 2 = 2 → 1.3.
    expect(byCourse(quarter, 'complexity')).toEqual({ A: 2, B: 1.3 });
    expect(quarter.structuralComplexity).toBe(3.3);
    expect(curricularComplexity(q, { qualification: 'degree', termSystem: 'semester' })).toEqual(
      expect.objectContaining({ termSystem: 'semester', structuralComplexity: 5 }),
    );
  });

  it('expands a stacked award into its own courses and reaches courses through outcomes', () => {
    const g = graphOf({
      learningOutcomes: [{ id: 'lo-x', statement: 'x' }],
      credentials: [
        { id: 'm1', title: 'm1', kind: 'module', credits: 5 },
        {
          id: 'm2',
          title: 'm2',
          kind: 'module',
          credits: 5,
          entryRule: { op: 'ALL', accepts: ['m1'] },
        },
        { id: 'm3', title: 'm3', kind: 'module', credits: 5, learningOutcomes: ['lo-x'] },
        {
          id: 'cert',
          title: 'cert',
          kind: 'certificate',
          credits: 10,
          awardRule: { op: 'ALL', accepts: ['m1', 'm2'] },
        },
        {
          id: 'dip',
          title: 'dip',
          kind: 'diploma',
          qualification: true,
          credits: 15,
          awardRule: { op: 'ALL', accepts: ['cert', 'lo-x'] },
        },
      ],
    });
    const d = curricularComplexity(g, { qualification: 'dip' });
    expect(d.courses.map((c) => c.credential)).toEqual(['m1', 'm2', 'm3']);
    expect(d.requisites).toEqual([{ from: 'm1', to: 'm2', kind: 'prerequisite' }]);
  });

  it('reports requisites outside the curriculum without making them vertices', () => {
    const doc = curriculumDocument({
      courses: ['A', 'B', 'X'],
      requisites: [
        ['X', 'B', 'pre'],
        ['A', 'B', 'co'],
      ],
    });
    // X is a credential of the catalogue but not of the degree.
    const degree = doc.credentials!.find((c) => c.id === 'degree')!;
    degree.awardRule = { op: 'ALL', accepts: ['A', 'B'] };
    const r2 = curricularComplexity(graphOf(doc), { qualification: 'degree' });
    expect(r2.courses.map((c) => c.credential)).toEqual(['A', 'B']);
    expect(r2.requisites).toEqual([{ from: 'A', to: 'B', kind: 'corequisite' }]);
    expect(r2.externalRequisites).toEqual([{ from: 'X', to: 'B', kind: 'prerequisite' }]);
  });
});

describe('curricular complexity, values published by CurricularAnalytics.jl (test/CurricularAnalytics.jl)', () => {
  // The courses in the order of the published vectors.
  const measure = (spec: Parameters<typeof curriculumDocument>[0]) => {
    const r = curricularComplexity(graphOf(curriculumDocument(spec)), { qualification: 'degree' });
    const order = spec.courses;
    const col = (k: keyof CourseMeasures | 'complexity') =>
      order.map((id) => r.courses.find((c) => c.credential === id)![k]);
    return {
      delay: [r.delayFactor, col('delayFactor')],
      blocking: [r.blockingFactor, col('blockingFactor')],
      centrality: [r.centrality, col('centrality')],
      complexity: [r.structuralComplexity, col('complexity')],
    };
  };

  it('"Underwater Basket Weaving", 8 courses', () => {
    const m = measure({
      courses: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
      requisites: [
        ['A', 'C', 'pre'],
        ['B', 'C', 'pre'],
        ['D', 'C', 'co'],
        ['C', 'E', 'pre'],
        ['D', 'F', 'pre'],
      ],
    });
    expect(m.delay).toEqual([19, [3, 3, 3, 3, 3, 2, 1, 1]]);
    expect(m.blocking).toEqual([8, [2, 2, 1, 3, 0, 0, 0, 0]]);
    expect(m.centrality).toEqual([9, [0, 0, 9, 0, 0, 0, 0, 0]]);
    expect(m.complexity).toEqual([27, [5, 5, 4, 6, 3, 2, 1, 1]]);
  });

  it('"Postmodern Basket Weaving", 7 courses with co-requisites', () => {
    const m = measure({
      courses: ['A', 'B', 'C', 'D', 'E', 'F', 'G'],
      requisites: [
        ['A', 'B', 'co'],
        ['A', 'C', 'pre'],
        ['B', 'D', 'pre'],
        ['C', 'D', 'co'],
        ['C', 'E', 'pre'],
        ['D', 'F', 'pre'],
        ['D', 'G', 'co'],
        ['G', 'F', 'pre'],
      ],
    });
    expect(m.delay).toEqual([33, [5, 5, 5, 5, 3, 5, 5]]);
    expect(m.blocking).toEqual([16, [6, 3, 4, 2, 0, 0, 1]]);
    expect(m.centrality).toEqual([49, [0, 9, 12, 18, 0, 0, 10]]);
    expect(m.complexity).toEqual([49, [11, 8, 9, 7, 3, 5, 6]]);
  });

  it('"Delay Factor Test": two longest paths of the same length through each course', () => {
    const m = measure({
      courses: ['A', 'B', 'C', 'D'],
      requisites: [
        ['A', 'B', 'pre'],
        ['A', 'C', 'pre'],
        ['B', 'D', 'pre'],
        ['C', 'D', 'pre'],
      ],
    });
    expect(m.delay).toEqual([12, [3, 3, 3, 3]]);
  });
});

const dataRoot =
  process.env.PATHWAYS_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
const examples = join(dataRoot, 'curricula', 'curricularanalytics-jl-examples');
const haveExamples = existsSync(examples);
if (!haveExamples)
  console.warn(
    `complexity: ${examples} is absent; the CurricularAnalytics example files are skipped`,
  );
const withExamples = haveExamples ? describe : describe.skip;

/** One CurricularAnalytics file read by the product's importer, projected, measured. */
function fromFile(name: string) {
  const path = join(examples, name);
  const mapped = mapCurricularFile({ name: basename(path), bytes: readFileSync(path) });
  if (!mapped.ok) throw new Error(mapped.problems.map((p) => p.message).join('\n'));
  const graph = graphOf(mapped.document);
  const local = (id: string) => id.slice(mapped.qualification.length + 1);
  return { graph, qualification: mapped.qualification, local };
}

withExamples(
  'curricular complexity of CurricularAnalytics example files (read by the importer)',
  () => {
    it('UBW-curric.csv: the published 8-course curriculum without its two unconnected electives', () => {
      const { graph, qualification, local } = fromFile('UBW-curric.csv');
      const r = curricularComplexity(graph, { qualification });
      const got = Object.fromEntries(
        r.courses.map((c) => [
          local(c.credential),
          [c.blockingFactor, c.delayFactor, c.centrality],
        ]),
      );
      // Courses A..F of the published example; G and H (1 delay, 0 blocking each) are absent,
      // so the totals are the published 19/8/9/27 less 2 delay and 2 complexity.
      expect(got).toEqual({
        '1050322132': [2, 3, 0], // A, Introduction to Baskets
        '1888571219': [2, 3, 0], // B, Swimming
        '3989163861': [1, 3, 9], // C, Basic Basket Forms
        '4037212392': [3, 3, 0], // D, Basic Basket Forms Lab
        '2012165139': [0, 3, 0], // E, Advanced Basketry
        '300052638': [0, 2, 0], // F, Basket Materials & Decoration
      });
      expect([r.delayFactor, r.blockingFactor, r.centrality, r.structuralComplexity]).toEqual([
        17, 8, 9, 25,
      ]);
    });

    it('docs_src_degree-plan-ex.csv: per course and per term of its degree plan (worked by hand)', () => {
      const { graph, qualification, local } = fromFile('docs_src_degree-plan-ex.csv');
      const r = curricularComplexity(graph, { qualification, layout: 'reference' });
      const row = (id: string) => r.courses.find((c) => local(c.credential) === id)!;
      // Edges: 1→4, 5→4 (strict co), 4→6, 5→6, 3→6 (co), 1→7, 2→8, 7→8 (co); 9 → 3 is an
      // "additional course", outside the curriculum.
      expect(['1', '2', '3', '4', '5', '6', '7', '8'].map((id) => row(id).complexity)).toEqual([
        7, 3, 3, 4, 5, 3, 4, 3,
      ]);
      expect(row('4').centrality + row('7').centrality).toBe(9);
      expect(r.externalRequisites.map((e) => [local(e.from), local(e.to), e.kind])).toEqual([
        ['9', '3', 'prerequisite'],
      ]);
      expect(r.requisites.find((e) => local(e.from) === '5' && local(e.to) === '4')?.kind).toBe(
        'strict-corequisite',
      );
      const layout = r.layout!;
      expect(
        layout.terms.map((t) => [
          t.term,
          t.credits,
          t.blockingFactor,
          t.delayFactor,
          t.centrality,
          t.complexity,
          t.requisiteDistance,
        ]),
      ).toEqual([
        [1, 12, 5, 5, 0, 10, 0],
        [2, 16, 4, 8, 6, 12, 1],
        [3, 18, 1, 9, 3, 10, 7],
      ]);
      expect(layout.requisiteDistance).toBe(8);
      expect(layout.outsideCurriculum.map(local)).toEqual(['9']);
      expect(layout.unplaced).toEqual([]);
      expect(layout.violations).toEqual([]);
    });
  },
);

describe('term layouts', () => {
  const graph = graphOf(
    curriculumDocument({
      courses: ['A', 'B', 'C', 'L'],
      requisites: [
        ['A', 'B', 'pre'],
        ['L', 'B', 'strict_co'],
        ['B', 'C', 'co'],
      ],
      referencePlan: { A: 1, B: 2, L: 2, C: 2 },
    }),
  );

  it('measures a given layout and lists the requisites it breaks', () => {
    const r = curricularComplexity(graph, {
      qualification: 'degree',
      layout: [
        { credential: 'A', term: 1 },
        { credential: 'B', term: 1 },
        { credential: 'L', term: 2 },
      ],
    });
    expect(r.layout!.source).toBe('given');
    expect(r.layout!.unplaced).toEqual(['C']);
    expect(r.layout!.violations).toEqual([
      { from: 'A', to: 'B', kind: 'prerequisite', fromTerm: 1, toTerm: 1 },
      { from: 'L', to: 'B', kind: 'strict-corequisite', fromTerm: 2, toTerm: 1 },
    ]);
    expect(r.layout!.requisiteDistance).toBe(-1);
  });

  it("measures a planned pathway's steps as terms", () => {
    const plan = planPathway(graph, {
      holdings: [],
      asOf: '2026-01-01',
      target: { qualification: 'degree' },
    });
    expect(plan.status).toBe('planned');
    const layout = layoutOfPlan(plan);
    const r = curricularComplexity(graph, { qualification: 'degree', layout });
    // The planner keeps prerequisites and co-requisites; it schedules a strict co-requisite
    // like a co-requisite (together or before, src/graph/catalogueGraph.ts), so the only
    // breaks a planned pathway can show are strict co-requisites taken early, and the layout
    // says so.
    expect(
      r.layout!.violations.every((v) => v.kind === 'strict-corequisite' && v.fromTerm < v.toTerm),
    ).toBe(true);
    expect(r.layout!.unplaced).toEqual([]);
    expect(r.layout!.terms.flatMap((t) => t.credentials).sort()).toEqual(['A', 'B', 'C', 'L']);
    const termOf = new Map(layout.map((p) => [p.credential, p.term]));
    expect(termOf.get('A')! < termOf.get('B')!).toBe(true);
    expect(termOf.get('B')! <= termOf.get('C')!).toBe(true);
    expect(r.layout!.violations.length).toBe(termOf.get('L') === termOf.get('B') ? 0 : 1);
    expect(r.layout!.requisiteDistance).toBe(
      2 * termOf.get('B')! -
        termOf.get('A')! -
        termOf.get('L')! +
        termOf.get('C')! -
        termOf.get('B')!,
    );
  });

  it('keeps a co-requisite taken in the same term and a layout that respects everything', () => {
    const r = curricularComplexity(graph, { qualification: 'degree', layout: 'reference' });
    expect(r.layout!.violations).toEqual([]);
    expect(r.layout!.terms.map((t) => t.credentials)).toEqual([['A'], ['B', 'C', 'L']]);
  });
});

describe('curricular complexity rejects bad input, naming the module and the field', () => {
  const graph = graphOf(curriculumDocument({ courses: ['A'] }));

  it.each([
    [{ qualification: 'nope' }, /^analytics\/complexity: "nope" is not a credential/],
    [{ qualification: 'A' }, /^analytics\/complexity: "A" has no award rule/],
    [{ qualification: 'degree', layout: 'reference' }, /has no reference plan/],
    [{ qualification: 'degree', termSystem: 'trimester' }, /options\.termSystem/],
    [
      { qualification: 'degree', layout: [{ credential: 'A', term: 0 }] },
      /options\.layout\[0\]\.term/,
    ],
    [
      {
        qualification: 'degree',
        layout: [
          { credential: 'A', term: 1 },
          { credential: 'A', term: 2 },
        ],
      },
      /places "A" in terms 1 and 2/,
    ],
  ])('%j', (options, message) => {
    expect(() => curricularComplexity(graph, options as never)).toThrow(AnalyticsInputError);
    expect(() => curricularComplexity(graph, options as never)).toThrow(message);
  });

  it('names a requisite cycle (plain data; catalogue documents refuse cycles already)', () => {
    expect(() =>
      requisiteMeasures({
        courses: ['A', 'B', 'C', 'D'],
        requisites: [
          { from: 'D', to: 'A' },
          { from: 'A', to: 'B' },
          { from: 'B', to: 'C' },
          { from: 'C', to: 'A' },
        ],
      }),
    ).toThrow(/^analytics\/complexity: the requisites form a cycle.*: A → B → C → A$/);
    // Mutual co-requisites are a valid catalogue (taken together) but a cycle here.
    const mutual = graphOf(
      curriculumDocument({
        courses: ['A', 'B'],
        requisites: [
          ['A', 'B', 'co'],
          ['B', 'A', 'co'],
        ],
      }),
    );
    expect(() => curricularComplexity(mutual, { qualification: 'degree' })).toThrow(
      /^analytics\/complexity: the requisites form a cycle.*: A \(corequisite\) → B \(corequisite\) → A$/,
    );
    expect(() =>
      requisiteMeasures({ courses: ['A'], requisites: [{ from: 'A', to: 'Z' }] }),
    ).toThrow(/not in the curriculum \("Z"\)/);
  });
});

/** The definitions, computed the slow way: every source-to-sink path enumerated. */
function bruteForce(n: number, edges: [number, number][]): CourseMeasures[] {
  const out = Array.from({ length: n }, () => [] as number[]);
  const inDeg = new Array<number>(n).fill(0);
  for (const [u, v] of edges) {
    out[u]!.push(v);
    inDeg[v]!++;
  }
  const paths: number[][] = [];
  const walk = (path: number[]) => {
    const last = path[path.length - 1]!;
    if (out[last]!.length === 0) {
      if (path.length >= 2) paths.push(path);
      return;
    }
    for (const v of out[last]!) walk([...path, v]);
  };
  for (let s = 0; s < n; s++) if (inDeg[s] === 0) walk([s]);
  const reachable = (s: number) => {
    const seen = new Set<number>();
    const stack = [...out[s]!];
    while (stack.length) {
      const v = stack.pop()!;
      if (!seen.has(v)) {
        seen.add(v);
        stack.push(...out[v]!);
      }
    }
    return seen.size;
  };
  return Array.from({ length: n }, (_, v) => ({
    blockingFactor: reachable(v),
    delayFactor: Math.max(1, ...paths.filter((p) => p.includes(v)).map((p) => p.length)),
    centrality: paths
      .filter((p) => p.includes(v) && p[0] !== v && p[p.length - 1] !== v)
      .reduce((s, p) => s + p.length, 0),
  }));
}

describe('complexity measures against their definitions (brute force) on random DAGs', () => {
  // A DAG: edges only from a lower to a higher position of a random permutation.
  const dag = fc.integer({ min: 1, max: 9 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      // Pairs (a, b) with a < b; equal pairs dropped (a filter could never succeed for n = 1).
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 }).map((pairs) => [
        ...new Map(
          pairs
            .filter(([a, b]) => a !== b)
            .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)])
            .map((e) => [`${e[0]} ${e[1]}`, e] as const),
        ).values(),
      ]),
    }),
  );

  it('blocking factor, delay factor and centrality equal the brute force', () => {
    fc.assert(
      fc.property(dag, ({ n, perm, edges }) => {
        const mapped = edges.map(([a, b]): [number, number] => [perm[a]!, perm[b]!]);
        const ids = [...Array(n).keys()].map((i) => `c${i}`);
        const fast = requisiteMeasures({
          courses: ids,
          requisites: mapped.map(([u, v]) => ({ from: ids[u]!, to: ids[v]! })),
        });
        expect(fast).toEqual(bruteForce(n, mapped));
      }),
      { numRuns: 400 },
    );
  });

  it('a catalogue curriculum measures as its requisite graph does', () => {
    fc.assert(
      fc.property(
        dag,
        fc.array(fc.constantFrom('pre', 'co', 'strict_co' as const), {
          minLength: 20,
          maxLength: 20,
        }),
        ({ n, perm, edges }, kinds) => {
          const ids = [...Array(n).keys()].map((i) => `c${i}`);
          const requisites = edges.map(
            ([a, b], i): [string, string, 'pre' | 'co' | 'strict_co'] => [
              ids[perm[a]!]!,
              ids[perm[b]!]!,
              kinds[i]!,
            ],
          );
          const r = curricularComplexity(
            graphOf(curriculumDocument({ courses: ids, requisites })),
            {
              qualification: 'degree',
            },
          );
          const expected = bruteForce(
            n,
            edges.map(([a, b]) => [perm[a]!, perm[b]!]),
          );
          expect(
            r.courses.map(({ blockingFactor, delayFactor, centrality }) => ({
              blockingFactor,
              delayFactor,
              centrality,
            })),
          ).toEqual(expected);
          expect(r.structuralComplexity).toBe(
            expected.reduce((s, m) => s + m.blockingFactor + m.delayFactor, 0),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
