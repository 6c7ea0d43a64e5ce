import { z } from 'zod';
import { credentialOf, type CatalogueGraph, type CredentialNode } from '../../graph/index.js';
import { CredentialKind, Id } from '../../model/index.js';
import { parseOptions, requireProvider } from '../errors.js';

const MODULE = 'overlap';

export const OverlapOptions = z
  .object({
    basis: z
      .enum(['outcomes', 'skills', 'both'])
      .default('skills')
      .describe(
        'What is compared: the learning outcomes credentials certify, the ESCO skills those outcomes develop, or both.',
      ),
    broaderLevels: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(1)
      .describe(
        'A skill also counts as its broader skills and groups up to this many levels up the ESCO hierarchy (0: the skill alone).',
      ),
    measure: z
      .enum(['jaccard', 'overlap-coefficient'])
      .default('jaccard')
      .describe('|A∩B| / |A∪B| (Jaccard), or |A∩B| / min(|A|, |B|) (Szymkiewicz–Simpson).'),
    threshold: z
      .number()
      .gt(0, 'must be above 0 (every pair overlaps at 0)')
      .max(1)
      .default(0.5)
      .describe('Pairs at or above this similarity are reported.'),
    strongThreshold: z
      .number()
      .gt(0)
      .max(1)
      .default(0.8)
      .describe(
        'A pair at or above this similarity with no recognition between them is a candidate recognition.',
      ),
    acrossProviders: z
      .boolean()
      .default(true)
      .describe(
        'Only pairs whose providers differ (a credential without a provider differs from all).',
      ),
    kinds: z
      .array(CredentialKind)
      .optional()
      .describe('Only credentials of these kinds (default: all).'),
    provider: Id.optional().describe('Only pairs with at least one credential of this provider.'),
  })
  .strict();
export type OverlapOptions = z.input<typeof OverlapOptions>;

const Shared = z.object({ id: Id, label: z.string(), kind: z.enum(['outcome', 'skill']) });

export const CredentialOverlap = z
  .object({
    a: Id,
    b: Id,
    providerA: Id.optional(),
    providerB: Id.optional(),
    similarity: z.number().min(0).max(1),
    shared: z.array(Shared).describe('What both cover: the overlap, named.'),
    onlyA: z.number().int().describe('Features of a that b lacks.'),
    onlyB: z.number().int().describe('Features of b that a lacks.'),
    recognised: z
      .array(z.object({ from: Id, to: Id }))
      .describe('Recognition agreements between the two, either way (validity ignored).'),
  })
  .meta({ id: 'CredentialOverlap' });
export type CredentialOverlap = z.infer<typeof CredentialOverlap>;

export const CandidateRecognition = z
  .object({
    a: Id,
    b: Id,
    similarity: z.number(),
    suggested: z
      .array(z.object({ from: Id, to: Id, coverage: z.number() }))
      .describe(
        'Directions worth agreeing: from X to Y when X covers at least the strong threshold of what Y covers.',
      ),
  })
  .meta({ id: 'CandidateRecognition' });
export type CandidateRecognition = z.infer<typeof CandidateRecognition>;

export const OverlapReport = z
  .object({
    basis: z.enum(['outcomes', 'skills', 'both']),
    measure: z.enum(['jaccard', 'overlap-coefficient']),
    threshold: z.number(),
    credentials: z
      .number()
      .int()
      .describe('Credentials compared (those with anything to compare).'),
    pairs: z.array(CredentialOverlap).describe('Most similar first.'),
    candidateRecognitions: z.array(CandidateRecognition),
  })
  .meta({ id: 'OverlapReport' });
export type OverlapReport = z.infer<typeof OverlapReport>;

/**
 * What a credential covers, as a set of feature ids: its learning outcomes, the skills they
 * develop (with their broader concepts up to `broaderLevels`), or both. Outcome and skill
 * ids are URIs or catalogue ids, so they cannot collide.
 */
export function featuresOf(
  graph: CatalogueGraph,
  credential: CredentialNode,
  basis: 'outcomes' | 'skills' | 'both',
  broaderLevels: number,
): Set<string> {
  const out = new Set<string>();
  for (const lo of credential.learningOutcomes) {
    if (!graph.hasNode(lo)) continue;
    if (basis !== 'skills') out.add(lo);
    if (basis === 'outcomes') continue;
    graph.forEachOutEdge(lo, (_e, attrs, _s, skill) => {
      if (attrs.type !== 'develops') return;
      // Breadth-first per skill: a concept already found through another skill may have been
      // found nearer the top, with fewer levels left to climb from it.
      const seen = new Set([skill]);
      let level = [skill];
      out.add(skill);
      for (let i = 0; i < broaderLevels && level.length; i++) {
        const next: string[] = [];
        for (const s of level)
          graph.forEachOutEdge(s, (_e2, a2, _s2, broader) => {
            if (a2.type === 'broader' && !seen.has(broader)) {
              seen.add(broader);
              out.add(broader);
              next.push(broader);
            }
          });
        level = next;
      }
    });
  }
  return out;
}

export const similarityOf = (
  measure: 'jaccard' | 'overlap-coefficient',
  sizeA: number,
  sizeB: number,
  shared: number,
): number =>
  measure === 'jaccard' ? shared / (sizeA + sizeB - shared) : shared / Math.min(sizeA, sizeB);

/**
 * Pairs of credentials whose learning outcomes or ESCO skills overlap at or above a
 * threshold, the overlap named, and strongly overlapping pairs with no recognition between
 * them as candidate recognitions. Pairs are found through an inverted index (feature →
 * credentials): only credentials sharing a feature are ever compared, which is exact since
 * a pair sharing nothing has similarity 0, below any threshold.
 */
export function credentialOverlap(
  graph: CatalogueGraph,
  options: OverlapOptions = {},
): OverlapReport {
  const opts = parseOptions(MODULE, OverlapOptions, options);
  requireProvider(MODULE, graph, opts.provider);
  const kinds = opts.kinds && new Set(opts.kinds);
  const ids: string[] = [];
  const features: Set<string>[] = [];
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential' || (kinds && !kinds.has(node.kind))) return;
    const f = featuresOf(graph, node, opts.basis, opts.broaderLevels);
    if (f.size === 0) return;
    ids.push(id);
    features.push(f);
  });

  const postings = new Map<string, number[]>();
  features.forEach((f, i) => {
    for (const x of f) {
      const list = postings.get(x);
      if (list) list.push(i);
      else postings.set(x, [i]);
    }
  });

  const providerOf = (i: number) => credentialOf(graph, ids[i]!)!.provider;
  const pairs: CredentialOverlap[] = [];
  const candidates: CandidateRecognition[] = [];
  const sharedCount = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    sharedCount.clear();
    for (const x of features[i]!)
      for (const j of postings.get(x)!)
        if (j > i) sharedCount.set(j, (sharedCount.get(j) ?? 0) + 1);
    for (const [j, shared] of sharedCount) {
      const pa = providerOf(i);
      const pb = providerOf(j);
      if (opts.acrossProviders && pa !== undefined && pa === pb) continue;
      if (opts.provider !== undefined && pa !== opts.provider && pb !== opts.provider) continue;
      const sizeA = features[i]!.size;
      const sizeB = features[j]!.size;
      const similarity = similarityOf(opts.measure, sizeA, sizeB, shared);
      if (similarity < opts.threshold) continue;
      const a = ids[i]!;
      const b = ids[j]!;
      const recognised = recognitionsBetween(graph, a, b);
      pairs.push({
        a,
        b,
        ...(pa === undefined ? {} : { providerA: pa }),
        ...(pb === undefined ? {} : { providerB: pb }),
        similarity,
        shared: [...features[i]!]
          .filter((x) => features[j]!.has(x))
          .sort()
          .map((x) => describe(graph, x)),
        onlyA: sizeA - shared,
        onlyB: sizeB - shared,
        recognised,
      });
      if (similarity >= opts.strongThreshold && recognised.length === 0)
        candidates.push({
          a,
          b,
          similarity,
          suggested: [
            { from: a, to: b, coverage: shared / sizeB },
            { from: b, to: a, coverage: shared / sizeA },
          ].filter((s) => s.coverage >= opts.strongThreshold),
        });
    }
  }
  const order = (x: { a: string; b: string; similarity: number }, y: typeof x) =>
    y.similarity - x.similarity || x.a.localeCompare(y.a) || x.b.localeCompare(y.b);
  return {
    basis: opts.basis,
    measure: opts.measure,
    threshold: opts.threshold,
    credentials: ids.length,
    pairs: pairs.sort(order),
    candidateRecognitions: candidates.sort(order),
  };
}

function recognitionsBetween(graph: CatalogueGraph, a: string, b: string) {
  const out: { from: string; to: string }[] = [];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const)
    if (graph.someOutEdge(from, (_e, attrs, _s, t) => t === to && attrs.type === 'recognisedAs'))
      out.push({ from, to });
  return out;
}

function describe(graph: CatalogueGraph, id: string): z.infer<typeof Shared> {
  const node = graph.getNodeAttributes(id);
  if (node.type === 'outcome') return { id, label: node.statement, kind: 'outcome' };
  if (node.type === 'skill') return { id, label: node.label, kind: 'skill' };
  return { id, label: id, kind: 'skill' };
}
