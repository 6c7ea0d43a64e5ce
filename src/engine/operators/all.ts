import type { Operator } from './types.js';
import { countingBranches, slotValue } from './branches.js';

/**
 * ALL: every branch (accepted slot or child node) must be satisfied.
 *
 * - satisfied: the branches satisfied number all of them;
 * - progress: the mean progress of all branches;
 * - relaxed cost: the sum of the branches' relaxed costs;
 * - MIP: satisfied ≤ each branch (one row per branch: tighter than the single summed row of
 *   N_OF, whose LP relaxation lets one branch at 1 pay for another at 0);
 * - allocation: every branch is required.
 */
export const ALL: Operator = {
  op: 'ALL',
  ...countingBranches,
  needed: (rule) => rule.accepts.length + rule.children.length,
  mipRows(lp, satisfied, slots, children, needed) {
    if (needed <= 0) return;
    for (const b of [...slots.map(slotValue), ...children]) lp.row(satisfied, '<=', b);
  },
};
