/**
 * docs/engine-semantics.md, "Allocation": first-fit in authored order is wrong. In
 * ALL( N_OF 1 of [A, B], ALL [A] ) with A and B held, first-fit puts A in the first node and
 * cannot fill the second; the allocation {B -> first, A -> second} works. The engine must
 * find it (audit, closure and planner alike), and so must the reference.
 */
import { auditQualification } from '../../src/engine/audit.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { refSatisfiable, type RefItem, type RefRule } from '../support/reference/index.js';
import { firstFitCatalogue as doc, firstFitRule as rule } from './fixtures/first-fit.js';

const asOf = '2025-06-01';
const held = (...ids: string[]) =>
  ids.map((credential) => ({ credential, awardedOn: '2025-01-15' }));

/**
 * The naive allocator the doc warns about: walk the tree in authored order and give every
 * slot the first unused item that stands for it; an item, once used, is gone.
 */
function firstFit(root: RefRule, items: readonly RefItem[]): boolean {
  const used = new Set<string>();
  const visit = (node: RefRule): boolean => {
    let done = 0;
    let credits = 0;
    for (const accepted of node.accepts ?? []) {
      const item = items.find((i) => !used.has(i.id) && i.identities.has(accepted));
      if (!item) continue;
      used.add(item.id);
      done++;
      credits += item.identities.get(accepted)!;
    }
    for (const child of node.children ?? []) if (visit(child)) done++;
    const branches = (node.accepts?.length ?? 0) + (node.children?.length ?? 0);
    if (node.op === 'MIN_CREDITS') return credits >= (node.credits ?? 0);
    if (node.op === 'ALL') return done === branches;
    if (node.op === 'ANY') return done >= 1;
    return done >= (node.n ?? branches);
  };
  return visit(root);
}

const item = (id: string, credits: number): RefItem => ({
  id,
  identities: new Map([[id, credits]]),
});

describe('first-fit allocation is wrong; the engine matches', () => {
  const items = [item('A', 5), item('B', 5)];

  it('naive first-fit in authored order says the rule is not met', () => {
    expect(firstFit(rule, items)).toBe(false);
  });

  it('the reference brute force finds the allocation', () => {
    expect(refSatisfiable(rule, items)).toBe(true);
    // Either order of the items: the answer does not depend on it.
    expect(refSatisfiable(rule, [...items].reverse())).toBe(true);
    // A alone cannot fill both nodes without sharing.
    expect(refSatisfiable(rule, [item('A', 5)])).toBe(false);
  });

  it('auditQualification says achieved, with B in the elective and A in the core', () => {
    const graph = buildCatalogueGraph(doc);
    const audit = auditQualification(graph, {
      holdings: held('A', 'B'),
      asOf,
      target: { qualification: 'Q' },
    });
    expect(audit.achieved).toBe(true);
    expect(audit.percent).toBe(100);
    expect(audit.milestones.map((m) => m.credential)).toEqual(['Q']);
    const placements = audit.milestones[0]!.placements;
    // Slots in compiled order: 0 = elective A, 1 = elective B, 2 = core A.
    expect(placements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ slot: 1, item: 'B' }),
        expect.objectContaining({ slot: 2, item: 'A' }),
      ]),
    );
    expect(placements.some((p) => p.slot === 0)).toBe(false);
  });

  it("planPathway says 'achieved' with nothing to take", () => {
    const graph = buildCatalogueGraph(doc);
    const plan = planPathway(graph, {
      holdings: held('A', 'B'),
      asOf,
      target: { qualification: 'Q' },
    });
    expect(plan.status).toBe('achieved');
    expect(plan.steps).toEqual([]);
    expect(plan.alreadyEarned.map((m) => m.credential)).toEqual(['Q']);
  });

  it('with only A held, the plan takes B: A cannot count twice', () => {
    const graph = buildCatalogueGraph(doc);
    const audit = auditQualification(graph, {
      holdings: held('A'),
      asOf,
      target: { qualification: 'Q' },
    });
    expect(audit.achieved).toBe(false);
    const plan = planPathway(graph, { holdings: held('A'), asOf, target: { qualification: 'Q' } });
    expect(plan.status).toBe('planned');
    expect(plan.steps.flatMap((s) => s.take.map((t) => t.credential))).toEqual(['B']);
    expect(plan.objectiveValue).toBe(5);
    expect(plan.optimality).toBe('optimal');
    expect(plan.steps.at(-1)!.milestones.map((m) => m.credential)).toEqual(['Q']);
  });
});
