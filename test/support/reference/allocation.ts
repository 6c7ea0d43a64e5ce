/**
 * Reference rule satisfaction by brute force, written from docs/engine-semantics.md
 * ("Rules" and "Allocation") and nothing else. Deliberately slow and simple:
 *
 * - the tree is flattened into nodes and slots (one slot per accepted id of a node);
 * - every assignment "slot -> no item, or one item having the slot's id as an identity" is
 *   enumerated (so at most one item is counted per slot, and an item may fill any number of
 *   slots);
 * - an assignment is an allocation when, for every node r,
 *   Σ_i max(0, b_r(i) − 1) ≤ maxShared(r), b_r(i) being the number of distinct branches of r
 *   whose subtree holds a slot filled by i;
 * - the rule is satisfiable when some allocation satisfies the root under the operator table.
 *
 * Two prunings keep it fast enough, both obviously sound:
 * - a partial assignment that already breaks the sharing constraint is abandoned (adding
 *   pairs can only increase every b_r(i));
 * - a partial assignment is abandoned when even filling every undecided slot with its best
 *   candidate (ignoring sharing) leaves the root unsatisfied: the operator table is monotone
 *   in which slots are filled and in the credits they count.
 */
import type { RequirementNode } from '../../../src/model/requirement.js';

/** Something the learner has: its credential id and the ids it stands for, with credits. */
export interface RefItem {
  id: string;
  identities: ReadonlyMap<string, number>;
}

/** A rule node as the reference reads it; `maxShared` may be Infinity (goal rules). */
export interface RefRule {
  op: RequirementNode['op'];
  n?: number | undefined;
  credits?: number | undefined;
  maxShared?: number | undefined;
  accepts?: readonly string[] | undefined;
  children?: readonly RefRule[] | undefined;
}

interface FlatNode {
  rule: RefRule;
  parent: number;
  /** Index of this node among its parent's branches (accepted ids first, then children). */
  branchInParent: number;
  slots: number[];
  children: number[];
}

interface FlatSlot {
  node: number;
  /** Index of the slot among its node's branches. */
  branch: number;
  accepts: string;
}

interface Flat {
  nodes: FlatNode[];
  slots: FlatSlot[];
}

function flatten(root: RefRule): Flat {
  const nodes: FlatNode[] = [];
  const slots: FlatSlot[] = [];
  const visit = (rule: RefRule, parent: number, branchInParent: number): number => {
    const index = nodes.length;
    const node: FlatNode = { rule, parent, branchInParent, slots: [], children: [] };
    nodes.push(node);
    const accepts = rule.accepts ?? [];
    accepts.forEach((id, i) => {
      node.slots.push(slots.length);
      slots.push({ node: index, branch: i, accepts: id });
    });
    (rule.children ?? []).forEach((child, j) => {
      node.children.push(visit(child, index, accepts.length + j));
    });
    return index;
  };
  visit(root, -1, 0);
  return { nodes, slots };
}

/**
 * The branch of node `r` whose subtree contains slot `s`, or undefined when `s` is not under
 * `r` at all.
 */
function branchOf(flat: Flat, s: number, r: number): number | undefined {
  const slot = flat.slots[s]!;
  if (slot.node === r) return slot.branch;
  let node = slot.node;
  while (node >= 0) {
    const parent = flat.nodes[node]!.parent;
    if (parent === r) return flat.nodes[node]!.branchInParent;
    node = parent;
  }
  return undefined;
}

/** Does the (possibly partial) assignment respect the sharing limit of every node? */
function sharingOk(flat: Flat, owner: readonly number[]): boolean {
  for (let r = 0; r < flat.nodes.length; r++) {
    const limit = flat.nodes[r]!.rule.maxShared ?? 0;
    // item -> distinct branches of r it fills a slot under
    const branches = new Map<number, Set<number>>();
    owner.forEach((item, s) => {
      if (item < 0) return;
      const b = branchOf(flat, s, r);
      if (b === undefined) return;
      let set = branches.get(item);
      if (!set) {
        set = new Set();
        branches.set(item, set);
      }
      set.add(b);
    });
    let extra = 0;
    for (const set of branches.values()) extra += Math.max(0, set.size - 1);
    if (extra > limit) return false;
  }
  return true;
}

const EPS = 1e-9;

/** Is the root satisfied when slot s counts `credits[s]` (undefined = empty)? */
function rootSatisfied(flat: Flat, credits: readonly (number | undefined)[]): boolean {
  const satisfied = (index: number): boolean => {
    const node = flat.nodes[index]!;
    const rule = node.rule;
    if (rule.op === 'MIN_CREDITS') {
      let sum = 0;
      for (const s of node.slots) sum += credits[s] ?? 0;
      return sum >= (rule.credits ?? 0) - EPS;
    }
    let done = 0;
    for (const s of node.slots) if (credits[s] !== undefined) done++;
    for (const c of node.children) if (satisfied(c)) done++;
    const branches = node.slots.length + node.children.length;
    if (rule.op === 'ALL') return done === branches;
    if (rule.op === 'ANY') return done >= 1;
    return done >= (rule.n ?? branches);
  };
  return satisfied(0);
}

/** Is `rule` satisfiable by `items` (exhaustive search over allocations)? */
export function refSatisfiable(rule: RefRule, items: readonly RefItem[]): boolean {
  const flat = flatten(rule);
  const candidates: number[][] = flat.slots.map((slot) =>
    items.flatMap((item, i) => (item.identities.has(slot.accepts) ? [i] : [])),
  );
  const creditOf = (s: number, i: number) => items[i]!.identities.get(flat.slots[s]!.accepts)!;
  const owner: number[] = flat.slots.map(() => -1);

  const optimistic = (from: number): (number | undefined)[] =>
    flat.slots.map((_slot, s) => {
      if (s < from) return owner[s]! >= 0 ? creditOf(s, owner[s]!) : undefined;
      const options = candidates[s]!.map((i) => creditOf(s, i));
      return options.length > 0 ? Math.max(...options) : undefined;
    });

  const assign = (s: number): boolean => {
    if (!sharingOk(flat, owner)) return false;
    if (!rootSatisfied(flat, optimistic(s))) return false;
    if (s === flat.slots.length) return true; // complete, allowed and satisfying
    for (const i of candidates[s]!) {
      owner[s] = i;
      if (assign(s + 1)) return true;
    }
    owner[s] = -1;
    return assign(s + 1);
  };
  return assign(0);
}
