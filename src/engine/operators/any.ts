import type { Operator } from './types.js';
import { countingBranches } from './branches.js';

/**
 * ANY: at least one branch must be satisfied (N_OF with n = 1).
 *
 * - satisfied: one branch satisfied;
 * - progress: the progress of the most advanced branch;
 * - relaxed cost: the cheapest branch;
 * - MIP: satisfied ≤ Σ branches;
 * - allocation: when the relaxation satisfies a single branch, that branch is required.
 */
export const ANY: Operator = {
  op: 'ANY',
  ...countingBranches,
  needed: () => 1,
};
