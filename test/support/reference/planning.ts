/**
 * Reference planner (docs/engine-semantics.md, steps 6 and 7) by exhaustive search, and an
 * independent replay verifier for plans. Independent of src/engine.
 *
 * Candidates are all earnable credentials that are not had after the closure of the valid
 * holdings and are not ruled out by the constraints (no "can it matter" pruning: a credential
 * that cannot matter cannot change the optimum).
 *
 * A state is the set of candidates taken so far. From state Y a step may take any non-empty
 * set T of candidates not in Y such that every c in T has its entry rule satisfied by the
 * items of closure(valid ∪ Y) other than c, and every co-requisite of c is had in that
 * closure or is in T. `reachable(X)` holds when some sequence of steps goes from ∅ to X.
 * A set S is feasible when S is reachable, closure(valid ∪ S) satisfies the goal, and (with a
 * budget) the cost of S is within it. The optimum is the least weight of a feasible set.
 */
import type { CatalogueDocument, Credential } from '../../../src/model/catalogue.js';
import type { ObjectiveName, PlanConstraints, Target } from '../../../src/model/requests.js';
import type { RefRule } from './allocation.js';
import {
  RefModel,
  isEarnable,
  refCheckHoldings,
  refGoalRule,
  type RefHolding,
  type RefHoldingsCheck,
} from './semantics.js';

export interface RefPlanRequest {
  holdings: readonly RefHolding[];
  asOf: string;
  target: Target;
  /** One criterion, or several compared lexicographically. */
  objective?: ObjectiveName | ObjectiveName[] | undefined;
  constraints?: Partial<PlanConstraints> | undefined;
}

/** The parts of a plan the verifier reads (structurally compatible with the engine's Plan). */
export interface PlanLike {
  status: string;
  steps: readonly {
    take: readonly { credential: string; credits: number }[];
    milestones: readonly { credential: string }[];
  }[];
  totals: { credits: number; cost: number; hours: number; count: number };
  objectiveValue: number;
  alreadyEarned: readonly { credential: string }[];
}

export interface RefOptimum {
  /** Some feasible set exists. */
  feasible: boolean;
  /** Least weight of a feasible set under the first criterion (Infinity when none). */
  value: number;
  /** Its value under each criterion of the objective (empty when none). */
  score: number[];
  /** One least-weight feasible set. */
  set?: string[] | undefined;
}

const EPS = 1e-9;

/** Why a credential is ruled out by the constraints, or undefined. */
export function refExclusion(c: Credential, k: Partial<PlanConstraints>): string | undefined {
  if (k.excludeCredentials?.includes(c.id)) return 'excluded credential';
  if (c.provider !== undefined && k.excludeProviders?.includes(c.provider))
    return 'excluded provider';
  if (k.languages && c.language !== undefined && !k.languages.includes(c.language))
    return 'language';
  if (k.modes && c.mode !== undefined && !k.modes.includes(c.mode)) return 'mode';
  if (k.maxEqfLevel !== undefined && c.eqfLevel !== undefined && c.eqfLevel > k.maxEqfLevel)
    return 'EQF level';
  if (k.budget !== undefined && (c.cost ?? 0) > k.budget + EPS) return 'over budget';
  return undefined;
}

export function refWeight(c: Credential, objective: ObjectiveName): number {
  if (objective === 'credits') return c.credits;
  if (objective === 'cost') return c.cost ?? 0;
  if (objective === 'hours') return c.hours ?? 0;
  return 1;
}

export class RefPlanner {
  readonly model: RefModel;
  readonly holdings: RefHoldingsCheck;
  readonly goal: RefRule;
  /** The criteria, compared lexicographically (usually one). */
  readonly objective: readonly ObjectiveName[];
  readonly constraints: Partial<PlanConstraints>;
  /** Closure of the valid holdings. */
  readonly base: ReadonlySet<string>;
  readonly candidates: string[];
  /** The goal is met by the holdings alone. */
  readonly achieved: boolean;
  private readonly index = new Map<string, number>();
  private readonly hadMemo = new Map<number, ReadonlySet<string>>();
  private readonly startMemo = new Map<number, number>();
  private reach: Uint8Array | undefined;

  constructor(
    readonly doc: CatalogueDocument,
    readonly request: RefPlanRequest,
  ) {
    this.model = new RefModel(doc, request.asOf);
    this.holdings = refCheckHoldings(doc, request.holdings, request.asOf);
    this.goal = refGoalRule(request.target);
    this.objective = [request.objective ?? 'credits'].flat();
    this.constraints = request.constraints ?? {};
    this.base = this.model.closure(this.holdings.valid.keys());
    this.candidates = [...this.model.credentials.values()]
      .filter((c) => isEarnable(c) && !this.base.has(c.id) && !refExclusion(c, this.constraints))
      .map((c) => c.id);
    if (this.candidates.length > 16) throw new Error('reference: too many candidates');
    this.candidates.forEach((id, i) => this.index.set(id, i));
    this.achieved = this.goalMet(this.base);
  }

  goalMet(had: Iterable<string>): boolean {
    return this.model.satisfiedBy(this.goal, had);
  }

  /** Closure of the valid holdings plus any set of credential ids. */
  hadAfter(taken: Iterable<string>): ReadonlySet<string> {
    return this.model.closure([...this.holdings.valid.keys(), ...taken]);
  }

  private ids(mask: number): string[] {
    return this.candidates.filter((_id, i) => (mask & (1 << i)) !== 0);
  }

  private mask(ids: Iterable<string>): number | undefined {
    let m = 0;
    for (const id of ids) {
      const i = this.index.get(id);
      if (i === undefined) return undefined;
      m |= 1 << i;
    }
    return m;
  }

  private had(mask: number): ReadonlySet<string> {
    let had = this.hadMemo.get(mask);
    if (!had) {
      had = this.hadAfter(this.ids(mask));
      this.hadMemo.set(mask, had);
    }
    return had;
  }

  /** May credential `id` start after `had` (entry rule only; co-requisites are checked apart)? */
  entryMet(id: string, had: ReadonlySet<string>): boolean {
    const rule = this.model.credential(id).entryRule;
    return !rule || this.model.satisfiedBy(rule, had, id);
  }

  /** Candidates whose entry rule is met in state `mask`. */
  private startable(mask: number): number {
    let s = this.startMemo.get(mask);
    if (s === undefined) {
      const had = this.had(mask);
      s = 0;
      this.candidates.forEach((id, i) => {
        if (this.entryMet(id, had)) s! |= 1 << i;
      });
      this.startMemo.set(mask, s);
    }
    return s;
  }

  /**
   * Co-requisites of a step: each had already or taken in the step; strict co-requisites
   * taken in the step, unless held before the plan (in the closure of the valid holdings).
   */
  private corequisitesMet(mask: number, step: number): boolean {
    const had = this.had(mask);
    for (const id of this.ids(step)) {
      const c = this.model.credential(id);
      for (const co of c.corequisites) {
        if (had.has(co)) continue;
        const j = this.index.get(co);
        if (j === undefined || (step & (1 << j)) === 0) return false;
      }
      for (const s of c.strictCorequisites ?? []) {
        if (s === id || this.base.has(s)) continue;
        const j = this.index.get(s);
        if (j === undefined || (step & (1 << j)) === 0) return false;
      }
    }
    return true;
  }

  /** May the credentials of `step` be one step (term) after the set `mask` was taken? */
  private validStep(mask: number, step: number): boolean {
    return (
      step !== 0 &&
      (mask & step) === 0 &&
      (this.startable(mask) & step) === step &&
      this.corequisitesMet(mask, step)
    );
  }

  /**
   * A term over the credit cap is allowed only when it cannot be split: no part of it could
   * be a step with the rest in the next step (a group held together by co-requisites).
   */
  private termAllowed(mask: number, step: number, cap: number): boolean {
    if (this.credits(this.ids(step)) <= cap + EPS) return true;
    for (let part = (step - 1) & step; part > 0; part = (part - 1) & step)
      if (this.validStep(mask, part) && this.validStep(mask | part, step & ~part)) return false;
    return true;
  }

  credits(ids: Iterable<string>): number {
    let total = 0;
    for (const id of ids) total += this.model.credential(id).credits;
    return total;
  }

  /**
   * The fewest terms of at most `cap` credits that take exactly the credentials `ids`
   * (breadth-first over the sets taken so far), or Infinity when they cannot all be taken.
   */
  minTerms(ids: readonly string[], cap: number): number {
    const full = this.mask(ids);
    if (full === undefined) return Infinity;
    const depth = new Map<number, number>([[0, 0]]);
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const y = queue[head]!;
      if (y === full) return depth.get(y)!;
      const open = full & ~y;
      for (let t = open; t > 0; t = (t - 1) & open) {
        if (depth.has(y | t) || !this.validStep(y, t) || !this.termAllowed(y, t, cap)) continue;
        depth.set(y | t, depth.get(y)! + 1);
        queue.push(y | t);
      }
    }
    return Infinity;
  }

  /** reachable[X]: the candidates of X can all be taken, in some sequence of steps. */
  private reachable(): Uint8Array {
    if (this.reach) return this.reach;
    const reach = new Uint8Array(1 << this.candidates.length);
    reach[0] = 1;
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const y = queue[head]!;
      const open = this.startable(y) & ~y;
      for (let t = open; t > 0; t = (t - 1) & open) {
        if (reach[y | t] || !this.corequisitesMet(y, t)) continue;
        reach[y | t] = 1;
        queue.push(y | t);
      }
    }
    this.reach = reach;
    return reach;
  }

  /** Weight under the first criterion. */
  weight(ids: Iterable<string>): number {
    let w = 0;
    for (const id of ids) w += refWeight(this.model.credential(id), this.objective[0]!);
    return w;
  }

  /** Weight under each criterion, in order. */
  score(ids: readonly string[]): number[] {
    return this.objective.map((o) =>
      ids.reduce((w, id) => w + refWeight(this.model.credential(id), o), 0),
    );
  }

  cost(ids: Iterable<string>): number {
    let total = 0;
    for (const id of ids) total += this.model.credential(id).cost ?? 0;
    return total;
  }

  /** Is this set of credentials a feasible plan? */
  isFeasible(ids: readonly string[]): boolean {
    if (new Set(ids).size !== ids.length) return false;
    const m = this.mask(ids);
    if (m === undefined) return false;
    return this.feasibleMask(m);
  }

  /**
   * The least weight of a feasible set that holds every `included` candidate and none of the
   * `excluded` (a search node's subtree), by enumeration; undefined when more than
   * `maxFree` candidates are left undecided. Infinity: no such set.
   */
  leastWith(
    included: ReadonlySet<string>,
    excluded: ReadonlySet<string>,
    maxFree = 12,
  ): number | undefined {
    const free = this.candidates.filter((id) => !included.has(id) && !excluded.has(id));
    if (free.length > maxFree) return undefined;
    let least = Infinity;
    for (let m = 0; m < 1 << free.length; m++) {
      const set = [...included, ...free.filter((_, i) => m & (1 << i))];
      if (this.isFeasible(set)) least = Math.min(least, this.weight(set));
    }
    return least;
  }

  private feasibleMask(m: number): boolean {
    if (!this.reachable()[m]) return false;
    const budget = this.constraints.budget;
    if (budget !== undefined && this.cost(this.ids(m)) > budget + EPS) return false;
    return this.goalMet(this.had(m));
  }

  /** The least weight of a feasible set containing none of `avoid` as a subset. */
  optimum(avoid: readonly (readonly string[])[] = []): RefOptimum {
    const avoidMasks = avoid.map((p) => this.mask(p));
    let best: RefOptimum = { feasible: false, value: Infinity, score: [] };
    const reach = this.reachable();
    for (let m = 0; m < reach.length; m++) {
      if (!reach[m]) continue;
      if (avoidMasks.some((a) => a !== undefined && (m & a) === a)) continue;
      if (!this.feasibleMask(m)) continue;
      const ids = this.ids(m);
      const score = this.score(ids);
      if (!best.feasible || compareScores(score, best.score) < 0)
        best = { feasible: true, value: score[0]!, score, set: ids };
    }
    return best;
  }

  /**
   * Replays a plan and lists everything wrong with it (empty when it is a correct plan):
   * each credential is a candidate taken once, its entry rule is met by what was had before
   * its step and its co-requisites are had or taken in the same step; each step's milestones
   * are exactly the awards the closure adds; the goal is reached at the end; totals,
   * objective and budget add up.
   */
  verify(plan: PlanLike, options: { maxCreditsPerTerm?: number | undefined } = {}): string[] {
    const problems: string[] = [];
    const taken: string[] = [];
    let had = this.base;
    const expectEarned = [...this.base].filter((id) => !this.holdings.valid.has(id)).sort();
    const earned = plan.alreadyEarned.map((m) => m.credential).sort();
    if (earned.join() !== expectEarned.join())
      problems.push(`alreadyEarned is [${earned.join()}], expected [${expectEarned.join()}]`);
    plan.steps.forEach((step, k) => {
      const ids = step.take.map((t) => t.credential);
      const stepSet = new Set(ids);
      if (ids.length === 0) problems.push(`step ${k + 1} takes nothing`);
      for (const t of step.take) {
        const id = t.credential;
        const c = this.model.credentials.get(id);
        if (!c) {
          problems.push(`step ${k + 1}: ${id} is not a credential`);
          continue;
        }
        if (!this.candidates.includes(id))
          problems.push(`step ${k + 1}: ${id} is not a candidate (not earnable, held or excluded)`);
        if (taken.includes(id) || ids.filter((x) => x === id).length > 1)
          problems.push(`step ${k + 1}: ${id} is taken twice`);
        if (had.has(id)) problems.push(`step ${k + 1}: ${id} is already had`);
        if (Math.abs(t.credits - c.credits) > 1e-9)
          problems.push(
            `step ${k + 1}: ${id} reported with ${t.credits} credits, has ${c.credits}`,
          );
        if (!this.entryMet(id, had))
          problems.push(
            `step ${k + 1}: entry rule of ${id} is not met by [${[...had].sort().join()}]`,
          );
        for (const co of c.corequisites)
          if (!had.has(co) && !stepSet.has(co))
            problems.push(
              `step ${k + 1}: co-requisite ${co} of ${id} is neither had nor in the step`,
            );
        for (const s of c.strictCorequisites ?? [])
          if (s !== id && !this.base.has(s) && !stepSet.has(s))
            problems.push(
              `step ${k + 1}: strict co-requisite ${s} of ${id} is not taken in the same step`,
            );
      }
      const cap = options.maxCreditsPerTerm;
      const before = this.mask(taken);
      const stepMask = this.mask(ids);
      if (
        cap !== undefined &&
        before !== undefined &&
        stepMask !== undefined &&
        !this.termAllowed(before, stepMask, cap)
      )
        problems.push(
          `step ${k + 1}: ${this.credits(ids)} credits, over the cap of ${cap}, yet it could be split`,
        );
      taken.push(...ids);
      const after = this.hadAfter(taken);
      const expected = [...after].filter((id) => !had.has(id) && !stepSet.has(id)).sort();
      const reported = step.milestones.map((m) => m.credential).sort();
      if (expected.join() !== reported.join())
        problems.push(
          `step ${k + 1}: milestones [${reported.join()}], expected [${expected.join()}]`,
        );
      had = after;
    });
    if (!this.goalMet(had)) problems.push('the goal is not reached at the end of the plan');
    const sum = (f: (c: Credential) => number) =>
      taken.reduce(
        (s, id) => s + (this.model.credentials.has(id) ? f(this.model.credential(id)) : 0),
        0,
      );
    const expectTotals = {
      credits: sum((c) => c.credits),
      cost: sum((c) => c.cost ?? 0),
      hours: sum((c) => c.hours ?? 0),
      count: taken.length,
    };
    for (const key of ['credits', 'cost', 'hours', 'count'] as const)
      if (Math.abs(plan.totals[key] - expectTotals[key]) > 1e-6)
        problems.push(`totals.${key} is ${plan.totals[key]}, expected ${expectTotals[key]}`);
    // A lexicographic objective's value is the planner's own scaling: compared apart.
    const value = this.weight(taken.filter((id) => this.model.credentials.has(id)));
    if (this.objective.length === 1 && Math.abs(plan.objectiveValue - value) > 1e-6)
      problems.push(`objectiveValue is ${plan.objectiveValue}, the plan weighs ${value}`);
    const budget = this.constraints.budget;
    if (budget !== undefined && expectTotals.cost > budget + EPS)
      problems.push(`cost ${expectTotals.cost} is over the budget of ${budget}`);
    return problems;
  }
}

/** Lexicographic comparison of two scores (negative: a is better), within rounding. */
export function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (Math.abs(d) > EPS) return d;
  }
  return 0;
}
