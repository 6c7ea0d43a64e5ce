/**
 * Differential, property-based tests of the planner against the exhaustive reference in
 * test/support/reference (written from docs/engine-semantics.md, independent of src/engine).
 *
 * On thousands of random small catalogues (ALL / ANY / N_OF / MIN_CREDITS rule trees,
 * shared ids, sharing limits, entry rules (some cyclic), co-requisites, recognition with
 * validity windows, learning outcomes, lapsed / expired / future / unknown holdings,
 * constraints, several target kinds), for each objective:
 *  (a) the status agrees: infeasible iff no feasible set, achieved iff the holdings suffice;
 *  (b) a planned result has the exhaustive optimum as its objective, proven optimal;
 *  (c) the plan replays: entry rules and co-requisites met at each step, milestones exactly
 *      the awards earned, the target reached, totals and objective adding up;
 *  (d) alternatives are feasible, never better than earlier plans, never contain an earlier
 *      plan, and each is the least-weight such set.
 * Property (e) compares the allocation search with the reference brute force directly.
 *
 * The seed is fixed for reproducible CI; fast-check prints it with the shrunk counterexample
 * on failure (re-run one case with `{ seed, path }` from the report). Open planner bugs are
 * tolerated only through their precise symptoms (known-issues.ts).
 */
import fc from 'fast-check';
import type { Highs } from 'highs';
import {
  allocateRule,
  compileRule,
  evaluate,
  isSatisfiable,
  type NodeState,
} from '../../src/engine/allocation.js';
import type { Item } from '../../src/engine/items.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { toRuleNode } from '../../src/graph/rules.js';
import type { ObjectiveName } from '../../src/model/index.js';
import {
  allocationCase,
  planInstance,
  type InstanceOptions,
  type PlanInstance,
} from '../support/reference/generate.js';
import { RefPlanner, refSatisfiable } from '../support/reference/index.js';
import {
  differential,
  requestOf,
  TOLERANCE,
  type DifferentialOptions,
  type Problem,
} from './differential-harness.js';
import { knownIssueOf } from './known-issues.js';

const SEED = 20251123;

interface Run {
  name: string;
  objective: ObjectiveName;
  runs: number;
  positiveCosts: boolean;
  options: DifferentialOptions;
  /** Further options of the random catalogues. */
  instances?: InstanceOptions;
}

const RUNS: Run[] = [
  {
    name: 'credits',
    objective: 'credits',
    runs: 1200,
    positiveCosts: false,
    options: { objective: 'credits', alternatives: 2 },
  },
  {
    name: 'count',
    objective: 'count',
    runs: 800,
    positiveCosts: false,
    options: { objective: 'count', alternatives: 2 },
  },
  {
    name: 'cost (every credential priced)',
    objective: 'cost',
    runs: 800,
    positiveCosts: true,
    options: { objective: 'cost', alternatives: 2 },
  },
  {
    // Missing costs count 0: zero weights once let a credential that can never start stay
    // in the chosen set (KI-2, fixed; counterexamples/ki2-*.json).
    name: 'cost (some credentials free)',
    objective: 'cost',
    runs: 600,
    positiveCosts: false,
    options: { objective: 'cost', alternatives: 2 },
  },
  {
    // Strict co-requisites start in the same step: the reference's steps and replay say so.
    name: 'strict co-requisites',
    objective: 'credits',
    runs: 1000,
    positiveCosts: false,
    options: { objective: 'credits', alternatives: 2 },
    instances: { strictCorequisites: true },
  },
  {
    // Credits missing (0): the plan minimises credits, then count, then cost.
    name: 'credits missing, ties broken by count then cost',
    objective: 'credits',
    runs: 800,
    positiveCosts: false,
    options: { objective: 'credits', alternatives: 2 },
    instances: { zeroCredits: true, strictCorequisites: true },
  },
  {
    // Terms of at most 6 credits: packed as few as the reference's breadth-first search.
    name: 'terms of at most 6 credits',
    objective: 'credits',
    runs: 500,
    positiveCosts: false,
    options: { objective: 'credits', alternatives: 0, maxCreditsPerTerm: 6 },
    instances: { strictCorequisites: true },
  },
  {
    name: 'terms of at most 12 credits',
    objective: 'credits',
    runs: 500,
    positiveCosts: false,
    options: { objective: 'credits', alternatives: 0, maxCreditsPerTerm: 12 },
    instances: { strictCorequisites: true },
  },
];

/** Disagreements that are not symptoms of a known issue, with the tolerated ones counted. */
function unexplained(
  instance: PlanInstance,
  options: DifferentialOptions,
  tolerated: Map<string, number>,
): Problem[] {
  const out: Problem[] = [];
  for (const problem of differential(instance, options)) {
    const known = knownIssueOf(instance, problem);
    if (known) tolerated.set(known.id, (tolerated.get(known.id) ?? 0) + 1);
    else out.push(problem);
  }
  return out;
}

describe('planner vs exhaustive reference (differential)', () => {
  const tolerated = new Map<string, number>();

  afterAll(() => {
    if (tolerated.size > 0)
      console.info(
        `known planner issues tolerated: ${[...tolerated].map(([id, n]) => `${id} ×${n}`).join(', ')}`,
      );
  });

  for (const run of RUNS) {
    it(`agrees on status, optimum, replay and alternatives: ${run.name} (${run.runs} catalogues)`, () => {
      fc.assert(
        fc.property(
          planInstance({ positiveCosts: run.positiveCosts, ...run.instances }),
          (instance) => {
            expect(unexplained(instance, run.options, tolerated)).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: run.runs },
      );
    });
  }
});

describe('the service configuration (HiGHS) vs exhaustive reference (differential)', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await loadHighs();
  });
  const tolerated = new Map<string, number>();
  // The search first (50 nodes) then the MIP, as for small cones; and the MIP first for every
  // cone, after the search's root alone, as for large ones (the random catalogues are small).
  for (const [name, mipFirstAbove] of [
    ['search, then the MIP', undefined],
    ['the root alone, then the MIP first', 0],
  ] as const)
    it(`agrees on status, optimum, replay and alternatives: ${name} (600 catalogues)`, () => {
      fc.assert(
        fc.property(planInstance(), (instance) => {
          const options: DifferentialOptions = {
            objective: 'credits',
            alternatives: 2,
            mip: highs,
            mipFirstAbove,
          };
          expect(unexplained(instance, options, tolerated)).toEqual([]);
        }),
        { seed: SEED, numRuns: 600 },
      );
    });
  // The MIP schedules strict co-requisites like ordinary ones: its answer is replayed, and the
  // search takes over when the replay rejects it.
  it('agrees with strict co-requisites: the root alone, then the MIP first (400 catalogues)', () => {
    fc.assert(
      fc.property(planInstance({ strictCorequisites: true }), (instance) => {
        const options: DifferentialOptions = {
          objective: 'credits',
          alternatives: 2,
          mip: highs,
          mipFirstAbove: 0,
        };
        expect(unexplained(instance, options, tolerated)).toEqual([]);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('the random catalogues exercise partial credit transfer and credit conversions', () => {
  // The differential runs above prove agreement only where the catalogues make transfers and
  // conversions matter: on the credits run's catalogues, dropping them must often change the
  // exhaustive optimum (or whether a plan exists).
  it('dropping the transfers, or the conversion, changes the reference optimum often', () => {
    const seen = { transfers: 0, transferMatters: 0, otherSystem: 0, conversionMatters: 0 };
    const changes = (a: PlanInstance['doc'], b: PlanInstance['doc'], instance: PlanInstance) => {
      const request = requestOf(instance, 'credits');
      const x = new RefPlanner(a, request).optimum();
      const y = new RefPlanner(b, request).optimum();
      return x.feasible !== y.feasible || Math.abs(x.value - y.value) > TOLERANCE;
    };
    fc.assert(
      fc.property(planInstance(), (instance) => {
        const { doc } = instance;
        if (doc.recognitions.some((r) => r.towards)) {
          seen.transfers++;
          const whole = doc.recognitions.filter((r) => !r.towards);
          if (changes(doc, { ...doc, recognitions: whole }, instance)) seen.transferMatters++;
        }
        const systems = [...doc.credentials, ...doc.recognitions].some((c) => c.creditSystem);
        if (systems) {
          seen.otherSystem++;
          if (changes(doc, { ...doc, creditConversions: [] }, instance)) seen.conversionMatters++;
        }
      }),
      { seed: SEED, numRuns: 600 },
    );
    // Seen with this seed: 221 catalogues with a transfer, 17 where it decides the optimum;
    // 419 with another credit system, 49 where its conversion does.
    expect(seen.transfers).toBeGreaterThan(150);
    expect(seen.transferMatters).toBeGreaterThan(10);
    expect(seen.otherSystem).toBeGreaterThan(300);
    expect(seen.conversionMatters).toBeGreaterThan(30);
  });
});

describe('allocation search vs brute force', () => {
  const asItems = (items: { id: string; identities: Map<string, number> }[]): Item[] =>
    items.map((i) => ({ ...i, origin: 'held' }));

  it('isSatisfiable agrees with the brute force on random rule trees and items', () => {
    fc.assert(
      fc.property(allocationCase(), ({ rule, items }) => {
        expect(isSatisfiable(toRuleNode('x', 'award', rule), asItems(items))).toBe(
          refSatisfiable(rule, items),
        );
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('agrees when no node allows sharing (the propagation search) and items compete', () => {
    fc.assert(
      fc.property(allocationCase({ shareNowhere: true, maxItems: 9 }), ({ rule, items }) => {
        expect(isSatisfiable(toRuleNode('x', 'award', rule), asItems(items))).toBe(
          refSatisfiable(rule, items),
        );
      }),
      { seed: SEED, numRuns: 4000 },
    );
  });

  it('allocateRule finds a best allocation (exhaustive over placements) when nothing is shared', () => {
    // Score as the engine ranks allocations: root satisfied, then nodes satisfied, then progress.
    const score = (states: NodeState[]) =>
      (states[0]!.satisfied ? 1e9 : 0) +
      states.filter((st) => st.satisfied).length * 1e4 +
      states.reduce((sum, st) => sum + (st.needed > 0 ? Math.min(1, st.done / st.needed) : 1), 0);
    fc.assert(
      fc.property(allocationCase({ shareNowhere: true }), ({ rule, items }) => {
        const root = toRuleNode('x', 'award', rule);
        const compiled = compileRule(root);
        const options = items.map((item) =>
          [...item.identities].flatMap(([id, credits]) =>
            (compiled.slotsByAccepted.get(id) ?? []).map((slot) => ({ slot, credits })),
          ),
        );
        // Every item in one of its slots or in none; a slot counts its best item.
        let best = -Infinity;
        const values = new Float64Array(compiled.slots.length);
        const walk = (i: number, chosen: { slot: number; credits: number }[]): void => {
          if (i === options.length) {
            values.fill(-1);
            for (const c of chosen) values[c.slot] = Math.max(values[c.slot]!, c.credits);
            best = Math.max(best, score(evaluate(compiled, values)));
            return;
          }
          walk(i + 1, chosen);
          for (const o of options[i]!) walk(i + 1, [...chosen, o]);
        };
        walk(0, []);
        const found = allocateRule(root, asItems(items));
        expect(found.proven).toBe(true);
        expect(found.satisfied).toBe(refSatisfiable(rule, items));
        // Its placements are an allocation (an item once, a slot once) scoring the best score.
        const placedItems = found.placements.map((pl) => pl.item);
        expect(new Set(placedItems).size).toBe(placedItems.length);
        values.fill(-1);
        for (const pl of found.placements) values[pl.slot] = pl.credits;
        expect(score(evaluate(compiled, values))).toBeCloseTo(best, 9);
        expect(score(found.nodes)).toBeCloseTo(best, 9);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('agrees when every node allows sharing', () => {
    fc.assert(
      fc.property(allocationCase({ shareEverywhere: true }), ({ rule, items }) => {
        const root = toRuleNode('x', 'award', rule);
        const satisfiable = refSatisfiable(rule, items);
        expect(isSatisfiable(root, asItems(items))).toBe(satisfiable);
        // The best allocation's own search (pruned by the same relaxation) agrees too.
        const best = allocateRule(root, asItems(items));
        expect(best.proven).toBe(true);
        expect(best.satisfied).toBe(satisfiable);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
