/**
 * The planner on small hand-written catalogues whose answers are worked out by hand from
 * docs/engine-semantics.md: one case per rule operator, sharing, outcomes, recognition,
 * holdings that no longer count, entry rules, co-requisites, terms, objectives, constraints,
 * every kind of target, every infeasibility reason, alternatives and the explanation text.
 * The expected value of each case is written next to it with the reasoning that gives it.
 */
import { planPathway, type Plan, type PlanOptions } from '../../src/engine/planner/index.js';
import type { HeldCredential } from '../../src/engine/holdings.js';
import type { CatalogueGraph } from '../../src/graph/index.js';
import type {
  CatalogueDocumentInput,
  ObjectiveName,
  PlanConstraints,
  Target,
} from '../../src/model/index.js';
import { parseCatalogue } from '../../src/model/index.js';
import {
  all,
  any,
  award,
  graphOf,
  mc,
  minCredits,
  nOf,
  stepOf,
  stepsOf,
  taken,
  unvalidatedGraphOf,
} from '../support/cases/catalogue.js';

const AS_OF = '2026-01-15';

interface Ask {
  holdings?: HeldCredential[];
  target?: Target;
  objective?: ObjectiveName | ObjectiveName[];
  constraints?: Partial<PlanConstraints>;
  asOf?: string;
}

function plan(graph: CatalogueGraph, ask: Ask = {}, options: PlanOptions = {}): Plan {
  return planPathway(
    graph,
    {
      holdings: ask.holdings ?? [],
      asOf: ask.asOf ?? AS_OF,
      target: ask.target ?? { qualification: 'q' },
      objective: ask.objective,
      constraints: ask.constraints,
    },
    options,
  );
}

const held = (credential: string, awardedOn = '2025-06-01'): HeldCredential => ({
  credential,
  awardedOn,
});

/** A planned, proven-optimal plan; returns it for further checks. */
function planned(p: Plan): Plan {
  expect(p.status).toBe('planned');
  expect(p.optimality).toBe('optimal');
  expect(p.lowerBound).toBeCloseTo(p.objectiveValue, 9);
  expect(p.infeasibility).toBeUndefined();
  // Totals agree with the steps.
  const credits = p.steps.reduce((sum, s) => sum + s.credits, 0);
  expect(p.totals.credits).toBeCloseTo(credits, 9);
  expect(p.totals.count).toBe(taken(p).length);
  return p;
}

/** One qualification `q` over `rule`, plus the given credentials. */
function single(
  rule: Parameters<typeof award>[1],
  credentials: CatalogueDocumentInput['credentials'],
): CatalogueGraph {
  return graphOf({ credentials: [...(credentials ?? []), award('q', rule)] });
}

describe('one case per rule operator', () => {
  it('ALL takes every accepted credential and nothing else', () => {
    const g = single(all(['a', 'b']), [mc('a', 5), mc('b', 10), mc('c', 3)]);
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['a', 'b']);
    expect(p.totals).toEqual({ credits: 15, cost: 0, hours: 0, count: 2 });
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0]!.milestones).toEqual([{ credential: 'q', title: 'Q' }]);
  });

  it('ANY takes the single cheapest option', () => {
    const g = single(any(['a', 'b', 'c']), [mc('a', 5), mc('b', 3), mc('c', 8)]);
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['b']);
    expect(p.objectiveValue).toBe(3);
  });

  it('N_OF n takes the n cheapest distinct options', () => {
    const g = single(nOf(2, ['a', 'b', 'c', 'd']), [
      mc('a', 5),
      mc('b', 3),
      mc('c', 4),
      mc('d', 6),
    ]);
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['b', 'c']);
    expect(p.totals.credits).toBe(7);
  });

  it('MIN_CREDITS with fractional credits reaches the threshold exactly when it can', () => {
    // Sums reaching 10: a+b = 10, c+e = 10.5, c+d = 11, a+e = 12, ... ; b+d+e = 12.
    const g = single(minCredits(10, ['a', 'b', 'c', 'd', 'e']), [
      mc('a', 7.5),
      mc('b', 2.5),
      mc('c', 6),
      mc('d', 5),
      mc('e', 4.5),
    ]);
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['a', 'b']);
    expect(p.totals.credits).toBe(10);
  });

  it('MIN_CREDITS: two smaller modules beat one bigger module on credits', () => {
    const g = single(minCredits(10, ['big', 's1', 's2']), [
      mc('big', 12),
      mc('s1', 5),
      mc('s2', 5),
    ]);
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['s1', 's2']);
    expect(p.totals.credits).toBe(10);
    // Counting credentials instead, the single big module wins.
    expect(taken(planned(plan(g, { objective: 'count' })))).toEqual(['big']);
  });

  it('MIN_CREDITS: a cheaper set of more modules beats fewer dearer ones on cost', () => {
    const g = single(minCredits(10, ['big', 's1', 's2']), [
      mc('big', 10, { cost: 1000 }),
      mc('s1', 5, { cost: 300 }),
      mc('s2', 5, { cost: 300 }),
    ]);
    const p = planned(plan(g, { objective: 'cost' }));
    expect(taken(p)).toEqual(['s1', 's2']);
    expect(p.totals.cost).toBe(600);
    expect(p.objectiveValue).toBe(600);
  });

  it('a nested tree combines the cheapest way through every level', () => {
    // ANY[a5, b4] -> b (4); N_OF 2 of [c6, d5, ALL[e1, f2] (3)] -> d + e,f (8);
    // MIN_CREDITS 6 of [g3, h4, i6] -> i (6, vs g+h = 7). Total 18.
    const g = single(
      {
        op: 'ALL',
        children: [
          any(['a', 'b']),
          { op: 'N_OF', n: 2, accepts: ['c', 'd'], children: [all(['e', 'f'])] },
          minCredits(6, ['g', 'h', 'i']),
        ],
      },
      [
        mc('a', 5),
        mc('b', 4),
        mc('c', 6),
        mc('d', 5),
        mc('e', 1),
        mc('f', 2),
        mc('g', 3),
        mc('h', 4),
        mc('i', 6),
      ],
    );
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['b', 'd', 'e', 'f', 'i']);
    expect(p.totals.credits).toBe(18);
  });

  it('allocates exactly, not first-fit: ALL(N_OF 1 of [a, b], ALL [a])', () => {
    // a must go to the second node, b to the first; holding a alone is not enough.
    const g = single({ op: 'ALL', children: [nOf(1, ['a', 'b']), all(['a'])] }, [
      mc('a', 5),
      mc('b', 3),
    ]);
    const p = planned(plan(g, { holdings: [held('a')] }));
    expect(taken(p)).toEqual(['b']);
    expect(plan(g, { holdings: [held('a'), held('b')] }).status).toBe('achieved');
  });
});

describe('sharing (maxShared)', () => {
  // ALL (maxShared k) [ MIN_CREDITS 10 of [x, y, z], N_OF 2 of [x, y, w] ], all 5 credits.
  // k = 0: four modules (20); k = 1: x counts twice, {x, y, w} (15); k = 2: {x, y} (10).
  const sharing = (k: number | undefined) =>
    single(
      {
        op: 'ALL',
        ...(k === undefined ? {} : { maxShared: k }),
        children: [minCredits(10, ['x', 'y', 'z']), nOf(2, ['x', 'y', 'w'])],
      },
      [mc('x', 5), mc('y', 5), mc('z', 5), mc('w', 5)],
    );

  it('without maxShared every item counts once: 20 credits', () => {
    const p = planned(plan(sharing(undefined)));
    expect(taken(p)).toEqual(['w', 'x', 'y', 'z']);
    expect(p.totals.credits).toBe(20);
  });

  it('maxShared 1 lets exactly one item count twice: 15 credits, 5 less', () => {
    const without = planned(plan(sharing(0)));
    const p = planned(plan(sharing(1)));
    expect(p.totals.credits).toBe(15);
    expect(without.totals.credits - p.totals.credits).toBe(5);
    expect(taken(p)).toHaveLength(3);
    expect(taken(p)).toEqual(expect.arrayContaining(['x', 'y']));
  });

  it('maxShared 2 lets two items count twice: 10 credits', () => {
    const p = planned(plan(sharing(2)));
    expect(taken(p)).toEqual(['x', 'y']);
  });

  it('sharing allowed on a sub-node does not extend to its parent', () => {
    // ALL [ ALL(maxShared 1)[ANY[x], ANY[x, y]], ANY[x, z] ]: x may count twice inside the
    // first child, but only in one branch of the root, so z (or y and another) is needed.
    const g = single(
      {
        op: 'ALL',
        children: [
          { op: 'ALL', maxShared: 1, children: [any(['x']), any(['x', 'y'])] },
          any(['x', 'z']),
        ],
      },
      [mc('x', 5), mc('y', 5), mc('z', 5)],
    );
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['x', 'z']);
    expect(p.totals.credits).toBe(10);
  });
});

describe('learning outcomes, recognition and holdings', () => {
  const outcomes = [
    { id: 'lo:1', statement: 'Outcome one' },
    { id: 'lo:orphan', statement: 'Outcome nobody certifies' },
  ];

  it('an outcome leaf is filled by the cheapest credential certifying it', () => {
    const g = graphOf({
      learningOutcomes: outcomes,
      credentials: [
        mc('a', 5, { learningOutcomes: ['lo:1'] }),
        mc('b', 3, { learningOutcomes: ['lo:1'] }),
        award('q', any(['lo:1'])),
      ],
    });
    expect(taken(planned(plan(g)))).toEqual(['b']);
  });

  it('one item fills one slot: a credential and the outcome it certifies need two items', () => {
    const g = graphOf({
      learningOutcomes: outcomes,
      credentials: [
        mc('a', 5, { learningOutcomes: ['lo:1'] }),
        mc('b', 3, { learningOutcomes: ['lo:1'] }),
        award('q', all(['lo:1', 'a'])),
      ],
    });
    const p = planned(plan(g));
    expect(taken(p)).toEqual(['a', 'b']);
    expect(p.totals.credits).toBe(8);
  });

  const recognising = (validFrom?: string, validUntil?: string, credits?: number) =>
    graphOf({
      credentials: [
        mc('a', 5),
        mc('b', 5),
        mc('c', 2),
        mc('r', 4),
        award('q', all(['a', 'b'])),
        award('q2', minCredits(5, ['a', 'c'])),
      ],
      recognitions: [
        {
          from: 'r',
          to: 'a',
          ...(credits === undefined ? {} : { credits }),
          ...(validFrom ? { validFrom } : {}),
          ...(validUntil ? { validUntil } : {}),
        },
      ],
    });

  it('a held credential recognised as another fills its slot', () => {
    const g = recognising('2025-01-01', '2027-12-31');
    const p = planned(plan(g, { holdings: [held('r')] }));
    expect(taken(p)).toEqual(['b']);
    expect(p.steps[0]!.milestones.map((m) => m.credential)).toEqual(['q']);
  });

  it('a recognition counts the credits the agreement grants', () => {
    // r counts as a for 3 credits: MIN_CREDITS 5 then needs c (2), not a (5).
    const g = recognising(undefined, undefined, 3);
    const p = planned(plan(g, { holdings: [held('r')], target: { qualification: 'q2' } }));
    expect(taken(p)).toEqual(['c']);
    // Without the holding, a alone (5) is cheapest.
    expect(taken(planned(plan(g, { target: { qualification: 'q2' } })))).toEqual(['a']);
  });

  it('an agreement out of its validity window does not apply', () => {
    for (const g of [
      recognising('2024-01-01', '2025-12-31'), // ended before the reference date
      recognising('2026-06-01', '2028-12-31'), // not yet in force
    ]) {
      const p = planned(plan(g, { holdings: [held('r')] }));
      expect(taken(p)).toEqual(['a', 'b']);
    }
    // The window's bounds are inclusive.
    const p = planned(plan(recognising(AS_OF, AS_OF), { holdings: [held('r')] }));
    expect(taken(p)).toEqual(['b']);
  });

  const lapsing = graphOf({
    credentials: [mc('a', 5, { validityMonths: 12 }), mc('b', 5), award('q', all(['a', 'b']))],
  });

  it('a lapsed holding is dropped with its reason and planned again', () => {
    // Awarded 2024-06-01, valid 12 months: lapsed on 2025-06-01, before 2026-01-15.
    const p = planned(plan(lapsing, { holdings: [held('a', '2024-06-01'), held('b')] }));
    expect(p.holdings.dropped).toHaveLength(1);
    expect(p.holdings.dropped[0]).toMatchObject({
      holding: { credential: 'a', awardedOn: '2024-06-01' },
      reason: 'lapsed',
    });
    expect(p.holdings.dropped[0]!.detail).toContain('2025-06-01');
    expect(p.holdings.valid.map((h) => h.credential)).toEqual(['b']);
    expect(taken(p)).toEqual(['a']);
  });

  it('a holding still within its validity counts', () => {
    const p = plan(lapsing, { holdings: [held('a', '2025-02-01'), held('b')] });
    expect(p.status).toBe('achieved');
    expect(p.steps).toEqual([]);
    expect(p.explanation).toEqual(['You already meet the requirements of Q.']);
  });

  it('validity months clamp to the end of the month and the last day still counts', () => {
    const oneMonth = graphOf({
      credentials: [mc('a', 5, { validityMonths: 1 }), award('q', all(['a']))],
    });
    // 2025-01-31 + 1 month = 2025-02-28.
    const on = plan(oneMonth, { holdings: [held('a', '2025-01-31')], asOf: '2025-02-28' });
    expect(on.status).toBe('achieved');
    const after = plan(oneMonth, { holdings: [held('a', '2025-01-31')], asOf: '2025-03-01' });
    expect(after.status).toBe('planned');
    expect(after.holdings.dropped[0]!.reason).toBe('lapsed');
    expect(after.holdings.dropped[0]!.detail).toContain('2025-02-28');
  });

  it('an unknown, a future and an expired holding are reported and ignored', () => {
    const p = planned(
      plan(lapsing, {
        holdings: [
          held('nope'),
          held('b', '2026-03-01'),
          { credential: 'a', awardedOn: '2025-06-01', expiresOn: '2026-01-14' },
        ],
      }),
    );
    expect(p.holdings.dropped.map((d) => [d.holding.credential, d.reason])).toEqual([
      ['nope', 'unknown'],
      ['b', 'not-yet-awarded'],
      ['a', 'expired'],
    ]);
    expect(p.holdings.dropped[0]!.detail).toContain('"nope"');
    expect(p.holdings.valid).toEqual([]);
    expect(taken(p)).toEqual(['a', 'b']);
  });
});

describe('entry rules, co-requisites and terms', () => {
  it('steps follow a chain of entry rules', () => {
    const g = single(all(['a', 'b', 'c']), [
      mc('a', 5),
      mc('b', 5, { entryRule: all(['a']) }),
      mc('c', 5, { entryRule: all(['b']) }),
    ]);
    const p = planned(plan(g));
    expect(stepsOf(p)).toEqual([['a'], ['b'], ['c']]);
    const at = stepOf(p);
    expect(at.get('a')).toBeLessThan(at.get('b')!);
    expect(at.get('b')).toBeLessThan(at.get('c')!);
    expect(p.steps.map((s) => s.milestones.length)).toEqual([0, 0, 1]);
  });

  it('a prerequisite outside the award rule is planned first, with its reason', () => {
    // c's entry rule accepts p1 (5) or p2 (2): p2 is taken before c.
    const g = single(all(['c']), [
      mc('c', 5, { entryRule: any(['p1', 'p2']) }),
      mc('p1', 5),
      mc('p2', 2),
    ]);
    const p = planned(plan(g));
    expect(stepsOf(p)).toEqual([['p2'], ['c']]);
    expect(p.totals.credits).toBe(7);
    const p2 = p.steps[0]!.take[0]!;
    expect(p2.reasons).toContain('needed before starting C');
  });

  it('an entry rule can be met by an award earned in an earlier step', () => {
    // d needs the stacked award q1 (earned by a); the target q2 needs d.
    const g = graphOf({
      credentials: [
        mc('a', 5),
        mc('d', 5, { entryRule: all(['q1']) }),
        award('q1', all(['a'])),
        award('q2', all(['d'])),
      ],
    });
    const p = planned(plan(g, { target: { qualification: 'q2' } }));
    expect(stepsOf(p)).toEqual([['a'], ['d']]);
    expect(p.steps[0]!.milestones.map((m) => m.credential)).toEqual(['q1']);
    expect(p.steps[1]!.milestones.map((m) => m.credential)).toEqual(['q2']);
  });

  it('a co-requisite is planned in the same step, even outside the award rule', () => {
    const g = single(all(['x']), [mc('x', 5, { corequisites: ['y'] }), mc('y', 3)]);
    const p = planned(plan(g));
    expect(stepsOf(p)).toEqual([['x', 'y']]);
    const y = p.steps[0]!.take.find((t) => t.credential === 'y')!;
    expect(y.reasons).toContain('co-requisite of X');
  });

  it('a co-requisite that must wait for its own prerequisite holds the other back', () => {
    // y needs a; x needs y alongside, so x and y start together after a.
    const g = single(all(['x']), [
      mc('x', 5, { corequisites: ['y'] }),
      mc('y', 3, { entryRule: all(['a']) }),
      mc('a', 2),
    ]);
    const p = planned(plan(g));
    expect(stepsOf(p)).toEqual([['a'], ['x', 'y']]);
    const at = stepOf(p);
    expect(at.get('x')).toBe(at.get('y'));
  });

  it('maxCreditsPerTerm caps every term, longest chains first', () => {
    // 25 credits at 10 per term: three terms; a (which b waits on) goes in the first.
    const g = single(all(['a', 'b', 'c', 'd', 'e']), [
      mc('a', 5),
      mc('b', 5, { entryRule: all(['a']) }),
      mc('c', 5),
      mc('d', 5),
      mc('e', 5),
    ]);
    expect(stepsOf(planned(plan(g)))).toEqual([['a', 'c', 'd', 'e'], ['b']]);
    const p = planned(plan(g, { constraints: { maxCreditsPerTerm: 10 } }));
    expect(p.steps).toHaveLength(3);
    for (const s of p.steps) expect(s.credits).toBeLessThanOrEqual(10);
    expect(stepsOf(p)).toEqual([['a', 'c'], ['b', 'd'], ['e']]);
    expect(p.totals.credits).toBe(25);
  });

  it('terms: a module above the cap gets a term alone; co-requisites never start late', () => {
    const g = single(all(['f', 'g', 'x', 'z']), [
      mc('f', 15),
      mc('g', 5),
      mc('x', 5, { corequisites: ['y'] }),
      mc('y', 5),
      mc('z', 5),
    ]);
    const p = planned(plan(g, { constraints: { maxCreditsPerTerm: 10 } }));
    const at = stepOf(p);
    // A co-requisite is held already or starts in the same step. (The term packer starts y
    // first here and x a term later, see the report: docs say co-requisites stay together.)
    expect(at.get('y')).toBeLessThanOrEqual(at.get('x')!);
    const f = p.steps.find((s) => s.take.some((t) => t.credential === 'f'))!;
    expect(f.take).toHaveLength(1);
    for (const s of p.steps) if (s !== f) expect(s.credits).toBeLessThanOrEqual(10);
    // 35 credits: f alone, and four 5-credit modules two by two.
    expect(p.steps).toHaveLength(3);
  });

  it('terms keep a co-requisite pair together when it fits', () => {
    const g = single(all(['x', 'z']), [
      mc('x', 5, { corequisites: ['y'] }),
      mc('y', 5),
      mc('z', 5),
    ]);
    const p = planned(plan(g, { constraints: { maxCreditsPerTerm: 10 } }));
    expect(stepsOf(p)).toEqual([['x', 'y'], ['z']]);
  });
});

describe('objectives', () => {
  // Three ways to q: x1..x3 (1 credit, 300 EUR each: 3 credits, 900 EUR, 3 modules);
  // y1, y2 (4 credits, 50 EUR each: 8 credits, 100 EUR, 2 modules); z (10 credits, 500 EUR, 1).
  const g = single(
    {
      op: 'ANY',
      children: [all(['x1', 'x2', 'x3']), all(['y1', 'y2']), all(['z'])],
    },
    [
      mc('x1', 1, { cost: 300, hours: 10 }),
      mc('x2', 1, { cost: 300, hours: 10 }),
      mc('x3', 1, { cost: 300, hours: 10 }),
      mc('y1', 4, { cost: 50, hours: 100 }),
      mc('y2', 4, { cost: 50, hours: 100 }),
      mc('z', 10, { cost: 500, hours: 250 }),
    ],
  );

  it('credits, cost and count each choose a different set', () => {
    const byCredits = planned(plan(g, { objective: 'credits' }));
    expect(taken(byCredits)).toEqual(['x1', 'x2', 'x3']);
    expect(byCredits.objectiveValue).toBe(3);
    const byCost = planned(plan(g, { objective: 'cost' }));
    expect(taken(byCost)).toEqual(['y1', 'y2']);
    expect(byCost.objectiveValue).toBe(100);
    const byCount = planned(plan(g, { objective: 'count' }));
    expect(taken(byCount)).toEqual(['z']);
    expect(byCount.objectiveValue).toBe(1);
    const byHours = planned(plan(g, { objective: 'hours' }));
    expect(taken(byHours)).toEqual(['x1', 'x2', 'x3']);
    expect(byHours.totals).toEqual({ credits: 3, cost: 900, hours: 30, count: 3 });
    expect(byCost.objective).toEqual(['cost']);
  });

  it("lexicographic ['credits', 'cost'] breaks a credits tie by cost", () => {
    const tie = single(any(['t1', 't2', 't3']), [
      mc('t1', 5, { cost: 700 }),
      mc('t2', 5, { cost: 400 }),
      mc('t3', 6, { cost: 100 }),
    ]);
    const lex = planned(plan(tie, { objective: ['credits', 'cost'] }));
    expect(taken(lex)).toEqual(['t2']);
    expect(lex.objective).toEqual(['credits', 'cost']);
    expect(taken(planned(plan(tie, { objective: ['cost', 'credits'] })))).toEqual(['t3']);
    // Credits alone cannot tell t1 and t2 apart.
    expect(['t1', 't2']).toContain(taken(planned(plan(tie)))[0]);
  });
});

describe('constraints', () => {
  // q: any of a (5 credits, p1, en, online, EQF 6, 500 EUR), b (6, p2, nl, in-person, EQF 5,
  // 800 EUR), c (7, p3, en, blended, EQF 7, 300 EUR). Unconstrained, a is cheapest in credits.
  const g = graphOf({
    providers: [
      { id: 'p1', name: 'One' },
      { id: 'p2', name: 'Two' },
      { id: 'p3', name: 'Three' },
    ],
    credentials: [
      mc('a', 5, {
        provider: 'p1',
        language: 'en',
        mode: 'online',
        eqfLevel: 6,
        cost: 500,
      }),
      mc('b', 6, { provider: 'p2', language: 'nl', mode: 'in-person', eqfLevel: 5, cost: 800 }),
      mc('c', 7, { provider: 'p3', language: 'en', mode: 'blended', eqfLevel: 7, cost: 300 }),
      award('q', any(['a', 'b', 'c'])),
      award('q2', all(['a', 'c'])),
    ],
  });
  const choose = (constraints: Partial<PlanConstraints>) =>
    taken(planned(plan(g, { constraints })));

  it('each constraint changes the choice', () => {
    expect(choose({})).toEqual(['a']);
    expect(choose({ excludeCredentials: ['a'] })).toEqual(['b']);
    expect(choose({ excludeProviders: ['p1'] })).toEqual(['b']);
    expect(choose({ languages: ['nl'] })).toEqual(['b']);
    expect(choose({ modes: ['blended'] })).toEqual(['c']);
    expect(choose({ modes: ['in-person', 'blended'] })).toEqual(['b']);
    expect(choose({ maxEqfLevel: 5 })).toEqual(['b']);
    expect(choose({ budget: 600 })).toEqual(['a']);
    expect(choose({ budget: 400 })).toEqual(['c']);
    expect(choose({ excludeCredentials: ['a'], excludeProviders: ['p2'] })).toEqual(['c']);
  });

  it('constraints that rule out every option: excluded-by-constraints, naming them', () => {
    const cases: [Partial<PlanConstraints>, RegExp][] = [
      [{ languages: ['de'] }, /A is ruled out: taught in en, not in de/],
      [{ excludeCredentials: ['a', 'b', 'c'] }, /A is ruled out: excluded by request/],
      [{ budget: 200 }, /A is ruled out: costs 500 EUR, over the budget of 200/],
      [{ maxEqfLevel: 4, excludeCredentials: ['a'] }, /A is ruled out: excluded by request/],
    ];
    for (const [constraints, detail] of cases) {
      const p = plan(g, { constraints });
      expect(p.status).toBe('infeasible');
      expect(p.steps).toEqual([]);
      expect(p.infeasibility!.reason).toBe('excluded-by-constraints');
      expect(p.infeasibility!.detail).toMatch(detail);
      expect(p.explanation[0]).toMatch(/^Q cannot be reached: /);
      // One cause per option the rule offered, each excluded.
      const rootCauses = leaves(p.infeasibility!);
      expect(rootCauses.map((c) => c.reason)).toEqual([
        'excluded-by-constraints',
        'excluded-by-constraints',
        'excluded-by-constraints',
      ]);
      expect(rootCauses.map((c) => c.rule.of)).toEqual(['q', 'q', 'q']);
    }
  });

  it('a budget every combination exceeds: reason budget', () => {
    // a (500) and c (300) each fit a 700 EUR budget, together they do not.
    const p = plan(g, { target: { qualification: 'q2' }, constraints: { budget: 700 } });
    expect(p.status).toBe('infeasible');
    expect(p.infeasibility!.reason).toBe('budget');
    expect(p.infeasibility!.detail).toContain('Q2');
    expect(p.infeasibility!.detail).toContain('700');
    expect(
      taken(planned(plan(g, { target: { qualification: 'q2' }, constraints: { budget: 800 } }))),
    ).toEqual(['a', 'c']);
  });
});

/** The first cause (depth first, the explanation itself included) matching a test. */
function findCause(
  i: NonNullable<Plan['infeasibility']>,
  test: (i: NonNullable<Plan['infeasibility']>) => boolean,
): NonNullable<Plan['infeasibility']> | undefined {
  if (test(i)) return i;
  for (const c of i.causes) {
    const found = findCause(c, test);
    if (found) return found;
  }
  return undefined;
}

/** The innermost causes of an explanation. */
function leaves(i: NonNullable<Plan['infeasibility']>): NonNullable<Plan['infeasibility']>[] {
  return i.causes.length === 0 ? [i] : i.causes.flatMap(leaves);
}

describe('targets', () => {
  const g = graphOf({
    credentials: [
      mc('a', 5),
      mc('b', 5),
      mc('c', 8),
      award('q1', all(['a', 'b'])),
      award('q2', all(['c'])),
      award('q3', all(['a', 'c'])),
    ],
  });

  it('anyOf picks the nearest qualification', () => {
    // From nothing: q2 needs 8, q1 needs 10.
    const fresh = planned(plan(g, { target: { anyOf: ['q1', 'q2'] } }));
    expect(taken(fresh)).toEqual(['c']);
    expect(fresh.title).toBe('any of Q1, Q2');
    // Holding a: q1 needs 5 more, q2 still 8.
    const holding = planned(plan(g, { target: { anyOf: ['q1', 'q2'] }, holdings: [held('a')] }));
    expect(taken(holding)).toEqual(['b']);
    expect(holding.steps[0]!.milestones.map((m) => m.credential)).toEqual(['q1']);
  });

  it('allOf is a double award: an item counts in each qualification', () => {
    // q1 = a + b, q3 = a + c: a counts in both trees.
    const p = planned(plan(g, { target: { allOf: ['q1', 'q3'] } }));
    expect(taken(p)).toEqual(['a', 'b', 'c']);
    expect(p.totals.credits).toBe(18);
    expect(p.steps.flatMap((s) => s.milestones.map((m) => m.credential)).sort()).toEqual([
      'q1',
      'q2',
      'q3',
    ]);
  });

  const skill = (n: number) => ({ id: `esco:s${n}`, label: `skill ${n}` });
  const occupations = graphOf({
    skills: [1, 2, 3, 4, 5].map(skill),
    occupations: [
      {
        id: 'esco:o1',
        label: 'analyst',
        essentialSkills: ['esco:s1', 'esco:s2'],
        optionalSkills: ['esco:s3', 'esco:s4'],
      },
      { id: 'esco:o2', label: 'wizard', essentialSkills: ['esco:s1', 'esco:s5'] },
    ],
    learningOutcomes: [
      { id: 'lo:1', statement: 'one', skills: [{ skill: 'esco:s1' }, { skill: 'esco:s2' }] },
      { id: 'lo:2', statement: 'two', skills: [{ skill: 'esco:s2' }] },
      { id: 'lo:3', statement: 'three', skills: [{ skill: 'esco:s3' }] },
      { id: 'lo:4', statement: 'four', skills: [{ skill: 'esco:s4', relation: 'assesses' }] },
    ],
    credentials: [
      mc('m1', 5, { learningOutcomes: ['lo:1'] }),
      mc('m2', 3, { learningOutcomes: ['lo:2'] }),
      mc('m3', 2, { learningOutcomes: ['lo:3'] }),
      mc('m4', 4, { learningOutcomes: ['lo:4'] }),
      mc('m5', 5, { learningOutcomes: ['lo:3', 'lo:4'] }),
    ],
  });

  it('an occupation: essential skills through outcomes, one module may cover several', () => {
    // lo:1 develops both essential skills: m1 alone (5) beats m1 + m2.
    const p = planned(plan(occupations, { target: { occupation: 'esco:o1', optionalSkills: 0 } }));
    expect(taken(p)).toEqual(['m1']);
    expect(p.title).toBe('analyst');
  });

  it('an occupation with n optional skills adds the cheapest cover of n of them', () => {
    const one = planned(
      plan(occupations, { target: { occupation: 'esco:o1', optionalSkills: 1 } }),
    );
    expect(taken(one)).toEqual(['m1', 'm3']);
    // Both optional skills: m5 (5) covers s3 and s4, cheaper than m3 + m4 (6).
    const two = planned(
      plan(occupations, { target: { occupation: 'esco:o1', optionalSkills: 2 } }),
    );
    expect(taken(two)).toEqual(['m1', 'm5']);
    expect(two.totals.credits).toBe(10);
  });

  it('an unknown target is an input error, not a plan', () => {
    expect(() => plan(g, { target: { qualification: 'nope' } })).toThrow(
      /unknown credential "nope"/,
    );
    expect(() =>
      plan(occupations, { target: { occupation: 'esco:nope', optionalSkills: 0 } }),
    ).toThrow(/unknown occupation/);
  });
});

describe('every infeasibility reason', () => {
  it('nothing-offered: a credential that can neither be taken nor awarded', () => {
    const g = single(all(['a', 'ghost']), [mc('a', 5), mc('ghost', 5, { earnable: false })]);
    const p = plan(g);
    expect(p.status).toBe('infeasible');
    expect(p.lowerBound).toBe(Infinity);
    const i = p.infeasibility!;
    expect(i.reason).toBe('nothing-offered');
    expect(i.detail).toContain('GHOST cannot be taken directly and no rule awards it');
    const [leaf] = leaves(i);
    expect(leaf!.rule).toMatchObject({ id: 'q#award', of: 'q' });
    expect(leaf!.reason).toBe('nothing-offered');
  });

  it('nothing-offered: an outcome no credential certifies', () => {
    const g = graphOf({
      learningOutcomes: [{ id: 'lo:orphan', statement: 'Outcome nobody certifies' }],
      credentials: [mc('a', 5), award('q', all(['a', 'lo:orphan']))],
    });
    const i = plan(g).infeasibility!;
    expect(i.reason).toBe('nothing-offered');
    expect(i.detail).toContain('no credential certifies the outcome "Outcome nobody certifies"');
  });

  it('entry-rule-cycle: A requires B and B requires A, both required', () => {
    const input = {
      credentials: [
        mc('a', 5, { entryRule: all(['b']) }),
        mc('b', 5, { entryRule: all(['a']) }),
        award('q', all(['a', 'b'])),
      ],
    };
    // The validator rejects such a document; the engine must still explain it.
    const parsed = parseCatalogue(input);
    expect(parsed.ok).toBe(false);
    const g = unvalidatedGraphOf(input);
    const p = plan(g);
    expect(p.status).toBe('infeasible');
    const i = p.infeasibility!;
    expect(i.reason).toBe('entry-rule-cycle');
    // The cycle is named, with the kind of each requisite, once.
    expect(i.detail).toContain(
      'A → B → A is a cycle of requisites, so none of them can ever start: A needs B before it starts (entry rule); B needs A before it starts (entry rule)',
    );
    expect(i.causes.map((c) => c.detail)).toEqual([expect.stringMatching(/^A → B → A is a cycle/)]);
    const [leaf] = leaves(i);
    expect(['a#entry', 'b#entry']).toContain(leaf!.rule.id);
  });

  it('entry-rule-unmet: a prerequisite that cannot be obtained', () => {
    const g = single(all(['a']), [
      mc('a', 5, { entryRule: all(['ghost']) }),
      mc('ghost', 5, { earnable: false }),
    ]);
    const i = plan(g).infeasibility!;
    expect(i.reason).toBe('entry-rule-unmet');
    // A single qualification is explained from its own rule, not from the goal wrapping it.
    expect(i.rule).toMatchObject({ id: 'q#award', of: 'q' });
    expect(i.detail).toContain('the entry rule of A cannot be met');
    expect(i.detail).toContain('GHOST cannot be taken directly');
    const unmet = findCause(i, (c) => c.rule.id === 'a#entry')!;
    expect(unmet).toMatchObject({ reason: 'entry-rule-unmet', rule: { of: 'a' } });
    expect(leaves(unmet).map((c) => c.reason)).toEqual(['nothing-offered']);
  });

  it('entry-rule-unmet: an excluded prerequisite; an untakeable co-requisite', () => {
    const g = single(any(['a', 'x']), [
      mc('a', 5, { entryRule: all(['p']) }),
      mc('p', 5),
      mc('x', 5, { corequisites: ['y'] }),
      mc('y', 5),
    ]);
    const p = plan(g, { constraints: { excludeCredentials: ['p', 'y'] } });
    const i = p.infeasibility!;
    expect(i.reason).toBe('entry-rule-unmet');
    expect(i.detail).toContain('the entry rule of A cannot be met');
    expect(i.detail).toContain('P is ruled out: excluded by request');
    const corequisite = findCause(i, (c) => c.detail.startsWith('X must be taken with'))!;
    expect(corequisite).toMatchObject({
      reason: 'entry-rule-unmet',
      detail: 'X must be taken with Y, which cannot be taken',
    });
    expect(leaves(i).map((c) => c.detail)).toEqual([
      'P is ruled out: excluded by request',
      'Y is ruled out: excluded by request',
    ]);
    expect(leaves(i).map((c) => c.reason)).toEqual([
      'excluded-by-constraints',
      'excluded-by-constraints',
    ]);
  });

  it('excluded-by-constraints and budget: see the constraints cases', () => {
    const g = single(all(['a']), [mc('a', 5, { cost: 100 })]);
    expect(plan(g, { constraints: { excludeCredentials: ['a'] } }).infeasibility!.reason).toBe(
      'excluded-by-constraints',
    );
    expect(plan(g, { constraints: { budget: 99 } }).infeasibility!.reason).toBe(
      'excluded-by-constraints',
    );
  });

  it('skill-not-covered: an essential skill no outcome develops', () => {
    const g = graphOf({
      skills: [
        { id: 'esco:s1', label: 'skill one' },
        { id: 'esco:s5', label: 'casting spells' },
      ],
      occupations: [{ id: 'esco:o2', label: 'wizard', essentialSkills: ['esco:s1', 'esco:s5'] }],
      learningOutcomes: [{ id: 'lo:1', statement: 'one', skills: [{ skill: 'esco:s1' }] }],
      credentials: [mc('m1', 5, { learningOutcomes: ['lo:1'] })],
    });
    const p = plan(g, { target: { occupation: 'esco:o2', optionalSkills: 0 } });
    expect(p.status).toBe('infeasible');
    const i = p.infeasibility!;
    expect(i.reason).toBe('skill-not-covered');
    expect(i.detail).toContain(
      'no learning outcome in the catalogue develops the skill "casting spells"',
    );
    expect(i.rule.label).toBe('casting spells');
  });
});

describe('alternatives', () => {
  // N_OF 2 of a1, b2, c3, d4: best {a, b} (3); next without {a, b}: {a, c} (4); then 5.
  const g = single(nOf(2, ['a', 'b', 'c', 'd']), [mc('a', 1), mc('b', 2), mc('c', 3), mc('d', 4)]);

  it('k = 2 gives distinct plans, non-decreasing, none containing an earlier one', () => {
    const p = planned(plan(g, {}, { alternatives: 2 }));
    expect(taken(p)).toEqual(['a', 'b']);
    expect(p.alternatives).toHaveLength(2);
    const sets = [taken(p), ...p.alternatives.map((a) => [...a.credentials].sort())];
    const values = [p.objectiveValue, ...p.alternatives.map((a) => a.objectiveValue)];
    expect(sets[1]).toEqual(['a', 'c']);
    expect(values).toEqual([3, 4, 5]);
    expect([
      ['a', 'd'],
      ['b', 'c'],
    ]).toContainEqual(sets[2]);
    for (let j = 1; j < sets.length; j++) {
      expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]!);
      for (let e = 0; e < j; e++) {
        expect(sets[j]).not.toEqual(sets[e]);
        expect(sets[e]!.every((id) => sets[j]!.includes(id))).toBe(false);
      }
    }
    for (const a of p.alternatives) expect(a.totals.credits).toBe(a.objectiveValue);
  });

  it('stops when no further distinct plan exists', () => {
    const only = single(all(['a']), [mc('a', 1)]);
    expect(planned(plan(only, {}, { alternatives: 2 })).alternatives).toEqual([]);
  });
});

describe('explanations', () => {
  const g = graphOf({
    credentials: [
      mc('a', 5),
      mc('b', 5, { entryRule: all(['a']) }),
      mc('c', 5),
      mc('d', 6),
      award(
        'cert',
        {
          op: 'ALL',
          children: [all(['a', 'b'], { label: 'Core' }), any(['c', 'd'], { label: 'Elective' })],
        },
        { title: 'Certificate' },
      ),
      award('dip', all(['cert']), { title: 'Diploma' }),
    ],
  });

  it('says, step by step, what each credential fills and what is held after', () => {
    const p = planned(plan(g, { target: { qualification: 'dip' } }));
    expect(stepsOf(p)).toEqual([['a', 'c'], ['b']]);
    expect(p.explanation).toEqual([
      "Step 1: take A (5 ECTS): fills 'Core' of Certificate; needed before starting B.",
      "Step 1: take C (5 ECTS): fills 'Elective' of Certificate.",
      "Step 2: take B (5 ECTS): fills 'Core' of Certificate.",
      'After step 2 you hold Certificate, Diploma.',
    ]);
    expect(p.steps[1]!.milestones).toEqual([
      { credential: 'cert', title: 'Certificate' },
      { credential: 'dip', title: 'Diploma' },
    ]);
    expect(p.title).toBe('Diploma');
  });

  it('an unlabelled rule says "counts towards"', () => {
    const plain = single(all(['a']), [mc('a', 5)]);
    expect(planned(plan(plain)).explanation).toEqual([
      'Step 1: take A (5 ECTS): counts towards Q.',
      'After step 1 you hold Q.',
    ]);
  });
});
