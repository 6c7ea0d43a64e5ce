/**
 * A what-if draft that only adds or replaces credentials is validated on the projection's
 * graph and compared with the stored records of those credentials alone (service/whatIf.ts,
 * validatedDraft): the same verdict, issues and effect as validating it against the whole
 * stored document (applyDraft), on random edits of the seed catalogue in the real test Neo4j.
 */
import fc from 'fast-check';
import type { Driver } from 'neo4j-driver';
import { creditFigureIssues } from '../../src/graph/index.js';
import {
  applyDraft,
  CatalogueValidationError,
  type CatalogueDocument,
  type Credential,
} from '../../src/model/index.js';
import { connectStore, type Store } from '../../src/service/store.js';
import { validatedDraft } from '../../src/service/whatIf.js';
import { readSettings } from '../../src/settings.js';
import { readCatalogue } from '../../src/store/index.js';
import { resetToSeed, testDriver } from '../support/neo4j.js';

let driver: Driver;
let store: Store;
let stored: CatalogueDocument;

beforeAll(async () => {
  driver = testDriver();
  await resetToSeed(driver);
  store = await connectStore(readSettings(process.env));
  stored = (await readCatalogue(driver)).doc;
});

afterAll(async () => {
  await store.close();
  await driver.close();
});

/**
 * What the whole-document validation says: the effect, or the issues; a credential whose
 * credits disagree with the converted figure is refused before either validation runs
 * (creditFigureIssues), as the service does.
 */
function wholeAnswer(draft: { credentials: Credential[] }) {
  const conversions = stored.creditConversions ?? [];
  const figures = creditFigureIssues(draft.credentials, conversions, (i) => ['credentials', i]);
  if (figures.length) return { issues: figures };
  const applied = applyDraft(stored, draft);
  return applied.ok
    ? { effective: applied.value.effective, changes: applied.value.changes }
    : { issues: applied.issues };
}

async function answer(draft: unknown) {
  try {
    const { effective, changes, validatedOn } = await validatedDraft(store, draft);
    return { answer: { effective, changes }, validatedOn };
  } catch (err) {
    if (!(err instanceof CatalogueValidationError)) throw err;
    return { answer: { issues: err.issues }, validatedOn: undefined };
  }
}

interface Edit {
  pick: number;
  credits: number | undefined;
  coreq: number | undefined;
  accepts: number[] | undefined;
  copy: boolean;
}

// Each change is left out half the time, so that some records stay as stored.
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const edit: fc.Arbitrary<Edit> = fc.record({
  pick: fc.nat(),
  credits: maybe(fc.integer({ min: 0, max: 60 })),
  // Past the end of the id list: an id the catalogue does not have.
  coreq: maybe(fc.nat({ max: 400 })),
  accepts: maybe(fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 3 })),
  copy: fc.boolean(),
});

function draftOf(edits: Edit[]): { credentials: Credential[] } {
  const ids = stored.credentials.map((c) => c.id);
  const id = (n: number) => ids[n] ?? `unknown:${n}`;
  const seen = new Set<string>();
  const credentials: Credential[] = [];
  for (const e of edits) {
    const before = stored.credentials[e.pick % stored.credentials.length]!;
    const record: Credential = e.copy ? { ...before, id: `${before.id}-copy` } : { ...before };
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    if (e.credits !== undefined) record.credits = e.credits;
    if (e.coreq !== undefined && id(e.coreq) !== record.id) record.corequisites = [id(e.coreq)];
    if (e.accepts && record.awardRule)
      record.awardRule = { op: 'ANY', accepts: [...new Set(e.accepts.map(id))] };
    credentials.push(record);
  }
  return { credentials };
}

test('credential-only drafts: checked on the graph, the same answer as the whole document', async () => {
  const seen = { graph: 0, rejected: 0, unchanged: 0, miscounted: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
      const draft = draftOf(edits);
      const got = await answer(draft);
      expect(got.answer).toEqual(wholeAnswer(draft));
      if (got.validatedOn === 'graph') seen.graph++;
      if ('issues' in got.answer) {
        seen.rejected++;
        if (got.answer.issues?.some((i) => i.path.at(-1) === 'credits')) seen.miscounted++;
      } else if (got.answer.changes.unchanged.length) seen.unchanged++;
    }),
    { numRuns: 60, seed: 2026 },
  );
  // The generator reaches each case: accepted on the graph, refused (credits disagreeing with a
  // conversion among them), and records unchanged.
  expect(seen.graph).toBeGreaterThan(10);
  expect(seen.rejected).toBeGreaterThan(5);
  expect(seen.unchanged).toBeGreaterThan(0);
  expect(seen.miscounted).toBeGreaterThan(0);
}, 300_000);

test('any other draft is validated against the whole stored document', async () => {
  const credential = stored.credentials[0]!;
  const draft = { credentials: [credential], remove: { credentials: ['no-such-credential'] } };
  const got = await answer(draft);
  expect(got.validatedOn).toBe('document');
  expect(got.answer).toEqual(wholeAnswer(draft));
});
