import type { RequirementNode, RequirementOp } from '../model/index.js';

/**
 * A rule-tree node with its stable id. Ids are derived from the owning credential and the
 * node's position (`cert-x#award`, `cert-x#award.1.0`), so re-importing the same document
 * yields the same nodes.
 */
export interface RuleNode {
  id: string;
  op: RequirementOp;
  /** N_OF: branches needed. ALL: every branch. ANY: 1. MIN_CREDITS: unused (0). */
  n: number;
  /** MIN_CREDITS: credit sum needed; 0 otherwise. */
  credits: number;
  /** The stable name authored for the node (a partial transfer names its rule by it). */
  key?: string | undefined;
  label?: string | undefined;
  designation?: string | undefined;
  maxShared: number;
  accepts: string[];
  children: RuleNode[];
}

export type RuleKind = 'award' | 'entry';

export function ruleId(
  credentialId: string,
  kind: RuleKind,
  position: readonly number[] = [],
): string {
  return `${credentialId}#${kind}${position.map((p) => `.${p}`).join('')}`;
}

/** Gives every node of an authored rule tree its id and normalised numbers. */
export function toRuleNode(
  credentialId: string,
  kind: RuleKind,
  node: RequirementNode,
  position: readonly number[] = [],
): RuleNode {
  const accepts = node.accepts ?? [];
  const children = (node.children ?? []).map((c, i) =>
    toRuleNode(credentialId, kind, c, [...position, i]),
  );
  const branches = accepts.length + children.length;
  const n =
    node.op === 'ALL'
      ? branches
      : node.op === 'ANY'
        ? 1
        : node.op === 'N_OF'
          ? (node.n ?? branches)
          : 0;
  return {
    id: ruleId(credentialId, kind, position),
    op: node.op,
    n,
    credits: node.op === 'MIN_CREDITS' ? (node.credits ?? 0) : 0,
    ...(node.key !== undefined ? { key: node.key } : {}),
    label: node.label,
    designation: node.designation,
    maxShared: node.maxShared ?? 0,
    accepts,
    children,
  };
}

/** The authored form of a rule node (inverse of toRuleNode, used by export and the store). */
export function toRequirementNode(rule: RuleNode): RequirementNode {
  const out: RequirementNode = { op: rule.op };
  if (rule.op === 'N_OF') out.n = rule.n;
  if (rule.op === 'MIN_CREDITS') out.credits = rule.credits;
  if (rule.key !== undefined) out.key = rule.key;
  if (rule.label !== undefined) out.label = rule.label;
  if (rule.designation !== undefined) out.designation = rule.designation;
  if (rule.maxShared > 0) out.maxShared = rule.maxShared;
  if (rule.accepts.length) out.accepts = [...rule.accepts];
  if (rule.children.length) out.children = rule.children.map(toRequirementNode);
  return out;
}

/** Every node of a tree, parents before children. */
export function ruleNodes(root: RuleNode): RuleNode[] {
  const out: RuleNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

const acceptsCache = new WeakMap<RuleNode, string[]>();

/** Every id accepted anywhere in a tree (with repeats removed); trees are immutable, so cached. */
export function ruleAccepts(root: RuleNode): string[] {
  let ids = acceptsCache.get(root);
  if (!ids) {
    ids = [...new Set(ruleNodes(root).flatMap((n) => n.accepts))];
    acceptsCache.set(root, ids);
  }
  return ids;
}
