import type { PriorLearningPolicy, PriorLearningRecord } from '../model/index.js';
import { defined } from './driver.js';

/**
 * How recognition of prior learning is kept in Neo4j: a learner's records as one
 * `(:PriorLearning)` node each, linked `(:Learner)-[:HAS_PRIOR_LEARNING {position}]->` in the
 * order given; a provider's policy as flat `priorLearningPolicy.<field>` properties of the
 * provider node (properties hold no maps). Both are written in the transaction of the learner
 * or the catalogue they belong to, and read back as the model's records.
 */

const POLICY_PREFIX = 'priorLearningPolicy.';

/** A provider's policy as node properties (none without a policy). */
export function flattenPolicy(policy: PriorLearningPolicy | undefined): Record<string, unknown> {
  if (!policy) return {};
  return Object.fromEntries(
    Object.entries(defined({ ...policy })).map(([k, v]) => [`${POLICY_PREFIX}${k}`, v]),
  );
}

/** A provider node's properties with its policy gathered again under `priorLearningPolicy`. */
export function unflattenPolicy(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const policy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props))
    if (k.startsWith(POLICY_PREFIX)) policy[k.slice(POLICY_PREFIX.length)] = v;
    else out[k] = v;
  return Object.keys(policy).length ? { ...out, priorLearningPolicy: policy } : out;
}

/** A learner's records, in order, as `learners/put-prior-learning` writes them. */
export const priorLearningRow = (l: {
  id: string;
  priorLearning: readonly PriorLearningRecord[];
}): { id: string; priorLearning: { position: number; props: Record<string, unknown> }[] } => ({
  id: l.id,
  priorLearning: l.priorLearning.map((r, position) => ({ position, props: defined({ ...r }) })),
});

/** The records read back (`p {.*, position}` rows), in their stored order. */
export function priorLearningOf(rows: unknown): Record<string, unknown>[] {
  return ((rows ?? []) as Record<string, unknown>[])
    .map((r) => ({ ...r }))
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map(({ position: _position, ...record }) => record);
}
