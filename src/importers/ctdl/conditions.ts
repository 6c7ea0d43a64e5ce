import { RULE_TREE_LIMITS, type RequirementNode } from '../../model/index.js';
import { isObj, localName, many, num, refs, term, text, type Json, type Obj } from '../jsonld.js';
import { convert, readAmount, readCredits, unitName } from './credits.js';
import type { NodeIndex } from './nodes.js';

/**
 * ComponentConditions → rule trees. A condition's branches are its target components and its
 * nested conditions; `requiredNumber` n of them gives ALL (n = all), ANY (n = 1) or N_OF n
 * (CTDL: "number of targetComponent resources that must be fulfilled"); without n,
 * `logicalOperator` And/Or gives ALL/ANY (default ALL). A condition that names no target
 * and nests no condition applies to its component's children (`hasChild`): alternatives
 * listed under one parent with `requiredNumber` 1 or Or are ANY, not ALL. A credit
 * constraint (`creditValue` compared GTEQ/GT/EQ with an amount in a known unit) gives
 * MIN_CREDITS over the targets. What cannot be mapped is warned about, naming the component;
 * a condition left without branches is dropped.
 */
export interface ConditionContext {
  index: NodeIndex;
  /** The credential a referenced component stands for (its proxy), or undefined if none. */
  identity: (id: string) => string | undefined;
  /** Components of a type the graph cannot hold (reported where they are described). */
  unsupported: (id: string) => boolean;
  warn: (node: string, message: string) => void;
  /** Reports the properties of a condition or constraint that are not read. */
  checkProperties: (owner: string, where: string, type: string, node: Obj) => void;
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
  implied: string[] = [],
  nesting: Nesting = { above: [], entries: { count: 0 } },
): RequirementNode | undefined {
  const { index, identity, warn } = ctx;
  const { id: conditionId, node: condition } = index.resolve(raw);
  ctx.used.add(conditionId);
  const at = conditionId || where;
  if (!condition) {
    warn(owner, `condition ${conditionId} is not described in the files of this import: skipped`);
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
  ctx.checkProperties(owner, at, 'ComponentCondition', condition);

  const named = refs(condition.targetComponent);
  const nested = refs(condition.hasCondition);
  const accepts: string[] = [];
  const add = (id: string) => {
    if (!accepts.includes(id)) accepts.push(id);
  };
  for (const t of named) {
    const { id } = index.resolve(t);
    const credential = identity(id);
    if (id === owner || credential === identity(owner))
      warn(owner, `condition ${at} names its own component: target skipped`);
    else if (credential !== undefined) add(credential);
    else if (!ctx.unsupported(id))
      warn(
        owner,
        `condition ${at}: target "${id}" is not a component in the files of this import: skipped`,
      );
  }
  // No target and no nested condition: the condition is about the component's children.
  const targetsImplied = named.length === 0 && nested.length === 0 && implied.length > 0;
  if (targetsImplied) implied.forEach(add);
  nesting.entries.count += accepts.length;
  if (nesting.entries.count > RULE_TREE_LIMITS.size)
    throw new ConditionTreeTooLargeError(
      owner,
      `make more than ${RULE_TREE_LIMITS.size} rule entries`,
    );
  const children = nested
    .map((c, i) =>
      conditionRule(ctx, owner, c, `${at}.hasCondition[${i}]`, [], {
        above: [...nesting.above, conditionId],
        entries: nesting.entries,
      }),
    )
    .filter((c): c is RequirementNode => c !== undefined);

  let minCredits: number | undefined;
  for (const c of refs(condition.hasConstraint)) {
    const { id: constraintId, node: constraint } = index.resolve(c);
    if (constraint)
      ctx.checkProperties(owner, constraintId || `${at}.hasConstraint`, 'Constraint', constraint);
    const reading = constraint ? creditConstraint(constraint) : undefined;
    if (reading?.ok && minCredits === undefined) {
      minCredits = reading.credits;
      if (reading.note) warn(owner, `condition ${at}: ${reading.note}`);
    } else
      warn(
        owner,
        `condition ${at}: constraint ${constraint ? describeConstraint(constraint) : constraintId} is not supported (${reading && !reading.ok ? reading.reason : 'only a minimum of credits is'}): ignored, the rule may be weaker than the source`,
      );
  }

  // A credit value stated on the condition itself (as a ConditionProfile states one) is a
  // minimum over its targets too.
  if (minCredits === undefined && condition.creditValue !== undefined) {
    const reading = readCredits(condition.creditValue);
    if (reading.kind === 'credits' && reading.credits > 0) {
      minCredits = reading.credits;
      if (reading.assumedUnit)
        warn(
          owner,
          `condition ${at}: its credit value names no unit: read as US semester credit hours`,
        );
    } else
      warn(
        owner,
        `condition ${at}: credit value ${reading.kind === 'unknown-unit' ? `in "${reading.unit}" has no ECTS conversion` : 'has no positive amount'}: ignored, the rule may be weaker than the source`,
      );
  }

  const label = text(condition.name) ?? text(condition.description);
  const base = label ? { label } : {};
  const required =
    num(condition.requiredNumber) ??
    (term(condition.leftOperand) === 'reqnum' ? num(condition.rightOperand) : undefined);
  if (minCredits !== undefined) {
    if (children.length)
      warn(owner, `condition ${at}: nested conditions under a credit minimum are ignored`);
    if (!accepts.length && implied.length) implied.forEach(add);
    if (!accepts.length) {
      warn(owner, `condition ${at}: a credit minimum with no target component: skipped`);
      return undefined;
    }
    if (required !== undefined && required < accepts.length)
      warn(
        owner,
        `condition ${at}: requiredNumber ${required} beside a credit minimum is not kept (only the minimum of ${minCredits} ECTS is)`,
      );
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

/** Whether a rule chooses among its branches (rather than requiring each of them). */
export const selects = (rule: RequirementNode): boolean =>
  rule.op === 'N_OF' ||
  rule.op === 'MIN_CREDITS' ||
  (rule.op === 'ANY' && (rule.accepts?.length ?? 0) + (rule.children?.length ?? 0) > 1) ||
  (rule.children ?? []).some(selects);

const CREDIT_SOURCES = new Set(['creditvalue', 'credits', 'credithours', 'creditunitvalue']);
const AT_LEAST = new Set(['gteq', 'gte', 'ge', 'greaterthanorequal', 'greaterthanorequalto']);
const EQUAL = new Set(['eq', 'equal', 'equalto']);
const MORE_THAN = new Set(['gt', 'greaterthan']);

type ConstraintReading =
  { ok: true; credits: number; note?: string } | { ok: false; reason: string };

/**
 * A credit minimum in any CTDL spelling, as ECTS: `leftSource` creditValue (or `value` when a
 * credit unit is named), `comparator` GTEQ (at least), EQ (read as at least: the total is
 * reached) or GT (read as at least, reported), `rightSource` a number, a numeric string or a
 * QuantitativeValue / ValueProfile with its unit (else the Constraint's `creditUnitType` or
 * `unitText`). Anything else is not a credit minimum.
 */
function creditConstraint(constraint: Obj): ConstraintReading {
  const left = many(constraint.leftSource).map((v) => term(v));
  const right = many(constraint.rightSource)[0];
  const amount = right === undefined ? undefined : readAmount(right);
  const unit = (isObj(right) ? unitName(right) : undefined) ?? unitName(constraint);
  const aboutCredits =
    left.some((l) => l !== undefined && CREDIT_SOURCES.has(l)) ||
    (left.some((l) => l === 'value') && unit !== undefined);
  if (!aboutCredits) return { ok: false, reason: 'only a minimum of credits is' };
  const action = term(constraint.leftAction);
  if (action !== undefined && action !== 'sum' && action !== 'total')
    return { ok: false, reason: `left action "${action}" is not a sum of credits` };
  const comparator = term(constraint.comparator) ?? '';
  const more = MORE_THAN.has(comparator);
  if (!AT_LEAST.has(comparator) && !EQUAL.has(comparator) && !more)
    return { ok: false, reason: `comparator "${comparator}" is not a minimum` };
  if (amount === undefined || amount.value <= 0)
    return { ok: false, reason: 'no positive amount of credits' };
  const reading = convert(amount.value, unit);
  if (reading.kind === 'unknown-unit')
    return { ok: false, reason: `credit unit "${reading.unit}" has no ECTS conversion` };
  if (reading.kind !== 'credits') return { ok: false, reason: 'no amount of credits' };
  const notes = [
    ...(more ? [`"more than ${amount.value}" is read as at least ${amount.value}`] : []),
    ...(reading.assumedUnit
      ? [`the credit minimum ${amount.value} names no unit: read as US semester credit hours`]
      : []),
  ];
  return {
    ok: true,
    credits: reading.credits,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

function describeConstraint(constraint: Obj): string {
  const part = (v: Json | undefined) =>
    many(v)
      .map((x) => (typeof x === 'string' ? localName(x) : JSON.stringify(x)))
      .join('|');
  return `"${part(constraint.leftSource)} ${part(constraint.comparator)} ${part(constraint.rightSource)}"`;
}
