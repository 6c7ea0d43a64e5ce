import { credentialOf, type CatalogueGraph, type RuleNode } from '../../graph/index.js';
import { compileRule, type CompiledRule } from '../../engine/allocation.js';
import { ItemSet } from '../../engine/closure.js';
import { standsFor } from '../../engine/items.js';
import { objectiveValue } from '../../engine/planner/index.js';
import type { WeightName } from '../../engine/planner/problem.js';
import {
  ruleSharing,
  sharingDiscount,
  type RelaxedChoice,
  type RelaxedOption,
} from '../../engine/operators/index.js';

/**
 * Lower bounds on what is left to reach each target, for one learner, sharing their work
 * across every target of the catalogue: cost splitting (the planner's, planner/indexedBound.ts;
 * Karpas & Domshlak, IJCAI 2009) with each credential's cost split among *every* rule of the
 * catalogue that can count it, instead of among the rules of one target's cone.
 *
 * Why it is a lower bound: the planner's proof charges each filler its total cost (its weight
 * plus its own entry or award rule) divided by k(f), the number of rules of the cone it
 * appears in, so that a plan, whose allocations use a filler at most once per rule, is charged
 * at most its weight. Any k(f) at least as large keeps the proof: the number of rules of the
 * whole catalogue is, for every cone at once. So a credential's total cost no longer depends
 * on the target and is computed once per learner (memoised), whatever the number of targets.
 * The goal's own slot is charged whole: the credential filling it is earned last, so no rule
 * on the way to it can use it (a derivation is acyclic in time). An occupation's goal lets one
 * credential fill many skills, so there a filler is split by its catalogue rules plus its goal
 * slots. Fillers are found through every recognition agreement, in force or not, counting the
 * most credits any of them gives, and a partial transfer's slot is filled by its credential
 * with the transfer's credits: a superset, which can only lower the bound. Along a cycle of
 * rules nothing is charged (a lower bound still), as in the planner.
 *
 * Two relaxations are evaluated, as the planner's search does: with the candidates' entry
 * rules, and with every entry rule dropped (a prerequisite named by many entry rules is then
 * split between fewer rules); a target's bound is the larger.
 */

/** Who can fill a slot accepting some id, with the most credits it can count there. */
interface Filler {
  id: string;
  credits: number;
}

interface RuleInfo {
  compiled: CompiledRule;
  /** Extra countings the rule's nodes allow in total (0 = exclusive); unlimited below. */
  sharing: number;
  unlimited: boolean;
  /** Fillers that can fill two or more of its slots (only they can be counted twice). */
  repeated: string[];
}

/** What the bound needs of a catalogue, whatever the learner or the date: built once per graph. */
export interface CatalogueSplit {
  graph: CatalogueGraph;
  /** Rules (award and entry) of the catalogue counting each credential (its slots, in a rule with unlimited sharing). */
  rulesWithEntry: Map<string, number>;
  /** The same over award rules only (every entry rule dropped). */
  rulesWithoutEntry: Map<string, number>;
  fillersOf(accepted: string): Filler[];
  /** Credentials whose entry or award rule accepts the id (or a credential standing for it). */
  dependents: Map<string, string[]>;
  /** A rule's sharing and repeated fillers; kept only for the catalogue's own rules (`cache`). */
  infoOf(rule: RuleNode, cache?: boolean): RuleInfo;
}

const splits = new WeakMap<CatalogueGraph, CatalogueSplit>();

/** The catalogue's split counts (cached per graph: a catalogue graph is never mutated). */
export function catalogueSplit(graph: CatalogueGraph): CatalogueSplit {
  const cached = splits.get(graph);
  if (cached) return cached;
  const fillers = new Map<string, Filler[]>();
  const fillersOf = (accepted: string): Filler[] => {
    const known = fillers.get(accepted);
    if (known) return known;
    const credits = new Map<string, number>();
    for (const id of standsFor(graph, accepted)) {
      if (credits.has(id)) continue;
      credits.set(id, creditsAs(graph, id, accepted));
    }
    const list = [...credits].map(([id, c]) => ({ id, credits: c }));
    fillers.set(accepted, list);
    return list;
  };
  const infos = new Map<RuleNode, RuleInfo>();
  const infoOf = (rule: RuleNode, cache = true, slots?: Map<string, number>): RuleInfo => {
    const known = infos.get(rule);
    if (known) return known;
    const compiled = compileRule(rule);
    const { total, unlimited } = ruleSharing(compiled);
    slots ??= slotsPerFiller(compiled, fillersOf);
    const info: RuleInfo = {
      compiled,
      sharing: unlimited ? 0 : total,
      unlimited,
      repeated: unlimited ? [] : [...slots].filter(([, n]) => n > 1).map(([id]) => id),
    };
    if (cache) infos.set(rule, info);
    return info;
  };
  const rulesWithEntry = new Map<string, number>();
  const rulesWithoutEntry = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const depend = (on: string, owner: string) => {
    const list = dependents.get(on);
    if (!list) dependents.set(on, [owner]);
    else if (list[list.length - 1] !== owner) list.push(owner);
  };
  const count = (owner: string, rule: RuleNode, into: Map<string, number>[]) => {
    const compiled = compileRule(rule);
    const perFiller = slotsPerFiller(compiled, fillersOf);
    const info = infoOf(rule, true, perFiller);
    for (const [id, slots] of perFiller) {
      const n = info.unlimited ? slots : 1;
      for (const map of into) map.set(id, (map.get(id) ?? 0) + n);
      depend(id, owner);
    }
    for (const slot of compiled.slots) depend(slot.accepts, owner);
  };
  graph.forEachNode((id, node) => {
    if (node.type !== 'credential') return;
    if (node.awardRule) count(id, node.awardRule, [rulesWithEntry, rulesWithoutEntry]);
    if (node.entryRule) count(id, node.entryRule, [rulesWithEntry]);
  });
  const split: CatalogueSplit = {
    graph,
    rulesWithEntry,
    rulesWithoutEntry,
    fillersOf,
    dependents,
    infoOf,
  };
  splits.set(graph, split);
  return split;
}

/**
 * The most credits `id` can count in a slot accepting `accepted` (any agreement): a
 * credential's own or recognised credits, a partial transfer's credits for its one filler (the
 * identities of engine/items.ts), nothing for a learning outcome or a skill.
 */
function creditsAs(graph: CatalogueGraph, id: string, accepted: string): number {
  const node = graph.hasNode(accepted) ? graph.getNodeAttributes(accepted) : undefined;
  if (node?.type === 'transfer') return node.credits;
  if (node?.type !== 'credential') return 0;
  if (id === accepted) return credentialOf(graph, id)!.credits;
  let best = 0;
  graph.forEachOutEdge(id, (_e, attrs, _s, target) => {
    if (attrs.type === 'recognisedAs' && target === accepted)
      best = Math.max(best, attrs.credits ?? credentialOf(graph, accepted)!.credits);
  });
  return best;
}

function slotsPerFiller(
  compiled: CompiledRule,
  fillersOf: (accepted: string) => Filler[],
): Map<string, number> {
  const slots = new Map<string, number>();
  for (const slot of compiled.slots)
    for (const f of fillersOf(slot.accepts)) slots.set(f.id, (slots.get(f.id) ?? 0) + 1);
  return slots;
}

const FREE: RelaxedChoice = { cost: 0, uses: [] };
const NONE: RelaxedChoice = { cost: Infinity, uses: [] };

const scratches = new WeakMap<CatalogueGraph, Map<WeightName, SharedBound>>();

/**
 * A learner's bounds under the objective's first term (`objective`). A credential's total
 * cost depends on the learner only when some rule below it accepts what they hold: every
 * other total is the same for every learner, so it is taken from the bounds of a learner who
 * holds nothing, kept per graph and objective and filled as learners ask (shared work across
 * learners as well as across targets).
 */
export function sharedBound(
  graph: CatalogueGraph,
  base: ItemSet,
  objective: WeightName,
): SharedBound {
  let byObjective = scratches.get(graph);
  if (!byObjective) scratches.set(graph, (byObjective = new Map<WeightName, SharedBound>()));
  let scratch = byObjective.get(objective);
  if (!scratch)
    byObjective.set(objective, (scratch = new SharedBound(graph, new ItemSet(), objective)));
  return base.size === 0 ? scratch : new SharedBound(graph, base, objective, scratch);
}

/**
 * One learner's bounds under one weight (the objective's first term): `qualification(id)`
 * and `goal(rule)` are lower bounds on that weight for any plan reaching them.
 */
export class SharedBound {
  private readonly split: CatalogueSplit;
  private readonly memo = [new Map<string, number>(), new Map<string, number>()] as const;
  /** With `scratch`: the credentials whose total may differ from a learner holding nothing. */
  private readonly touched?: Set<string>;

  constructor(
    private readonly graph: CatalogueGraph,
    /** What the learner has: valid holdings and every award they stack into. */
    private readonly base: ItemSet,
    private readonly objective: WeightName,
    /** The same bounds for a learner holding nothing, whose untouched totals are reused. */
    private readonly scratch?: SharedBound,
  ) {
    this.split = catalogueSplit(graph);
    if (scratch) this.touched = touchedBy(this.split, base);
  }

  private weight(id: string): number {
    return objectiveValue(credentialOf(this.graph, id)!, this.objective);
  }

  /** A lower bound on reaching the qualification (0 when the learner already has it). */
  qualification(id: string): number {
    return Math.max(this.qualificationIn(id, 0), this.qualificationIn(id, 1));
  }

  /**
   * A lower bound on satisfying a goal rule whose sharing is unlimited (an occupation's: one
   * credential may cover several skills), each filler split by its goal slots as well.
   */
  goal(rule: RuleNode): number {
    return Math.max(this.goalIn(rule, 0), this.goalIn(rule, 1));
  }

  private qualificationIn(id: string, mode: 0 | 1): number {
    if (this.base.covers(id)) return 0;
    let best = Infinity;
    for (const f of this.split.fillersOf(id))
      if (!this.base.has(f.id)) best = Math.min(best, this.total(f.id, mode));
    return best;
  }

  private goalIn(rule: RuleNode, mode: 0 | 1): number {
    // A goal is built per request: not kept with the catalogue's rules.
    const info = this.split.infoOf(rule, false);
    const goalSlots = slotsPerFiller(info.compiled, (a) => this.split.fillersOf(a));
    const rules = mode === 0 ? this.split.rulesWithEntry : this.split.rulesWithoutEntry;
    return this.ruleCost(info, mode, (f) => (rules.get(f) ?? 0) + (goalSlots.get(f) ?? 1));
  }

  /** The cheapest way to have a credential not held: take it (weight and entry rule) or earn it (award rule). */
  private total(id: string, mode: 0 | 1): number {
    if (this.scratch && !this.touched!.has(id)) return this.scratch.total(id, mode);
    const memo = this.memo[mode];
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, 0); // along a cycle of rules nothing is charged
    const c = credentialOf(this.split.graph, id)!;
    let cost = Infinity;
    if (c.earnable)
      cost =
        this.weight(id) +
        (mode === 0 && c.entryRule ? this.ruleCost(this.split.infoOf(c.entryRule), mode) : 0);
    if (c.awardRule) cost = Math.min(cost, this.ruleCost(this.split.infoOf(c.awardRule), mode));
    memo.set(id, cost);
    return cost;
  }

  private ruleCost(info: RuleInfo, mode: 0 | 1, split?: (filler: string) => number): number {
    const rules = mode === 0 ? this.split.rulesWithEntry : this.split.rulesWithoutEntry;
    const splitOf = split ?? ((f: string) => rules.get(f) ?? 1);
    const charge = (f: string): number => {
      if (this.base.has(f)) return 0;
      const total = this.total(f, mode);
      return total / Math.max(1, splitOf(f));
    };
    const { compiled } = info;
    const slotOptions = (accepted: string): RelaxedOption[] => {
      const options: RelaxedOption[] = [];
      for (const f of this.split.fillersOf(accepted)) {
        if (this.base.has(f.id)) continue;
        const cost = charge(f.id);
        options.push({
          credits: f.credits,
          choice: Number.isFinite(cost) ? { cost, uses: [] } : NONE,
        });
      }
      // Free through what is had; other fillers stay options (they may be worth more credits).
      const had = this.base.bestCredits(accepted);
      if (had !== undefined) options.push({ credits: had, choice: FREE });
      return options;
    };
    const results = new Array<RelaxedChoice>(compiled.nodes.length);
    for (let i = compiled.nodes.length - 1; i >= 0; i--) {
      const node = compiled.nodes[i]!;
      results[i] = node.operator.relaxedCost(
        node.slots.map((s) => slotOptions(compiled.slots[s]!.accepts)),
        node.children.map((c) => results[c]!),
        node.needed,
      );
    }
    const root = results[0]!.cost;
    if (info.sharing === 0 || !Number.isFinite(root)) return root;
    return sharingDiscount(root, info.sharing, info.repeated.map(charge));
  }
}

/**
 * Every credential whose total cost may depend on what is held: those with a rule accepting
 * an id a held item stands for (or accepting a held item through any agreement), then,
 * transitively, those with a rule that such a credential can fill.
 */
function touchedBy(split: CatalogueSplit, base: ItemSet): Set<string> {
  const touched = new Set<string>();
  const queue: string[] = [];
  const reach = (on: string) => {
    for (const owner of split.dependents.get(on) ?? [])
      if (!touched.has(owner)) {
        touched.add(owner);
        queue.push(owner);
      }
  };
  for (const item of base.values()) {
    reach(item.id);
    for (const id of item.identities.keys()) reach(id);
  }
  for (let head = 0; head < queue.length; head++) reach(queue[head]!);
  return touched;
}
