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

/**
 * How good an allocation is for an audit (docs/engine-semantics.md, "Step 5: audit"): the
 * root satisfied first, then the most nodes satisfied, then the most summed fraction done
 * (done over needed, at most 1: branches filled or satisfied, or credits for MIN_CREDITS).
 */
export interface RefAllocationScore {
  satisfied: boolean;
  nodesSatisfied: number;
  progress: number;
}

/** A filled slot: the node (in pre-order, the root 0), the id it accepts, the item's index. */
export interface RefPlacement {
  node: number;
  accepts: string;
  item: number;
}

function scoreOf(flat: Flat, credits: readonly (number | undefined)[]): RefAllocationScore {
  const states = new Array<{ satisfied: boolean; done: number; needed: number }>(flat.nodes.length);
  const visit = (index: number) => {
    const node = flat.nodes[index]!;
    const rule = node.rule;
    node.children.forEach(visit);
    let done = 0;
    let needed: number;
    if (rule.op === 'MIN_CREDITS') {
      for (const s of node.slots) done += credits[s] ?? 0;
      needed = rule.credits ?? 0;
    } else {
      for (const s of node.slots) if (credits[s] !== undefined) done++;
      for (const c of node.children) if (states[c]!.satisfied) done++;
      const branches = node.slots.length + node.children.length;
      needed = rule.op === 'ALL' ? branches : rule.op === 'ANY' ? 1 : (rule.n ?? branches);
    }
    states[index] = { satisfied: done >= needed - EPS, done, needed };
  };
  visit(0);
  return {
    satisfied: states[0]!.satisfied,
    nodesSatisfied: states.filter((s) => s.satisfied).length,
    progress: states.reduce((t, s) => t + (s.needed > 0 ? Math.min(1, s.done / s.needed) : 1), 0),
  };
}

/** Negative when `a` is the better allocation for an audit. */
export function compareAllocationScores(a: RefAllocationScore, b: RefAllocationScore): number {
  if (a.satisfied !== b.satisfied) return a.satisfied ? -1 : 1;
  if (a.nodesSatisfied !== b.nodesSatisfied) return b.nodesSatisfied - a.nodesSatisfied;
  return Math.abs(a.progress - b.progress) <= 1e-9 ? 0 : b.progress - a.progress;
}

/** The best score of any allocation of `items` to `rule` (exhaustive over allocations). */
export function refBestAllocation(rule: RefRule, items: readonly RefItem[]): RefAllocationScore {
  const flat = flatten(rule);
  const candidates: number[][] = flat.slots.map((slot) =>
    items.flatMap((item, i) => (item.identities.has(slot.accepts) ? [i] : [])),
  );
  const owner: number[] = flat.slots.map(() => -1);
  const credits = (): (number | undefined)[] =>
    owner.map((i, s) => (i < 0 ? undefined : items[i]!.identities.get(flat.slots[s]!.accepts)));
  let best: RefAllocationScore | undefined;
  // Filling more slots never breaks a sharing limit that holds, so a broken one prunes.
  const assign = (s: number) => {
    if (!sharingOk(flat, owner)) return;
    if (s === flat.slots.length) {
      const score = scoreOf(flat, credits());
      if (!best || compareAllocationScores(score, best) < 0) best = score;
      return;
    }
    for (const i of candidates[s]!) {
      owner[s] = i;
      assign(s + 1);
    }
    owner[s] = -1;
    assign(s + 1);
  };
  assign(0);
  return best!;
}

/**
 * The score of one allocation, or a reason it is none: a slot that is not in the rule or is
 * filled twice, an item without the identity it is placed as, a sharing limit broken.
 */
export function refAllocationScore(
  rule: RefRule,
  items: readonly RefItem[],
  placements: readonly RefPlacement[],
): RefAllocationScore | string {
  const flat = flatten(rule);
  const owner: number[] = flat.slots.map(() => -1);
  for (const p of placements) {
    const s = flat.nodes[p.node]?.slots.find((x) => flat.slots[x]!.accepts === p.accepts);
    if (s === undefined) return `no slot ${p.accepts} in node ${p.node}`;
    if (owner[s]! >= 0) return `slot ${p.accepts} of node ${p.node} filled twice`;
    if (!items[p.item]?.identities.has(p.accepts))
      return `${items[p.item]?.id ?? p.item} does not stand for ${p.accepts}`;
    owner[s] = p.item;
  }
  if (!sharingOk(flat, owner)) return 'a sharing limit is broken';
  return scoreOf(
    flat,
    owner.map((i, s) => (i < 0 ? undefined : items[i]!.identities.get(flat.slots[s]!.accepts))),
  );
}
