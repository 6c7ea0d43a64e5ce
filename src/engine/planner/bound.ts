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
 * branches, ANY takes the cheapest, N_OF the n cheapest, MIN_CREDITS the least-cost
 * cover by whole options, the knapsack cover). Each use of a filler in a slot is charged
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
 * takes the larger of the two (through indexedBound.ts: this relaxation over integer indexes).
 */
export interface Relaxation {
  /** Lower bound on the weight still to add (beyond what is already held or included). */
  bound: number;
  /** Candidates the relaxed solution uses (branching hints, and a plan to try). */
  chosen: string[];
  /** k(f) > 1: fillers whose charge was split, where the bound may be loose. */
  split: Map<string, number>;
  /**
   * With shares: the uses of fillers in rules that the relaxed solution charges, as marks
   * (useMark(rule, filler)); the ascent moves shares towards them.
   */
  used?: Set<string> | undefined;
}

type Filler = SlotFiller;

interface RuleInfo {
  /** Its key: `goal`, `award:<id>` or `entry:<id>`. */
  key: string;
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
  /**
   * How each filler's total cost is divided among the rules it may fill (cost partitioning);
   * default an equal split, 1/k(f) per use. See `Shares`.
   */
  shares?: Shares | undefined;
}

/**
 * A cost partitioning: rule key -> filler id -> the weight of one use of the filler in that
 * rule. A relaxation charges a use share(r, f) / Σ over the chargeable rules r' of
 * uses(r', f) · share(r', f) of the filler's total cost, so the uses of any filler add up to
 * its total cost at most whatever the shares are, and the proof of the equal split (module
 * comment) holds for every partitioning: any shares give a lower bound. A missing share
 * counts as 1 (the equal split).
 */
export type Shares = Map<string, Map<string, number>>;

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
    rules.set(key, {
      key,
      owner,
      rule,
      compiled,
      sharing: unlimited ? 0 : sharing,
      repeated,
      counts,
    });
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
 * Whether a rule can still be charged for its fillers: the goal always; a candidate's entry
 * rule while the candidate is neither had nor left out; an award rule while its award is not
 * had. Leaving a credential out as a candidate does not stop it being earned by its award
 * rule, so that rule keeps its share: dropping it would let the filler's other rules split
 * its cost as if it were needed once less, and charge it twice (a bound above the optimum:
 * test/engine/bound.test.ts, "at search nodes").
 */
function chargeable(info: RuleInfo, optimistic: ItemSet, excluded: ReadonlySet<string>): boolean {
  const { owner, key } = info;
  if (owner === undefined) return true;
  if (optimistic.has(owner)) return false;
  return key.startsWith('award:') || !excluded.has(owner);
}

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
  const { shares } = options;
  // With shares: Σ over the chargeable rules of uses · share, per filler (the normaliser).
  const weighed = shares && new Map<string, number>();
  for (const info of rules.values()) {
    if (!chargeable(info, optimistic, excluded)) continue;
    const own = shares?.get(info.key);
    for (const [id, n] of info.counts) {
      split.set(id, (split.get(id) ?? 0) + n);
      if (weighed) weighed.set(id, (weighed.get(id) ?? 0) + n * (own?.get(id) ?? 1));
    }
  }
  /** The part of a filler's total cost charged for one use in a rule. */
  const partOf = (rule: string, id: string): number => {
    if (!weighed) return 1 / Math.max(1, split.get(id) ?? 1);
    const total = weighed.get(id) ?? 0;
    if (total <= 0) return 1 / Math.max(1, split.get(id) ?? 1);
    return Math.min(1, (shares.get(rule)?.get(id) ?? 1) / total);
  };

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
  const fillerCharge = (f: Filler, rule: string): Choice => {
    if (optimistic.has(f.id)) return FREE;
    const total = totalCost(f);
    const part = partOf(rule, f.id);
    // An unreachable filler stays unreachable whatever its share (no plan uses it).
    return {
      cost: Number.isFinite(total.cost) ? total.cost * part : Infinity,
      uses: weighed ? [useMark(rule, f.id), ...total.uses] : total.uses,
    };
  };
  const slotOptions = (accepted: string, rule: string): RelaxedOption[] => {
    const options = (fillers.get(accepted) ?? []).map((f) => ({
      credits: f.credits,
      choice: fillerCharge(f, rule),
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
        node.slots.map((s) => slotOptions(compiled.slots[s]!.accepts, info.key)),
        node.children.map((c) => results[c]!),
        node.needed,
      );
    }
    const root = results[0]!;
    if (info.sharing === 0 || !Number.isFinite(root.cost)) return root;
    const charges = info.repeated.map(
      (id) => fillerCharge({ id, item: -1, award: ctx.awards.has(id), credits: 0 }, info.key).cost,
    );
    return { cost: sharingDiscount(root.cost, info.sharing, charges), uses: root.uses };
  };
  const goal = ruleCost(rules.get(GOAL)!);
  const uses = new Set(goal.uses);
  if (!weighed) return { bound: goal.cost, chosen: [...uses], split };
  const marks = [...uses].filter(isUseMark);
  return {
    bound: goal.cost,
    chosen: [...uses].filter((u) => !isUseMark(u)),
    split,
    used: new Set(marks),
  };
}

/**
 * With shares, a relaxed solution also lists each use of a filler in a rule, as a mark that
 * no credential id can equal (ids never hold a NUL).
 */
const useMark = (rule: string, id: string) => `\0${rule}\0${id}`;
const isUseMark = (u: string) => u.startsWith('\0');

export interface AscentOptions {
  /** Relaxations to compute at most (the first is the equal split). */
  iterations: number;
  /** Stop once the bound reaches this (nothing more to prove, e.g. an incumbent's weight). */
  enough?: number | undefined;
}

/**
 * A tighter bound by searching over cost partitionings (Katz & Domshlak, "Optimal admissible
 * composition of abstraction heuristics", AIJ 2010: the best partitioning is an LP; here a
 * projected subgradient ascent on it, as in Lagrangian relaxation, Held & Karp 1971).
 *
 * Starts from the equal split. After each relaxation, a candidate that the relaxed solutions
 * of some of its rules use and of others do not moves part of its cost towards the rules
 * that use it: its fractions (one per chargeable rule, adding up to 1) take a step along
 * "used minus the mean", are clipped at 0 and renormalised; the step shrinks with the
 * iterations. A rule counts as using a candidate when its relaxed solution holds it and the
 * rule itself is charged in the goal's (the goal, or the rule of a credential the goal's
 * relaxed solution uses). Every iterate is a partitioning, so a lower bound (RelaxOptions
 * shares); the best one is returned.
 */
export function ascend(
  ctx: BoundContext,
  optimistic: ItemSet,
  excluded: ReadonlySet<string>,
  options: AscentOptions,
): Relaxation {
  const enough = options.enough ?? Infinity;
  const shares: Shares = new Map();
  let current = relax(ctx, optimistic, excluded, { shares });
  let best = current;
  for (let t = 1; t < options.iterations; t++) {
    if (best.bound >= enough || !Number.isFinite(current.bound)) break;
    const used = current.used!;
    /** filler -> its chargeable rules: [key, uses there, used by the relaxed solution]. */
    const place = new Map<string, [string, number, boolean][]>();
    for (const info of ctx.rules.values()) {
      if (!chargeable(info, optimistic, excluded)) continue;
      for (const [id, n] of info.counts) {
        if (optimistic.has(id)) continue; // free wherever it is used
        const list = place.get(id);
        const entry: [string, number, boolean] = [info.key, n, used.has(useMark(info.key, id))];
        if (list) list.push(entry);
        else place.set(id, [entry]);
      }
    }
    const step = 2 / (1 + t);
    let moved = false;
    for (const [id, list] of place) {
      if (list.length < 2) continue;
      const using = list.filter(([, , used]) => used).length;
      if (using === 0 || using === list.length) continue;
      moved = true;
      const weights = list.map(([key, n]) => n * (shares.get(key)?.get(id) ?? 1));
      const total = weights.reduce((a, b) => a + b, 0);
      const mean = using / list.length;
      const next = list.map(([, , used], k) =>
        Math.max(0, weights[k]! / total + step * ((used ? 1 : 0) - mean)),
      );
      const sum = next.reduce((a, b) => a + b, 0);
      list.forEach(([key, n], k) => {
        let own = shares.get(key);
        if (!own) shares.set(key, (own = new Map<string, number>()));
        own.set(id, sum > 0 ? next[k]! / sum / n : 1);
      });
    }
    if (!moved) break;
    current = relax(ctx, optimistic, excluded, { shares });
    if (current.bound > best.bound) best = current;
  }
  return best;
}
