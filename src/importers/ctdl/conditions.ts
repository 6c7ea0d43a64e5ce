import { RULE_TREE_LIMITS, type RequirementNode } from '../../model/index.js';
import { localName, many, num, refs, term, text, typeOf, type Json, type Obj } from '../jsonld.js';
import { readCredits } from './credits.js';
import type { NodeIndex } from './nodes.js';

/**
 * ComponentConditions → rule trees. A condition's branches are its target components and its
 * nested conditions; `requiredNumber` n of them gives ALL (n = all), ANY (n = 1) or N_OF n;
 * without n, `logicalOperator` And/Or gives ALL/ANY (default ALL). A credit constraint
 * (`creditValue` ≥ x) gives MIN_CREDITS over the targets. What cannot be mapped is warned
 * about, naming the component; a condition left without branches is dropped.
 */
export interface ConditionContext {
  index: NodeIndex;
  /** Ids of the components that become credentials. */
  components: Set<string>;
  warn: (node: string, message: string) => void;
  /** Filled with the ids of the conditions read (to report orphans). */
  used: Set<string>;
}

/**
 * A component whose conditions cannot make a rule tree within RULE_TREE_LIMITS: nested too
 * deep, too many, or containing themselves. The file is rejected naming the component, before
 * reading them runs out of stack (or, for conditions shared along many paths, of time).
 */
export class ConditionTreeTooLargeError extends Error {
  constructor(
    readonly owner: string,
    reason: string,
  ) {
    super(
      `component ${owner}: its conditions ${reason}; a rule tree may have at most ${RULE_TREE_LIMITS.depth} levels and ${RULE_TREE_LIMITS.size} entries`,
    );
    this.name = 'ConditionTreeTooLargeError';
  }
}

/** Where a condition is read: the conditions above it, and the entries read for the tree. */
interface Nesting {
  above: string[];
  entries: { count: number };
}

export function conditionRule(
  ctx: ConditionContext,
  owner: string,
  raw: string | Obj,
  where: string,
  nesting: Nesting = { above: [], entries: { count: 0 } },
): RequirementNode | undefined {
  const { index, components, warn } = ctx;
  const { id: conditionId, node: condition } = index.resolve(raw);
  ctx.used.add(conditionId);
  const at = conditionId || where;
  if (!condition) {
    warn(owner, `condition ${conditionId} is not described in the file: skipped`);
    return undefined;
  }
  if (conditionId && nesting.above.includes(conditionId))
    throw new ConditionTreeTooLargeError(owner, `contain themselves (condition ${conditionId})`);
  if (nesting.above.length >= RULE_TREE_LIMITS.depth)
    throw new ConditionTreeTooLargeError(
      owner,
      `nest more than ${RULE_TREE_LIMITS.depth} levels deep (at condition ${at})`,
    );
  if (++nesting.entries.count > RULE_TREE_LIMITS.size)
    throw new ConditionTreeTooLargeError(
      owner,
      `make more than ${RULE_TREE_LIMITS.size} rule entries`,
    );

  const accepts: string[] = [];
  for (const t of refs(condition.targetComponent)) {
    const { id, node } = index.resolve(t);
    if (id === owner) warn(owner, `condition ${at} names its own component: target skipped`);
    else if (components.has(id)) {
      if (!accepts.includes(id)) accepts.push(id);
    } else if (!node || !(typeOf(node) ?? '').endsWith('Component'))
      // Unsupported component types were reported when they were read.
      warn(owner, `condition ${at}: target "${id}" is not a component in this file: skipped`);
  }
  nesting.entries.count += accepts.length;
  if (nesting.entries.count > RULE_TREE_LIMITS.size)
    throw new ConditionTreeTooLargeError(
      owner,
      `make more than ${RULE_TREE_LIMITS.size} rule entries`,
    );
  const children = refs(condition.hasCondition)
    .map((c, i) =>
      conditionRule(ctx, owner, c, `${at}.hasCondition[${i}]`, {
        above: [...nesting.above, conditionId],
        entries: nesting.entries,
      }),
    )
    .filter((c): c is RequirementNode => c !== undefined);

  let minCredits: number | undefined;
  for (const c of refs(condition.hasConstraint)) {
    const constraint = index.resolve(c).node;
    const credits = constraint ? creditConstraint(constraint) : undefined;
    if (credits !== undefined && minCredits === undefined) minCredits = credits;
    else
      warn(
        owner,
        `condition ${at}: constraint ${constraint ? describeConstraint(constraint) : index.resolve(c).id} is not supported (only a minimum of credits is): ignored, the rule may be weaker than the source`,
      );
  }

  const label = text(condition.name);
  const base = label ? { label } : {};
  if (minCredits !== undefined) {
    if (children.length)
      warn(owner, `condition ${at}: nested conditions under a credit minimum are ignored`);
    if (!accepts.length) {
      warn(owner, `condition ${at}: a credit minimum with no target component: skipped`);
      return undefined;
    }
    return { op: 'MIN_CREDITS', credits: minCredits, accepts, ...base };
  }
  const branches = accepts.length + children.length;
  if (branches === 0) {
    warn(owner, `condition ${at} has no target component that could be mapped: skipped`);
    return undefined;
  }
  const shape = {
    ...base,
    ...(accepts.length ? { accepts } : {}),
    ...(children.length ? { children } : {}),
  };

  const required =
    num(condition.requiredNumber) ??
    (term(condition.leftOperand) === 'reqnum' ? num(condition.rightOperand) : undefined);
  if (required !== undefined) {
    if (!Number.isInteger(required) || required < 1) {
      warn(
        owner,
        `condition ${at}: requiredNumber ${required} is not a positive whole number: read as all`,
      );
      return { op: 'ALL', ...shape };
    }
    if (required > branches) {
      warn(
        owner,
        `condition ${at} requires ${required} but only ${branches} of its targets could be mapped: all of them are required`,
      );
      return { op: 'ALL', ...shape };
    }
    if (required === branches) return { op: 'ALL', ...shape };
    if (required === 1) return { op: 'ANY', ...shape };
    return { op: 'N_OF', n: required, ...shape };
  }
  const operator = term(condition.logicalOperator) ?? term(condition.logicalOperand);
  if (operator === undefined || operator === 'and' || operator === 'all')
    return { op: 'ALL', ...shape };
  if (operator === 'or' || operator === 'any') return { op: 'ANY', ...shape };
  warn(owner, `condition ${at}: logical operator "${operator}" is not supported: skipped`);
  return undefined;
}

/** ALL of several rules; one rule as itself; none as undefined. */
export const allOf = (rules: RequirementNode[]): RequirementNode | undefined =>
  rules.length === 0 ? undefined : rules.length === 1 ? rules[0] : { op: 'ALL', children: rules };

/** `creditValue >= x` (in any CTDL spelling) as ECTS, else undefined. */
function creditConstraint(constraint: Obj): number | undefined {
  const left = many(constraint.leftSource).map((v) => term(v));
  const comparator = term(constraint.comparator);
  if (!left.some((l) => l === 'creditvalue' || l === 'credits' || l === 'credithours'))
    return undefined;
  if (!['gteq', 'gte', 'ge', 'greaterthanorequal', 'eq', 'equal'].includes(comparator ?? ''))
    return undefined;
  const value = num(constraint.rightSource);
  if (value === undefined || value <= 0) return undefined;
  const unit = constraint.creditUnitType;
  const reading = readCredits({ value, ...(unit !== undefined ? { creditUnitType: unit } : {}) });
  return reading.kind === 'credits' ? reading.credits : undefined;
}

function describeConstraint(constraint: Obj): string {
  const part = (v: Json | undefined) =>
    many(v)
      .map((x) => (typeof x === 'string' ? localName(x) : JSON.stringify(x)))
      .join('|');
  return `"${part(constraint.leftSource)} ${part(constraint.comparator)} ${part(constraint.rightSource)}"`;
}
