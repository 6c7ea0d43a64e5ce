import type { RuleNode } from '../../graph/index.js';
import type { RequirementOp } from '../../model/index.js';
import { ALL } from './all.js';
import { ANY } from './any.js';
import { MIN_CREDITS } from './minCredits.js';
import { N_OF } from './nOf.js';
import type { Operator } from './types.js';

/** Every rule operator, by its name in the catalogue model (README.md: adding one). */
export const OPERATORS: Readonly<Record<RequirementOp, Operator>> = { ALL, ANY, N_OF, MIN_CREDITS };

/** The operator of a rule node. */
export function operatorOf(rule: RuleNode): Operator {
  // A rule reaches the engine parsed, but a record written by a newer version may not be.
  const operator = OPERATORS[rule.op] as Operator | undefined;
  if (!operator) throw new Error(`operators: no operator "${rule.op}"`);
  return operator;
}

export type {
  Operator,
  RelaxedChoice,
  RelaxedOption,
  RelaxedEntries,
  MipAllocation,
  MipLinear,
  MipRowSink,
  MipTerm,
} from './types.js';
export { UNREACHABLE, linear, relaxedEntries, scaled, sumOf } from './types.js';
export * from './sharing.js';
export { ALL, ANY, N_OF, MIN_CREDITS };
