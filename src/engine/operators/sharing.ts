import type { CompiledRule } from '../allocation.js';
import type { MipAllocation, MipLinear, MipRowSink, MipTerm } from './types.js';
import { linear, sumOf } from './types.js';

/**
 * Exclusivity with sharing, the constraint every operator's node carries besides its own
 * (docs/engine-semantics.md, "Allocation"): for every node r,
 *
 *     Σ over items i of max(0, b_r(i) − 1) ≤ maxShared(r)
 *
 * where b_r(i) is the number of distinct branches of r whose subtree holds a slot i fills. With
 * maxShared 0 everywhere an item fills at most one slot of the tree. It is stated here once
 * for each consumer:
 *
 * - allocation and replay: `extraCountings`, what counting an item in one more slot costs,
 *   node by node (the allocation search keeps the running totals; the replay asks the
 *   allocation whenever an item had could fill two slots of a rule);
 * - bound: `ruleSharing` and `sharingDiscount`: a rule allowing M extra countings in total may
 *   count M fillers twice, so its relaxed cost is lowered by its M dearest repeated fillers;
 *   a goal with unlimited sharing splits a filler by its slots instead;
 * - MIP: `sharingRows`, an indicator per (node, filler, branch) and Σ_b ind − 1 ≤ g_{r,f},
 *   Σ_f g_{r,f} ≤ maxShared(r); with maxShared 0 simply Σ_b ind ≤ 1.
 */

/** Sharing at or above this total is unlimited (a goal: one course may cover many skills). */
export const UNLIMITED_SHARING = 1e6;

/** Extra countings a rule's nodes allow in total, and whether that is unlimited. */
export function ruleSharing(rule: CompiledRule): { total: number; unlimited: boolean } {
  const total = rule.nodes.reduce((sum, n) => sum + n.maxShared, 0);
  return { total, unlimited: total >= UNLIMITED_SHARING };
}

/**
 * Bound: the relaxed cost of a rule lowered by its `sharing` dearest repeated fillers (each
 * may be counted twice, so charged once where the relaxation charged it twice).
 */
export function sharingDiscount(cost: number, sharing: number, repeatedCharges: number[]): number {
  const discount = repeatedCharges
    .filter(Number.isFinite)
    .sort((a, b) => b - a)
    .slice(0, sharing)
    .reduce((s, c) => s + c, 0);
  return Math.max(0, cost - discount);
}

/** Index of the branch of node r whose subtree holds the slot; -1 when r is not above it. */
export function branchAt(rule: CompiledRule, slot: number, r: number): number {
  let n = rule.slots[slot]!.node;
  let b = rule.slots[slot]!.branch;
  while (n !== r) {
    b = rule.nodes[n]!.branch;
    n = rule.nodes[n]!.parent;
    if (n < 0) return -1;
  }
  return b;
}

/**
 * Allocation: the nodes at which counting an item in `slot`, besides the slots `used` it
 * already fills, adds an extra counting (a branch of the node it was not counted in yet,
 * while it is counted in another); undefined when one of them has no sharing left
 * (`shareUsed[r]` extra countings already spent at r).
 */
export function extraCountings(
  rule: CompiledRule,
  used: readonly number[],
  slot: number,
  shareUsed: Int32Array,
): number[] | undefined {
  if (used.length === 0) return [];
  const touched: number[] = [];
  for (let r = rule.slots[slot]!.node; r >= 0; r = rule.nodes[r]!.parent) {
    const b = branchAt(rule, slot, r);
    const inside = used.filter((u) => branchAt(rule, u, r) >= 0);
    if (inside.length === 0) continue;
    if (inside.some((u) => branchAt(rule, u, r) === b)) continue;
    if (shareUsed[r]! + 1 > rule.nodes[r]!.maxShared) return undefined;
    touched.push(r);
  }
  return touched;
}

/** Where the sharing rows are written (they need auxiliary variables). */
export interface MipModel extends MipRowSink {
  variable(prefix: string, binary: boolean): string;
}

/** Node index -> every slot in its subtree; and whether no node of the subtree may share. */
function subtrees(rule: CompiledRule): { slots: number[][]; exclusive: boolean[] } {
  const slots: number[][] = rule.nodes.map(() => []);
  const exclusive: boolean[] = rule.nodes.map((n) => n.maxShared === 0);
  for (let i = rule.nodes.length - 1; i >= 0; i--) {
    const node = rule.nodes[i]!;
    slots[i]!.push(...node.slots);
    for (const c of node.children) {
      slots[i]!.push(...slots[c]!);
      exclusive[i] = exclusive[i]! && exclusive[c]!;
    }
  }
  return { slots, exclusive };
}

/**
 * MIP: the exclusivity rows of one rule instance. `alloc[s]` maps each filler that may fill
 * slot s to its allocation variable. Per node and filler, one indicator per branch it may
 * count in: a_{s,f} for a slot branch; for a child branch the sum of the a's below when
 * nothing below may share (so the sum is ≤ 1), otherwise a continuous u ≥ each a below.
 */
export function sharingRows(
  lp: MipModel,
  rule: CompiledRule,
  alloc: readonly ReadonlyMap<number, MipAllocation>[],
): void {
  const { slots: below, exclusive } = subtrees(rule);
  rule.nodes.forEach((node) => {
    const indicators = new Map<number, MipLinear[]>();
    const push = (f: number, ind: MipLinear) => {
      const list = indicators.get(f);
      if (list) list.push(ind);
      else indicators.set(f, [ind]);
    };
    for (const s of node.slots) for (const [f, { v }] of alloc[s]!) push(f, linear([[1, v]]));
    for (const c of node.children) {
      const byFiller = new Map<number, string[]>();
      for (const s of below[c]!)
        for (const [f, { v }] of alloc[s]!) byFiller.set(f, [...(byFiller.get(f) ?? []), v]);
      for (const [f, vars] of byFiller) {
        if (vars.length === 1 || exclusive[c]) push(f, linear(vars.map((v) => [1, v] as const)));
        else {
          const u = lp.variable('u', false);
          for (const v of vars) lp.row(linear([[1, u]]), '>=', linear([[1, v]]));
          push(f, linear([[1, u]]));
        }
      }
    }
    const contested = [...indicators].filter(([, inds]) => inds.length > 1);
    const excess = contested.reduce((t, [, inds]) => t + inds.length - 1, 0);
    if (excess <= node.maxShared) return;
    if (node.maxShared === 0) {
      for (const [, inds] of contested) lp.row(sumOf(inds), '<=', 1);
      return;
    }
    const gs: MipTerm[] = [];
    for (const [, inds] of contested) {
      const g = lp.variable('g', false);
      lp.row(sumOf(inds), '<=', linear([[1, g]], 1));
      gs.push([1, g]);
    }
    lp.row(linear(gs), '<=', node.maxShared);
  });
}
