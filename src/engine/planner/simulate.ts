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

export interface SimulateOptions {
  /** Keep the placements of each milestone (for reasons). */
  explain?: boolean;
  /**
   * Treat strict co-requisites as ordinary ones (together or before). The verdict is then an
   * upper bound on what the chosen set can reach that grows with the set (the search prunes
   * with it); see strictGroups.
   */
  relaxStrict?: boolean;
  /**
   * Take these steps (terms) instead of everything startable as early as possible (a term
   * plan from terms.ts); what cannot start in its step is left stuck.
   */
  schedule?: readonly (readonly string[])[] | undefined;
}

/**
 * The strict co-requisites of a credential the plan must take with it in the same step: those
 * the learner does not have before the plan (a strict co-requisite held from the start binds
 * nothing).
 */
export function strictPartners(problem: PlanProblem, id: string): string[] {
  const strict = credentialOf(problem.graph, id)!.strictCorequisites;
  // Most credentials have none: no array made for them.
  if (!strict?.length) return [];
  return strict.filter((s) => s !== id && !problem.base.has(s));
}

/**
 * The groups of a chosen set that must start in one step: credentials joined by strict
 * co-requisites (a course and its lab, transitively, whichever names which). A credential
 * whose strict co-requisite is neither chosen nor had from the start can never start, and
 * neither can its group. Returns the group of each chosen credential in one (a credential
 * absent from `groupOf` stands alone) and the blocked ones.
 */
export function strictGroups(
  problem: PlanProblem,
  chosen: ReadonlySet<string>,
): { groupOf: Map<string, string[]>; blocked: Set<string> } {
  const partners = new Map<string, string[]>();
  for (const id of chosen) {
    const strict = strictPartners(problem, id);
    if (strict.length > 0) partners.set(id, strict);
  }
  // Most plans have no strict co-requisite: nothing to join.
  if (partners.size === 0) return { groupOf: new Map(), blocked: new Set() };
  const parent = new Map<string, string>([...chosen].map((id) => [id, id]));
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const blockedRoots = new Set<string>();
  const missing: string[] = [];
  for (const [id, strict] of partners)
    for (const s of strict) {
      if (chosen.has(s)) parent.set(find(id), find(s));
      else missing.push(id);
    }
  for (const id of missing) blockedRoots.add(find(id));
  const members = new Map<string, string[]>();
  for (const id of chosen) {
    const root = find(id);
    members.set(root, [...(members.get(root) ?? []), id]);
  }
  const groupOf = new Map<string, string[]>();
  const blocked = new Set<string>();
  for (const [root, group] of members) {
    group.sort();
    for (const id of group) {
      groupOf.set(id, group);
      if (blockedRoots.has(root)) blocked.add(id);
    }
  }
  return { groupOf, blocked };
}

/**
 * Replays a chosen set of credentials from the learner's position: in each step, start every
 * chosen credential whose entry rule is met by what is held so far and whose co-requisites
 * are held or start in the same step, strict co-requisites always in the same step (a group
 * joined by strict co-requisites starts once every member can); then add the awards that
 * stacking earns. Since rule satisfaction is monotone, starting everything as early as
 * possible reaches the largest set of items any order of this set could reach, so `reached`
 * says whether the set, less what is stuck, reaches the goal.
 */
export function simulate(
  problem: PlanProblem,
  chosen: Iterable<string>,
  options: SimulateOptions = {},
): Simulation {
  const { graph, asOf } = problem;
  const have = problem.base.clone();
  const remaining = new Set<string>();
  for (const id of chosen) if (!have.has(id)) remaining.add(id);
  const steps: SimulatedStep[] = [];
  const explain = options.explain ?? false;
  const { groupOf, blocked } = options.relaxStrict
    ? { groupOf: new Map<string, string[]>(), blocked: new Set<string>() }
    : strictGroups(problem, remaining);
  const groupMembers = (id: string) => groupOf.get(id) ?? [id];
  const schedule = options.schedule;

  for (let k = 0; remaining.size > 0; k++) {
    if (schedule && k >= schedule.length) break;
    const startable = new Set<string>();
    for (const id of schedule ? schedule[k]!.filter((x) => remaining.has(x)) : remaining) {
      if (blocked.has(id)) continue;
      const rule = credentialOf(graph, id)!.entryRule;
      if (!rule || isSatisfiable(rule, have.relevantTo(rule, id))) startable.add(id);
    }
    // Co-requisites: held already, or starting in the same step; a group goes whole or not.
    for (let changed = true; changed;) {
      changed = false;
      for (const id of startable) {
        const ok =
          credentialOf(graph, id)!.corequisites.every((co) => have.has(co) || startable.has(co)) &&
          groupMembers(id).every((g) => startable.has(g));
        if (!ok) {
          for (const g of groupMembers(id)) startable.delete(g);
          changed = true;
        }
      }
    }
    if (startable.size === 0 && !schedule) break;
    const take = [...startable].sort();
    const fresh: Item[] = take.map((id) => problem.items.get(id)!);
    for (const id of take) remaining.delete(id);
    const milestones = extendClosure(graph, have, fresh, asOf, { explain });
    steps.push({ take, milestones });
  }
  const reached = isSatisfiable(problem.goal.rule, have.relevantTo(problem.goal.rule));
  return { reached, steps, stuck: [...remaining].sort(), have };
}
