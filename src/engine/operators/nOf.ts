import type { Operator } from './types.js';
import { countingBranches } from './branches.js';

/**
 * N_OF (n): at least n distinct branches must be satisfied.
 *
 * - satisfied: n branches satisfied;
 * - progress: the mean progress of the n most advanced branches;
 * - relaxed cost: the n cheapest branches (a plan satisfies n distinct ones, each costing at
 *   least its relaxed cost);
 * - MIP: n · satisfied ≤ Σ branches;
 * - allocation: when the relaxation satisfies exactly n branches, each of them is required.
 */
export const N_OF: Operator = {
  op: 'N_OF',
  ...countingBranches,
  needed: (rule) => rule.n,
};
