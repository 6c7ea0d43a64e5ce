import type { RuleNode } from '../graph/index.js';
import type { Item } from './items.js';
import { extraCountings, operatorOf, type Operator } from './operators/index.js';

/**
 * Allocation of items to the accepted slots of one rule tree (docs/engine-semantics.md, "Rules": allocation).
 *
 * A slot is one accepted id of one node. An item fills a slot when the slot's id is among the
 * item's identities. Within a tree an item fills at most one slot, except that a node with
 * `maxShared = k` tolerates k extra countings across its branches: for every node r,
 * Σ_items max(0, (branches of r the item is counted in) − 1) ≤ maxShared(r).
 *
 * Deciding whether a tree can be satisfied is a matching problem with counting and credit
 * constraints; first-fit in authored order is wrong (an item taken by the first slot it
 * fits may be the only one that could fill a later slot). The search below is exact: items
 * with a single candidate slot are placed directly, and the (item, slot) choices of the rest
 * are searched depth-first, pruned by a relaxation that fills every undecided choice at once
 * (rule satisfaction is monotone, so a relaxation that fails proves no completion succeeds).
 */

export interface CompiledNode {
  rule: RuleNode;
  parent: number;
  /** Index of this node among its parent's branches (accepted slots first, then children). */
  branch: number;
  children: number[];
  slots: number[];
  /** What the node means (operators/): when it is satisfied, its progress, bound and rows. */
  operator: Operator;
  /** Counts credits (MIN_CREDITS) rather than branches: the operator's `counts`, for inner loops. */
  byCredits: boolean;
  /** Branches or credits needed: the operator's `needed`. */
  needed: number;
  maxShared: number;
}

export interface CompiledSlot {
  node: number;
  branch: number;
  accepts: string;
}

export interface CompiledRule {
  nodes: CompiledNode[];
  slots: CompiledSlot[];
  /** accepted id -> slot indexes. */
  slotsByAccepted: Map<string, number[]>;
}

const compiled = new WeakMap<RuleNode, CompiledRule>();

export function compileRule(root: RuleNode): CompiledRule {
  const cached = compiled.get(root);
  if (cached) return cached;
  const nodes: CompiledNode[] = [];
  const slots: CompiledSlot[] = [];
  const visit = (rule: RuleNode, parent: number, branch: number): number => {
    const index = nodes.length;
    const operator = operatorOf(rule);
    const node: CompiledNode = {
      rule,
      parent,
      branch,
      children: [],
      slots: [],
      operator,
      byCredits: operator.counts === 'credits',
      needed: operator.needed(rule),
      maxShared: rule.maxShared,
    };
    nodes.push(node);
    rule.accepts.forEach((accepts, i) => {
      node.slots.push(slots.length);
      slots.push({ node: index, branch: i, accepts });
    });
    rule.children.forEach((child, i) =>
      node.children.push(visit(child, index, rule.accepts.length + i)),
    );
    return index;
  };
  visit(root, -1, 0);
  const slotsByAccepted = new Map<string, number[]>();
  slots.forEach((s, i) => {
    const list = slotsByAccepted.get(s.accepts);
    if (list) list.push(i);
    else slotsByAccepted.set(s.accepts, [i]);
  });
  const result = { nodes, slots, slotsByAccepted };
  compiled.set(root, result);
  return result;
}

/** One item counted in one slot. */
export interface Placement {
  slot: number;
  item: string;
  credits: number;
}

export interface NodeState {
  satisfied: boolean;
  /** Branches satisfied (ALL, ANY, N_OF) or credits counted (MIN_CREDITS). */
  done: number;
  /** Branches or credits needed. */
  needed: number;
}

export interface Allocation {
  satisfied: boolean;
  placements: Placement[];
  /** Per compiled node, in compiled order (0 is the root). */
  nodes: NodeState[];
}

/** Evaluates the tree bottom-up for given slot values (credits per slot, -1 = empty). */
export function evaluate(
  rule: CompiledRule,
  slotCredits: Float64Array,
  impossible?: Uint8Array,
): NodeState[] {
  const counts = new NodeCounts(rule.nodes.length);
  counts.evaluate(rule, slotCredits, impossible);
  return counts.states(rule);
}

/**
 * evaluate()'s counts in typed arrays (at least one entry per node), written again at each
 * call without allocating: the allocation search evaluates its relaxation at every step, the
 * replay at every check.
 */
export class NodeCounts {
  readonly done: Float64Array;
  readonly satisfied: Uint8Array;

  constructor(size: number) {
    this.done = new Float64Array(size);
    this.satisfied = new Uint8Array(size);
  }

  evaluate(rule: CompiledRule, slotCredits: Float64Array, impossible?: Uint8Array): void {
    const { done, satisfied } = this;
    for (let i = rule.nodes.length - 1; i >= 0; i--) {
      const node = rule.nodes[i]!;
      // What the node counts (its operator's `counts`): credits of filled slots, or branches.
      let count = 0;
      if (node.byCredits) {
        for (const s of node.slots) if (slotCredits[s]! >= 0) count += slotCredits[s]!;
      } else {
        for (const s of node.slots) if (slotCredits[s]! >= 0) count++;
        for (const c of node.children) if (satisfied[c]) count++;
      }
      done[i] = count;
      satisfied[i] = count >= node.needed - 1e-9 && !impossible?.[i] ? 1 : 0;
    }
  }

  /**
   * How the search ranks allocations: the root satisfied, then the nodes satisfied, then the
   * sum of each node's fraction done.
   */
  score(rule: CompiledRule): number {
    const { done, satisfied } = this;
    let count = 0;
    let progress = 0;
    for (let i = 0; i < rule.nodes.length; i++) {
      if (satisfied[i]) count++;
      const needed = rule.nodes[i]!.needed;
      progress += needed > 0 ? Math.min(1, done[i]! / needed) : 1;
    }
    return (satisfied[0] ? 1e9 : 0) + count * 1e4 + progress;
  }

  states(rule: CompiledRule): NodeState[] {
    return rule.nodes.map((node, i) => ({
      satisfied: this.satisfied[i] === 1,
      done: this.done[i]!,
      needed: node.needed,
    }));
  }
}

/** evaluate()'s verdict on the root alone, into `counts` (scratch: relaxationScratch's). */
export function rootSatisfied(
  rule: CompiledRule,
  slotCredits: Float64Array,
  counts: NodeCounts,
): boolean {
  counts.evaluate(rule, slotCredits);
  return counts.satisfied[0] === 1;
}

/**
 * The scratch of a rule's relaxation (slot values filled with -1 for its slots, node counts
 * for rootSatisfied), one per thread, grown as rules need. A relaxation is the first step of a
 * satisfiability check and its result is read before anything else runs, so it is never in use
 * twice (isSatisfiable, the replay's checks). Allocating typed arrays per check cost more than
 * most checks.
 */
let scratch = { values: new Float64Array(64), counts: new NodeCounts(16) };

export function relaxationScratch(rule: CompiledRule): {
  values: Float64Array;
  counts: NodeCounts;
} {
  if (scratch.values.length < rule.slots.length || scratch.counts.done.length < rule.nodes.length)
    scratch = {
      values: new Float64Array(Math.max(scratch.values.length, rule.slots.length)),
      counts: new NodeCounts(Math.max(scratch.counts.done.length, rule.nodes.length)),
    };
  scratch.values.fill(-1, 0, rule.slots.length);
  return scratch;
}

interface Candidates {
  /** Per slot: (item index, credits) pairs that can fill it. */
  bySlot: { item: number; credits: number }[][];
  /** Per item: slots it can fill. */
  byItem: number[][];
}

function candidates(rule: CompiledRule, items: readonly Item[]): Candidates {
  const bySlot: Candidates['bySlot'] = rule.slots.map(() => []);
  const byItem: number[][] = items.map(() => []);
  items.forEach((item, i) => {
    for (const [id, credits] of item.identities) {
      const slots = rule.slotsByAccepted.get(id);
      if (!slots) continue;
      for (const s of slots) {
        bySlot[s]!.push({ item: i, credits });
        byItem[i]!.push(s);
      }
    }
  });
  return { bySlot, byItem };
}

/**
 * Is the rule satisfiable by the items? When no item could fill two slots there is nothing
 * to choose: each slot takes its best candidate and the tree is evaluated once.
 */
export function isSatisfiable(root: RuleNode, items: readonly Item[]): boolean {
  const rule = compileRule(root);
  const { values, counts } = relaxationScratch(rule);
  let contested = false;
  for (const item of items) {
    let slotsOfItem = 0;
    for (const [id, credits] of item.identities) {
      const slots = rule.slotsByAccepted.get(id);
      if (!slots) continue;
      slotsOfItem += slots.length;
      for (const s of slots) if (credits > values[s]!) values[s] = credits;
    }
    if (slotsOfItem > 1) contested = true;
  }
  // The relaxation ignores exclusivity: if it fails, nothing succeeds; if nobody is
  // contested, it is exact.
  if (!rootSatisfied(rule, values, counts)) return false;
  return !contested || contestedSatisfiable(rule, items);
}

/**
 * Satisfiability once the relaxation holds and some item could fill two slots (isSatisfiable's
 * second half, for callers that made the relaxation themselves).
 */
export function contestedSatisfiable(rule: CompiledRule, items: readonly Item[]): boolean {
  // An allocation without any sharing respects every sharing limit: try that first (fast).
  if (satisfyExclusive(rule, items)) return true;
  if (rule.nodes.every((n) => n.maxShared === 0)) return false;
  return search(rule, items, 'satisfy').satisfied;
}

/**
 * Satisfiability when no node allows sharing (every item fills at most one slot), by
 * propagation and branching. The state is each item's place: undecided (it may fill any of
 * its slots) or decided (one slot). The relaxation counts every undecided item in all its
 * slots; when it fails, the state is dead (monotonicity). It also says which slots every
 * allocation of the state must fill: the root is required; a required node whose relaxation
 * meets its need exactly (ALL, ANY, N_OF: just `need` branches can be satisfied;
 * MIN_CREDITS: a slot without which the relaxed credits fall short) requires those
 * branches. A required slot with a single possible item gets that item (it leaves its other
 * slots), until nothing changes. Then the search branches on the required, unfilled slot
 * with the fewest possible items (one branch per item: some item must fill it), or, with no
 * such slot, on an undecided item with several slots (one branch per slot: placing an item
 * never hurts, so "unused" is no separate case). With no undecided item left the relaxation
 * is an allocation, so its verdict is exact.
 */
function satisfyExclusive(rule: CompiledRule, items: readonly Item[]): boolean {
  const slotCount = rule.slots.length;
  // Per item, the slots it can fill and the credits it counts there.
  const itemSlots: number[][] = [];
  const itemCredits: number[][] = [];
  for (const item of items) {
    const slots: number[] = [];
    const credits: number[] = [];
    for (const [id, c] of item.identities)
      for (const s of rule.slotsByAccepted.get(id) ?? []) {
        slots.push(s);
        credits.push(c);
      }
    if (slots.length > 0) {
      itemSlots.push(slots);
      itemCredits.push(credits);
    }
  }
  const count = itemSlots.length;
  const bySlot: number[][] = rule.slots.map(() => []);
  itemSlots.forEach((slots, i) => {
    for (const s of slots) bySlot[s]!.push(i);
  });
  const nodeCount = rule.nodes.length;
  const values = new Float64Array(slotCount);
  const requiredNode = new Uint8Array(nodeCount);
  const requiredSlot = new Uint8Array(slotCount);
  const counts = new NodeCounts(nodeCount);
  const childSatisfied = (c: number) => counts.satisfied[c] === 1;
  const require = {
    slot: (s: number) => {
      requiredSlot[s] = 1;
    },
    child: (c: number) => {
      requiredNode[c] = 1;
    },
  };

  /** -1: undecided; otherwise the index (in itemSlots[i]) of the slot item i fills. */
  const solve = (placed: Int32Array): boolean => {
    for (;;) {
      values.fill(-1);
      let undecided = 0;
      for (let i = 0; i < count; i++) {
        const slots = itemSlots[i]!;
        const credits = itemCredits[i]!;
        const at = placed[i]!;
        if (at >= 0) {
          if (credits[at]! > values[slots[at]!]!) values[slots[at]!] = credits[at]!;
          continue;
        }
        undecided++;
        for (let k = 0; k < slots.length; k++)
          if (credits[k]! > values[slots[k]!]!) values[slots[k]!] = credits[k]!;
      }
      counts.evaluate(rule, values);
      if (!counts.satisfied[0]) return false;
      if (undecided === 0) return true;

      requiredNode.fill(0);
      requiredSlot.fill(0);
      requiredNode[0] = 1;
      for (let r = 0; r < nodeCount; r++) {
        if (!requiredNode[r]) continue;
        const node = rule.nodes[r]!;
        node.operator.requiredBranches(
          node,
          counts.done[r]!,
          node.needed,
          values,
          childSatisfied,
          require,
        );
      }

      let changed = false;
      let branchSlot = -1;
      let branchSize = Infinity;
      for (let s = 0; s < slotCount; s++) {
        if (!requiredSlot[s]) continue;
        let filled = false;
        let only = -1;
        let options = 0;
        for (const i of bySlot[s]!) {
          const at = placed[i]!;
          if (at >= 0) {
            if (itemSlots[i]![at] === s) filled = true;
          } else {
            options++;
            only = i;
          }
        }
        if (filled || options === 0) continue;
        if (options === 1) {
          placed[only] = itemSlots[only]!.indexOf(s);
          changed = true;
        } else if (options < branchSize) {
          branchSize = options;
          branchSlot = s;
        }
      }
      if (changed) continue;

      if (branchSlot >= 0) {
        for (const i of bySlot[branchSlot]!) {
          if (placed[i]! >= 0) continue;
          const next = Int32Array.from(placed);
          next[i] = itemSlots[i]!.indexOf(branchSlot);
          if (solve(next)) return true;
        }
        return false;
      }
      let item = -1;
      for (let i = 0; i < count; i++)
        if (placed[i]! < 0 && (item < 0 || itemSlots[i]!.length > itemSlots[item]!.length))
          item = i;
      for (let k = 0; k < itemSlots[item]!.length; k++) {
        const next = Int32Array.from(placed);
        next[item] = k;
        if (solve(next)) return true;
      }
      return false;
    }
  };
  const start = new Int32Array(count).fill(-1);
  itemSlots.forEach((slots, i) => {
    if (slots.length === 1) start[i] = 0;
  });
  return solve(start);
}

/**
 * The best allocation of items to the rule: one that satisfies the root when any does, and
 * otherwise (and then) the one with the most progress (nodes satisfied, then the sum of each
 * node's fraction done). `maxSteps` bounds the search for huge audits; the result says whether
 * it is proven best.
 */
export function allocateRule(
  root: RuleNode,
  items: readonly Item[],
  options: { maxSteps?: number } = {},
): Allocation & { proven: boolean } {
  return search(compileRule(root), items, 'best', options.maxSteps ?? 200_000);
}

function search(
  rule: CompiledRule,
  items: readonly Item[],
  mode: 'satisfy' | 'best',
  maxSteps = Infinity,
): Allocation & { proven: boolean } {
  const { bySlot, byItem } = candidates(rule, items);
  const slotCount = rule.slots.length;
  const sharing = rule.nodes.some((n) => n.maxShared > 0);

  // Items that can fill a single slot are placed there: they compete with nobody.
  // Slot value = best credits of the items placed in it (one of them is counted).
  const fixed = new Float64Array(slotCount).fill(-1);
  const fixedItem = new Int32Array(slotCount).fill(-1);
  const choices: [number, number][] = [];
  byItem.forEach((slots, i) => {
    if (slots.length === 1) {
      const s = slots[0]!;
      const credits = bySlot[s]!.find((c) => c.item === i)!.credits;
      if (credits > fixed[s]!) {
        fixed[s] = credits;
        fixedItem[s] = i;
      }
    } else for (const s of slots) choices.push([i, s]);
  });

  const choiceCredits = choices.map(([i, s]) => bySlot[s]!.find((c) => c.item === i)!.credits);
  // suffix[k · slotCount + s]: the best credits the undecided choices k.. could still put in
  // slot s (one array: a typed array per choice cost more than the search on small rules).
  const suffix = new Float64Array((choices.length + 1) * slotCount).fill(-1);
  for (let k = choices.length - 1; k >= 0; k--) {
    suffix.copyWithin(k * slotCount, (k + 1) * slotCount, (k + 2) * slotCount);
    const at = k * slotCount + choices[k]![1];
    if (choiceCredits[k]! > suffix[at]!) suffix[at] = choiceCredits[k]!;
  }
  // Nodes that no allocation satisfies (their subtree alone is unsatisfiable, and the tree
  // only adds constraints): the relaxation counts them unsatisfied, which keeps the best
  // allocation the same and lets the bound prune (only without sharing, where deciding a
  // subtree is cheap).
  let impossible: Uint8Array | undefined;
  // Relaxation: every undecided choice taken at once (its slot values and node counts in
  // scratch arrays, read before the search goes on).
  const relaxedValues = new Float64Array(slotCount);
  const relaxed = new NodeCounts(rule.nodes.length);
  const relaxedFrom = (decided: number, chosen: Float64Array) => {
    const rest = decided * slotCount;
    for (let s = 0; s < slotCount; s++) relaxedValues[s] = Math.max(chosen[s]!, suffix[rest + s]!);
    relaxed.evaluate(rule, relaxedValues, impossible);
    return relaxed;
  };
  if (mode === 'best' && !sharing) {
    impossible = new Uint8Array(rule.nodes.length);
    // Every choice taken at once is each subtree's own relaxation (isSatisfiable's first
    // test): a node it leaves unsatisfied is impossible, and one it satisfies with no item
    // contested below it is possible. Only the rest need the subtree's search. (Nothing is
    // marked impossible yet, so this is the plain relaxation.)
    const all = relaxedFrom(0, fixed);
    const contested = new Uint8Array(rule.nodes.length);
    for (const slots of byItem)
      if (slots.length > 1)
        for (const s of slots)
          for (let n = rule.slots[s]!.node; n >= 0; n = rule.nodes[n]!.parent) contested[n] = 1;
    rule.nodes.forEach((node, i) => {
      if (!all.satisfied[i] || (contested[i] && !isSatisfiable(node.rule, items)))
        impossible![i] = 1;
    });
  }

  const current = Float64Array.from(fixed);
  const currentItem = Int32Array.from(fixedItem);
  const itemSlots: number[][] = items.map(() => []);
  const shareUsed = new Int32Array(rule.nodes.length);

  let best:
    | { states: NodeState[]; values: Float64Array; owners: Int32Array; multi: number[][] }
    | undefined;
  let bestScore = -Infinity;
  let steps = 0;
  let exhausted = false;

  const leaf = new NodeCounts(rule.nodes.length);
  const finish = () => {
    leaf.evaluate(rule, current);
    const sc = leaf.score(rule);
    if (sc > bestScore) {
      bestScore = sc;
      best = {
        states: leaf.states(rule),
        values: Float64Array.from(current),
        owners: Int32Array.from(currentItem),
        multi: itemSlots.map((s) => [...s]),
      };
    }
  };

  // `inherited`: the parent's relaxation bound when this node's relaxation is the parent's
  // (score in `best`, 1 or 0 for a satisfied root in `satisfy`), so evaluating it again is
  // skipped; the search and its answer are the same.
  const dfs = (k: number, inherited?: number): boolean => {
    if (++steps > maxSteps) {
      exhausted = true;
      return true;
    }
    let bound = inherited;
    if (bound === undefined) {
      const counts = relaxedFrom(k, current);
      bound = mode === 'satisfy' ? counts.satisfied[0]! : counts.score(rule);
    }
    if (mode === 'satisfy' && bound === 0) return false;
    if (mode === 'best' && bound <= bestScore) return false;
    if (k === choices.length) {
      finish();
      return mode === 'satisfy' ? best!.states[0]!.satisfied : false;
    }
    const [i, s] = choices[k]!;
    const credits = choiceCredits[k]!;
    // Option 1: count item i in slot s (if allowed and useful).
    if (credits > current[s]!) {
      const touched =
        itemSlots[i]!.length === 0
          ? []
          : sharing
            ? extraCountings(rule, itemSlots[i]!, s, shareUsed)
            : undefined;
      if (touched) {
        const prevValue = current[s]!;
        const prevOwner = currentItem[s]!;
        current[s] = credits;
        currentItem[s] = i;
        itemSlots[i]!.push(s);
        for (const r of touched) shareUsed[r]!++;
        // Slot s's relaxed value was already the best of choices k.. (at least `credits`),
        // and every other slot's is unchanged: the same relaxation.
        const stop = dfs(k + 1, bound);
        for (const r of touched) shareUsed[r]!--;
        itemSlots[i]!.pop();
        current[s] = prevValue;
        currentItem[s] = prevOwner;
        if (stop) return true;
      }
    }
    // Option 2: not in this slot. Only slot s's relaxed value can drop (when choice k was
    // the best left for it).
    const kept =
      Math.max(current[s]!, suffix[(k + 1) * slotCount + s]!) ===
      Math.max(current[s]!, suffix[k * slotCount + s]!);
    return dfs(k + 1, kept ? bound : undefined);
  };
  dfs(0);
  if (!best) finish();
  const b = best!;
  const placements: Placement[] = [];
  for (let s = 0; s < slotCount; s++) {
    const owner = b.owners[s]!;
    if (owner >= 0) placements.push({ slot: s, item: items[owner]!.id, credits: b.values[s]! });
  }
  return { satisfied: b.states[0]!.satisfied, placements, nodes: b.states, proven: !exhausted };
}
