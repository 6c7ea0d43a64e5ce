/**
 * Hand-checked examples for the reference implementation itself (test/support/reference),
 * each read straight off docs/engine-semantics.md: the differential tests are only as good
 * as the reference.
 */
import type { CatalogueDocument, Credential } from '../../src/model/index.js';
import {
  RefModel,
  RefPlanner,
  plusMonths,
  refCheckHoldings,
  refSatisfiable,
  type RefItem,
  type RefRule,
} from '../support/reference/index.js';
import { buildInstance, instanceSpec } from '../support/reference/generate.js';
import fc from 'fast-check';
import { CatalogueShape } from '../../src/model/index.js';

const item = (id: string, identities: Record<string, number>): RefItem => ({
  id,
  identities: new Map(Object.entries(identities)),
});

const credential = (id: string, credits: number, more: Partial<Credential> = {}): Credential => ({
  id,
  title: id,
  kind: 'course',
  qualification: false,
  credits,
  learningOutcomes: [],
  corequisites: [],
  precedes: [],
  ...more,
});

const catalogue = (
  credentials: Credential[],
  more: Partial<CatalogueDocument> = {},
): CatalogueDocument => ({
  format: 'pathways-catalogue/1',
  providers: [],
  credentials,
  learningOutcomes: [],
  skills: [],
  occupations: [],
  recognitions: [],
  learners: [],
  ...more,
});

describe('reference: month arithmetic clamps to the month end', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-12-31', 2, '2025-02-28'],
    ['2024-08-31', 1, '2024-09-30'],
    ['2024-06-15', 0, '2024-06-15'],
    ['2023-11-30', 3, '2024-02-29'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(plusMonths(date, months)).toBe(expected);
  });
});

describe('reference: allocation', () => {
  const a = item('A', { A: 5 });
  const b = item('B', { B: 5 });

  it('operators', () => {
    expect(refSatisfiable({ op: 'ALL', accepts: ['A', 'B'] }, [a])).toBe(false);
    expect(refSatisfiable({ op: 'ALL', accepts: ['A', 'B'] }, [a, b])).toBe(true);
    expect(refSatisfiable({ op: 'ANY', accepts: ['A', 'B'] }, [b])).toBe(true);
    expect(refSatisfiable({ op: 'N_OF', n: 2, accepts: ['A', 'B', 'C'] }, [b])).toBe(false);
    expect(refSatisfiable({ op: 'MIN_CREDITS', credits: 10, accepts: ['A', 'B'] }, [a, b])).toBe(
      true,
    );
    expect(refSatisfiable({ op: 'MIN_CREDITS', credits: 10.5, accepts: ['A', 'B'] }, [a, b])).toBe(
      false,
    );
  });

  it('an item fills at most one slot unless the node allows sharing', () => {
    const both: RefRule = {
      op: 'ALL',
      children: [
        { op: 'ALL', accepts: ['A'] },
        { op: 'ANY', accepts: ['A'] },
      ],
    };
    expect(refSatisfiable(both, [a])).toBe(false);
    expect(refSatisfiable({ ...both, maxShared: 1 }, [a])).toBe(true);
    // Sharing is per node: a limit on the child does not help across the root's branches.
    const childOnly: RefRule = {
      op: 'ALL',
      children: [
        { op: 'ALL', maxShared: 1, accepts: ['A'] },
        { op: 'ANY', accepts: ['A'] },
      ],
    };
    expect(refSatisfiable(childOnly, [a])).toBe(false);
  });

  it('two slots of one branch cost nothing at the parent but count at the node itself', () => {
    const x = item('X', { A: 1, B: 1 });
    const rule: RefRule = {
      op: 'ALL',
      maxShared: 0,
      children: [{ op: 'ALL', accepts: ['A', 'B'], maxShared: 1 }],
    };
    expect(refSatisfiable(rule, [x])).toBe(true);
    expect(refSatisfiable({ op: 'ALL', children: [{ op: 'ALL', accepts: ['A', 'B'] }] }, [x])).toBe(
      false,
    );
  });

  it('at most one item counts per slot, MIN_CREDITS uses the credits of the identity used', () => {
    const r = item('R', { A: 2, L: 0 });
    expect(refSatisfiable({ op: 'MIN_CREDITS', credits: 6, accepts: ['A'] }, [a, r])).toBe(false);
    expect(refSatisfiable({ op: 'MIN_CREDITS', credits: 2, accepts: ['L', 'A'] }, [r])).toBe(true);
    expect(refSatisfiable({ op: 'MIN_CREDITS', credits: 0.5, accepts: ['L'] }, [r])).toBe(false);
  });

  it('unlimited sharing in a goal', () => {
    const x = item('X', { A: 1, B: 1 });
    expect(refSatisfiable({ op: 'ALL', accepts: ['A', 'B'], maxShared: Infinity }, [x])).toBe(true);
  });
});

describe('reference: holdings, identities and closure', () => {
  const doc = catalogue(
    [
      credential('a', 5, { validityMonths: 1, learningOutcomes: ['lo-a'] }),
      credential('b', 5, { learningOutcomes: ['lo-b'] }),
      credential('c', 10, { learningOutcomes: ['lo-c'] }),
      credential('cert', 20, {
        kind: 'certificate',
        awardRule: { op: 'ALL', accepts: ['a', 'b'] },
      }),
      credential('dip', 60, { kind: 'diploma', awardRule: { op: 'ALL', accepts: ['cert'] } }),
    ],
    {
      recognitions: [
        { from: 'c', to: 'b', credits: 3, validFrom: '2025-01-01', validUntil: '2025-03-01' },
        { from: 'b', to: 'a' },
      ],
    },
  );

  it('drops unknown, future, lapsed and expired holdings; keeps the most recent', () => {
    const check = refCheckHoldings(
      doc,
      [
        { credential: 'zz', awardedOn: '2024-01-01' },
        { credential: 'b', awardedOn: '2025-03-02' },
        { credential: 'a', awardedOn: '2025-01-31' }, // + 1 month = 2025-02-28 < 2025-03-01
        { credential: 'c', awardedOn: '2024-01-01', expiresOn: '2025-02-28' },
        { credential: 'b', awardedOn: '2024-05-01' },
        { credential: 'b', awardedOn: '2024-07-01', expiresOn: '2025-03-01' },
      ],
      '2025-03-01',
    );
    expect(check.dropped.map((d) => d.reason)).toEqual([
      'unknown',
      'not-yet-awarded',
      'lapsed',
      'expired',
    ]);
    expect([...check.valid.values()]).toEqual([
      { credential: 'b', awardedOn: '2024-07-01', expiresOn: '2025-03-01' },
    ]);
    // On the last day of validity a holding still counts.
    const onTime = refCheckHoldings(
      doc,
      [{ credential: 'a', awardedOn: '2025-01-31' }],
      '2025-02-28',
    );
    expect(onTime.valid.has('a')).toBe(true);
  });

  it('identities: own credits, recognition in force (inclusive bounds, one hop), outcomes', () => {
    const model = new RefModel(doc, '2025-03-01');
    expect(Object.fromEntries(model.item('c').identities)).toEqual({
      c: 10,
      'lo-c': 0,
      b: 3,
      'lo-b': 0,
    });
    // c is recognised as b and b as a, but c does not count as a.
    expect(model.item('c').identities.has('a')).toBe(false);
    expect(Object.fromEntries(model.item('b').identities)).toEqual({
      b: 5,
      'lo-b': 0,
      a: 5,
      'lo-a': 0,
    });
    const later = new RefModel(doc, '2025-03-02');
    expect(later.item('c').identities.has('b')).toBe(false);
  });

  it('stacking closure reaches the fixpoint', () => {
    const model = new RefModel(doc, '2025-03-01');
    expect([...model.closure(['a', 'b'])].sort()).toEqual(['a', 'b', 'cert', 'dip']);
    // b alone stands for a and b, but one item fills one slot.
    expect([...model.closure(['b'])].sort()).toEqual(['b']);
    expect([...model.closure(['b', 'c'])].sort()).toEqual(['b', 'c', 'cert', 'dip']);
  });
});

describe('reference: planning', () => {
  const doc = catalogue([
    credential('intro', 5, { cost: 100 }),
    credential('adv', 5, { cost: 100, entryRule: { op: 'ALL', accepts: ['intro'] } }),
    credential('lab', 2, { cost: 50, corequisites: ['adv'] }),
    credential('big', 11, { cost: 50 }),
    credential('cert', 20, {
      kind: 'certificate',
      awardRule: {
        op: 'ANY',
        children: [
          { op: 'ALL', accepts: ['adv', 'lab'] },
          { op: 'ALL', accepts: ['big'] },
        ],
      },
    }),
    credential('late', 5, { entryRule: { op: 'ALL', accepts: ['cert'] } }),
    credential('loop1', 1, { entryRule: { op: 'ALL', accepts: ['loop2'] } }),
    credential('loop2', 1, { entryRule: { op: 'ALL', accepts: ['loop1'] } }),
    credential('dip', 40, {
      kind: 'diploma',
      awardRule: {
        op: 'ANY',
        children: [
          { op: 'ALL', accepts: ['late'] },
          { op: 'ALL', accepts: ['loop1'] },
        ],
      },
    }),
  ]);
  const request = (objective: 'credits' | 'cost', more: object = {}) => ({
    holdings: [],
    asOf: '2025-06-01',
    target: { qualification: 'cert' },
    objective,
    ...more,
  });

  it('entry rules need an earlier step, co-requisites the same step or earlier', () => {
    const planner = new RefPlanner(doc, request('credits'));
    expect(planner.isFeasible(['adv', 'lab'])).toBe(false); // adv needs intro first
    expect(planner.isFeasible(['intro', 'adv', 'lab'])).toBe(true);
    expect(planner.isFeasible(['intro', 'lab'])).toBe(false); // lab needs adv with it
    expect(planner.optimum()).toMatchObject({ feasible: true, value: 11, set: ['big'] });
    expect(new RefPlanner(doc, request('cost')).optimum()).toMatchObject({
      feasible: true,
      value: 50,
      set: ['big'],
    });
    // Without big: intro, then adv with lab.
    const noBig = new RefPlanner(
      doc,
      request('credits', { constraints: { excludeCredentials: ['big'] } }),
    );
    expect(noBig.optimum()).toMatchObject({
      feasible: true,
      value: 12,
      set: ['intro', 'adv', 'lab'],
    });
    expect(
      new RefPlanner(doc, request('cost', { constraints: { budget: 200 } })).optimum().value,
    ).toBe(50);
    const tight = new RefPlanner(
      doc,
      request('cost', { constraints: { budget: 200, excludeCredentials: ['big'] } }),
    );
    expect(tight.optimum().feasible).toBe(false);
  });

  it('an award earned mid-way opens an entry rule; an entry-rule cycle never does', () => {
    const planner = new RefPlanner(doc, {
      ...request('credits'),
      target: { qualification: 'dip' },
    });
    expect(planner.optimum()).toMatchObject({ feasible: true, value: 16, set: ['big', 'late'] });
    expect(planner.isFeasible(['loop1', 'loop2'])).toBe(false);
  });

  it('alternatives avoid every earlier plan as a subset', () => {
    const planner = new RefPlanner(doc, request('credits'));
    expect(planner.optimum([['big']])).toMatchObject({
      feasible: true,
      value: 12,
      set: ['intro', 'adv', 'lab'],
    });
    expect(planner.optimum([['big'], ['intro', 'adv', 'lab']]).feasible).toBe(false);
  });

  it('the replay verifier accepts a right plan and names what is wrong in a bad one', () => {
    const planner = new RefPlanner(
      doc,
      request('credits', { constraints: { excludeCredentials: ['big'] } }),
    );
    const totals = { credits: 12, cost: 250, hours: 0, count: 3 };
    const good = {
      status: 'planned',
      alreadyEarned: [],
      objectiveValue: 12,
      totals,
      steps: [
        { take: [{ credential: 'intro', credits: 5 }], milestones: [] },
        {
          take: [
            { credential: 'adv', credits: 5 },
            { credential: 'lab', credits: 2 },
          ],
          milestones: [{ credential: 'cert' }],
        },
      ],
    };
    expect(planner.verify(good)).toEqual([]);
    const together = {
      ...good,
      steps: [
        {
          take: [...good.steps[0]!.take, ...good.steps[1]!.take],
          milestones: [{ credential: 'cert' }],
        },
      ],
    };
    expect(planner.verify(together)).toEqual([expect.stringContaining('entry rule of adv')]);
    const noMilestone = { ...good, steps: [good.steps[0]!, { ...good.steps[1]!, milestones: [] }] };
    expect(planner.verify(noMilestone)).toEqual([expect.stringContaining('milestones')]);
    expect(planner.verify({ ...good, totals: { ...totals, credits: 10 } })).toEqual([
      expect.stringContaining('totals.credits'),
    ]);
  });
});

describe('reference: generated catalogues', () => {
  it('are valid documents apart from entry-rule cycles (schema of every object holds)', () => {
    fc.assert(
      fc.property(instanceSpec, (spec) => {
        const { doc } = buildInstance(spec);
        expect(CatalogueShape.safeParse(doc).success).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
