import type { CatalogueGraph } from '../graph/index.js';
import { credentialOf } from '../graph/index.js';

/**
 * Something a learner has (a valid holding, a credential taken in a plan, or an award earned
 * by stacking), with every id it can stand for in a rule: itself, the credentials it is
 * recognised as, and the learning outcomes either certifies. Each identity carries the
 * credits it is worth when it fills a slot for that id.
 */
export interface Item {
  /** The credential id this item is. */
  id: string;
  /** accepted id -> credits counted when the item fills a slot accepting that id. */
  identities: Map<string, number>;
  /** How the learner has it. */
  origin: 'held' | 'recognised' | 'planned' | 'awarded';
}

/** Is a recognition agreement in force on a date? Dates compare as YYYY-MM-DD strings. */
export function inForce(
  validFrom: string | undefined,
  validUntil: string | undefined,
  asOf: string,
): boolean {
  return (
    (validFrom === undefined || validFrom <= asOf) &&
    (validUntil === undefined || asOf <= validUntil)
  );
}

/**
 * Builds the item for a credential the learner has. `recognition` says whether recognition
 * agreements in force on `asOf` extend its identities (docs/engine-semantics.md, "Items and identities").
 */
export function itemFor(
  graph: CatalogueGraph,
  credentialId: string,
  origin: Item['origin'],
  asOf: string,
): Item {
  const identities = new Map<string, number>();
  const credential = credentialOf(graph, credentialId);
  if (!credential) throw new Error(`itemFor: "${credentialId}" is not a credential`);
  identities.set(credentialId, credential.credits);
  for (const lo of credential.learningOutcomes) identities.set(lo, 0);
  graph.forEachOutEdge(credentialId, (_edge, attrs, _source, target) => {
    if (attrs.type !== 'recognisedAs' || !inForce(attrs.validFrom, attrs.validUntil, asOf)) return;
    const other = credentialOf(graph, target);
    if (!other) return;
    identities.set(target, Math.max(identities.get(target) ?? 0, attrs.credits ?? other.credits));
    for (const lo of other.learningOutcomes) if (!identities.has(lo)) identities.set(lo, 0);
  });
  return { id: credentialId, identities, origin };
}
