/**
 * Reference semantics of audits (docs/engine-semantics.md, "Catalogue terms" to "Targets"),
 * working directly on a CatalogueDocument. Independent of src/engine: only model types are
 * imported. Slow and plain on purpose; results are memoised per model because the planner
 * reference asks the same questions many times.
 */
import type { CatalogueDocument, Credential, Recognition } from '../../../src/model/catalogue.js';
import type { RequirementNode } from '../../../src/model/requirement.js';
import type { Target } from '../../../src/model/requests.js';
import { refSatisfiable, type RefItem, type RefRule } from './allocation.js';
import { plusMonths } from './dates.js';

export interface RefHolding {
  credential: string;
  awardedOn: string;
  expiresOn?: string | undefined;
}

export type RefDropReason = 'unknown' | 'not-yet-awarded' | 'lapsed' | 'expired';

export interface RefHoldingsCheck {
  /** Credential id -> the holding that counts (the most recent valid one). */
  valid: Map<string, RefHolding>;
  dropped: { holding: RefHolding; reason: RefDropReason }[];
}

/** Earnable: as authored, and by default exactly when there is no award rule. */
export function isEarnable(c: Credential): boolean {
  return c.earnable ?? c.awardRule === undefined;
}

/** Is a recognition agreement in force on `asOf`? Bounds are inclusive and optional. */
export function inForceOn(r: Recognition, asOf: string): boolean {
  return (
    (r.validFrom === undefined || r.validFrom <= asOf) &&
    (r.validUntil === undefined || asOf <= r.validUntil)
  );
}

/** Step 1: which holdings count on `asOf`, and why the others are dropped. */
export function refCheckHoldings(
  doc: CatalogueDocument,
  holdings: readonly RefHolding[],
  asOf: string,
): RefHoldingsCheck {
  const valid = new Map<string, RefHolding>();
  const dropped: RefHoldingsCheck['dropped'] = [];
  for (const h of holdings) {
    const c = doc.credentials.find((x) => x.id === h.credential);
    let reason: RefDropReason | undefined;
    if (!c) reason = 'unknown';
    else if (h.awardedOn > asOf) reason = 'not-yet-awarded';
    else if (c.validityMonths !== undefined && plusMonths(h.awardedOn, c.validityMonths) < asOf)
      reason = 'lapsed';
    else if (h.expiresOn !== undefined && h.expiresOn < asOf) reason = 'expired';
    if (reason) {
      dropped.push({ holding: h, reason });
      continue;
    }
    const previous = valid.get(h.credential);
    if (!previous || previous.awardedOn < h.awardedOn) valid.set(h.credential, h);
  }
  return { valid, dropped };
}

/** The goal rule of a target; goals allow unlimited sharing. */
export function refGoalRule(target: Target): RefRule {
  if ('qualification' in target)
    return { op: 'ALL', accepts: [target.qualification], maxShared: Infinity };
  if ('anyOf' in target)
    return { op: 'ANY', accepts: [...new Set(target.anyOf)], maxShared: Infinity };
  if ('allOf' in target)
    return { op: 'ALL', accepts: [...new Set(target.allOf)], maxShared: Infinity };
  throw new Error('reference: occupation targets are not modelled');
}

/** Every id accepted anywhere in a rule tree. */
export function acceptedIds(rule: RefRule): Set<string> {
  const out = new Set<string>();
  const visit = (node: RefRule) => {
    for (const id of node.accepts ?? []) out.add(id);
    for (const child of node.children ?? []) visit(child);
  };
  visit(rule);
  return out;
}

/**
 * A catalogue on a reference date: items with their identities, rule satisfaction and the
 * stacking closure, all memoised.
 */
/**
 * Credits in ECTS: as given, or, for a credential or an agreement in another credit system,
 * the amount times the catalogue's declared factor; 0 without one.
 */
export function refEcts(
  doc: CatalogueDocument,
  amount: number,
  creditSystem: string | undefined,
): number {
  if (creditSystem === undefined || creditSystem === 'ECTS') return amount;
  const conversion = (doc.creditConversions ?? []).find((c) => c.from === creditSystem);
  return conversion ? amount * conversion.factor : 0;
}

/** The reference's own name for the slot a partial transfer adds to a rule. */
export const refTransferSlot = (from: string, qualification: string, rule: string) =>
  `transfer slot ${from} ${qualification} ${rule}`;
const transferSlot = (r: Recognition) =>
  refTransferSlot(r.from, r.towards!.qualification, r.towards!.rule);

/** A rule tree with each partial transfer's slot added to the node with its key. */
function withTransfers(rule: RequirementNode, transfers: readonly Recognition[]): RequirementNode {
  const slots = transfers.filter((r) => r.towards!.rule === rule.key).map(transferSlot);
  return {
    ...rule,
    ...(rule.accepts || slots.length ? { accepts: [...(rule.accepts ?? []), ...slots] } : {}),
    ...(rule.children ? { children: rule.children.map((c) => withTransfers(c, transfers)) } : {}),
  };
}

export class RefModel {
  /** The credentials as the engine counts them: credits in ECTS, transfer slots in rules. */
  readonly credentials = new Map<string, Credential>();
  private readonly items = new Map<string, RefItem>();
  private readonly satisfiedMemo = new Map<RefRule, Map<string, boolean>>();
  private readonly closureMemo = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly doc: CatalogueDocument,
    readonly asOf: string,
  ) {
    for (const c of doc.credentials) {
      const transfers = doc.recognitions.filter((r) => r.towards?.qualification === c.id);
      this.credentials.set(c.id, {
        ...c,
        credits:
          c.creditSystem === undefined
            ? c.credits
            : refEcts(doc, c.creditsOriginal ?? c.credits, c.creditSystem),
        ...(c.awardRule && transfers.length
          ? { awardRule: withTransfers(c.awardRule, transfers) }
          : {}),
      });
    }
  }

  credential(id: string): Credential {
    const c = this.credentials.get(id);
    if (!c) throw new Error(`reference: unknown credential ${id}`);
    return c;
  }

  /**
   * The item for a credential the learner has: its own id (its credits), every credential it
   * is recognised as by an agreement in force (the agreement's credits, else the recognised
   * credential's), the learning outcomes of itself and of those credentials (0 credits), and
   * the slot of each partial transfer from it in force (the agreement's credits in ECTS).
   * One hop only.
   */
  item(id: string): RefItem {
    const known = this.items.get(id);
    if (known) return known;
    const c = this.credential(id);
    const identities = new Map<string, number>();
    identities.set(id, c.credits);
    for (const lo of c.learningOutcomes) if (!identities.has(lo)) identities.set(lo, 0);
    for (const r of this.doc.recognitions) {
      if (r.from !== id || !inForceOn(r, this.asOf)) continue;
      if (r.towards) {
        identities.set(transferSlot(r), refEcts(this.doc, r.credits!, r.creditSystem));
        continue;
      }
      const to = this.credentials.get(r.to!);
      if (!to) continue;
      const credits =
        r.credits === undefined ? to.credits : refEcts(this.doc, r.credits, r.creditSystem);
      // Two agreements for one pair: the better one (the generator never makes these).
      identities.set(r.to!, Math.max(identities.get(r.to!) ?? 0, credits));
      for (const lo of to.learningOutcomes) if (!identities.has(lo)) identities.set(lo, 0);
    }
    const item = { id, identities };
    this.items.set(id, item);
    return item;
  }

  /** Is `rule` satisfiable by the items of `had` (credential ids), leaving out `except`? */
  satisfiedBy(rule: RefRule, had: Iterable<string>, except?: string): boolean {
    const accepted = acceptedIds(rule);
    const relevant = [...had]
      .filter((id) => id !== except)
      .filter((id) => [...this.item(id).identities.keys()].some((x) => accepted.has(x)))
      .sort();
    let memo = this.satisfiedMemo.get(rule);
    if (!memo) {
      memo = new Map();
      this.satisfiedMemo.set(rule, memo);
    }
    const key = relevant.join('\u0000');
    let result = memo.get(key);
    if (result === undefined) {
      result = refSatisfiable(
        rule,
        relevant.map((id) => this.item(id)),
      );
      memo.set(key, result);
    }
    return result;
  }

  /**
   * The stacking closure of a set of credential ids: repeatedly add every credential not yet
   * had whose award rule is satisfiable by the items had (never counting itself) until
   * nothing changes.
   */
  closure(given: Iterable<string>): ReadonlySet<string> {
    const start = [...new Set(given)].sort();
    const key = start.join('\u0000');
    const known = this.closureMemo.get(key);
    if (known) return known;
    const had = new Set(start);
    for (let changed = true; changed;) {
      changed = false;
      for (const c of this.credentials.values()) {
        if (had.has(c.id) || !c.awardRule) continue;
        if (this.satisfiedBy(c.awardRule, had, c.id)) {
          had.add(c.id);
          changed = true;
        }
      }
    }
    this.closureMemo.set(key, had);
    return had;
  }
}
