/**
 * The designer journey's pure logic: the URL form of its state, the heat scale (monotone, its
 * legend agreeing with it, its colours readable), the matrix of shared modules, and the
 * curriculum graph's columns (earliest terms against a brute-force longest path).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  courseId,
  curriculumGraph,
  earliestTerms,
  metricMax,
  type CourseLike,
  type CurriculumLike,
} from '../../web/src/curriculum.js';
import {
  ANALYSES,
  METRICS,
  decodeDesign,
  emptyDesign,
  encodeDesign,
  journeyOf,
  type DesignState,
} from '../../web/src/designState.js';
import { HEAT_LEVELS, heatLegend, heatLevel, sharedMatrix } from '../../web/src/heatmap.js';
import { layOut } from '../../web/src/layout.js';

const id = fc.stringMatching(/^[a-z][a-z0-9:-]{0,11}$/);

const design: fc.Arbitrary<DesignState> = fc.record({
  analysis: fc.constantFrom(...ANALYSES),
  provider: fc.option(id, { nil: undefined }),
  threshold: fc.option(
    fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
    { nil: undefined },
  ),
  occupation: fc.option(id, { nil: undefined }),
  qualification: fc.option(id, { nil: undefined }),
  metric: fc.constantFrom(...METRICS),
  perTerm: fc.boolean(),
});

describe('the designer state in the URL', () => {
  test('round trip: decoding the encoded state gives it back', () => {
    fc.assert(
      fc.property(design, (d) => {
        expect(decodeDesign(encodeDesign(d).toString())).toEqual(d);
      }),
    );
  });

  test('the defaults stay out of the address, and it names the journey', () => {
    expect(encodeDesign(emptyDesign()).toString()).toBe('view=designer');
    expect(journeyOf('?view=designer&analysis=overlap')).toBe('designer');
    expect(journeyOf('?target=qualification&t=x')).toBe('adviser');
    expect(journeyOf('')).toBe('adviser');
  });

  test('nonsense falls back to the defaults', () => {
    const d = decodeDesign(
      'view=designer&analysis=astrology&threshold=7&metric=height&terms=yes&provider=%20',
    );
    expect(d).toEqual(emptyDesign());
    expect(decodeDesign('threshold=0').threshold).toBeUndefined();
    expect(decodeDesign('threshold=-0.5').threshold).toBeUndefined();
    expect(decodeDesign('threshold=abc').threshold).toBeUndefined();
  });

  test('it sits beside the adviser state without taking its parameters', () => {
    const q = encodeDesign({
      ...emptyDesign(),
      analysis: 'coverage',
      occupation: 'esco:o1',
      qualification: 'q1',
    });
    expect([...q.keys()].sort()).toEqual(['analysis', 'occupation', 'qualification', 'view']);
  });
});

describe('the heat scale', () => {
  test('0 is "none", the maximum the top level, and a larger value is never lighter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (max, a, b) => {
          const [lo, hi] = [Math.min(a, b, max), Math.min(Math.max(a, b), max)];
          expect(heatLevel(lo, max)).toBeLessThanOrEqual(heatLevel(hi, max));
          expect(heatLevel(0, max)).toBe(0);
          expect(heatLevel(max, max)).toBe(HEAT_LEVELS - 1);
          if (lo > 0) expect(heatLevel(lo, max)).toBeGreaterThan(0);
        },
      ),
    );
    // Nothing to compare against: everything is "none".
    expect(heatLevel(3, 0)).toBe(0);
  });

  test('the legend says which values each level stands for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (max, v) => {
        const value = Math.min(v, max);
        const legend = heatLegend(max);
        expect(legend.map((l) => l.level)).toEqual([...Array(HEAT_LEVELS).keys()]);
        // The level of a value is the band whose bounds contain it.
        const level = heatLevel(value, max);
        const top = HEAT_LEVELS - 1;
        expect(value).toBeGreaterThan(((level - 1) * max) / top);
        expect(value).toBeLessThanOrEqual((level * max) / top);
      }),
    );
    expect(heatLegend(8).map((l) => l.label)).toEqual([
      '0',
      'over 0 up to 2',
      'over 2 up to 4',
      'over 4 up to 6',
      'over 6 up to 8',
    ]);
    expect(heatLegend(0)).toEqual([{ level: 0, label: '0' }]);
    // Counts: the whole numbers of each band, a band without any left out.
    expect(heatLegend(17, true).map((l) => l.label)).toEqual(['0', '1–4', '5–8', '9–12', '13–17']);
    expect(heatLegend(2, true)).toEqual([
      { level: 0, label: '0' },
      { level: 2, label: '1' },
      { level: 4, label: '2' },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (max, v) => {
        const value = Math.min(v, max);
        const band = heatLegend(max, true).find((l) => l.level === heatLevel(value, max))!;
        const [first, last = first] = band.label.split('–').map(Number);
        expect(value).toBeGreaterThanOrEqual(first!);
        expect(value).toBeLessThanOrEqual(last!);
      }),
    );
  });

  /** WCAG 2 relative luminance and contrast ratio. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (x: string, y: string) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a! + 0.05) / (b! + 0.05);
  };

  test('style.css gives every level a darker colour and ink readable on it (WCAG AA 4.5:1)', () => {
    const css = readFileSync(
      fileURLToPath(new URL('../../web/src/style.css', import.meta.url)),
      'utf8',
    );
    const levels = [...Array(HEAT_LEVELS).keys()].map((level) => {
      const block = new RegExp(`\\.heat-${level} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
      const bg = /--heat-bg: (#[0-9a-f]{6})/i.exec(block)?.[1];
      const ink = /--heat-ink: (#[0-9a-f]{6})/i.exec(block)?.[1];
      expect(bg).toBeDefined();
      expect(ink).toBeDefined();
      return { bg: bg!, ink: ink! };
    });
    for (const l of levels) expect(contrast(l.bg, l.ink)).toBeGreaterThanOrEqual(4.5);
    for (let i = 1; i < levels.length; i++)
      expect(luminance(levels[i]!.bg)).toBeLessThan(luminance(levels[i - 1]!.bg));
  });
});

describe('the matrix of shared modules', () => {
  const report = fc.uniqueArray(id, { minLength: 0, maxLength: 6 }).chain((quals) =>
    fc.record({
      qualifications: fc.constant(
        quals.map((q, i) => ({ qualification: q, title: `Q ${q}`, modules: i + 3 })),
      ),
      sharedModules: fc.uniqueArray(
        fc.record({
          a: fc.constantFrom(...quals, 'elsewhere'),
          b: fc.constantFrom(...quals, 'elsewhere'),
          shared: fc.array(fc.constantFrom('m1', 'm2', 'm3', 'm4'), { maxLength: 5 }),
        }),
        { selector: (p) => [p.a, p.b].sort().join('|') },
      ),
    }),
  );

  test('symmetric, the diagonal the modules of each, each pair its distinct shared modules', () => {
    fc.assert(
      fc.property(report, (r) => {
        const m = sharedMatrix(r);
        const ids = r.qualifications.map((q) => q.qualification);
        expect(m.qualifications.map((q) => q.id)).toEqual(ids);
        let max = 0;
        ids.forEach((a, i) => {
          ids.forEach((b, j) => {
            if (i === j) {
              expect(m.counts[i]![j]).toBe(r.qualifications[i]!.modules);
              return;
            }
            // Brute force: the pair as the report lists it, either way round.
            const pair = r.sharedModules.find(
              (p) => (p.a === a && p.b === b) || (p.a === b && p.b === a),
            );
            const expected = new Set(pair?.shared ?? []);
            expect(m.counts[i]![j]).toBe(expected.size);
            expect(m.shared[i]![j]).toEqual([...expected].sort());
            expect(m.counts[j]![i]).toBe(m.counts[i]![j]);
            max = Math.max(max, expected.size);
          });
        });
        expect(m.max).toBe(max);
      }),
    );
  });
});

describe('the curriculum graph', () => {
  const course = (credential: string): CourseLike => ({
    credential,
    title: credential.toUpperCase(),
    credits: 5,
    blockingFactor: 0,
    delayFactor: 0,
    centrality: 0,
    cruciality: credential.length,
    complexity: 0,
  });

  /** Random DAGs: a requisite always goes from a lower-numbered course to a higher one. */
  const dag = fc.integer({ min: 1, max: 8 }).chain((n) =>
    fc
      .array(
        fc.record({
          from: fc.integer({ min: 0, max: n - 1 }),
          to: fc.integer({ min: 0, max: n - 1 }),
          kind: fc.constantFrom('prerequisite', 'corequisite', 'strict-corequisite' as const),
        }),
        { maxLength: 14 },
      )
      .map((edges): CurriculumLike => ({
        courses: [...Array(n).keys()].map((i) => course(`c${i}`)),
        requisites: edges
          .filter((e) => e.from < e.to)
          .map((e) => ({ from: `c${e.from}`, to: `c${e.to}`, kind: e.kind })),
      })),
  );

  test('earliest terms are the longest requisite paths (prerequisites count one term)', () => {
    fc.assert(
      fc.property(dag, (c) => {
        const memo = new Map<string, number>();
        // Brute force: the longest weighted path ending at the course, by recursion.
        const longest = (k: string): number => {
          if (memo.has(k)) return memo.get(k)!;
          const into = c.requisites.filter((r) => r.to === k);
          const t = Math.max(
            1,
            ...into.map((r) => longest(r.from) + (r.kind === 'prerequisite' ? 1 : 0)),
          );
          memo.set(k, t);
          return t;
        };
        const terms = earliestTerms(c);
        for (const k of c.courses) expect(terms.get(k.credential)).toBe(longest(k.credential));
      }),
    );
  });

  test('columns and arrows for the layout; the reference plan wins where it places a course', () => {
    const c: CurriculumLike = {
      courses: ['a', 'b', 'c', 'd'].map(course),
      requisites: [
        { from: 'a', to: 'b', kind: 'prerequisite' },
        { from: 'b', to: 'c', kind: 'prerequisite' },
        { from: 'd', to: 'c', kind: 'corequisite' },
        { from: 'outside', to: 'a', kind: 'prerequisite' },
      ],
    };
    const g = curriculumGraph(c);
    const column = (k: string) => g.nodes.find((n) => n.id === courseId(k))!.column;
    expect([column('a'), column('b'), column('c'), column('d')]).toEqual([1, 2, 3, 1]);
    expect(g.columns).toEqual([1, 2, 3]);
    expect(g.edges.map((e) => e.kind).sort()).toEqual(['corequisite', 'entry', 'entry']);
    const placed = curriculumGraph({
      ...c,
      layout: {
        terms: [
          { term: 1, credentials: ['a'] },
          { term: 3, credentials: ['b', 'd'] },
          { term: 4, credentials: ['c'] },
        ],
      },
    });
    expect(placed.nodes.map((n) => n.column)).toEqual([1, 3, 4, 3]);
    // The layout places every course and routes every arrow from its source to its target.
    const laid = layOut(g);
    expect(laid.nodes).toHaveLength(4);
    for (const e of laid.edges) {
      const from = laid.nodes.find((n) => n.id === e.from)!;
      const to = laid.nodes.find((n) => n.id === e.to)!;
      expect(e.points[0]!.x).toBe(from.x + from.width);
      const end = e.points[e.points.length - 1]!;
      expect([to.x, to.x + to.width]).toContain(end.x);
    }
    expect(metricMax(c.courses, 'cruciality')).toBe(1);
    expect(metricMax([], 'cruciality')).toBe(0);
  });
});
