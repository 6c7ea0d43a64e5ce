/**
 * credentialWriteIssues (validating a credential write against the catalogue graph) against
 * the whole validation it replaces for `PUT /v1/credentials/{id}` (mergeCatalogues, then
 * parseCatalogue of the union, issues located in the incoming document): on random writes to
 * the seed catalogue (replaced and new credentials; references known, unknown, to itself and
 * to the wrong kind of record; ids taken by other kinds; rules closing dependency cycles),
 * both must accept the same writes and report the same problems at the same paths, in the
 * same order. The graph may decline to judge ("undefined") only a document the schema rejects,
 * which the caller then validates whole.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildCatalogueGraph, compareIds, credentialWriteIssues } from '../../src/graph/index.js';
import {
  CatalogueShape,
  parseCatalogue,
  parseWith,
  type CatalogueDocument,
} from '../../src/model/index.js';
import { mergeCatalogues } from '../../src/model/merge.js';

const parsed = parseCatalogue(
  JSON.parse(readFileSync(new URL('../../seed/catalogue.json', import.meta.url), 'utf8')),
);
if (!parsed.ok) throw new Error('the seed catalogue does not parse');
// Each kind ordered by id, as the store reads the catalogue back (and the graph is built): the
// whole validation's cycle search then meets stored credentials first, as it does in the API.
const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => compareIds(a.id, b.id));
const stored: CatalogueDocument = {
  ...parsed.value,
  providers: byId(parsed.value.providers),
  credentials: byId(parsed.value.credentials),
  learningOutcomes: byId(parsed.value.learningOutcomes),
  skills: byId(parsed.value.skills),
  occupations: byId(parsed.value.occupations),
};
const graph = buildCatalogueGraph(stored, 7, '00000000-0000-4000-8000-000000000000');

/** What importCatalogue reports for `input` on top of `stored`. */
function wholeValidation(input: unknown) {
  const union = mergeCatalogues(stored, input);
  const whole = parseCatalogue(union.document);
  return whole.ok ? { ok: true as const } : { ok: false, issues: whole.issues.map(union.locate) };
}

const credentialIds = stored.credentials.map((c) => c.id);
const outcomeIds = stored.learningOutcomes.map((o) => o.id);
const providerIds = stored.providers.map((p) => p.id);
const skillIds = stored.skills.map((s) => s.id);
// Credentials some award rule accepts: an entry rule naming what they stack into closes a cycle.
const stacked = stored.credentials.filter((c) =>
  stored.credentials.some((q) => q.awardRule && JSON.stringify(q.awardRule).includes(`"${c.id}"`)),
);

const anyId = (self: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...credentialIds) },
    { weight: 2, arbitrary: fc.constantFrom(...outcomeIds) },
    { weight: 1, arbitrary: fc.constantFrom(...providerIds, ...skillIds.slice(0, 5)) },
    { weight: 1, arbitrary: fc.constantFrom('nope:1', 'nope:2', self) },
  );

const ruleOf = (self: string) =>
  fc.oneof(
    fc.record({
      op: fc.constantFrom('ALL' as const, 'ANY' as const),
      accepts: fc.uniqueArray(anyId(self), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      op: fc.constant('MIN_CREDITS' as const),
      credits: fc.constant(10),
      accepts: fc.uniqueArray(anyId(self), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      op: fc.constant('ALL' as const),
      children: fc.array(
        fc.record({
          op: fc.constant('ANY' as const),
          accepts: fc.uniqueArray(anyId(self), { minLength: 1, maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
  );

const idOfWrite = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...credentialIds) },
  { weight: 3, arbitrary: fc.stringMatching(/^new:[a-z]{1,4}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...outcomeIds, ...providerIds, ...skillIds.slice(0, 3)) },
);

const credential = idOfWrite.chain((id) =>
  fc.record(
    {
      id: fc.constant(id),
      title: fc.constant(`Written ${id}`),
      kind: fc.constant('module'),
      credits: fc.constantFrom(5, 10),
      provider: fc.oneof(fc.constantFrom(...providerIds), anyId(id)),
      learningOutcomes: fc.uniqueArray(anyId(id), { maxLength: 2 }),
      corequisites: fc.uniqueArray(anyId(id), { maxLength: 2 }),
      strictCorequisites: fc.uniqueArray(anyId(id), { maxLength: 1 }),
      precedes: fc.uniqueArray(anyId(id), { maxLength: 2 }),
      referencePlan: fc.array(
        fc.record({ credential: anyId(id), term: fc.integer({ min: 1, max: 4 }) }),
        { maxLength: 2 },
      ),
      entryRule: ruleOf(id),
      awardRule: ruleOf(id),
    },
    { requiredKeys: ['id', 'title', 'kind', 'credits'] },
  ),
);

/** A credential some qualification stacks, whose entry rule now requires that qualification. */
const cycle = fc
  .tuple(fc.constantFrom(...stacked), fc.constantFrom(...credentialIds))
  .map(([c, other]) => {
    const into = stored.credentials.find(
      (q) => q.awardRule && JSON.stringify(q.awardRule).includes(`"${c.id}"`),
    )!;
    return { ...c, entryRule: { op: 'ANY' as const, accepts: [...new Set([into.id, other])] } };
  });

/** A write that refers only to what exists (mostly accepted, unless it closes a cycle). */
const sound = fc
  .record({
    id: fc.oneof(fc.constantFrom(...credentialIds), fc.stringMatching(/^new:[a-z]{1,4}$/)),
    provider: fc.constantFrom(...providerIds),
    learningOutcomes: fc.uniqueArray(fc.constantFrom(...outcomeIds), { maxLength: 2 }),
    corequisites: fc.uniqueArray(fc.constantFrom(...credentialIds), { maxLength: 1 }),
    accepts: fc.uniqueArray(fc.constantFrom(...credentialIds, ...outcomeIds), {
      minLength: 1,
      maxLength: 3,
    }),
    entry: fc.boolean(),
  })
  .map(({ id, accepts, entry, corequisites, ...rest }) => ({
    id,
    title: `Sound ${id}`,
    kind: 'module',
    credits: 5,
    ...rest,
    corequisites: corequisites.filter((c) => c !== id),
    ...(entry
      ? { entryRule: { op: 'ANY', accepts: accepts.filter((a) => a !== id) } }
      : { awardRule: { op: 'ALL', accepts: accepts.filter((a) => a !== id) } }),
  }));

const documents = fc.oneof(
  fc.array(fc.oneof(credential, cycle, sound), { minLength: 1, maxLength: 3 }),
  fc.oneof(credential, sound).map((c) => [c]),
);

test('the graph validation and the whole validation agree on random credential writes', () => {
  let judged = 0;
  let rejected = 0;
  fc.assert(
    fc.property(documents, (credentials) => {
      const unique = [...new Map(credentials.map((c) => [c.id, c])).values()];
      const input = { credentials: unique };
      const byGraph = credentialWriteIssues(graph, input);
      const whole = wholeValidation(input);
      if (byGraph === undefined) {
        // Declined only for what the schema rejects (validated whole by the caller).
        expect(parseWith(CatalogueShape, input).ok).toBe(false);
        return;
      }
      judged++;
      if (!whole.ok) rejected++;
      expect(byGraph.ok ? { ok: true } : byGraph).toEqual(whole);
    }),
    { numRuns: 600 },
  );
  // The property saw both outcomes, often.
  expect(judged).toBeGreaterThan(300);
  expect(rejected).toBeGreaterThan(100);
  expect(judged - rejected).toBeGreaterThan(20);
});

test('a cycle through a written credential is named as the whole validation names it', () => {
  const module = stacked[0]!;
  const into = stored.credentials.find(
    (q) => q.awardRule && JSON.stringify(q.awardRule).includes(`"${module.id}"`),
  )!;
  const input = { credentials: [{ ...module, entryRule: { op: 'ANY', accepts: [into.id] } }] };
  const byGraph = credentialWriteIssues(graph, input);
  expect(byGraph).toEqual(wholeValidation(input));
  expect(byGraph?.ok).toBe(false);
  // Closed at the stored qualification, met first in the order of ids.
  expect(byGraph).toEqual({
    ok: false,
    issues: [
      expect.objectContaining({
        path: [],
        message: expect.stringMatching(
          new RegExp(`^with the stored catalogue: credentials "${into.id}": cycle in entry rules`),
        ),
      }),
    ],
  });
});

test('documents with other kinds of record, or a credential listed twice, are left to the whole validation', () => {
  const c = stored.credentials[0]!;
  expect(credentialWriteIssues(graph, { credentials: [c, c] })).toBeUndefined();
  expect(
    credentialWriteIssues(graph, { credentials: [c], providers: [stored.providers[0]] }),
  ).toBeUndefined();
  expect(credentialWriteIssues(graph, { credentials: [{ ...c, credits: -1 }] })).toBeUndefined();
  expect(credentialWriteIssues(graph, { credentials: [c], providers: [] })?.ok).toBe(true);
});
