/**
 * The adviser page's pure logic: the URL form of its state (round trip, defaults, rejects
 * nonsense, never carries holdings), the request it builds, the diff of plans, and the graph
 * model of the plan picture.
 */
import fc from 'fast-check';
import { diffPlans, isUnchanged, planCredentials, signed } from '../../web/src/diff.js';
import { cardId, elkGraph, milestoneId, planGraph } from '../../web/src/graph.js';
import {
  constraintsOf,
  decodeState,
  emptyState,
  encodeState,
  learnerOf,
  MODES,
  OBJECTIVES,
  targetOf,
  type PageState,
} from '../../web/src/state.js';

const id = fc.stringMatching(/^[a-z][a-z0-9:-]{0,15}$/);
const stateArb: fc.Arbitrary<PageState> = fc
  .record({
    learner: fc.option(id, { nil: undefined }),
    targetKind: fc.constantFrom('qualification', 'anyOf', 'allOf', 'occupation'),
    targets: fc.uniqueArray(id, { minLength: 1, maxLength: 4 }),
    budget: fc.option(fc.integer({ min: 0, max: 100000 }), { nil: undefined }),
    languages: fc.uniqueArray(fc.stringMatching(/^[a-z]{2}$/), { maxLength: 3 }),
    modes: fc.subarray([...MODES]),
    maxCreditsPerTerm: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    excludeProviders: fc.uniqueArray(id, { maxLength: 3 }),
    excludeCredentials: fc.uniqueArray(id, { maxLength: 3 }),
    objective: fc.uniqueArray(fc.constantFrom(...OBJECTIVES), { minLength: 1, maxLength: 4 }),
    alternatives: fc.integer({ min: 0, max: 5 }),
  })
  .map((r) => ({
    learner: r.learner,
    targetKind: r.targetKind,
    targets:
      r.targetKind === 'qualification' || r.targetKind === 'occupation'
        ? r.targets.slice(0, 1)
        : r.targets,
    constraints: {
      budget: r.budget,
      languages: r.languages,
      modes: r.modes,
      maxCreditsPerTerm: r.maxCreditsPerTerm,
      excludeProviders: r.excludeProviders,
      excludeCredentials: r.excludeCredentials,
    },
    objective: r.objective,
    alternatives: r.alternatives,
  }));

describe('URL state', () => {
  test('decoding the encoded state gives it back', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(decodeState(encodeState(state))).toEqual(state);
      }),
    );
  });

  test('the empty state is the empty query, and an empty query the defaults', () => {
    expect(encodeState(emptyState())).toBe('');
    expect(decodeState('')).toEqual(emptyState());
  });

  test('malformed values fall back to the defaults instead of reaching the API', () => {
    const s = decodeState(
      'target=everything&t=x&budget=-5&lang=english,fr&mode=by-post,online&perTerm=abc&obj=speed&alt=9',
    );
    expect(s.targets).toEqual([]);
    expect(s.constraints.budget).toBeUndefined();
    expect(s.constraints.languages).toEqual(['fr']);
    expect(s.constraints.modes).toEqual(['online']);
    expect(s.constraints.maxCreditsPerTerm).toBeUndefined();
    expect(s.objective).toEqual(['credits']);
    expect(s.alternatives).toBe(emptyState().alternatives);
  });

  test('a single-target kind keeps one target even when the link names several', () => {
    expect(decodeState('target=qualification&t=a&t=b').targets).toEqual(['a']);
    expect(decodeState('target=anyOf&t=a&t=b').targets).toEqual(['a', 'b']);
  });

  test('holdings entered on the page never reach the query; a stored learner id does', () => {
    const state = { ...emptyState(), targets: ['smtu:cert'] };
    const holdings = [{ credential: 'smtu:secret-holding', title: 'T', awardedOn: '2025-01-01' }];
    expect(learnerOf(state, holdings)).toEqual({
      holdings: [{ credential: 'smtu:secret-holding', awardedOn: '2025-01-01' }],
    });
    expect(encodeState(state)).not.toContain('secret-holding');
    expect(learnerOf({ ...state, learner: 'learner-1' }, holdings)).toEqual({
      learner: 'learner-1',
    });
  });

  test('the target and constraints of the request', () => {
    const s = emptyState();
    expect(targetOf(s)).toBeUndefined();
    expect(targetOf({ ...s, targets: ['q'] })).toEqual({ qualification: 'q' });
    expect(targetOf({ ...s, targetKind: 'allOf', targets: ['a', 'b'] })).toEqual({
      allOf: ['a', 'b'],
    });
    expect(targetOf({ ...s, targetKind: 'occupation', targets: ['http://esco/o'] })).toEqual({
      occupation: 'http://esco/o',
      optionalSkills: 0,
    });
    expect(constraintsOf(s.constraints)).toEqual({ excludeCredentials: [], excludeProviders: [] });
    expect(
      constraintsOf({ ...s.constraints, budget: 0, modes: ['online'], maxCreditsPerTerm: 30 }),
    ).toEqual({
      excludeCredentials: [],
      excludeProviders: [],
      budget: 0,
      modes: ['online'],
      maxCreditsPerTerm: 30,
    });
  });
});

describe('plan differences', () => {
  const totals = (credits: number, cost: number) => ({ credits, cost, hours: 0, count: 2 });

  test('added, removed, kept and the totals that moved', () => {
    const d = diffPlans(
      { credentials: ['a', 'b'], totals: totals(10, 500) },
      { credentials: ['b', 'c'], totals: totals(10, 700) },
    );
    expect(d).toEqual({ added: ['c'], removed: ['a'], kept: ['b'], totals: { cost: 200 } });
    expect(isUnchanged(d)).toBe(false);
    expect(
      isUnchanged(
        diffPlans(
          { credentials: ['a'], totals: totals(5, 1) },
          { credentials: ['a'], totals: totals(5, 1) },
        ),
      ),
    ).toBe(true);
  });

  test('the diff partitions both plans', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id), fc.uniqueArray(id), (a, b) => {
        const d = diffPlans(
          { credentials: a, totals: totals(0, 0) },
          { credentials: b, totals: totals(0, 0) },
        );
        expect(new Set([...d.kept, ...d.removed])).toEqual(new Set(a));
        expect(new Set([...d.kept, ...d.added])).toEqual(new Set(b));
      }),
    );
  });

  test('signed deltas and credentials in step order', () => {
    expect([signed(3), signed(-2.5), signed(0)]).toEqual(['+3', '\u22122.5', '0']);
    expect(
      planCredentials({
        steps: [{ take: [{ credential: 'x' }] }, { take: [{ credential: 'y' }] }],
      }),
    ).toEqual(['x', 'y']);
  });
});

describe('plan picture model', () => {
  const plan = {
    steps: [
      {
        step: 1,
        take: [
          { credential: 'a', title: 'A', credits: 5, cost: 100, provider: 'p' },
          { credential: 'b', title: 'B', credits: 5 },
        ],
        milestones: [{ credential: 'cert', title: 'Certificate' }],
      },
      {
        step: 2,
        take: [{ credential: 'c', title: 'C', credits: 10 }],
        milestones: [],
      },
    ],
  };
  const facts = new Map([
    ['a', { language: 'en', mode: 'online', stacksInto: [{ id: 'cert' }, { id: 'elsewhere' }] }],
    ['b', { corequisites: ['a', 'not-in-plan'], stacksInto: [{ id: 'cert' }] }],
    [
      'c',
      {
        entryRule: {
          accepts: ['b'],
          children: [{ accepts: ['cert', 'held-already'], children: [] }],
        },
      },
    ],
  ]);

  test('cards in their step columns, awards where earned, and the arrows between them', () => {
    const g = planGraph(plan, facts);
    expect(g.columns).toEqual([1, 2]);
    expect(g.nodes.map((n) => [n.id, n.kind, n.column])).toEqual([
      ['c:a', 'card', 1],
      ['c:b', 'card', 1],
      ['m:cert', 'milestone', 1],
      ['c:c', 'card', 2],
    ]);
    expect(g.nodes[0]!.card).toMatchObject({ language: 'en', mode: 'online', cost: 100 });
    expect(g.edges.map((e) => `${e.kind} ${e.from} ${e.to}`).sort()).toEqual(
      [
        `stacks ${cardId('a')} ${milestoneId('cert')}`,
        `corequisite ${cardId('a')} ${cardId('b')}`,
        `stacks ${cardId('b')} ${milestoneId('cert')}`,
        `entry ${cardId('b')} ${cardId('c')}`,
        `entry ${milestoneId('cert')} ${cardId('c')}`,
      ].sort(),
    );
  });

  test('ELK gets one partition per step, awards right after their step', () => {
    const elk = elkGraph(planGraph(plan, facts));
    const partition = Object.fromEntries(
      elk.children.map((c) => [c.id, Number(c.layoutOptions['elk.partitioning.partition'])]),
    );
    expect(partition['c:a']).toBe(partition['c:b']);
    expect(partition['c:a']!).toBeLessThan(partition['m:cert']!);
    expect(partition['m:cert']!).toBeLessThan(partition['c:c']!);
    expect(elk.edges).toHaveLength(5);
  });
});
