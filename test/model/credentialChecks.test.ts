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
import fc from 'fast-check';
import {
  buildCatalogueGraph,
  compareIds,
  creditFigureIssues,
  credentialWriteIssues,
} from '../../src/graph/index.js';
import {
  CatalogueShape,
  parseCatalogue,
  parseWith,
  type CatalogueDocument,
  type RequirementNode,
} from '../../src/model/index.js';
import { mergeCatalogues } from '../../src/model/merge.js';
import { seedCatalogue } from '../support/seed.js';

const seed = seedCatalogue();
// Each kind ordered by id, as the store reads the catalogue back (and the graph is built): the
// whole validation's cycle search then meets stored credentials first, as it does in the API.
const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => compareIds(a.id, b.id));
const stored: CatalogueDocument = {
  ...seed,
  providers: byId(seed.providers),
  credentials: byId(seed.credentials),
  learningOutcomes: byId(seed.learningOutcomes),
  skills: byId(seed.skills),
  occupations: byId(seed.occupations),
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

// Rule keys: few, so that a credential sometimes names one twice (an error) and the seed's
// transfer key ('electives') sometimes lands on a node that is not MIN_CREDITS.
const ruleKey = fc.constantFrom('electives', 'core');
const keyed = { requiredKeys: ['op', 'accepts'] as ('op' | 'accepts')[] };
const ruleOf = (self: string) =>
  fc.oneof(
    fc.record(
      {
        op: fc.constantFrom('ALL' as const, 'ANY' as const),
        key: ruleKey,
        accepts: fc.uniqueArray(anyId(self), { minLength: 1, maxLength: 3 }),
      },
      keyed,
    ),
    fc.record(
      {
        op: fc.constant('MIN_CREDITS' as const),
        credits: fc.constant(10),
        key: ruleKey,
        accepts: fc.uniqueArray(anyId(self), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ['op', 'credits', 'accepts'] },
    ),
    fc.record({
      op: fc.constant('ALL' as const),
      children: fc.array(
        fc.record(
          {
            op: fc.constant('ANY' as const),
            key: ruleKey,
            accepts: fc.uniqueArray(anyId(self), { minLength: 1, maxLength: 2 }),
          },
          keyed,
        ),
        { minLength: 1, maxLength: 2 },
      ),
    }),
  );

// The qualifications stored partial transfers credit (by a rule key): writing one of them may
// drop the key, or move it to a node that counts no credits.
const transferTargets = [
  ...new Set(stored.recognitions.flatMap((r) => (r.towards ? [r.towards.qualification] : []))),
];
if (!transferTargets.length) throw new Error('the seed has no partial transfer');

const idOfWrite = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...credentialIds) },
  { weight: 1, arbitrary: fc.constantFrom(...transferTargets) },
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

/** A credential in another credit system (converted or not: counted 0, never refused). */
const otherSystem = fc
  .tuple(
    fc.constantFrom(...stored.credentials.filter((c) => !c.awardRule)),
    fc.constantFrom('US semester credit hours', 'UK CATS credit points'),
    fc.integer({ min: 1, max: 20 }),
  )
  .map(([c, creditSystem, creditsOriginal]) => ({ ...c, creditSystem, creditsOriginal }));

/** A stored transfer's qualification rewritten: the rule it credits kept, retyped or gone. */
const transferTarget = fc
  .tuple(
    fc.constantFrom(...transferTargets),
    fc.constantFrom('kept', 'ALL', 'renamed', 'no award rule'),
  )
  .map(([id, how]) => {
    const q = stored.credentials.find((c) => c.id === id)!;
    const { awardRule: _dropped, ...rest } = q;
    if (how === 'no award rule') return rest;
    const retype = (node: RequirementNode): RequirementNode => ({
      ...node,
      ...(node.key !== undefined && how === 'renamed' ? { key: `${node.key}-old` } : {}),
      ...(node.key !== undefined && how === 'ALL'
        ? { op: 'ALL' as const, credits: undefined }
        : {}),
      ...(node.children ? { children: node.children.map(retype) } : {}),
    });
    return { ...q, awardRule: retype(q.awardRule!) };
  });

const documents = fc.oneof(
  fc.array(fc.oneof(credential, cycle, sound, otherSystem, transferTarget), {
    minLength: 1,
    maxLength: 3,
  }),
  fc.oneof(credential, sound).map((c) => [c]),
);

test('the graph validation and the whole validation agree on random credential writes', () => {
  let judged = 0;
  let rejected = 0;
  let transfersBroken = 0;
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
      if (!whole.ok && whole.issues.some((i) => i.message.includes('recognitions "')))
        transfersBroken++;
      expect(byGraph.ok ? { ok: true } : byGraph).toEqual(whole);
    }),
    { numRuns: 600 },
  );
  // The property saw both outcomes, often.
  expect(judged).toBeGreaterThan(300);
  expect(rejected).toBeGreaterThan(100);
  expect(judged - rejected).toBeGreaterThan(20);
  expect(transfersBroken).toBeGreaterThan(10);
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

test('a write keeps the rule a stored partial transfer credits, or is refused naming the agreement', () => {
  const agreement = stored.recognitions.find((r) => r.towards)!;
  const { qualification, rule } = agreement.towards!;
  const q = stored.credentials.find((c) => c.id === qualification)!;
  const label = `${agreement.from} -> ${qualification} (rule ${rule})`;
  // Its own credits changed, the keyed rule kept: accepted.
  expect(credentialWriteIssues(graph, { credentials: [{ ...q, credits: q.credits + 1 }] })).toEqual(
    expect.objectContaining({ ok: true }),
  );
  const rename = (node: RequirementNode): RequirementNode => ({
    ...node,
    ...(node.key === rule ? { key: 'renamed' } : {}),
    ...(node.children ? { children: node.children.map(rename) } : {}),
  });
  const renamed = { credentials: [{ ...q, awardRule: rename(q.awardRule!) }] };
  expect(credentialWriteIssues(graph, renamed)).toEqual(wholeValidation(renamed));
  expect(credentialWriteIssues(graph, renamed)).toEqual({
    ok: false,
    issues: [
      {
        path: [],
        message: `with the stored catalogue: recognitions "${label}": "${qualification}" has no award-rule node with key "${rule}"`,
      },
    ],
  });
  const { awardRule: _gone, ...bare } = q;
  const none = { credentials: [bare] };
  expect(credentialWriteIssues(graph, none)).toEqual(wholeValidation(none));
  expect(credentialWriteIssues(graph, none)).toEqual({
    ok: false,
    issues: [
      expect.objectContaining({
        message: expect.stringMatching(/has no award rule to grant credits towards$/),
      }),
    ],
  });
});

test('rule keys named twice in one credential are refused at the second key', () => {
  // Neither stacks into anything nor has rules: no cycle, only the key.
  const [c, other] = stored.credentials.filter(
    (x) => !x.awardRule && !x.entryRule && !stacked.includes(x),
  );
  const twice = {
    credentials: [
      {
        ...c!,
        awardRule: {
          op: 'ALL',
          key: 'k',
          children: [{ op: 'MIN_CREDITS', credits: 5, key: 'k', accepts: [other!.id] }],
        },
      },
    ],
  };
  expect(credentialWriteIssues(graph, twice)).toEqual(wholeValidation(twice));
  expect(credentialWriteIssues(graph, twice)).toEqual({
    ok: false,
    issues: [
      {
        path: ['credentials', 0, 'awardRule', 'children', 0, 'key'],
        message: '"k" names another rule node of this credential already',
      },
    ],
  });
});

test('a credential in another credit system is accepted, converted by the stored factor or counted 0', () => {
  const c = stored.credentials.find((x) => !x.awardRule && x.id !== credentialIds[0])!;
  for (const creditSystem of ['US semester credit hours', 'UK CATS credit points']) {
    const input = { credentials: [{ ...c, creditSystem, creditsOriginal: 4 }] };
    expect(credentialWriteIssues(graph, input)).toEqual(expect.objectContaining({ ok: true }));
    expect(wholeValidation(input)).toEqual({ ok: true });
  }
});

test('a single write whose credits disagree with the converted figure the engine counts is refused, naming the figure', () => {
  const conversions = graph.getAttribute('creditConversions') ?? [];
  const hours = conversions.find((c) => c.from === 'US semester credit hours')!;
  const course = stored.credentials.find((x) => x.creditSystem === hours.from)!;
  const counted = course.creditsOriginal! * hours.factor;
  const at = (i: number) => ['credentials', i];
  // As stored (the converted figure), within rounding to a tenth, and the source figure absent.
  expect(creditFigureIssues([course], conversions, at)).toEqual([]);
  expect(creditFigureIssues([{ ...course, credits: counted + 0.04 }], conversions, at)).toEqual([]);
  const { creditsOriginal: _o, ...sourceFigureOnly } = course;
  expect(creditFigureIssues([{ ...sourceFigureOnly, credits: 9 }], conversions, at)).toEqual([]);
  // credits changed alone: the engine would still count creditsOriginal × factor.
  const changed = creditFigureIssues(
    [course, { ...course, credits: counted + 2 }],
    conversions,
    at,
  );
  expect(changed).toEqual([
    {
      path: ['credentials', 1, 'credits'],
      message: expect.stringContaining(
        `engine counts ${course.creditsOriginal} × ${hours.factor} = ${counted} ECTS`,
      ),
    },
  ]);
  // With creditsOriginal changed to match, accepted.
  const original = (counted + 2) / hours.factor;
  expect(
    creditFigureIssues(
      [{ ...course, credits: counted + 2, creditsOriginal: original }],
      conversions,
      at,
    ),
  ).toEqual([]);
  // A system without a declared conversion counts 0: only credits 0 says so.
  const cats = { ...course, creditSystem: 'UK CATS credit points', creditsOriginal: 15 };
  expect(creditFigureIssues([{ ...cats, credits: 0 }], conversions, at)).toEqual([]);
  expect(creditFigureIssues([{ ...cats, credits: 7.5 }], conversions, at)[0]?.message).toMatch(
    /declares no conversion for "UK CATS credit points", so the engine counts 0 ECTS/,
  );
  // ECTS, named or not, is never refused.
  const ects = { ...course, creditSystem: 'ECTS', creditsOriginal: 3, credits: 5 };
  expect(creditFigureIssues([ects], conversions, at)).toEqual([]);
});
