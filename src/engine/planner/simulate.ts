import { credentialOf } from '../../graph/index.js';
import { isSatisfiable } from '../allocation.js';
import { extendClosure, type ItemSet, type Milestone } from '../closure.js';
import type { Item } from '../items.js';
import type { PlanProblem } from './problem.js';

export interface SimulatedStep {
  /** Credentials started in this step (a term when credits per term are capped). */
  take: string[];
  /** Awards earned once this step is complete. */
  milestones: Milestone[];
}

export interface Simulation {
  reached: boolean;
  steps: SimulatedStep[];
  /** Chosen credentials that could never start (entry rule or co-requisite unmet). */
  stuck: string[];
  have: ItemSet;
}

/**
 * Replays a chosen set of credentials from the learner's position: in each step, start every
 * chosen credential whose entry rule is met by what is held so far and whose co-requisites
 * are held or start in the same step; then add the awards that stacking earns. Since rule
 * satisfaction is monotone, starting everything as early as possible reaches the largest
 * set of items any order could reach, so `reached` decides whether the set is feasible.
 * `maxCreditsPerTerm` caps each step (credentials on the longest remaining chain first).
 */
export function simulate(
  problem: PlanProblem,
  chosen: Iterable<string>,
  options: { explain?: boolean; maxCreditsPerTerm?: number | undefined } = {},
): Simulation {
  const { graph, asOf } = problem;
  const have = problem.base.clone();
  const remaining = new Set<string>();
  for (const id of chosen) if (!have.has(id)) remaining.add(id);
  const steps: SimulatedStep[] = [];
  const explain = options.explain ?? false;
  const priority =
    options.maxCreditsPerTerm === undefined ? undefined : chainLengths(problem, remaining);

  while (remaining.size > 0) {
    let startable = new Set<string>();
    for (const id of remaining) {
      const rule = credentialOf(graph, id)!.entryRule;
      if (!rule || isSatisfiable(rule, have.relevantTo(rule, id))) startable.add(id);
    }
    // Co-requisites: held already, or starting in the same step.
    for (let changed = true; changed;) {
      changed = false;
      for (const id of startable) {
        const ok = credentialOf(graph, id)!.corequisites.every(
          (co) => have.has(co) || startable.has(co),
        );
        if (!ok) {
          startable.delete(id);
          changed = true;
        }
      }
    }
    if (startable.size === 0) break;
    if (options.maxCreditsPerTerm !== undefined)
      startable = fitTerm(problem, startable, options.maxCreditsPerTerm, priority!);
    const take = [...startable].sort();
    const fresh: Item[] = take.map((id) => problem.items.get(id)!);
    for (const id of take) remaining.delete(id);
    const milestones = extendClosure(graph, have, fresh, asOf, { explain });
    steps.push({ take, milestones });
  }
  const reached = isSatisfiable(problem.goal.rule, have.relevantTo(problem.goal.rule));
  return { reached, steps, stuck: [...remaining].sort(), have };
}

/** Longest chain of chosen credentials that wait on each one (through entry rules), for term packing. */
function chainLengths(problem: PlanProblem, chosen: Set<string>): Map<string, number> {
  const memo = new Map<string, number>();
  const dependants = new Map<string, string[]>();
  for (const id of chosen) {
    const c = credentialOf(problem.graph, id)!;
    const needs = new Set<string>(c.corequisites);
    problem.graph.forEachOutEdge(id, (_e, attrs, _s, target) => {
      if (attrs.type === 'requires') needs.add(target);
    });
    for (const n of needs) if (chosen.has(n)) dependants.set(n, [...(dependants.get(n) ?? []), id]);
  }
  const visit = (id: string, path: Set<string>): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (path.has(id)) return 0;
    path.add(id);
    let best = 0;
    for (const d of dependants.get(id) ?? []) best = Math.max(best, 1 + visit(d, path));
    path.delete(id);
    memo.set(id, best);
    return best;
  };
  for (const id of chosen) visit(id, new Set());
  return memo;
}

/**
 * Picks what fits in one term: co-requisite groups stay together, longer chains first; a
 * single credential larger than the cap still gets a term of its own so plans always finish.
 */
function fitTerm(
  problem: PlanProblem,
  startable: Set<string>,
  cap: number,
  priority: Map<string, number>,
): Set<string> {
  const credits = (id: string) => credentialOf(problem.graph, id)!.credits;
  // Co-requisites both ways: x with co-requisite y, and y with those that name it.
  const groupOf = (id: string): string[] => {
    const group = new Set([id]);
    for (const g of group) {
      for (const co of credentialOf(problem.graph, g)!.corequisites)
        if (startable.has(co)) group.add(co);
      for (const other of startable)
        if (credentialOf(problem.graph, other)!.corequisites.includes(g)) group.add(other);
    }
    return [...group];
  };
  const order = [...startable].sort(
    (a, b) => (priority.get(b) ?? 0) - (priority.get(a) ?? 0) || a.localeCompare(b),
  );
  const picked = new Set<string>();
  let used = 0;
  for (const id of order) {
    if (picked.has(id)) continue;
    const group = groupOf(id).filter((g) => !picked.has(g));
    const size = group.reduce((sum, g) => sum + credits(g), 0);
    if (used + size <= cap + 1e-9 || picked.size === 0) {
      for (const g of group) picked.add(g);
      used += size;
    }
  }
  return picked;
}
