import type { CatalogueGraph } from '../graph/index.js';
import { credentialOf, providerOf } from '../graph/index.js';
import type {
  PriorLearningMethod,
  PriorLearningPolicy,
  PriorLearningRecord,
} from '../model/index.js';
import type { HeldCredential } from './holdings.js';
import { itemFor, recognitionsInForce, transfersInForce, type Item } from './items.js';

/**
 * Recognition of prior learning (docs/engine-semantics.md, "Prior learning"): which of a
 * learner's validated learning outcomes and skills count on a date, the outcomes they
 * establish, the items they give the engine, which credentials could be granted by exemption,
 * and the caps of the awarding provider's policy. Pure; the planner's choice of exemptions is
 * in planner/priorLearning.ts.
 */

export type PriorLearningDropReason =
  'not-yet-validated' | 'unverified' | 'self-declared' | 'unknown-outcome' | 'no-outcome-for-skill';

/** A record that counts, with the learning outcomes it establishes. */
export interface CountedPriorLearning {
  /** Position of the record in the learner's (or the request's) list. */
  index: number;
  record: PriorLearningRecord;
  outcomes: string[];
}

export interface DroppedPriorLearning {
  index: number;
  record: PriorLearningRecord;
  reason: PriorLearningDropReason;
  /** A sentence a person can read. */
  detail: string;
}

export interface PriorLearningCheck {
  counted: CountedPriorLearning[];
  dropped: DroppedPriorLearning[];
  /** outcome id -> indexes of the counted records establishing it. */
  outcomes: Map<string, number[]>;
}

export interface PriorLearningInput {
  records: readonly PriorLearningRecord[];
  /** Count unverified and self-declared records too (default false). */
  countUnverified?: boolean | undefined;
}

/** The learning outcomes of the catalogue that develop or assess an ESCO skill. */
function outcomesOfSkill(graph: CatalogueGraph, skill: string): string[] {
  if (!graph.hasNode(skill)) return [];
  const out: string[] = [];
  graph.forEachInEdge(skill, (_e, attrs, source) => {
    if (attrs.type === 'develops' && !out.includes(source)) out.push(source);
  });
  return out;
}

/**
 * Which records count on `asOf`: validated on or before it, and verified unless
 * `countUnverified` (a self-declared record is never verified evidence: it counts only with
 * `countUnverified`). An outcome record establishes its outcome; a skill record every outcome
 * of the catalogue mapped to that skill.
 */
export function checkPriorLearning(
  graph: CatalogueGraph,
  input: PriorLearningInput,
  asOf: string,
): PriorLearningCheck {
  const counted: CountedPriorLearning[] = [];
  const dropped: DroppedPriorLearning[] = [];
  const outcomes = new Map<string, number[]>();
  input.records.forEach((record, index) => {
    const what = record.outcome ?? record.skill!;
    const drop = (reason: PriorLearningDropReason, detail: string) =>
      dropped.push({ index, record, reason, detail });
    if (record.validatedOn > asOf)
      return drop(
        'not-yet-validated',
        `${what} is validated on ${record.validatedOn}, after ${asOf}`,
      );
    if (!input.countUnverified && record.method === 'self-declared')
      return drop('self-declared', `${what} is self-declared (counts only with countUnverified)`);
    if (!input.countUnverified && !record.verified)
      return drop('unverified', `${what} is not verified (counts only with countUnverified)`);
    let established: string[];
    if (record.outcome !== undefined) {
      const node = graph.hasNode(record.outcome)
        ? graph.getNodeAttributes(record.outcome)
        : undefined;
      if (node?.type !== 'outcome')
        return drop(
          'unknown-outcome',
          `"${record.outcome}" is not a learning outcome of the catalogue`,
        );
      established = [record.outcome];
    } else {
      established = outcomesOfSkill(graph, record.skill!);
      if (established.length === 0)
        return drop(
          'no-outcome-for-skill',
          `no learning outcome of the catalogue maps to the skill "${record.skill}"`,
        );
    }
    counted.push({ index, record, outcomes: established });
    for (const o of established) outcomes.set(o, [...(outcomes.get(o) ?? []), index]);
  });
  return { counted, dropped, outcomes };
}

/**
 * One item per outcome established by prior learning: it fills slots accepting that outcome,
 * with 0 credits, like an outcome a credential certifies. The item's id is the outcome's.
 */
export function priorLearningItems(check: PriorLearningCheck): Item[] {
  return [...check.outcomes.keys()].map((outcome) => ({
    id: outcome,
    identities: new Map([[outcome, 0]]),
    origin: 'prior-learning',
  }));
}

/**
 * Everything prior learning could give any plan on this catalogue: the established outcomes,
 * and every credential exemptable anywhere as if granted. A relaxation for lower bounds over
 * many targets (the matcher's): an exemption studies no credits or hours and its fee and step
 * are at least 0, and the caps and the provider minimum only take plans away.
 */
export function priorLearningRelaxation(
  graph: CatalogueGraph,
  check: PriorLearningCheck,
  asOf: string,
): Item[] {
  if (check.outcomes.size === 0) return [];
  const credentials = graph.filterNodes((_id, n) => n.type === 'credential');
  return [
    ...priorLearningItems(check),
    ...exemptableCredentials(graph, check, credentials).map((e) =>
      itemFor(graph, e.credential, 'exempted', asOf),
    ),
  ];
}

/** A credential that can be granted by exemption, with what it relies on. */
export interface Exemptable {
  credential: string;
  provider: string;
  policy: PriorLearningPolicy;
  /** Indexes of the counted records that establish its outcomes. */
  evidence: number[];
}

/**
 * The credentials among `ids` that can be granted by exemption: their provider's policy
 * allows it and every learning outcome they certify (at least one) is established by prior
 * learning that counts.
 */
export function exemptableCredentials(
  graph: CatalogueGraph,
  check: PriorLearningCheck,
  ids: Iterable<string>,
): Exemptable[] {
  const out: Exemptable[] = [];
  for (const id of ids) {
    const c = credentialOf(graph, id);
    const policy = providerOf(graph, c?.provider)?.priorLearningPolicy;
    if (!c || !policy?.exemption || c.learningOutcomes.length === 0) continue;
    if (!c.learningOutcomes.every((o) => check.outcomes.has(o))) continue;
    const evidence = [...new Set(c.learningOutcomes.flatMap((o) => check.outcomes.get(o)!))];
    out.push({
      credential: id,
      provider: c.provider!,
      policy,
      evidence: evidence.sort((a, b) => a - b),
    });
  }
  return out;
}

/** The caps of the awarding provider's policy for a qualification target. */
export interface PriorLearningCaps {
  qualification: string;
  provider: string;
  policySource?: string | undefined;
  /** Credits prior learning and transfer may fill at most (share × the qualification's credits). */
  maxCredits?: number | undefined;
  /**
   * Credits the learner's holdings of other providers already transfer: recognitions in force
   * of held credentials as credentials of the awarding provider.
   */
  transferCredits: number;
  /** With an exemption, credits the plan must take with the awarding provider. */
  minCreditsWithProvider?: number | undefined;
}

/**
 * The caps for a target qualification, from its provider's policy (undefined when it has no
 * provider or no policy: then exemptions are limited only by their own providers' policies).
 */
export function capsFor(
  graph: CatalogueGraph,
  qualification: string,
  holdings: readonly HeldCredential[],
  asOf: string,
): PriorLearningCaps | undefined {
  const q = credentialOf(graph, qualification);
  const policy = providerOf(graph, q?.provider)?.priorLearningPolicy;
  if (!q || !policy) return undefined;
  // What a held credential of another provider can fill by transfer: the most of its
  // agreements in force, whole (as a credential of the provider) or partial (credits towards a
  // rule of this qualification); a holding fills one slot, so one agreement counts.
  let transferCredits = 0;
  for (const h of holdings) {
    if (credentialOf(graph, h.credential)?.provider === q.provider) continue;
    let best = 0;
    for (const [to, credits] of recognitionsInForce(graph, h.credential, asOf))
      if (credentialOf(graph, to)?.provider === q.provider) best = Math.max(best, credits);
    for (const t of transfersInForce(graph, h.credential, asOf))
      if (t.qualification === qualification) best = Math.max(best, t.credits);
    transferCredits += best;
  }
  return {
    qualification,
    provider: q.provider!,
    ...(policy.source !== undefined ? { policySource: policy.source } : {}),
    ...(policy.maxShareOfQualification !== undefined
      ? { maxCredits: policy.maxShareOfQualification * q.credits }
      : {}),
    transferCredits,
    ...(policy.minCreditsWithProvider !== undefined
      ? { minCreditsWithProvider: policy.minCreditsWithProvider }
      : {}),
  };
}

export interface PriorLearningRecordOutput {
  index: number;
  outcome?: string | undefined;
  skill?: string | undefined;
  method: PriorLearningMethod;
  validatedOn: string;
  verified: boolean;
  evidence?: string | undefined;
  source?: string | undefined;
}

/** The prior learning of an audit or a plan: what counted, for which outcomes, and what not. */
export interface PriorLearningRecords {
  counted: (PriorLearningRecordOutput & { outcomes: string[] })[];
  dropped: { index: number; reason: PriorLearningDropReason; detail: string }[];
}

/** The records of a check as the plan and the audit show them. */
export function priorLearningRecords(check: PriorLearningCheck): PriorLearningRecords {
  return {
    counted: check.counted.map((c) => ({
      index: c.index,
      ...c.record,
      outcomes: c.outcomes,
    })),
    dropped: check.dropped.map((d) => ({ index: d.index, reason: d.reason, detail: d.detail })),
  };
}
