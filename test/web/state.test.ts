/**
 * The adviser page's pure logic: the URL form of its state (round trip, defaults, rejects
 * nonsense, never carries holdings), the request it builds, the diff of plans, the graph
 * model of the plan picture and its layout.
 */
import fc from 'fast-check';
import { diffPlans, isUnchanged, planCredentials, signed } from '../../web/src/diff.js';
import {
  cardId,
  milestoneId,
  planGraph,
  type CredentialFacts,
  type PlanLike,
} from '../../web/src/graph.js';
import { layOut } from '../../web/src/layout.js';
import {
  constraintsOf,
  decodeState,
  emptyState,
  encodeState,
  learnerOf,
  MODES,
  OBJECTIVES,
  isDay,
  targetOf,
  timingOf,
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
    start: fc.option(
      fc
        .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { nil: undefined },
    ),
    maxCreditsPerMonth: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    excludeProviders: fc.uniqueArray(id, { maxLength: 3 }),
    excludeCredentials: fc.uniqueArray(id, { maxLength: 3 }),
    objective: fc.uniqueArray(fc.constantFrom(...OBJECTIVES), { minLength: 1, maxLength: 4 }),
    alternatives: fc.integer({ min: 0, max: 5 }),
    countUnverified: fc.boolean(),
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
    calendar: {
      ...(r.start !== undefined ? { start: r.start } : {}),
      ...(r.maxCreditsPerMonth !== undefined ? { maxCreditsPerMonth: r.maxCreditsPerMonth } : {}),
    },
    objective: r.objective,
    alternatives: r.alternatives,
    countUnverified: r.countUnverified,
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
      'target=everything&t=x&budget=-5&lang=english,fr&mode=by-post,online&perTerm=abc&obj=speed&alt=9&start=2027-02-30&perMonth=0',
    );
    expect(s.calendar).toEqual({});
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
      countUnverified: false,
    });
    expect(encodeState(state)).not.toContain('secret-holding');
    expect(learnerOf({ ...state, learner: 'learner-1' }, holdings)).toEqual({
      learner: 'learner-1',
      countUnverified: false,
    });
  });

  test('prior learning entered on the page goes with the holdings, never into the query', () => {
    const state = { ...emptyState(), targets: ['smtu:cert'], countUnverified: true };
    const prior = [
      {
        outcome: 'lo:secret-outcome',
        statement: 'Fits regression models',
        method: 'assessment' as const,
        validatedOn: '2026-03-10',
        verified: false,
        evidence: 'portfolio#4',
      },
      {
        outcome: 'lo:other',
        statement: 'S',
        method: 'validation' as const,
        validatedOn: '2026-03-11',
        verified: true,
      },
    ];
    expect(learnerOf(state, [], prior)).toEqual({
      holdings: [],
      priorLearning: [
        {
          outcome: 'lo:secret-outcome',
          method: 'assessment',
          validatedOn: '2026-03-10',
          verified: false,
          evidence: 'portfolio#4',
        },
        { outcome: 'lo:other', method: 'validation', validatedOn: '2026-03-11', verified: true },
      ],
      countUnverified: true,
    });
    const query = encodeState(state);
    expect(query).not.toContain('secret-outcome');
    expect(query).not.toContain('portfolio');
    // Whether unverified records count is part of the plan asked for: it travels.
    expect(decodeState(query).countUnverified).toBe(true);
    // A stored learner's prior learning is read with them: none is sent inline.
    expect(learnerOf({ ...state, learner: 'learner-1' }, [], prior)).toEqual({
      learner: 'learner-1',
      countUnverified: true,
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

describe('when can I finish', () => {
  test('a start day dates the plan and lets time be minimised; without one, time is dropped', () => {
    const s = { ...emptyState(), objective: ['time', 'credits'] as PageState['objective'] };
    expect(timingOf(s)).toEqual({ objective: ['credits'], alternatives: 2 });
    expect(timingOf({ ...s, objective: ['time'] })).toEqual({
      objective: ['credits'],
      alternatives: 2,
    });
    // Dated and time minimised: no alternatives are asked for (the API gives none with time).
    expect(timingOf({ ...s, calendar: { start: '2027-02-01' } })).toEqual({
      objective: ['time', 'credits'],
      calendar: { start: '2027-02-01' },
      alternatives: 0,
    });
    expect(
      timingOf({
        ...s,
        objective: ['cost'],
        calendar: { start: '2027-02-01', maxCreditsPerMonth: 6 },
      }),
    ).toEqual({
      objective: ['cost'],
      calendar: { start: '2027-02-01', maxCreditsPerMonth: 6 },
      alternatives: 2,
    });
  });

  test('only real calendar days count as a start', () => {
    expect(['2027-02-01', '2028-02-29'].map(isDay)).toEqual([true, true]);
    expect(['2027-02-29', '2027-13-01', '27-02-01', '2027-2-1', ''].map(isDay)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
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

  test('a credential taken after an award is earned is not drawn as stacking into it', () => {
    const later = new Map<string, CredentialFacts>([
      ...facts,
      ['c', { stacksInto: [{ id: 'cert' }] }],
    ]);
    const g = planGraph(plan, later);
    expect(g.edges.filter((e) => e.to === milestoneId('cert')).map((e) => e.from)).toEqual([
      cardId('a'),
      cardId('b'),
    ]);
  });

  test('laid out in one layer per step, awards right after their step', () => {
    const laid = layOut(planGraph(plan, facts));
    const x = Object.fromEntries(laid.nodes.map((n) => [n.id, n.x]));
    expect(x['c:a']).toBe(x['c:b']);
    expect(x['c:a']!).toBeLessThan(x['m:cert']!);
    expect(x['m:cert']!).toBeLessThan(x['c:c']!);
    expect(laid.columns).toEqual([
      { step: 1, x: x['c:a'] },
      { step: 2, x: x['c:c'] },
    ]);
    expect(laid.edges).toHaveLength(5);
  });
});

describe('plan picture layout', () => {
  // Random plans: steps of cards and awards, arrows from earlier to later steps and
  // co-requisites within a step, as planGraph draws them.
  const planArb = fc
    .array(
      fc.record({ cards: fc.integer({ min: 1, max: 5 }), awards: fc.integer({ min: 0, max: 2 }) }),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .chain((steps) => {
      const cards = steps.flatMap((s, i) =>
        Array.from({ length: s.cards }, (_, k) => ({ id: `s${i}c${k}`, step: i })),
      );
      const awards = steps.flatMap((s, i) =>
        Array.from({ length: s.awards }, (_, k) => ({ id: `s${i}m${k}`, step: i })),
      );
      const pairs = cards.flatMap((c) =>
        [...cards, ...awards]
          .filter((d) => d.step < c.step || (d.step === c.step && d.id < c.id))
          .map((d) => [d.id, c.id] as const),
      );
      const stackable = cards.flatMap((c) =>
        awards.filter((a) => a.step >= c.step).map((a) => [c.id, a.id] as const),
      );
      return fc.record({
        steps: fc.constant(steps),
        links: fc.subarray(pairs, { maxLength: Math.min(25, pairs.length) }),
        stacks: fc.subarray(stackable, { maxLength: Math.min(10, stackable.length) }),
      });
    })
    .map(({ steps, links, stacks }) => {
      const plan: PlanLike = {
        steps: steps.map((s, i) => ({
          step: i + 1,
          take: Array.from({ length: s.cards }, (_, k) => ({
            credential: `s${i}c${k}`,
            title: `Card ${i}.${k}`,
            credits: 5,
          })),
          milestones: Array.from({ length: s.awards }, (_, k) => ({
            credential: `s${i}m${k}`,
            title: `Award ${i}.${k}`,
          })),
        })),
      };
      const facts = new Map<string, CredentialFacts>();
      const fact = (id: string) => facts.get(id) ?? (facts.set(id, {}), facts.get(id)!);
      for (const [from, to] of links) {
        const f = fact(to);
        const sameStep = from.split('c')[0] === to.split('c')[0] && from.includes('c');
        if (sameStep) f.corequisites = [...(f.corequisites ?? []), from];
        else f.entryRule = { accepts: [...(f.entryRule?.accepts ?? []), from], children: [] };
      }
      for (const [card, award] of stacks) {
        const f = fact(card);
        f.stacksInto = [...(f.stacksInto ?? []), { id: award }];
      }
      return planGraph(plan, facts);
    });

  test('no two boxes overlap, steps run left to right, all inside the picture', () => {
    fc.assert(
      fc.property(planArb, (graph) => {
        const laid = layOut(graph);
        expect(laid.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
        for (const a of laid.nodes) {
          expect(a.x).toBeGreaterThanOrEqual(0);
          expect(a.y).toBeGreaterThanOrEqual(0);
          expect(a.x + a.width).toBeLessThanOrEqual(laid.width);
          expect(a.y + a.height).toBeLessThanOrEqual(laid.height);
          for (const b of laid.nodes) {
            if (a === b) continue;
            const apart =
              a.x + a.width <= b.x ||
              b.x + b.width <= a.x ||
              a.y + a.height <= b.y ||
              b.y + b.height <= a.y;
            expect(apart).toBe(true);
            const key = (n: typeof a) => n.column * 2 + (n.kind === 'milestone' ? 1 : 0);
            if (key(a) < key(b)) expect(a.x + a.width).toBeLessThan(b.x);
            if (key(a) === key(b)) expect(a.x).toBe(b.x);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('every arrow is orthogonal and runs from its source box to its target box', () => {
    fc.assert(
      fc.property(planArb, (graph) => {
        const laid = layOut(graph);
        const box = new Map(laid.nodes.map((n) => [n.id, n]));
        expect(laid.edges.map((e) => e.id)).toEqual(graph.edges.map((e) => e.id));
        for (const e of laid.edges) {
          const from = box.get(e.from)!;
          const to = box.get(e.to)!;
          const first = e.points[0]!;
          const last = e.points[e.points.length - 1]!;
          expect(first).toEqual({ x: from.x + from.width, y: from.y + from.height / 2 });
          expect(last.y).toBe(to.y + to.height / 2);
          expect([to.x, to.x + to.width]).toContain(last.x);
          for (let i = 1; i < e.points.length; i++) {
            const [p, q] = [e.points[i - 1]!, e.points[i]!];
            expect(p.x === q.x || p.y === q.y).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('no arrow passes through a box it does not start or end at', () => {
    fc.assert(
      fc.property(planArb, (graph) => {
        const laid = layOut(graph);
        for (const e of laid.edges)
          for (let i = 1; i < e.points.length; i++) {
            const [p, q] = [e.points[i - 1]!, e.points[i]!];
            for (const n of laid.nodes) {
              if (n.id === e.from || n.id === e.to) continue;
              const inside =
                Math.max(p.x, q.x) > n.x &&
                Math.min(p.x, q.x) < n.x + n.width &&
                Math.max(p.y, q.y) > n.y &&
                Math.min(p.y, q.y) < n.y + n.height;
              expect({ edge: e.id, box: n.id, inside }).toEqual({
                edge: e.id,
                box: n.id,
                inside: false,
              });
            }
          }
      }),
      { numRuns: 100 },
    );
  });

  test('the order within a step follows the arrows, so a simple crossing is undone', () => {
    // Step 1 lists a then b, step 2 lists x then y, with a -> y and b -> x: drawn in the
    // plan's order the two arrows would cross.
    const graph = planGraph(
      {
        steps: [
          {
            step: 1,
            take: [
              { credential: 'a', title: 'A', credits: 5 },
              { credential: 'b', title: 'B', credits: 5 },
            ],
            milestones: [],
          },
          {
            step: 2,
            take: [
              { credential: 'x', title: 'X', credits: 5 },
              { credential: 'y', title: 'Y', credits: 5 },
            ],
            milestones: [],
          },
        ],
      },
      new Map([
        ['y', { entryRule: { accepts: ['a'], children: [] } }],
        ['x', { entryRule: { accepts: ['b'], children: [] } }],
      ]),
    );
    const y = new Map(layOut(graph).nodes.map((n) => [n.id, n.y]));
    expect(Math.sign(y.get('c:a')! - y.get('c:b')!)).toBe(Math.sign(y.get('c:y')! - y.get('c:x')!));
  });
});
