import type { RuleNode } from '../../graph/index.js';
import type { RequirementOp } from '../../model/index.js';

/**
 * What one rule operator means to every part of the engine, stated in one place (one module
 * per operator, README.md). Each consumer reads the operator of a node from the table in
 * index.ts instead of switching on `op` itself.
 */
export interface Operator {
  readonly op: RequirementOp;
  /**
   * Satisfied when: what the node counts reaches `needed(rule)`. `branches`: the distinct
   * branches satisfied (a slot is satisfied when an item fills it, a child when it is
   * satisfied); `credits`: the credits of the items counted in its filled slots.
   */
  readonly counts: 'branches' | 'credits';
  /** How many branches (or credits) the node needs. */
  needed(rule: RuleNode): number;
  /**
   * Audit: the progress (0..1) of a node not yet satisfied, from what it counts (`done`) and
   * the progress of each branch, slots first (1 when filled, else the progress of the
   * sub-award it accepts), then children.
   */
  progress(done: number, needed: number, branchProgress: readonly number[]): number;
  /**
   * Bound: a lower bound on the cost of satisfying the node, from the relaxed options of each
   * of its slots and the relaxed cost of each child (each a lower bound of its own).
   */
  relaxedCost(
    slots: readonly (readonly RelaxedOption[])[],
    children: readonly RelaxedChoice[],
    needed: number,
  ): RelaxedChoice;
  /**
   * Bound over numbers (planner/indexedBound.ts, the search's inner loop): the same relaxed
   * cost as `relaxedCost`, without building lists. A node counting branches gets its branches'
   * costs (each slot's cheapest option, then its children) in `entries.cost`; a node counting
   * credits gets every option of its slots, with `entries.credits`. It returns the cost and
   * writes the positions of the entries its relaxed solution uses into `entries.picked`, their
   * number into `entries.picks`.
   */
  relaxedIndexed(entries: RelaxedEntries, count: number, needed: number): number;
  /**
   * Mixed-integer formulation: rows that let the node's satisfaction `satisfied` (a binary,
   * or the constant 1 for the goal's root) be 1 only when its branches allow it. A slot's
   * allocation variables a_{s,f} sum to at most 1; a child's satisfaction is its own binary.
   */
  mipRows(
    lp: MipRowSink,
    satisfied: MipLinear,
    slots: readonly (readonly MipAllocation[])[],
    children: readonly MipLinear[],
    needed: number,
  ): void;
  /**
   * Allocation (and so the replay, which asks it): given the relaxation that counts every
   * undecided item in all its slots, and a node every allocation must satisfy, the branches
   * every allocation must then fill. `values[s]` is the best credits slot s can hold (-1:
   * empty); `done` what the relaxation counts at the node.
   */
  requiredBranches(
    node: { readonly slots: readonly number[]; readonly children: readonly number[] },
    done: number,
    needed: number,
    values: Float64Array,
    childSatisfied: (child: number) => boolean,
    require: { slot(slot: number): void; child(child: number): void },
  ): void;
  /** Explanation: what the node needs, in words ("2 of its 5 options (1 reachable)"). */
  describeNeed(needed: number, branches: number, done: number): string;
  /**
   * Stackability (analytics): the most credits some kind of credential can supply towards
   * the node, from the most each branch can (`branchValues`, slots then children): what one
   * plan counts there at best.
   */
  mostSupplied(branchValues: readonly number[], needed: number): number;
}

/** A relaxed way to satisfy part of a rule: its cost, and the candidates it uses. */
export interface RelaxedChoice {
  cost: number;
  uses: string[];
}

/** One way to fill a slot in the relaxation: the credits it counts there and its charge. */
export interface RelaxedOption {
  credits: number;
  choice: RelaxedChoice;
}

/**
 * Scratch buffers of `relaxedIndexed` (reused from node to node, never nested): entries
 * [0, count) of `cost` and `credits`, `order` a scratch permutation, `picked` and `picks` the
 * answer.
 */
export interface RelaxedEntries {
  cost: Float64Array;
  credits: Float64Array;
  order: Int32Array;
  picked: Int32Array;
  picks: number;
}

/** Entries able to hold `capacity` of them. */
export const relaxedEntries = (capacity: number): RelaxedEntries => ({
  cost: new Float64Array(capacity),
  credits: new Float64Array(capacity),
  order: new Int32Array(capacity),
  picked: new Int32Array(capacity),
  picks: 0,
});

export const UNREACHABLE: RelaxedChoice = { cost: Infinity, uses: [] };

/** A term of a linear expression: coefficient times variable (named from indexes only). */
export type MipTerm = readonly [coefficient: number, variable: string];

/** A linear expression plus a constant. */
export interface MipLinear {
  terms: MipTerm[];
  constant: number;
}

/** Where an operator writes its rows. */
export interface MipRowSink {
  row(left: MipLinear, sense: '<=' | '>=' | '=', right: MipLinear | number): void;
}

/** One allocation variable of a slot (a filler counted there) and the credits it counts. */
export interface MipAllocation {
  v: string;
  credits: number;
}

export const linear = (terms: MipTerm[] = [], constant = 0): MipLinear => ({ terms, constant });

export const scaled = (e: MipLinear, k: number): MipLinear =>
  linear(
    e.terms.map(([c, v]) => [c * k, v] as const),
    e.constant * k,
  );

export const sumOf = (parts: readonly MipLinear[]): MipLinear => ({
  terms: parts.flatMap((p) => p.terms),
  constant: parts.reduce((t, p) => t + p.constant, 0),
});
