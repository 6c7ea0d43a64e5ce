import { z } from 'zod';

/**
 * A node of a rule tree (award rule or entry rule). A node's *branches* are its child nodes
 * and its accepted items (credential or learning-outcome ids); the operator says how many
 * branches must be satisfied:
 *
 * - `ALL`: every branch;
 * - `ANY`: at least one branch;
 * - `N_OF`: at least `n` distinct branches;
 * - `MIN_CREDITS`: accepted credentials whose credits add up to at least `credits`
 *   (accepted items only, no child nodes).
 *
 * A held item fills at most one accepted slot of a tree. `maxShared` relaxes this: it is the
 * number of extra countings of one item across this node's branches that the node tolerates
 * (e.g. a module counting towards both the major and the minor). The exact semantics are in
 * docs/engine-semantics.md.
 */
export const RequirementOp = z
  .enum(['ALL', 'ANY', 'N_OF', 'MIN_CREDITS'])
  .describe('How many branches must be satisfied.');
export type RequirementOp = z.infer<typeof RequirementOp>;

/** The TypeScript shape of a rule-tree node (declared because the schema is recursive). */
export interface RequirementNode {
  op: RequirementOp;
  n?: number | undefined;
  credits?: number | undefined;
  key?: string | undefined;
  label?: string | undefined;
  designation?: string | undefined;
  maxShared?: number | undefined;
  accepts?: string[] | undefined;
  children?: RequirementNode[] | undefined;
}

export const RequirementNode: z.ZodType<RequirementNode> = z
  .object({
    op: RequirementOp,
    n: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('For N_OF: how many distinct branches are needed.'),
    credits: z
      .number()
      .positive()
      .optional()
      .describe('For MIN_CREDITS: the credit sum needed from accepted credentials.'),
    key: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"')
      .optional()
      .describe(
        'Stable name of this rule node, unique within the credential (a recognition names it to grant credits towards it).',
      ),
    label: z.string().min(1).optional().describe('Human name, e.g. "Core: data analysis".'),
    designation: z
      .string()
      .min(1)
      .optional()
      .describe('Role of this part of the rule: core, elective, optional...'),
    maxShared: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('How many extra countings of one item across branches this node tolerates.'),
    accepts: z
      .array(z.string().min(1))
      .optional()
      .describe('Ids of credentials or learning outcomes that fill this node directly.'),
    get children(): z.ZodOptional<z.ZodArray<z.ZodType<RequirementNode>>> {
      return z.array(RequirementNode).optional().describe('Sub-rules, in authored order.');
    },
  })
  .strict()
  .superRefine((node, ctx) => {
    const branches = (node.accepts?.length ?? 0) + (node.children?.length ?? 0);
    if (branches === 0) {
      ctx.addIssue({ code: 'custom', message: 'a requirement needs children or accepts' });
    }
    if (node.op === 'N_OF') {
      if (node.n === undefined) {
        ctx.addIssue({ code: 'custom', path: ['n'], message: 'N_OF needs n' });
      } else if (node.n > branches) {
        ctx.addIssue({
          code: 'custom',
          path: ['n'],
          message: `N_OF needs ${node.n} branches but only ${branches} are listed`,
        });
      }
    } else if (node.n !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: `n is only meaningful for N_OF` });
    }
    if (node.op === 'MIN_CREDITS') {
      if (node.credits === undefined) {
        ctx.addIssue({ code: 'custom', path: ['credits'], message: 'MIN_CREDITS needs credits' });
      }
      if (node.children?.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['children'],
          message: 'MIN_CREDITS counts accepted credentials only; use accepts, not children',
        });
      }
    } else if (node.credits !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['credits'],
        message: 'credits is only meaningful for MIN_CREDITS',
      });
    }
    const seen = new Set<string>();
    node.accepts?.forEach((id, i) => {
      if (seen.has(id)) {
        ctx.addIssue({ code: 'custom', path: ['accepts', i], message: `"${id}" is listed twice` });
      }
      seen.add(id);
    });
  })
  .meta({ id: 'RequirementNode' });

/**
 * How large one rule tree (an award or entry rule) may be: at most `depth` levels (the root is
 * level 1) and at most `size` entries, counting every node and every accepted id. Real rules
 * are a few levels deep and a few hundred entries wide; the limits keep every recursive walk
 * over a tree (validation, the engine, export) far from the call-stack limit and bound the
 * work one rule can cost.
 */
export const RULE_TREE_LIMITS = { depth: 32, size: 2000 } as const;

const limitsText = `a rule tree may have at most ${RULE_TREE_LIMITS.depth} levels and ${RULE_TREE_LIMITS.size} entries (nodes and accepted ids)`;

/**
 * Why a raw (unvalidated) rule tree is over RULE_TREE_LIMITS, or undefined when it is not.
 * Iterative and stopping at the first excess, so a tree nested 100,000 levels deep or a node
 * with a million children costs no more than the limits themselves; anything that is not a
 * tree of objects with `children` arrays is left to the schema.
 */
export function ruleTreeLimitProblem(tree: unknown): string | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: tree, depth: 1 }];
  let size = 1; // entries seen so far: the root, then every child and accepted id listed
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > RULE_TREE_LIMITS.depth)
      return `nests more than ${RULE_TREE_LIMITS.depth} levels deep; ${limitsText}`;
    const { accepts, children } = node as { accepts?: unknown; children?: unknown };
    if (Array.isArray(accepts)) size += accepts.length;
    if (Array.isArray(children)) size += children.length;
    if (size > RULE_TREE_LIMITS.size)
      return `has more than ${RULE_TREE_LIMITS.size} entries; ${limitsText}`;
    if (Array.isArray(children))
      for (const child of children as unknown[]) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

/**
 * A whole rule tree (award or entry rule): its size is checked first, without recursion, and
 * only a tree within RULE_TREE_LIMITS is parsed by the recursive node schema.
 */
export const BoundedRuleTree = z.preprocess((tree, ctx) => {
  const problem = ruleTreeLimitProblem(tree);
  if (problem === undefined) return tree;
  ctx.addIssue({ code: 'custom', message: problem, input: tree });
  return z.NEVER;
}, RequirementNode);
