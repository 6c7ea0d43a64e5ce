import type { RuleNode } from '../../graph/index.js';
import { credentialOf } from '../../graph/index.js';
import { compileRule, type CompiledRule } from '../allocation.js';
import type { ItemSet } from '../closure.js';
import {
  UNREACHABLE,
  ruleSharing,
  sharingDiscount,
  type RelaxedChoice,
  type RelaxedOption,
} from '../operators/index.js';
import type { PlanProblem, SlotFiller } from './problem.js';

/**
 * A lower bound on the weight still needed to reach the goal, by cost splitting.
 *
 * Every *filler* (a candidate, or an award earned by stacking) has a total cost: its weight
 * plus the cost of its own rule (a candidate's entry rule, an award's award rule). Rules are
 * evaluated additively, each node by its operator's relaxed cost (operators/: ALL sums its
 * branches, ANY takes the cheapest, N_OF the n cheapest, MIN_CREDITS the fractional (LP)
 * knapsack cover). Each use of a filler in a slot is charged
 * its total cost divided by k(f), the number of rules of the cone it appears in: a plan
 * counts a filler at most once per rule (exclusivity), so copying any plan's allocations
 * into the relaxation charges each filler at most its total cost, and by induction on the
 * rules, the relaxation never exceeds the plan's weight.
 *
 * Sharing breaks "once per rule": a rule whose nodes allow M extra countings in total may
 * count M fillers twice, so its cost is lowered by its M dearest repeated fillers
 * (operators/sharing.ts). In a goal with unlimited sharing (occupations), a filler is split by
 * its number of slots instead.
 * Along a cycle of rules the relaxation charges nothing (a lower bound still).
 *
 * With `entryRules: false` the candidates' entry rules are dropped from the problem before
 * splitting: a relaxation of a relaxation, still a lower bound, and often a tighter one, since
 * a prerequisite named by many entry rules is then split between fewer rules. The search
 * takes the larger of the two.
 */
export interface Relaxation {
  /** Lower bound on the weight still to add (beyond what is already held or included). */
  bound: number;
  /** Candidates the relaxed solution uses (branching hints, and a plan to try). */
  chosen: string[];
  /** k(f) > 1: fillers whose charge was split, where the bound may be loose. */
  split: Map<string, number>;
}

type Filler = SlotFiller;

interface RuleInfo {
  /** Whose rule: undefined for the goal, else the award or candidate it belongs to. */
  owner?: string | undefined;
  rule: RuleNode;
  compiled: CompiledRule;
  /** Extra countings the rule's nodes allow in total (0 = exclusive). */
  sharing: number;
  /** Fillers that can fill two or more of its slots (only they can be counted twice). */
  repeated: string[];
  /** Each filler of the rule with its weight in k(f): 1, or its slots in an unlimited goal. */
  counts: [string, number][];
}

export interface BoundContext {
  problem: PlanProblem;
  /** The problem's cone fillers (SlotFillers.cone): the base's items are had, so free. */
  fillers: Map<string, Filler[]>;
  rules: Map<string, RuleInfo>;
  awards: Set<string>;
  /** The same without the candidates' entry rules, when some candidate has one. */
  withoutEntryRules?: Map<string, RuleInfo> | undefined;
}

export interface RelaxOptions {
  /** Keep the candidates' entry rules (default true); see the module comment. */
  entryRules?: boolean;
}

const GOAL = 'goal';

export function boundContext(problem: PlanProblem): BoundContext {
  const { graph } = problem;
  const fillers = problem.fillers.cone;
  const ruleList: [string, RuleNode, string | undefined][] = [[GOAL, problem.goal.rule, undefined]];
  for (const id of problem.awards)
    ruleList.push([`award:${id}`, credentialOf(graph, id)!.awardRule!, id]);
  for (const id of problem.candidates) {
    const entry = credentialOf(graph, id)!.entryRule;
    if (entry) ruleList.push([`entry:${id}`, entry, id]);
  }

  const rules = new Map<string, RuleInfo>();
  for (const [key, rule, owner] of ruleList) {
    const compiled = compileRule(rule);
    const { total: sharing, unlimited } = ruleSharing(compiled);
    const slotsOf = new Map<string, number>();
    for (const slot of compiled.slots)
      for (const f of fillers.get(slot.accepts) ?? [])
        slotsOf.set(f.id, (slotsOf.get(f.id) ?? 0) + 1);
    const counts = [...slotsOf].map(([id, slots]): [string, number] => [id, unlimited ? slots : 1]);
    const repeated = unlimited ? [] : [...slotsOf].filter(([, n]) => n > 1).map(([id]) => id);
    rules.set(key, { owner, rule, compiled, sharing: unlimited ? 0 : sharing, repeated, counts });
  }
  return {
    problem,
    fillers,
    rules,
    awards: new Set(problem.awards),
    withoutEntryRules: ruleList.some(([key]) => key.startsWith('entry:'))
      ? new Map([...rules].filter(([key]) => !key.startsWith('entry:')))
      : undefined,
  };
}

/** A relaxed cost and the candidates used by the cheapest way found. */
type Choice = RelaxedChoice;

const NONE: Choice = UNREACHABLE;
const FREE: Choice = { cost: 0, uses: [] };

/**
 * The relaxed cost of reaching the goal when `optimistic` is held for free (the learner's
 * items, the included candidates and everything they stack into) and `excluded` candidates
 * are unavailable.
 */
export function relax(
  ctx: BoundContext,
  optimistic: ItemSet,
  excluded: ReadonlySet<string>,
  options: RelaxOptions = {},
): Relaxation {
  const { problem, fillers } = ctx;
  const rules = (options.entryRules === false && ctx.withoutEntryRules) || ctx.rules;
  const memo = new Map<string, Choice>();
  // k(f) counts the rules that can still be charged: the goal, and the rules of awards and
  // candidates not already had and not excluded.
  const split = new Map<string, number>();
  for (const info of rules.values()) {
    if (info.owner !== undefined && (optimistic.has(info.owner) || excluded.has(info.owner)))
      continue;
    for (const [id, n] of info.counts) split.set(id, (split.get(id) ?? 0) + n);
  }

  /** Total cost of a filler, before splitting: weight plus its own rule. */
  const totalCost = (f: Filler): Choice => {
    const key = `${f.award ? 'award' : 'entry'}:${f.id}`;
    const known = memo.get(key);
    if (known) return known;
    memo.set(key, FREE); // a rule met along a cycle costs nothing while being evaluated
    let result: Choice;
    if (!f.award && excluded.has(f.id)) result = NONE;
    else {
      const own = f.award ? 0 : problem.weight.get(f.id)!;
      const rule = rules.get(key);
      const inner = rule ? ruleCost(rule) : FREE;
      result = { cost: own + inner.cost, uses: f.award ? inner.uses : [f.id, ...inner.uses] };
    }
    memo.set(key, result);
    return result;
  };
  const fillerCharge = (f: Filler): Choice => {
    if (optimistic.has(f.id)) return FREE;
    const total = totalCost(f);
    return { cost: total.cost / Math.max(1, split.get(f.id) ?? 1), uses: total.uses };
  };
  const slotOptions = (accepted: string): RelaxedOption[] => {
    const options = (fillers.get(accepted) ?? []).map((f) => ({
      credits: f.credits,
      choice: fillerCharge(f),
    }));
    // Free through what is had; other fillers stay options (they may be worth more credits).
    const had = optimistic.bestCredits(accepted);
    if (had !== undefined) options.push({ credits: had, choice: FREE });
    return options;
  };
  const ruleCost = (info: RuleInfo): Choice => {
    const { compiled } = info;
    const results = new Array<Choice>(compiled.nodes.length);
    for (let i = compiled.nodes.length - 1; i >= 0; i--) {
      const node = compiled.nodes[i]!;
      results[i] = node.operator.relaxedCost(
        node.slots.map((s) => slotOptions(compiled.slots[s]!.accepts)),
        node.children.map((c) => results[c]!),
        node.needed,
      );
    }
    const root = results[0]!;
    if (info.sharing === 0 || !Number.isFinite(root.cost)) return root;
    const charges = info.repeated.map(
      (id) => fillerCharge({ id, item: -1, award: ctx.awards.has(id), credits: 0 }).cost,
    );
    return { cost: sharingDiscount(root.cost, info.sharing, charges), uses: root.uses };
  };
  const goal = ruleCost(rules.get(GOAL)!);
  return { bound: goal.cost, chosen: [...new Set(goal.uses)], split };
}
