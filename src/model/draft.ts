import { z } from 'zod';
import { CatalogueShape, Id, recognitionKey, type CatalogueDocument } from './catalogue.js';
import { parseCatalogue, parseWith } from './document.js';
import { mergeCatalogues } from './merge.js';
import type { CatalogueIssue } from './references.js';

/**
 * A draft change to the catalogue ("what would this change to our programme do?"): records to
 * add or replace, with the same schemas as a catalogue document, and records to remove. A draft
 * is evaluated without being written (src/analytics/whatIf) and can then be applied through
 * the import's validated write path (store/catalogueWriter.ts, applyCatalogueDraft).
 */

export const DRAFT_FORMAT = 'pathways-draft/1';

const shape = CatalogueShape.shape;

export const DraftRemovals = z
  .object({
    credentials: z.array(Id).default([]).describe('Credentials to remove, by id.'),
    recognitions: z
      .array(z.object({ from: Id, to: Id }).strict())
      .default([])
      .describe('Recognition agreements to remove, by the credentials they join.'),
    learningOutcomes: z.array(Id).default([]).describe('Learning outcomes to remove, by id.'),
    providers: z.array(Id).default([]).describe('Providers to remove, by id.'),
  })
  .strict();
export type DraftRemovals = z.output<typeof DraftRemovals>;

/** The kinds of record a draft may remove. */
export type RemovableKind = keyof DraftRemovals;

export const CatalogueDraft = z
  .object({
    format: z.literal(DRAFT_FORMAT).default(DRAFT_FORMAT),
    name: z.string().min(1).optional().describe('What the draft is, for people.'),
    providers: shape.providers,
    credentials: shape.credentials,
    learningOutcomes: shape.learningOutcomes,
    skills: shape.skills,
    occupations: shape.occupations,
    iscoGroups: shape.iscoGroups,
    recognitions: shape.recognitions,
    remove: DraftRemovals.prefault({}).describe('Records to remove.'),
  })
  .strict()
  .superRefine((draft, ctx) => {
    // Replacing and removing one record at once says two things: refuse rather than guess.
    const upserted = new Set([
      ...draft.credentials.map((c) => `credentials\u0000${c.id}`),
      ...draft.learningOutcomes.map((o) => `learningOutcomes\u0000${o.id}`),
      ...draft.providers.map((p) => `providers\u0000${p.id}`),
      ...draft.recognitions.map((r) => `recognitions\u0000${recognitionKey(r)}`),
    ]);
    // What-if graphs model whole recognitions only (graph/draftGraph.ts).
    draft.recognitions.forEach((r, i) => {
      if (r.towards)
        ctx.addIssue({
          code: 'custom',
          path: ['recognitions', i, 'towards'],
          message:
            'a draft cannot hold a partial credit transfer yet: import it with a catalogue document',
        });
    });
    for (const kind of ['credentials', 'learningOutcomes', 'providers'] as const)
      draft.remove[kind].forEach((id, i) => {
        if (upserted.has(`${kind}\u0000${id}`))
          ctx.addIssue({
            code: 'custom',
            path: ['remove', kind, i],
            message: `"${id}" is both added or replaced and removed by the draft`,
          });
      });
    draft.remove.recognitions.forEach((r, i) => {
      if (upserted.has(`recognitions\u0000${r.from}\u0000${r.to}`))
        ctx.addIssue({
          code: 'custom',
          path: ['remove', 'recognitions', i],
          message: `the recognition "${r.from}" -> "${r.to}" is both added or replaced and removed by the draft`,
        });
    });
  })
  .meta({
    id: 'CatalogueDraft',
    title: 'Pathways catalogue draft',
    description:
      'A change to the catalogue, evaluated without writing it (what-if) or applied in one transaction: records to add or replace (the schemas of a catalogue document, except learners) and records to remove.',
  });
export type CatalogueDraftInput = z.input<typeof CatalogueDraft>;
export type CatalogueDraft = z.output<typeof CatalogueDraft>;

/** Record kinds a draft adds or replaces, in the catalogue document's order. */
const UPSERTED = [
  'providers',
  'credentials',
  'learningOutcomes',
  'skills',
  'occupations',
  'iscoGroups',
  'recognitions',
] as const;
export type UpsertedKind = (typeof UPSERTED)[number];
type RecognitionRecord = Parameters<typeof recognitionKey>[0];
type DraftRecord = { id: string } | RecognitionRecord;

const keyOf = (kind: UpsertedKind, r: DraftRecord) =>
  kind === 'recognitions' ? recognitionKey(r as RecognitionRecord) : (r as { id: string }).id;

/** JSON with object keys sorted, so two equal records compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A record as a change list names it: its id, or a recognition's "from -> to" label, which
 * joins two ids and so can be longer than one id may be.
 */
const RecordLabel = z.string().min(1);

/** What a draft changes in a catalogue, record by record (ids; recognitions as from/to). */
export const DraftChanges = z
  .object({
    added: z
      .array(RecordLabel)
      .describe('Records the catalogue does not have yet (ids; recognitions "from -> to").'),
    replaced: z.array(RecordLabel).describe('Records that exist and change.'),
    removed: z.array(RecordLabel).describe('Records removed.'),
    unchanged: z
      .array(RecordLabel)
      .describe(
        'Records of the draft identical to the stored ones, and removals of records the catalogue does not have: nothing to do.',
      ),
  })
  .meta({ id: 'DraftChanges' });
export type DraftChanges = z.infer<typeof DraftChanges>;

/** A validated draft, what it changes, and the catalogue it would leave. */
export interface AppliedDraft {
  draft: CatalogueDraft;
  /**
   * The changes that do something: records that are new or differ from the stored ones, and
   * removals of records that exist. Applying this is the same as applying the draft.
   */
  effective: CatalogueDraft;
  changes: DraftChanges;
  /** The catalogue the draft leaves (validated like an import's union). */
  document: CatalogueDocument;
}

const recordLabel = (kind: UpsertedKind | RemovableKind, key: string) =>
  kind === 'recognitions' ? key.replace('\u0000', ' -> ') : key;

/**
 * Validates a draft against the stored catalogue: the draft's own shape, then the catalogue it
 * would leave with the checks an import uses (references, entry- and award-rule cycles, rule
 * limits, ids unique across kinds). Every problem is given with its path inside the draft; a
 * stored record the draft would break (a rule naming a removed credential) is reported at the
 * removal.
 */
export function applyDraft(
  stored: CatalogueDocument,
  input: unknown,
): { ok: true; value: AppliedDraft } | { ok: false; issues: CatalogueIssue[] } {
  const parsed = parseWith(CatalogueDraft, input);
  if (!parsed.ok) return parsed;
  const draft = parsed.value;

  // The stored catalogue without what the draft removes.
  const removedKeys = {
    credentials: new Set(draft.remove.credentials),
    learningOutcomes: new Set(draft.remove.learningOutcomes),
    providers: new Set(draft.remove.providers),
    recognitions: new Set(draft.remove.recognitions.map(recognitionKey)),
  };
  const matched = new Set<string>();
  const kept = <T>(kind: RemovableKind, records: T[], key: (r: T) => string): T[] =>
    records.filter((r) => {
      const k = key(r);
      if (!removedKeys[kind].has(k)) return true;
      matched.add(`${kind}\u0000${k}`);
      return false;
    });
  const remaining: CatalogueDocument = {
    ...stored,
    credentials: kept('credentials', stored.credentials, (c) => c.id),
    learningOutcomes: kept('learningOutcomes', stored.learningOutcomes, (o) => o.id),
    providers: kept('providers', stored.providers, (p) => p.id),
    recognitions: kept('recognitions', stored.recognitions, recognitionKey),
  };

  const incoming = Object.fromEntries(UPSERTED.map((k) => [k, draft[k] ?? []]));
  const union = mergeCatalogues(remaining, incoming);
  const whole = parseCatalogue(union.document);
  if (!whole.ok) {
    const removals: [RemovableKind, string, number][] = [
      ...draft.remove.credentials.map((id, i): [RemovableKind, string, number] => [
        'credentials',
        id,
        i,
      ]),
      ...draft.remove.learningOutcomes.map((id, i): [RemovableKind, string, number] => [
        'learningOutcomes',
        id,
        i,
      ]),
      ...draft.remove.providers.map((id, i): [RemovableKind, string, number] => [
        'providers',
        id,
        i,
      ]),
    ];
    const issues = whole.issues.map((issue) => {
      const located = union.locate(issue);
      if (located.path.length > 0 || issue.path.length === 0) return located;
      // About a stored record: point at the removal that broke it, when one did.
      const removal = removals.find(([, id]) => issue.message.includes(`"${id}"`));
      if (!removal) return located;
      const [kind, id, i] = removal;
      return {
        path: ['remove', kind, i],
        message: `"${id}" is still needed, ${located.message}`,
      };
    });
    return { ok: false, issues };
  }

  const { effective, changes } = draftEffect(
    draft,
    (kind) => stored[kind] ?? [],
    (kind) => whole.value[kind] ?? [],
    matched,
  );
  return { ok: true, value: { draft, effective, changes, document: whole.value } };
}

/**
 * What a valid draft actually does: records that are new or differ from the stored ones
 * (compared as canonical JSON, defaults applied), and removals of records that exist (`matched`:
 * "kind\u0000key" of the stored records a removal found). `stored` gives the stored records of a
 * kind (at least those the draft names), `after` the draft's records as the validated union
 * holds them. Shared by applyDraft (the whole stored document) and callers that read only the
 * records a draft names.
 */
export function draftEffect(
  draft: CatalogueDraft,
  stored: (kind: UpsertedKind) => readonly DraftRecord[],
  after: (kind: UpsertedKind) => readonly DraftRecord[],
  matched: ReadonlySet<string>,
): { effective: CatalogueDraft; changes: DraftChanges } {
  const changes: DraftChanges = { added: [], replaced: [], removed: [], unchanged: [] };
  const effective: CatalogueDraft = {
    ...draft,
    providers: [],
    credentials: [],
    learningOutcomes: [],
    skills: [],
    occupations: [],
    recognitions: [],
    remove: { credentials: [], recognitions: [], learningOutcomes: [], providers: [] },
  };
  delete effective.iscoGroups;
  const byKey = (kind: UpsertedKind, records: readonly DraftRecord[]) =>
    new Map(records.map((r) => [keyOf(kind, r), r]));
  for (const kind of UPSERTED) {
    const records: readonly DraftRecord[] = draft[kind] ?? [];
    if (records.length === 0) continue;
    const before = byKey(kind, stored(kind));
    const now = byKey(kind, after(kind));
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (const r of records) {
      const key = keyOf(kind, r);
      if (seen.has(key)) continue;
      seen.add(key);
      const record = now.get(key)!;
      const old = before.get(key);
      const label = recordLabel(kind, key);
      if (old === undefined) changes.added.push(label);
      else if (canonicalJson(old) !== canonicalJson(record)) changes.replaced.push(label);
      else {
        changes.unchanged.push(label);
        continue;
      }
      out.push(record);
    }
    (effective as Record<string, unknown>)[kind] = out;
  }
  for (const kind of ['credentials', 'learningOutcomes', 'providers'] as const)
    for (const id of new Set(draft.remove[kind])) {
      if (matched.has(`${kind}\u0000${id}`)) {
        changes.removed.push(id);
        effective.remove[kind].push(id);
      } else changes.unchanged.push(id);
    }
  const seenRecognitions = new Set<string>();
  for (const r of draft.remove.recognitions) {
    const key = recognitionKey(r);
    if (seenRecognitions.has(key)) continue;
    seenRecognitions.add(key);
    const label = recordLabel('recognitions', key);
    if (matched.has(`recognitions\u0000${key}`)) {
      changes.removed.push(label);
      effective.remove.recognitions.push(r);
    } else changes.unchanged.push(label);
  }
  return { effective, changes };
}

/** Whether a draft changes nothing (every record identical, every removal already done). */
export const changesNothing = (changes: DraftChanges): boolean =>
  changes.added.length + changes.replaced.length + changes.removed.length === 0;
