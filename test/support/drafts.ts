/**
 * Random small catalogues and random drafts against them, for the what-if property tests: a
 * catalogue of modules (some with entry rules on earlier modules, some certifying outcomes),
 * an intermediate certificate and two qualifications, and recognitions; a draft changes a few
 * of those records (credits, rules, recognitions), adds a module or removes records. Drafts
 * that the catalogue cannot take (a removal something still needs) are filtered out by the
 * caller through applyDraft, as the service would refuse them.
 */
import fc from 'fast-check';
import type {
  CatalogueDocumentInput,
  CatalogueDraftInput,
  RequirementNode,
} from '../../src/model/index.js';

type CredentialInput = NonNullable<CatalogueDocumentInput['credentials']>[number];
type Rule = RequirementNode;

const MODULES = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
const OUTCOMES = ['o1', 'o2'];

const module = (
  id: string,
  credits: number,
  cost: number,
  micro: boolean,
  outcomes: string[],
  entry: string[],
): CredentialInput => ({
  id,
  title: `Module ${id}`,
  kind: micro ? 'micro-credential' : 'module',
  credits,
  cost,
  provider: 'p1',
  learningOutcomes: outcomes,
  ...(entry.length ? { entryRule: { op: 'ALL', accepts: entry } } : {}),
});

const ruleArb = (ids: string[]): fc.Arbitrary<Rule> =>
  fc
    .tuple(
      fc.subarray(ids, { minLength: 1, maxLength: Math.min(4, ids.length) }),
      fc.constantFrom('ALL', 'ANY', 'N_OF', 'MIN_CREDITS'),
      fc.integer({ min: 1, max: 12 }),
    )
    .map(([accepts, op, k]): Rule => {
      if (op === 'N_OF') return { op, n: Math.min(accepts.length, 1 + (k % 3)), accepts };
      if (op === 'MIN_CREDITS')
        return { op, credits: k, accepts: accepts.filter((a) => a.startsWith('m')) };
      return { op, accepts };
    })
    .filter((r) => (r.accepts ?? []).length > 0);

const moduleArb = (id: string, index: number) =>
  fc
    .record({
      credits: fc.integer({ min: 1, max: 10 }),
      cost: fc.integer({ min: 0, max: 500 }),
      micro: fc.boolean(),
      outcomes: fc.subarray(OUTCOMES, { maxLength: 1 }),
      entry: fc.subarray(MODULES.slice(0, index), { maxLength: Math.min(1, index) }),
    })
    .map((m) => module(id, m.credits, m.cost, m.micro, m.outcomes, m.entry));

export const catalogueArb: fc.Arbitrary<CatalogueDocumentInput> = fc
  .record({
    modules: fc.tuple(...MODULES.map((id, i) => moduleArb(id, i))),
    certificate: ruleArb(['m1', 'm2', 'm3']),
    q1: ruleArb(['m1', 'm2', 'm3', 'm4', 'c1', 'o1']),
    q2: ruleArb(['m3', 'm4', 'm5', 'm6', 'o2']),
    recognitions: fc.subarray(
      [
        { from: 'm5', to: 'm1' },
        { from: 'm6', to: 'm2' },
        { from: 'm1', to: 'm4' },
      ],
      { maxLength: 2 },
    ),
  })
  .map(({ modules, certificate, q1, q2, recognitions }): CatalogueDocumentInput => ({
    providers: [{ id: 'p1', name: 'College' }],
    learningOutcomes: OUTCOMES.map((id) => ({ id, statement: `Outcome ${id}` })),
    credentials: [
      ...modules,
      {
        id: 'c1',
        title: 'Certificate',
        kind: 'certificate',
        credits: 10,
        provider: 'p1',
        awardRule: certificate,
      },
      {
        id: 'q1',
        title: 'Diploma one',
        kind: 'diploma',
        qualification: true,
        credits: 20,
        provider: 'p1',
        awardRule: q1,
      },
      {
        id: 'q2',
        title: 'Diploma two',
        kind: 'diploma',
        qualification: true,
        credits: 20,
        provider: 'p1',
        awardRule: q2,
      },
    ],
    recognitions,
  }));

/** One draft: a few changes to a catalogue drawn by catalogueArb. */
export const draftArb: fc.Arbitrary<CatalogueDraftInput> = fc
  .record({
    credits: fc.option(
      fc.record({ id: fc.constantFrom(...MODULES), credits: fc.integer({ min: 1, max: 15 }) }),
    ),
    newModule: fc.option(
      fc.record({
        credits: fc.integer({ min: 1, max: 10 }),
        into: fc.constantFrom('q1', 'q2', 'nowhere'),
      }),
    ),
    rule: fc.option(
      fc.record({
        id: fc.constantFrom('q1', 'q2', 'c1'),
        rule: ruleArb(['m1', 'm2', 'm3', 'm4', 'o1']),
      }),
    ),
    entry: fc.option(
      fc.record({ id: fc.constantFrom('m4', 'm5', 'm6'), on: fc.constantFrom('m1', 'm2', 'm3') }),
    ),
    addRecognition: fc.option(fc.constantFrom({ from: 'm2', to: 'm3' }, { from: 'm6', to: 'm4' })),
    removeRecognition: fc.option(
      fc.constantFrom({ from: 'm5', to: 'm1' }, { from: 'm6', to: 'm2' }),
    ),
    removeModule: fc.option(fc.constantFrom(...MODULES)),
  })
  .map((d): CatalogueDraftInput => {
    const credentials: CredentialInput[] = [];
    if (d.credits) credentials.push(module(d.credits.id, d.credits.credits, 100, false, [], []));
    if (d.newModule) {
      credentials.push(module('m7', d.newModule.credits, 50, true, [], []));
      if (d.newModule.into !== 'nowhere' && !(d.rule && d.rule.id === d.newModule.into))
        credentials.push({
          id: d.newModule.into,
          title: `Diploma ${d.newModule.into}`,
          kind: 'diploma',
          qualification: true,
          credits: 20,
          provider: 'p1',
          awardRule: { op: 'ANY', accepts: ['m7', 'm1'] },
        });
    }
    if (d.rule)
      credentials.push({
        id: d.rule.id,
        title: `Award ${d.rule.id}`,
        kind: d.rule.id === 'c1' ? 'certificate' : 'diploma',
        qualification: d.rule.id !== 'c1',
        credits: d.rule.id === 'c1' ? 10 : 20,
        provider: 'p1',
        awardRule: d.rule.rule,
      });
    if (d.entry && !credentials.some((c) => c.id === d.entry!.id))
      credentials.push(module(d.entry.id, 5, 80, false, ['o2'], [d.entry.on]));
    const removeModule =
      d.removeModule && !credentials.some((c) => c.id === d.removeModule) ? [d.removeModule] : [];
    return {
      name: 'random draft',
      credentials,
      recognitions: d.addRecognition ? [d.addRecognition] : [],
      remove: {
        credentials: removeModule,
        recognitions: d.removeRecognition ? [d.removeRecognition] : [],
      },
    };
  });
