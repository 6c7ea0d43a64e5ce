/**
 * Drafts (src/model/draft.ts) and the graph they leave (src/graph/draftGraph.ts): validation
 * with paths inside the draft, what a draft changes, and the derived graph against a graph
 * built from scratch from the changed catalogue, on hand-made and random drafts.
 */
import fc from 'fast-check';
import {
  buildCatalogueGraph,
  deriveCatalogueGraph,
  type CatalogueGraph,
} from '../../src/graph/index.js';
import {
  applyDraft,
  changesNothing,
  formatPath,
  parseCatalogue,
  type CatalogueDocument,
  type CatalogueDocumentInput,
} from '../../src/model/index.js';

type CredentialInput = NonNullable<CatalogueDocumentInput['credentials']>[number];
import { catalogueArb, draftArb } from '../support/drafts.js';

const stored = (input: CatalogueDocumentInput): CatalogueDocument => {
  const parsed = parseCatalogue(input);
  if (!parsed.ok)
    throw new Error(parsed.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n'));
  return parsed.value;
};

/**
 * The small catalogue every test starts from, one record per id: `record(id, changes)` is the
 * stored record with some fields changed (a draft's replacement), `record(id)` as stored.
 */
const records = {
  m1: {
    id: 'm1',
    title: 'SQL',
    kind: 'module',
    credits: 5,
    provider: 'p1',
    learningOutcomes: ['o1'],
  },
  m2: {
    id: 'm2',
    title: 'Python',
    kind: 'module',
    credits: 5,
    provider: 'p1',
    entryRule: { op: 'ALL', accepts: ['m1'] },
  },
  m3: { id: 'm3', title: 'Stats', kind: 'micro-credential', credits: 5, provider: 'p1' },
  q1: {
    id: 'q1',
    title: 'Certificate',
    kind: 'certificate',
    qualification: true,
    credits: 10,
    provider: 'p1',
    awardRule: { op: 'ALL', accepts: ['m2', 'o1'] },
  },
} satisfies Record<string, CredentialInput>;
type RecordId = keyof typeof records;
const record = (id: RecordId, changes: Partial<CredentialInput> = {}): CredentialInput => ({
  ...records[id],
  ...changes,
});
/** A module the catalogue does not have yet (a draft's addition). */
const newModule = (changes: Partial<CredentialInput> = {}): CredentialInput => ({
  id: 'm4',
  title: 'New',
  kind: 'module',
  credits: 3,
  ...changes,
});

const base = stored({
  providers: [{ id: 'p1', name: 'College' }],
  learningOutcomes: [{ id: 'o1', statement: 'Writes SQL' }],
  credentials: Object.values(records),
  recognitions: [{ from: 'm3', to: 'm1' }],
  learners: [{ id: 'learner-1', holdings: [{ credential: 'm3', awardedOn: '2025-01-01' }] }],
});

/** Nodes and edges of a graph as sorted text, so two graphs compare whatever their order. */
function contents(graph: CatalogueGraph) {
  const nodes = graph.mapNodes((id, attrs) => `${id} ${JSON.stringify(attrs)}`).sort();
  const edges = graph
    .mapEdges((_e, attrs, source, target) => `${source} -> ${target} ${JSON.stringify(attrs)}`)
    .sort();
  return { nodes, edges };
}

describe('applyDraft', () => {
  it('applies upserts and removals and says what changed', () => {
    const result = applyDraft(base, {
      credentials: [record('m2', { credits: 10 }), record('m1'), newModule({ credits: 3 })],
      remove: { recognitions: [{ from: 'm3', to: 'm1' }], credentials: ['nothing-here'] },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.changes).toEqual({
      added: ['m4'],
      replaced: ['m2'],
      removed: ['m3 -> m1'],
      unchanged: ['m1', 'nothing-here'],
    });
    expect(result.value.effective.credentials.map((c) => c.id)).toEqual(['m2', 'm4']);
    expect(result.value.document.credentials.find((c) => c.id === 'm2')!.credits).toBe(10);
    expect(result.value.document.recognitions).toEqual([]);
    expect(changesNothing(result.value.changes)).toBe(false);
  });

  it('names the field inside the draft for its own records', () => {
    const result = applyDraft(base, {
      credentials: [newModule({ credits: -1, entryRule: { op: 'ALL', accepts: ['ghost'] } })],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => formatPath(i.path))).toEqual(['credentials[0].credits']);
    const refs = applyDraft(base, {
      credentials: [newModule({ credits: 1, entryRule: { op: 'ALL', accepts: ['ghost'] } })],
    });
    expect(refs.ok).toBe(false);
    if (refs.ok) return;
    expect(refs.issues).toEqual([
      {
        path: ['credentials', 0, 'entryRule', 'accepts', 0],
        message: 'unknown credential or learning outcome "ghost"',
      },
    ]);
  });

  it('points at the removal when a stored record still needs what it removes', () => {
    const result = applyDraft(base, { remove: { credentials: ['m1'] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) expect(issue.path).toEqual(['remove', 'credentials', 0]);
    expect(result.issues.map((i) => i.message).join('\n')).toMatch(/still needed.*"m2"/);
    // A learner's holding counts too: removing what a stored learner holds is refused.
    const held = applyDraft(base, {
      remove: { credentials: ['m3'], recognitions: [{ from: 'm3', to: 'm1' }] },
    });
    expect(held.ok).toBe(false);
    if (!held.ok) expect(formatPath(held.issues[0]!.path)).toBe('remove.credentials[0]');
  });

  it('refuses an entry-rule cycle the draft closes, at the draft record', () => {
    const result = applyDraft(base, {
      credentials: [record('m1', { entryRule: { op: 'ALL', accepts: ['m2'] } })],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toMatch(/cycle in entry rules/);
  });

  it('refuses a record both replaced and removed, and unknown fields', () => {
    const both = applyDraft(base, {
      credentials: [record('m3')],
      remove: { credentials: ['m3'] },
    });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(formatPath(both.issues[0]!.path)).toBe('remove.credentials[0]');
    const unknown = applyDraft(base, { credentials: [], learners: [] });
    expect(unknown.ok).toBe(false);
  });

  it('changes nothing when every record is as stored and every removal already done', () => {
    const result = applyDraft(base, {
      credentials: [record('m1')],
      remove: { credentials: ['gone'] },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(changesNothing(result.value.changes)).toBe(true);
  });
});

describe('deriveCatalogueGraph', () => {
  it('gives the graph a rebuild of the changed catalogue gives (hand-made draft)', () => {
    const result = applyDraft(base, {
      learningOutcomes: [{ id: 'o2', statement: 'Reads data' }],
      credentials: [
        record('m3', { credits: 6, learningOutcomes: ['o2'] }),
        record('q1', { awardRule: { op: 'ANY', accepts: ['m2', 'o2'] } }),
      ],
      recognitions: [{ from: 'm3', to: 'm2', credits: 2 }],
      remove: { recognitions: [{ from: 'm3', to: 'm1' }] },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const derived = deriveCatalogueGraph(buildCatalogueGraph(base), result.value.effective);
    expect(contents(derived)).toEqual(contents(buildCatalogueGraph(result.value.document)));
    expect(derived.hasEdge('m3', 'q1')).toBe(true); // m3 now certifies o2, which q1 accepts
    expect(derived.outNeighbors('m1')).not.toContain('q1');
  });

  it('gives the graph a rebuild gives, on random catalogues and drafts', () => {
    fc.assert(
      fc.property(catalogueArb, draftArb, (catalogue, draft) => {
        const doc = stored(catalogue);
        const result = applyDraft(doc, draft);
        fc.pre(result.ok);
        const { effective, document } = result.value;
        const derived = deriveCatalogueGraph(buildCatalogueGraph(doc), effective);
        expect(contents(derived)).toEqual(contents(buildCatalogueGraph(document)));
      }),
      { numRuns: 300 },
    );
  });
});
