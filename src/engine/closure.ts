import type { CatalogueGraph, RuleNode } from '../graph/index.js';
import { awardRulesAccepting, credentialOf, ruleAccepts } from '../graph/index.js';
import { allocateRule, isSatisfiable, type Placement } from './allocation.js';
import { itemFor, type Item } from './items.js';

export interface Milestone {
  credential: string;
  /** Which items filled which slots of its award rule. */
  placements: Placement[];
}

/**
 * The items a learner has, indexed by every id they stand for, so a rule finds the items
 * relevant to it without scanning them all.
 */
export class ItemSet {
  readonly byId = new Map<string, Item>();
  private readonly byIdentity = new Map<string, Item[]>();

  constructor(items: Iterable<Item> = []) {
    for (const item of items) this.add(item);
  }

  add(item: Item): void {
    if (this.byId.has(item.id)) return;
    this.byId.set(item.id, item);
    for (const id of item.identities.keys()) {
      const list = this.byIdentity.get(id);
      if (list) list.push(item);
      else this.byIdentity.set(id, [item]);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Does some item stand for this id (itself, by recognition, or an outcome it certifies)? */
  covers(id: string): boolean {
    return this.byIdentity.has(id);
  }

  /** The most credits an item had counts in a slot accepting this id (undefined: none can). */
  bestCredits(id: string): number | undefined {
    const items = this.byIdentity.get(id);
    if (!items) return undefined;
    let best = 0;
    for (const item of items) best = Math.max(best, item.identities.get(id)!);
    return best;
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<Item> {
    return this.byId.values();
  }

  /** The items that can fill some slot of the rule, `except` one (an award never counts towards itself). */
  relevantTo(rule: RuleNode, except?: string): Item[] {
    const out = new Set<Item>();
    for (const id of ruleAccepts(rule))
      for (const item of this.byIdentity.get(id) ?? []) if (item.id !== except) out.add(item);
    return [...out];
  }

  clone(): ItemSet {
    return new ItemSet(this.byId.values());
  }
}

export interface ClosureOptions {
  /** Restricts which credentials may be awarded. */
  eligible?: (credential: string) => boolean;
  /** Record which items filled each award (default true; the planner's inner loop skips it). */
  explain?: boolean;
}

/**
 * Engine step 3, incrementally: adds `fresh` items to `have`, then repeatedly awards every
 * credential whose award rule is satisfied, until nothing changes. Rule satisfaction is
 * monotone in the items, so the fixed point is unique whatever the order; only rules that
 * accept something new are examined again. Returns the milestones earned, in order.
 */
export function extendClosure(
  graph: CatalogueGraph,
  have: ItemSet,
  fresh: Iterable<Item>,
  asOf: string,
  options: ClosureOptions = {},
): Milestone[] {
  const index = awardRulesAccepting(graph);
  const milestones: Milestone[] = [];
  const queue: string[] = [];
  const queued = new Set<string>();
  const enqueueFor = (item: Item) => {
    for (const id of item.identities.keys()) {
      for (const q of index.get(id) ?? []) {
        if (!have.has(q) && !queued.has(q)) {
          queued.add(q);
          queue.push(q);
        }
      }
    }
  };
  for (const item of fresh) {
    have.add(item);
    enqueueFor(item);
  }
  for (let head = 0; head < queue.length; head++) {
    const q = queue[head]!;
    queued.delete(q);
    if (have.has(q) || (options.eligible && !options.eligible(q))) continue;
    const rule = credentialOf(graph, q)!.awardRule!;
    const relevant = have.relevantTo(rule, q);
    if (!isSatisfiable(rule, relevant)) continue;
    const award = itemFor(graph, q, 'awarded', asOf);
    have.add(award);
    milestones.push({
      credential: q,
      placements: options.explain === false ? [] : allocateRule(rule, relevant).placements,
    });
    enqueueFor(award);
  }
  return milestones;
}

/** Engine step 3 from scratch: the closure of the given items. */
export function stackingClosure(
  graph: CatalogueGraph,
  given: Iterable<Item>,
  asOf: string,
  options: ClosureOptions = {},
): { items: ItemSet; milestones: Milestone[] } {
  const items = new ItemSet();
  const milestones = extendClosure(graph, items, given, asOf, options);
  return { items, milestones };
}
