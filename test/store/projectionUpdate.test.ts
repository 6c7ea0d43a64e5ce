/**
 * A projection updated from a write it made (updateCatalogueGraph) must be the graph a whole
 * read would build: same nodes, records, edges and order. Here without a database: random
 * credential upserts and removals are applied to a catalogue document the way the store
 * applies them (a removal also drops the links others had to it), and the updated graph is
 * compared with the graph built from the changed document, ordered as the store reads it
 * back. Also: graph -> snapshot form -> graph equals the graph built from the document, on the
 * seed and on a generated catalogue.
 */
import fc from 'fast-check';
import {
  buildCatalogueGraph,
  compareIds,
  deserializeCatalogueGraph,
  serializeCatalogueGraph,
  updateCatalogueGraph,
  type CatalogueGraph,
} from '../../src/graph/index.js';
import {
  acceptedIds,
  Credential,
  parseCatalogue,
  type CatalogueDocument,
} from '../../src/model/index.js';
import { syntheticCatalogue } from '../../bench/synthetic.js';
import { seedCatalogue } from '../support/seed.js';

/** Every collection ordered by id, as readCatalogue returns them. */
const asStored = (doc: CatalogueDocument): CatalogueDocument => {
  const byId = <T extends { id: string }>(xs: T[]) =>
    [...xs].sort((a, b) => compareIds(a.id, b.id));
  return {
    ...doc,
    providers: byId(doc.providers),
    credentials: byId(doc.credentials),
    learningOutcomes: byId(doc.learningOutcomes),
    skills: byId(doc.skills),
    occupations: byId(doc.occupations),
  };
};

const parse = (input: unknown): CatalogueDocument => {
  const parsed = parseCatalogue(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return asStored(parsed.value);
};

const seed = asStored(seedCatalogue());
const generated = parse(
  syntheticCatalogue({
    seed: 7,
    credentials: 300,
    qualifications: 20,
    areaSize: 12,
    depth: 2,
    breadth: 3,
    alternatives: 2,
    sharing: 0.2,
    prerequisiteDensity: 0.4,
    recognition: 0.1,
  }),
);

/** Everything the engine can see of a graph, edge keys aside (they are not part of it). */
const contents = (g: CatalogueGraph) => ({
  attributes: g.getAttributes(),
  nodes: g.mapNodes((key, node) => [key, node]),
  edges: g.mapEdges((_key, edge, source, target) => [source, target, edge]),
  out: g.mapNodes((key) => g.mapOutEdges(key, (_e, edge, _s, target) => [target, edge.type])),
  in: g.mapNodes((key) => g.mapInEdges(key, (_e, edge, source) => [source, edge.type])),
});

describe('graph -> snapshot form -> graph', () => {
  it.each([
    ['seed', seed],
    ['generated', generated],
  ])('equals the graph built from the document (%s)', (_name, doc) => {
    const built = buildCatalogueGraph(doc, 3, 'epoch');
    const back = deserializeCatalogueGraph(structuredClone(serializeCatalogueGraph(built)));
    expect(contents(back)).toEqual(contents(buildCatalogueGraph(doc, 3, 'epoch')));
    expect(back.order).toBeGreaterThan(50);
  });
});

type Operation =
  | { op: 'remove'; pick: number }
  | { op: 'edit'; pick: number; credits: number; coreqs: number[]; outcomes: number[] }
  | { op: 'add'; name: string; provider: number; accepts: number[]; outcomes: number[] };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('edit' as const),
    pick: fc.nat(),
    credits: fc.integer({ min: 1, max: 60 }),
    coreqs: fc.array(fc.nat(), { maxLength: 3 }),
    outcomes: fc.array(fc.nat(), { maxLength: 3 }),
  }),
  fc.record({
    op: fc.constant('add' as const),
    name: fc.stringMatching(/^[a-z0-9:._-]{1,12}$/),
    provider: fc.nat(),
    accepts: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    outcomes: fc.array(fc.nat(), { maxLength: 3 }),
  }),
);

/** Credentials no rule or recognition refers to: the store lets only these be deleted. */
function removable(doc: CatalogueDocument): string[] {
  const used = new Set<string>();
  for (const c of doc.credentials)
    for (const rule of [c.awardRule, c.entryRule])
      if (rule) acceptedIds(rule).forEach((id) => used.add(id));
  for (const r of doc.recognitions) used.add(r.from).add(r.to ?? r.towards!.qualification);
  return doc.credentials.map((c) => c.id).filter((id) => !used.has(id));
}

const pick = <T>(xs: readonly T[], n: number): T | undefined =>
  xs.length ? xs[n % xs.length] : undefined;

/**
 * Applies one operation as the store would; returns the document after it and the change as
 * the projection learns it (credentials written, ids removed), or undefined when it does not
 * apply (nothing removable, an id taken).
 */
function apply(
  doc: CatalogueDocument,
  o: Operation,
): { doc: CatalogueDocument; written: Credential[]; removed: string[] } | undefined {
  const ids = doc.credentials.map((c) => c.id);
  const outcomes = (ns: number[]) => [
    ...new Set(ns.flatMap((n) => pick(doc.learningOutcomes, n)?.id ?? [])),
  ];
  if (o.op === 'remove') {
    const id = pick(removable(doc), o.pick);
    if (id === undefined) return undefined;
    const written: Credential[] = [];
    const credentials = doc.credentials
      .filter((c) => c.id !== id)
      .map((c) => {
        const links = [
          ...c.corequisites,
          ...c.precedes,
          ...(c.strictCorequisites ?? []),
          ...(c.referencePlan ?? []).map((p) => p.credential),
        ];
        if (!links.includes(id)) return c;
        // The deletion detaches the links others had to it; the store reads them back so.
        const strict = (c.strictCorequisites ?? []).filter((x) => x !== id);
        const plan = (c.referencePlan ?? []).filter((p) => p.credential !== id);
        const { strictCorequisites: _s, referencePlan: _p, ...rest } = c;
        const changed: Credential = {
          ...rest,
          corequisites: c.corequisites.filter((x) => x !== id),
          precedes: c.precedes.filter((x) => x !== id),
          ...(strict.length ? { strictCorequisites: strict } : {}),
          ...(plan.length ? { referencePlan: plan } : {}),
        };
        written.push(changed);
        return changed;
      });
    return { doc: { ...doc, credentials }, written, removed: [id] };
  }
  if (o.op === 'edit') {
    const before = pick(doc.credentials, o.pick)!;
    const changed: Credential = {
      ...before,
      credits: o.credits,
      corequisites: [...new Set(o.coreqs.map((n) => pick(ids, n)!).filter((x) => x !== before.id))],
      learningOutcomes: outcomes(o.outcomes),
    };
    return {
      doc: {
        ...doc,
        credentials: doc.credentials.map((c) => (c.id === before.id ? changed : c)),
      },
      written: [changed],
      removed: [],
    };
  }
  const id = `new:${o.name}`;
  if (ids.includes(id)) return undefined;
  const added = Credential.parse({
    id,
    title: `New ${o.name}`,
    kind: 'micro-credential',
    credits: 5,
    provider: pick(doc.providers, o.provider)!.id,
    learningOutcomes: outcomes(o.outcomes),
    corequisites: [],
    precedes: [],
    awardRule: { op: 'ANY', accepts: [...new Set(o.accepts.map((n) => pick(ids, n)!))] },
  });
  return {
    doc: asStored({ ...doc, credentials: [...doc.credentials, added] }),
    written: [added],
    removed: [],
  };
}

describe('updateCatalogueGraph', () => {
  it.each([
    ['seed', seed],
    ['generated', generated],
  ])(
    'equals a whole rebuild after random upserts and removals (%s)',
    (_name, start) => {
      fc.assert(
        fc.property(fc.array(operation, { minLength: 1, maxLength: 6 }), (operations) => {
          let doc = start;
          let graph = buildCatalogueGraph(doc, 1, 'epoch');
          let version = 1;
          for (const o of operations) {
            const next = apply(doc, o);
            if (!next) continue;
            version++;
            graph = updateCatalogueGraph(
              graph,
              { written: next.written, removed: next.removed },
              { version, epoch: 'epoch' },
            );
            doc = next.doc;
            expect(contents(graph)).toEqual(contents(buildCatalogueGraph(doc, version, 'epoch')));
          }
        }),
        { numRuns: 60 },
      );
    },
    120_000,
  );

  it('finds the rule a partial transfer credits again when its qualification is rewritten', () => {
    // Rule node ids are positions: nesting the award rule one level moves the keyed node.
    const agreement = seed.recognitions.find((r) => r.towards)!;
    const q = seed.credentials.find((c) => c.id === agreement.towards!.qualification)!;
    const nested: Credential = { ...q, awardRule: { op: 'ALL', children: [q.awardRule!] } };
    const doc = asStored({
      ...seed,
      credentials: seed.credentials.map((c) => (c.id === q.id ? nested : c)),
    });
    const updated = updateCatalogueGraph(
      buildCatalogueGraph(seed, 1, 'epoch'),
      { written: [nested], removed: [] },
      { version: 2, epoch: 'epoch' },
    );
    expect(contents(updated)).toEqual(contents(buildCatalogueGraph(doc, 2, 'epoch')));
    const dropped: Credential = { ...q, awardRule: { op: 'ALL', accepts: [agreement.from] } };
    expect(() =>
      updateCatalogueGraph(
        buildCatalogueGraph(seed, 1, 'epoch'),
        { written: [dropped], removed: [] },
        { version: 2, epoch: 'epoch' },
      ),
    ).toThrow(/names a rule the write removed/);
  });

  it('keeps the graph it started from as it was (graphs are shared, never mutated)', () => {
    const before = buildCatalogueGraph(seed, 1, 'epoch');
    const copy = contents(before);
    const id = removable(seed)[0]!;
    const after = updateCatalogueGraph(
      before,
      { written: [], removed: [id] },
      { version: 2, epoch: 'epoch' },
    );
    expect(after.hasNode(id)).toBe(false);
    expect(contents(before)).toEqual(copy);
  });

  it('refuses to remove a credential a recognition still names', () => {
    const graph = buildCatalogueGraph(seed, 1, 'epoch');
    const recognised = seed.recognitions[0]!.from;
    expect(() =>
      updateCatalogueGraph(
        graph,
        { written: [], removed: [recognised] },
        { version: 2, epoch: 'epoch' },
      ),
    ).toThrow(/recognises a removed credential/);
  });

  it('orders ids by code point, as Neo4j does', () => {
    expect(['b', 'a', 'B', 'ab', '\u{1F600}', '\uFF01'].sort(compareIds)).toEqual([
      'B',
      'a',
      'ab',
      'b',
      '\uFF01',
      '\u{1F600}',
    ]);
  });
});
