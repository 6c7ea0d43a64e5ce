/**
 * Overlap of credentials (src/analytics/overlap): a hand-worked catalogue with a skill
 * hierarchy, and the inverted-index search against the all-pairs brute force, computed
 * from the catalogue document itself, on random catalogues.
 */
import fc from 'fast-check';
import { credentialOverlap, OverlapReport } from '../../src/analytics/overlap/index.js';
import { AnalyticsInputError } from '../../src/analytics/errors.js';
import type { CatalogueDocumentInput } from '../../src/model/index.js';
import { graphOf } from './support.js';

const skill = (id: string, broader: string[] = []) => ({ id, label: `skill ${id}`, broader });
const outcome = (id: string, skills: string[]) => ({
  id,
  statement: `outcome ${id}`,
  skills: skills.map((s) => ({ skill: s })),
});
const credential = (id: string, provider: string, learningOutcomes: string[]) => ({
  id,
  title: id,
  kind: 'micro-credential' as const,
  credits: 5,
  provider,
  learningOutcomes,
});

// Skills s1 and s2 share the group G; s3 stands alone.
const doc: CatalogueDocumentInput = {
  providers: [
    { id: 'p1', name: 'P1' },
    { id: 'p2', name: 'P2' },
  ],
  skills: [skill('G'), skill('s1', ['G']), skill('s2', ['G']), skill('s3')],
  learningOutcomes: [outcome('lo1', ['s1']), outcome('lo2', ['s2']), outcome('lo3', ['s3'])],
  credentials: [
    credential('a', 'p1', ['lo1', 'lo3']),
    credential('b', 'p2', ['lo2', 'lo3']),
    credential('c', 'p2', ['lo1']),
    credential('d', 'p1', ['lo1', 'lo3']),
  ],
  recognitions: [{ from: 'c', to: 'a' }],
};
const graph = graphOf(doc);
const summary = (r: OverlapReport) => r.pairs.map((p) => [p.a, p.b, +p.similarity.toFixed(3)]);

describe('credential overlap, hand-worked', () => {
  it('counts broader skills one level up by default, across providers only', () => {
    const r = credentialOverlap(graph, { threshold: 0.5 });
    // a = {s1, G, s3}, b = {s2, G, s3}, c = {s1, G}; a and d (same provider) are not compared.
    expect(summary(r)).toEqual([
      ['a', 'c', 0.667],
      ['c', 'd', 0.667],
      ['a', 'b', 0.5],
      ['b', 'd', 0.5],
    ]);
    const ab = r.pairs.find((p) => p.a === 'a' && p.b === 'b')!;
    expect(ab.shared).toEqual([
      { id: 'G', label: 'skill G', kind: 'skill' },
      { id: 's3', label: 'skill s3', kind: 'skill' },
    ]);
    expect([ab.onlyA, ab.onlyB, ab.providerA, ab.providerB]).toEqual([1, 1, 'p1', 'p2']);
    expect(r.pairs.find((p) => p.a === 'a' && p.b === 'c')!.recognised).toEqual([
      { from: 'c', to: 'a' },
    ]);
    expect(OverlapReport.parse(r)).toEqual(r);
  });

  it('exact skills, outcomes, the overlap coefficient, and pairs within a provider', () => {
    expect(summary(credentialOverlap(graph, { threshold: 0.3, broaderLevels: 0 }))).toEqual([
      ['a', 'c', 0.5],
      ['c', 'd', 0.5],
      ['a', 'b', 0.333],
      ['b', 'd', 0.333],
    ]);
    expect(summary(credentialOverlap(graph, { basis: 'outcomes', threshold: 0.5 }))).toEqual([
      ['a', 'c', 0.5],
      ['c', 'd', 0.5],
    ]);
    expect(
      summary(credentialOverlap(graph, { measure: 'overlap-coefficient', threshold: 0.6 })),
    ).toEqual([
      ['a', 'c', 1],
      ['c', 'd', 1],
      ['a', 'b', 0.667],
      ['b', 'd', 0.667],
    ]);
    expect(summary(credentialOverlap(graph, { threshold: 1, acrossProviders: false }))).toEqual([
      ['a', 'd', 1],
    ]);
    expect(summary(credentialOverlap(graph, { threshold: 0.5, provider: 'p2' }))).toEqual([
      ['a', 'c', 0.667],
      ['c', 'd', 0.667],
      ['a', 'b', 0.5],
      ['b', 'd', 0.5],
    ]);
  });

  it('lists strong pairs without a recognition as candidates, with the directions that cover', () => {
    const r = credentialOverlap(graph, { threshold: 0.5, strongThreshold: 0.6 });
    // a–c is as strong but already recognised (c → a).
    expect(r.candidateRecognitions).toEqual([
      {
        a: 'c',
        b: 'd',
        similarity: 2 / 3,
        suggested: [
          { from: 'c', to: 'd', coverage: 2 / 3 },
          { from: 'd', to: 'c', coverage: 1 },
        ],
      },
    ]);
  });

  it.each([
    [{ threshold: 0 }, /options\.threshold: must be above 0/],
    [{ basis: 'words' }, /options\.basis/],
    [{ provider: 'nope' }, /provider "nope" is not in the catalogue/],
    [{ broaderLevels: -1 }, /options\.broaderLevels/],
  ])('rejects %j, naming the module', (options, message) => {
    expect(() => credentialOverlap(graph, options as never)).toThrow(AnalyticsInputError);
    expect(() => credentialOverlap(graph, options as never)).toThrow(
      new RegExp(`^analytics/overlap: .*${message.source}`),
    );
  });
});

describe('credential overlap: inverted index against all pairs', () => {
  const catalogue = fc
    .record({
      skills: fc.integer({ min: 1, max: 10 }),
      outcomes: fc.integer({ min: 1, max: 10 }),
      credentials: fc.integer({ min: 2, max: 12 }),
    })
    .chain(({ skills, outcomes, credentials }) =>
      fc.record({
        // Each skill's broader skills have lower indexes: a forest of DAGs, no cycles.
        broader: fc.tuple(
          ...[...Array(skills).keys()].map((i) =>
            fc.uniqueArray(fc.nat(Math.max(0, i - 1)), { maxLength: i === 0 ? 0 : 2 }),
          ),
        ),
        develops: fc.tuple(
          ...[...Array(outcomes).keys()].map(() =>
            fc.uniqueArray(fc.nat(skills - 1), { maxLength: 3 }),
          ),
        ),
        certifies: fc.tuple(
          ...[...Array(credentials).keys()].map(() =>
            fc.uniqueArray(fc.nat(outcomes - 1), { maxLength: 4 }),
          ),
        ),
        providers: fc.tuple(
          ...[...Array(credentials).keys()].map(() => fc.constantFrom('p1', 'p2', 'p3', undefined)),
        ),
        recognitions: fc.uniqueArray(
          fc.tuple(fc.nat(credentials - 1), fc.nat(credentials - 1)).filter(([x, y]) => x !== y),
          { maxLength: 4, selector: ([x, y]) => `${x} ${y}` },
        ),
        options: fc.record({
          basis: fc.constantFrom('outcomes', 'skills', 'both' as const),
          broaderLevels: fc.integer({ min: 0, max: 3 }),
          measure: fc.constantFrom('jaccard', 'overlap-coefficient' as const),
          threshold: fc.constantFrom(0.1, 0.25, 1 / 3, 0.5, 2 / 3, 1),
          strongThreshold: fc.constantFrom(0.5, 0.8, 1),
          acrossProviders: fc.boolean(),
        }),
      }),
    );

  it('finds exactly the pairs, overlaps and candidates the brute force finds', () => {
    fc.assert(
      fc.property(catalogue, (c) => {
        const doc: CatalogueDocumentInput = {
          providers: ['p1', 'p2', 'p3'].map((id) => ({ id, name: id })),
          skills: c.broader.map((b, i) =>
            skill(
              `s${i}`,
              b.map((j) => `s${j}`),
            ),
          ),
          learningOutcomes: c.develops.map((d, i) =>
            outcome(
              `lo${i}`,
              d.map((j) => `s${j}`),
            ),
          ),
          credentials: c.certifies.map((los, i) => ({
            id: `c${i}`,
            title: `c${i}`,
            kind: 'course' as const,
            credits: 1,
            ...(c.providers[i] ? { provider: c.providers[i] } : {}),
            learningOutcomes: los.map((j) => `lo${j}`),
          })),
          recognitions: c.recognitions.map(([x, y]) => ({ from: `c${x}`, to: `c${y}` })),
        };
        const fast = credentialOverlap(graphOf(doc), c.options);
        expect(fast).toEqual(bruteForce(doc, c.options));
      }),
      { numRuns: 300 },
    );
  });
});

/** The definition, the slow way: every pair of credentials, features from the document. */
function bruteForce(
  doc: CatalogueDocumentInput,
  o: {
    basis: 'outcomes' | 'skills' | 'both';
    broaderLevels: number;
    measure: 'jaccard' | 'overlap-coefficient';
    threshold: number;
    strongThreshold: number;
    acrossProviders: boolean;
  },
) {
  const broader = new Map(doc.skills!.map((s) => [s.id, s.broader ?? []]));
  const develops = new Map(doc.learningOutcomes!.map((l) => [l.id, l.skills!.map((s) => s.skill)]));
  const features = (los: string[]) => {
    const out = new Set<string>();
    for (const lo of los) {
      if (o.basis !== 'skills') out.add(lo);
      if (o.basis === 'outcomes') continue;
      for (const s of develops.get(lo)!) {
        // Everything within broaderLevels steps up the hierarchy.
        let frontier = new Set([s]);
        for (let k = 0; k <= o.broaderLevels; k++) {
          const next = new Set<string>();
          for (const x of frontier) {
            out.add(x);
            for (const y of broader.get(x)!) next.add(y);
          }
          frontier = next;
        }
      }
    }
    return out;
  };
  const creds = doc.credentials!.map((c) => ({ ...c, f: features(c.learningOutcomes ?? []) }));
  const compared = creds.filter((c) => c.f.size > 0);
  const pairs = [];
  const candidates = [];
  for (let i = 0; i < compared.length; i++)
    for (let j = i + 1; j < compared.length; j++) {
      const A = compared[i]!;
      const B = compared[j]!;
      if (o.acrossProviders && A.provider !== undefined && A.provider === B.provider) continue;
      const shared = [...A.f].filter((x) => B.f.has(x)).sort();
      if (shared.length === 0) continue;
      const sim =
        o.measure === 'jaccard'
          ? shared.length / new Set([...A.f, ...B.f]).size
          : shared.length / Math.min(A.f.size, B.f.size);
      if (sim < o.threshold) continue;
      const recognised = [
        [A.id, B.id],
        [B.id, A.id],
      ]
        .filter(([x, y]) => doc.recognitions!.some((r) => r.from === x && r.to === y))
        .map(([from, to]) => ({ from: from!, to: to! }));
      pairs.push({
        a: A.id,
        b: B.id,
        ...(A.provider ? { providerA: A.provider } : {}),
        ...(B.provider ? { providerB: B.provider } : {}),
        similarity: sim,
        shared: shared.map((id) =>
          id.startsWith('lo')
            ? { id, label: `outcome ${id}`, kind: 'outcome' }
            : { id, label: `skill ${id}`, kind: 'skill' },
        ),
        onlyA: A.f.size - shared.length,
        onlyB: B.f.size - shared.length,
        recognised,
      });
      if (sim >= o.strongThreshold && recognised.length === 0)
        candidates.push({
          a: A.id,
          b: B.id,
          similarity: sim,
          suggested: [
            { from: A.id, to: B.id, coverage: shared.length / B.f.size },
            { from: B.id, to: A.id, coverage: shared.length / A.f.size },
          ].filter((s) => s.coverage >= o.strongThreshold),
        });
    }
  const order = (x: { a: string; b: string; similarity: number }, y: typeof x) =>
    y.similarity - x.similarity || x.a.localeCompare(y.a) || x.b.localeCompare(y.b);
  return {
    basis: o.basis,
    measure: o.measure,
    threshold: o.threshold,
    credentials: compared.length,
    pairs: pairs.sort(order),
    candidateRecognitions: candidates.sort(order),
  };
}
