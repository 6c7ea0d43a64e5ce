/**
 * Each rule operator's definition (src/engine/operators/) against its meaning computed by brute
 * force on one node: the slots are filled or empty with random credits, the children
 * satisfied or not; every way of choosing what to fill is enumerated. For each operator:
 * satisfaction by the engine's evaluation is the definition in docs/engine-semantics.md; the
 * relaxed cost never exceeds the cheapest choice that satisfies the node; the MIP rows admit
 * "satisfied = 1" exactly at the 0/1 points where the node is satisfied; a branch called
 * required leaves the node short when it is dropped; progress is 1 only when satisfied.
 * Also: standsFor (items.ts) is exactly the inverse of identitiesOf on random catalogues.
 */
import fc from 'fast-check';
import type { RuleNode } from '../../src/graph/index.js';
import { buildCatalogueGraph, credentialOf } from '../../src/graph/index.js';
import { compileRule, evaluate } from '../../src/engine/allocation.js';
import { identitiesOf, standsFor } from '../../src/engine/items.js';
import {
  MIN_CREDITS,
  OPERATORS,
  operatorOf,
  type MipLinear,
  type Operator,
  type RelaxedOption,
  relaxedEntries,
} from '../../src/engine/operators/index.js';
import type { RequirementOp } from '../../src/model/index.js';
import { planInstance } from '../support/reference/generate.js';

const OPS = Object.keys(OPERATORS) as RequirementOp[];

/** One node: `slots` slots (each with filler options of given credits and cost) and children. */
interface NodeCase {
  op: RequirementOp;
  n: number;
  credits: number;
  /** Per slot, its options: credits counted and cost (the relaxation's charge). */
  slots: { credits: number; cost: number }[][];
  /** Per child: its relaxed cost (Infinity: cannot be satisfied). */
  children: number[];
}

const nodeCase: fc.Arbitrary<NodeCase> = fc
  .record({
    op: fc.constantFrom(...OPS),
    slots: fc.array(
      fc.array(
        fc.record({
          credits: fc.integer({ min: 0, max: 10 }),
          cost: fc.integer({ min: 0, max: 9 }),
        }),
        { maxLength: 3 },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    children: fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(Infinity)), {
      maxLength: 3,
    }),
    n: fc.integer({ min: 1, max: 8 }),
    credits: fc.integer({ min: 1, max: 25 }),
  })
  .map((c) => {
    const children = c.op === 'MIN_CREDITS' ? [] : c.children;
    const branches = c.slots.length + children.length;
    return { ...c, children, n: Math.min(c.n, branches) };
  });

/** The rule node of a case: a root whose children are leaves (each satisfied or not by its own slot). */
function ruleOf(c: NodeCase): RuleNode {
  const leaf = (i: number): RuleNode => ({
    id: `r.${i}`,
    op: 'ALL',
    n: 1,
    credits: 0,
    maxShared: 0,
    accepts: [`child${i}`],
    children: [],
  });
  const branches = c.slots.length + c.children.length;
  return {
    id: 'r',
    op: c.op,
    n: c.op === 'ALL' ? branches : c.op === 'ANY' ? 1 : c.op === 'N_OF' ? c.n : 0,
    credits: c.op === 'MIN_CREDITS' ? c.credits : 0,
    maxShared: 0,
    accepts: c.slots.map((_s, i) => `slot${i}`),
    children: c.children.map((_c, i) => leaf(i)),
  };
}

/** The definition, as docs/engine-semantics.md states it. */
function satisfiedByDefinition(c: NodeCase, slotCredits: number[], childSat: boolean[]): boolean {
  const filled = slotCredits.filter((x) => x >= 0);
  const branches = filled.length + childSat.filter(Boolean).length;
  switch (c.op) {
    case 'ALL':
      return branches === c.slots.length + c.children.length;
    case 'ANY':
      return branches >= 1;
    case 'N_OF':
      return branches >= c.n;
    case 'MIN_CREDITS':
      return filled.reduce((a, b) => a + b, 0) >= c.credits;
  }
}

/** Every choice: per slot one option index or -1 (empty); per child satisfied or not. */
function* choices(c: NodeCase): Generator<{ slot: number[]; child: boolean[] }> {
  const slotRanges = c.slots.map((opts) => opts.length + 1);
  const total = slotRanges.reduce((a, b) => a * b, 1) * 2 ** c.children.length;
  for (let k = 0; k < total; k++) {
    let x = k;
    const slot = slotRanges.map((r) => {
      const v = x % r;
      x = Math.floor(x / r);
      return v - 1;
    });
    const child = c.children.map(() => {
      const v = x % 2 === 1;
      x = Math.floor(x / 2);
      return v;
    });
    yield { slot, child };
  }
}

/** Engine evaluation of the root for a choice. */
function engineSatisfied(
  c: NodeCase,
  compiled: ReturnType<typeof compileRule>,
  slot: number[],
  child: boolean[],
): boolean {
  const values = new Float64Array(compiled.slots.length).fill(-1);
  // Root slots come first (compiled order), then one slot per child leaf.
  slot.forEach((o, s) => {
    if (o >= 0) values[s] = c.slots[s]![o]!.credits;
  });
  child.forEach((sat, i) => {
    if (sat) values[c.slots.length + i] = 0;
  });
  return evaluate(compiled, values)[0]!.satisfied;
}

const SEED = 20261205;

describe('rule operators, one definition each', () => {
  it('the table has every operator of the catalogue model, under its own name', () => {
    for (const op of ['ALL', 'ANY', 'N_OF', 'MIN_CREDITS'] as const)
      expect(OPERATORS[op].op).toBe(op);
    expect(() =>
      operatorOf({
        ...ruleOf({ op: 'ALL', n: 1, credits: 0, slots: [[]], children: [] }),
        op: 'XOR' as RequirementOp,
      }),
    ).toThrow(/operators: no operator "XOR"/);
  });

  it('satisfied when: the engine evaluation is the definition, at every choice', () => {
    let satisfied = 0;
    let checked = 0;
    fc.assert(
      fc.property(nodeCase, (c) => {
        const compiled = compileRule(ruleOf(c));
        for (const { slot, child } of choices(c)) {
          const credits = slot.map((o, s) => (o >= 0 ? c.slots[s]![o]!.credits : -1));
          const expected = satisfiedByDefinition(c, credits, child);
          expect(engineSatisfied(c, compiled, slot, child)).toBe(expected);
          checked++;
          if (expected) satisfied++;
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(satisfied).toBeGreaterThan(0);
    expect(satisfied).toBeLessThan(checked);
  });

  it('relaxed cost: never more than the cheapest choice that satisfies the node', () => {
    let tight = 0;
    fc.assert(
      fc.property(nodeCase, (c) => {
        const operator = OPERATORS[c.op];
        const slots: RelaxedOption[][] = c.slots.map((opts, s) =>
          opts.map((o, k) => ({
            credits: o.credits,
            choice: { cost: o.cost, uses: [`s${s}o${k}`] },
          })),
        );
        const children = c.children.map((cost, i) => ({ cost, uses: [`c${i}`] }));
        const relaxed = operator.relaxedCost(slots, children, operator.needed(ruleOf(c))).cost;
        let best = Infinity;
        for (const { slot, child } of choices(c)) {
          if (child.some((sat, i) => sat && !Number.isFinite(c.children[i]!))) continue;
          const credits = slot.map((o, s) => (o >= 0 ? c.slots[s]![o]!.credits : -1));
          if (!satisfiedByDefinition(c, credits, child)) continue;
          const cost =
            slot.reduce((t, o, s) => t + (o >= 0 ? c.slots[s]![o]!.cost : 0), 0) +
            child.reduce((t, sat, i) => t + (sat ? c.children[i]! : 0), 0);
          best = Math.min(best, cost);
        }
        if (Number.isFinite(best)) expect(relaxed).toBeLessThanOrEqual(best + 1e-9);
        else if (c.op !== 'MIN_CREDITS') expect(relaxed).toBe(Infinity);
        if (Number.isFinite(best) && Math.abs(relaxed - best) < 1e-9) tight++;
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(tight).toBeGreaterThan(0);
  });

  it('relaxed cost over numbers (relaxedIndexed) is relaxedCost, and picks what it uses', () => {
    fc.assert(
      fc.property(nodeCase, (c) => {
        const operator = OPERATORS[c.op];
        const needed = operator.needed(ruleOf(c));
        const slots: RelaxedOption[][] = c.slots.map((options, s) =>
          options.map((o, k) => ({
            credits: o.credits,
            choice: { cost: o.cost, uses: [`s${s}o${k}`] },
          })),
        );
        const children = c.children.map((cost, i) => ({ cost, uses: [`c${i}`] }));
        const relaxed = operator.relaxedCost(slots, children, needed);
        // The entries as the indexed bound lays them out, each with the use it stands for.
        const entries = relaxedEntries(64);
        const uses: string[][] = [];
        const push = (cost: number, credits: number, use: string[]) => {
          entries.cost[uses.length] = cost;
          entries.credits[uses.length] = credits;
          uses.push(use);
        };
        if (operator.counts === 'credits')
          slots.flat().forEach((o) => {
            push(o.choice.cost, o.credits, o.choice.uses);
          });
        else {
          for (const options of slots) {
            let best = { cost: Infinity, uses: [] as string[] };
            for (const o of options) if (o.choice.cost < best.cost) best = o.choice;
            push(best.cost, 0, best.uses);
          }
          for (const child of children) push(child.cost, 0, child.uses);
        }
        const cost = operator.relaxedIndexed(entries, uses.length, needed);
        if (Number.isFinite(relaxed.cost)) expect(cost).toBeCloseTo(relaxed.cost, 9);
        else expect(cost).toBe(Infinity);
        if (!Number.isFinite(cost)) return;
        const picked = [...entries.picked.slice(0, entries.picks)].flatMap((k) => uses[k]!);
        expect(picked.sort()).toEqual([...relaxed.uses].sort());
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('MIN_CREDITS relaxed cost: the least-cost cover by whole options, found by enumeration', () => {
    let fractional = 0;
    const option = fc.record({
      credits: fc.oneof(
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 40 }).map((t) => t / 10),
      ),
      cost: fc.oneof(
        fc.integer({ min: 0, max: 20 }),
        fc.constant(Infinity),
        fc.double({ min: 0, max: 20, noNaN: true }),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(option, { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 60 }).map((h) => h / 2),
        (options, need) => {
          let least = Infinity;
          let lp = 0;
          for (let mask = 0; mask < 1 << options.length; mask++) {
            let credits = 0;
            let cost = 0;
            options.forEach((o, k) => {
              if (mask & (1 << k)) {
                credits += o.credits;
                cost += o.cost;
              }
            });
            if (credits >= need - 1e-9) least = Math.min(least, cost);
          }
          const relaxed = MIN_CREDITS.relaxedCost(
            [
              options.map((o, k) => ({
                credits: o.credits,
                choice: { cost: o.cost, uses: [`o${k}`] },
              })),
            ],
            [],
            need,
          );
          if (!Number.isFinite(least)) {
            expect(relaxed.cost).toBe(Infinity);
            return;
          }
          expect(relaxed.cost).toBeCloseTo(least, 6);
          // Its uses are a cover at that cost.
          const used = relaxed.uses.map((u) => options[Number(u.slice(1))]!);
          expect(used.reduce((t, o) => t + o.credits, 0)).toBeGreaterThanOrEqual(need - 1e-9);
          expect(used.reduce((t, o) => t + o.cost, 0)).toBeCloseTo(least, 6);
          // The LP bound (by cost per credit, the last taken in part) would have been lower.
          const usable = options
            .filter((o) => o.credits > 0 && Number.isFinite(o.cost))
            .sort((a, b) => a.cost / a.credits - b.cost / b.credits);
          let left = need - 1e-9;
          for (const o of usable) {
            if (left <= 0) break;
            lp += Math.min(1, left / o.credits) * o.cost;
            left -= o.credits;
          }
          if (lp < least - 1e-6) fractional++;
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
    // Many covers where the LP bound is below the whole-option optimum.
    expect(fractional).toBeGreaterThan(100);
  });

  it('MIP rows: satisfied = 1 is feasible exactly where the node is satisfied (0/1 points)', () => {
    fc.assert(
      fc.property(nodeCase, (c) => {
        const operator = OPERATORS[c.op];
        const rows: { left: MipLinear; sense: string; right: MipLinear | number }[] = [];
        const sink = {
          row: (left: MipLinear, sense: '<=' | '>=' | '=', right: MipLinear | number) => {
            rows.push({ left, sense, right });
          },
        };
        const slots = c.slots.map((opts, s) =>
          opts.map((o, k) => ({ v: `a${s}_${k}`, credits: o.credits })),
        );
        const children = c.children.map((_c, i) => ({
          terms: [[1, `c${i}`] as const],
          constant: 0,
        }));
        operator.mipRows(
          sink,
          { terms: [[1, 'sat']], constant: 0 },
          slots,
          children,
          operator.needed(ruleOf(c)),
        );
        const value = (e: MipLinear | number, x: Map<string, number>) =>
          typeof e === 'number'
            ? e
            : e.constant + e.terms.reduce((t, [k, v]) => t + k * (x.get(v) ?? 0), 0);
        for (const { slot, child } of choices(c)) {
          const x = new Map<string, number>([['sat', 1]]);
          slot.forEach((o, s) => {
            if (o >= 0) x.set(`a${s}_${o}`, 1);
          });
          child.forEach((sat, i) => x.set(`c${i}`, sat ? 1 : 0));
          const holds = rows.every(({ left, sense, right }) => {
            const l = value(left, x);
            const r = value(right, x);
            return sense === '<='
              ? l <= r + 1e-9
              : sense === '>='
                ? l >= r - 1e-9
                : Math.abs(l - r) < 1e-9;
          });
          const credits = slot.map((o, s) => (o >= 0 ? c.slots[s]![o]!.credits : -1));
          // A slot filled with 0 credits counts as filled for branches, adds nothing to credits.
          expect(holds).toBe(satisfiedByDefinition(c, credits, child));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('required branches: dropping one leaves the node short; progress is 1 only when satisfied', () => {
    let required = 0;
    fc.assert(
      fc.property(nodeCase, (c) => {
        const rule = ruleOf(c);
        const compiled = compileRule(rule);
        const root = compiled.nodes[0]!;
        const operator: Operator = root.operator;
        for (const { slot, child } of choices(c)) {
          const values = new Float64Array(compiled.slots.length).fill(-1);
          slot.forEach((o, s) => {
            if (o >= 0) values[s] = c.slots[s]![o]!.credits;
          });
          child.forEach((sat, i) => {
            if (sat) values[c.slots.length + i] = 0;
          });
          const states = evaluate(compiled, values);
          const marked: { slots: number[]; children: number[] } = { slots: [], children: [] };
          operator.requiredBranches(
            root,
            states[0]!.done,
            root.needed,
            values,
            (k) => states[k]!.satisfied,
            { slot: (s) => marked.slots.push(s), child: (k) => marked.children.push(k) },
          );
          const branchProgress = [
            ...slot.map((o) => (o >= 0 ? 1 : 0)),
            ...child.map((sat) => (sat ? 1 : 0)),
          ];
          const progress = operator.progress(states[0]!.done, root.needed, branchProgress);
          if (progress >= 1 - 1e-9) expect(states[0]!.satisfied).toBe(true);
          if (!states[0]!.satisfied) continue;
          for (const s of marked.slots) {
            const without = Float64Array.from(values);
            without[s] = -1;
            expect(evaluate(compiled, without)[0]!.satisfied).toBe(false);
            required++;
          }
          for (const k of marked.children) {
            const without = Float64Array.from(values);
            for (const s of compiled.nodes[k]!.slots) without[s] = -1;
            expect(evaluate(compiled, without)[0]!.satisfied).toBe(false);
            required++;
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(required).toBeGreaterThan(0);
  });

  it('most supplied: the best a plan counts there, by brute force over the branches it counts', () => {
    fc.assert(
      fc.property(
        nodeCase,
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 8, maxLength: 8 }),
        (c, values) => {
          const rule = ruleOf(c);
          const branchValues = values.slice(0, c.slots.length + c.children.length);
          const operator = OPERATORS[c.op];
          // A branch-counting node counts at most `needed` distinct branches; a credit-counting
          // one counts its branches' credits up to what it needs.
          let best = 0;
          for (let mask = 0; mask < 1 << branchValues.length; mask++) {
            const picked = branchValues.filter((_v, i) => mask & (1 << i));
            const sum = picked.reduce((a, b) => a + b, 0);
            if (operator.counts === 'credits') best = Math.max(best, Math.min(sum, c.credits));
            else if (picked.length <= operator.needed(rule)) best = Math.max(best, sum);
          }
          expect(operator.mostSupplied(branchValues, operator.needed(rule))).toBe(best);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('standsFor is the inverse of identitiesOf (recognitions in force, one hop, outcomes); undated, a superset', () => {
    let pairs = 0;
    fc.assert(
      fc.property(planInstance(), (instance) => {
        const graph = buildCatalogueGraph(instance.doc);
        const credentials = graph.filterNodes((id) => credentialOf(graph, id) !== undefined);
        const ids = new Set<string>();
        for (const x of credentials)
          for (const id of identitiesOf(graph, x, instance.asOf).keys()) ids.add(id);
        for (const id of graph.nodes()) ids.add(id);
        for (const accepted of ids) {
          const standing = new Set(standsFor(graph, accepted, instance.asOf));
          // Undated (every agreement, as buildProblem walks the cone): a superset.
          const undated = new Set(standsFor(graph, accepted));
          for (const x of standing) expect(undated.has(x)).toBe(true);
          for (const x of credentials) {
            expect(standing.has(x)).toBe(identitiesOf(graph, x, instance.asOf).has(accepted));
            pairs++;
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(pairs).toBeGreaterThan(1000);
  });
});
