import type { CatalogueGraph, ConvertedCredits, TransferNode } from '../graph/index.js';
import { credentialOf, transferOf } from '../graph/index.js';

/**
 * Something a learner has (a valid holding, a credential taken in a plan, or an award earned
 * by stacking), with every id it can stand for in a rule: itself, the credentials it is
 * recognised as, and the learning outcomes either certifies. Each identity carries the
 * credits it is worth when it fills a slot for that id.
 */
export interface Item {
  /** The credential id this item is. */
  id: string;
  /**
   * accepted id -> credits counted when the item fills a slot accepting that id. Shared
   * between the items of one credential (identitiesOf caches it): never changed in place.
   */
  identities: ReadonlyMap<string, number>;
  /** How the learner has it. */
  origin: 'held' | 'recognised' | 'planned' | 'awarded' | 'prior-learning' | 'exempted';
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
 * The recognition agreements of a credential in force on `asOf`: each credential it counts as
 * and the credits it is worth there (the agreement's, or the recognised credential's when the
 * agreement gives none; the larger when two agreements name the same credential). One hop:
 * recognition does not chain. This is the one statement of which recognitions count; the
 * identities below and their inverse, `standsFor`, both read it.
 */
export function recognitionsInForce(
  graph: CatalogueGraph,
  credentialId: string,
  asOf: string,
): Map<string, number> {
  const out = new Map<string, number>();
  graph.forEachOutEdge(credentialId, (_edge, attrs, _source, target) => {
    if (attrs.type !== 'recognisedAs' || !inForce(attrs.validFrom, attrs.validUntil, asOf)) return;
    const other = credentialOf(graph, target);
    if (!other) return;
    out.set(target, Math.max(out.get(target) ?? 0, attrs.credits ?? other.credits));
  });
  return out;
}

/**
 * The partial credit transfers of a credential in force on `asOf` (docs/engine-semantics.md,
 * "Partial credit transfer"): each is the slot of one MIN_CREDITS rule of a qualification,
 * which a holder fills with the agreement's credits in ECTS. The one statement of which
 * transfers count, read by identitiesOf and standsFor as recognitionsInForce is.
 */
export function transfersInForce(
  graph: CatalogueGraph,
  credentialId: string,
  asOf: string,
): TransferNode[] {
  const out: TransferNode[] = [];
  graph.forEachOutEdge(credentialId, (_edge, attrs, _source, target) => {
    if (attrs.type !== 'transfers') return;
    const transfer = transferOf(graph, target);
    if (transfer && inForce(transfer.validFrom, transfer.validUntil, asOf)) out.push(transfer);
  });
  return out;
}

/** How a holding counted by transfer, as audits, plans and exports report it. */
export interface TransferCredit {
  /** The credential the learner has (or takes in the plan). */
  held: string;
  qualification: string;
  /** The key of the qualification's rule credited. */
  rule: string;
  /** The id of that rule node (audits refer to it). */
  ruleNode: string;
  /** ECTS counted. */
  credits: number;
  /** The agreement (its source), when it names one. */
  source?: string | undefined;
  /** Credits granted in another system and their conversion (factor undefined: none). */
  converted?: ConvertedCredits | undefined;
}

/** " (3 US semester credit hours at 2)", or why nothing counts; "" for ECTS as stated. */
export function conversionText(c: ConvertedCredits | undefined): string {
  if (!c) return '';
  return c.factor === undefined
    ? ` (${c.amount} ${c.creditSystem}, no declared conversion)`
    : ` (${c.amount} ${c.creditSystem} at ${c.factor})`;
}

export function transferCredit(held: string, transfer: TransferNode): TransferCredit {
  return {
    held,
    qualification: transfer.qualification,
    rule: transfer.rule,
    ruleNode: transfer.ruleNode,
    credits: transfer.credits,
    ...(transfer.source !== undefined ? { source: transfer.source } : {}),
    ...(transfer.converted ? { converted: transfer.converted } : {}),
  };
}

/**
 * The ids a credential stands for in a rule, with the credits it counts for each
 * (docs/engine-semantics.md, "Items and identities"): itself (its own credits), every
 * credential it is recognised as (recognitionsInForce), every learning outcome certified
 * by itself or by a credential it is recognised as (0 credits), and the slot of every partial
 * transfer in force (transfersInForce; the agreement's credits).
 */
export function identitiesOf(
  graph: CatalogueGraph,
  credentialId: string,
  asOf: string,
): ReadonlyMap<string, number> {
  // Every plan and audit builds items for the same credentials: the graph never changes
  // (an update makes a new one), so each credential's identities on the last day asked are
  // kept. One day only: requests name today, and an old day's entries must not pile up.
  let day = identitiesCache.get(graph);
  if (day?.asOf !== asOf) identitiesCache.set(graph, (day = { asOf, of: new Map() }));
  let identities = day.of.get(credentialId);
  if (!identities)
    day.of.set(credentialId, (identities = computeIdentities(graph, credentialId, asOf)));
  return identities;
}

const identitiesCache = new WeakMap<
  CatalogueGraph,
  { asOf: string; of: Map<string, ReadonlyMap<string, number>> }
>();

function computeIdentities(
  graph: CatalogueGraph,
  credentialId: string,
  asOf: string,
): ReadonlyMap<string, number> {
  const identities = new Map<string, number>();
  const credential = credentialOf(graph, credentialId);
  if (!credential) throw new Error(`identitiesOf: "${credentialId}" is not a credential`);
  identities.set(credentialId, credential.credits);
  for (const lo of credential.learningOutcomes) identities.set(lo, 0);
  for (const [target, credits] of recognitionsInForce(graph, credentialId, asOf)) {
    identities.set(target, Math.max(identities.get(target) ?? 0, credits));
    for (const lo of credentialOf(graph, target)!.learningOutcomes)
      if (!identities.has(lo)) identities.set(lo, 0);
  }
  for (const transfer of transfersInForce(graph, credentialId, asOf))
    identities.set(transfer.id, transfer.credits);
  return identities;
}

/**
 * The inverse of identitiesOf: every credential one of whose identities on `asOf` is
 * `accepted`, i.e. who could fill a slot accepting it. For a credential: itself and the
 * credentials recognised as it; for a learning outcome: the credentials certifying it and the
 * credentials recognised as one of those; for a transfer's slot: the credential it credits. In the graph's edge order, possibly with repeats.
 *
 * Without `asOf`, every recognition agreement counts whatever its dates: a superset, which is
 * what `buildProblem` walks to find the cone. A credential reached only through an agreement
 * not in force can fill nothing and is never part of a plan, but the cone's order decides
 * which of several equally cheap plans the planner returns, so the walk keeps the order it
 * has always had (walking in force only changed that choice in 11 of 3,000 random catalogues).
 */
export function standsFor(
  graph: CatalogueGraph,
  accepted: string,
  asOf?: string,
): readonly string[] {
  if (asOf !== undefined) return computeStandsFor(graph, accepted, asOf);
  // The cone's walk asks the same ids for every plan of a target: kept per (unchanging) graph.
  let walked = coneWalkCache.get(graph);
  if (!walked) coneWalkCache.set(graph, (walked = new Map<string, readonly string[]>()));
  let out = walked.get(accepted);
  if (!out) walked.set(accepted, (out = computeStandsFor(graph, accepted, undefined)));
  return out;
}

const coneWalkCache = new WeakMap<CatalogueGraph, Map<string, readonly string[]>>();

function computeStandsFor(
  graph: CatalogueGraph,
  accepted: string,
  asOf: string | undefined,
): string[] {
  const node = graph.hasNode(accepted) ? graph.getNodeAttributes(accepted) : undefined;
  if (!node) return [];
  const recognised = (source: string, target: string) =>
    asOf === undefined || recognitionsInForce(graph, source, asOf).has(target);
  const out: string[] = [];
  if (node.type === 'transfer') {
    const from = node.from;
    if (asOf === undefined || transfersInForce(graph, from, asOf).includes(node)) out.push(from);
    return out;
  }
  if (node.type === 'credential') out.push(accepted);
  graph.forEachInEdge(accepted, (_e, attrs, source) => {
    if (
      (attrs.type === 'recognisedAs' && recognised(source, accepted)) ||
      (attrs.type === 'certifies' && credentialOf(graph, source))
    )
      out.push(source);
  });
  if (node.type === 'outcome')
    for (const certifier of [...out])
      graph.forEachInEdge(certifier, (_e, attrs, source) => {
        if (attrs.type === 'recognisedAs' && recognised(source, certifier)) out.push(source);
      });
  return out;
}

/**
 * Builds the item for a credential the learner has, with its identities on `asOf`
 * (recognition agreements in force extend them).
 */
export function itemFor(
  graph: CatalogueGraph,
  credentialId: string,
  origin: Item['origin'],
  asOf: string,
): Item {
  if (!credentialOf(graph, credentialId))
    throw new Error(`itemFor: "${credentialId}" is not a credential`);
  return { id: credentialId, identities: identitiesOf(graph, credentialId, asOf), origin };
}
