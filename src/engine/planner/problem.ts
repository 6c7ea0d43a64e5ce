import type { CatalogueGraph, CredentialNode, RuleNode } from '../../graph/index.js';
import { credentialOf, ruleAccepts } from '../../graph/index.js';
import type {
  ObjectiveName,
  PlanConstraints,
  PriorLearningRecord,
  Target,
} from '../../model/index.js';
import { ItemSet, extendClosure, type Milestone } from '../closure.js';
import { goalOf, type Goal } from '../goal.js';
import { checkHoldings, type HoldingsCheck, type HeldCredential } from '../holdings.js';
import { itemFor, standsFor, type Item } from '../items.js';
import {
  checkPriorLearning,
  priorLearningItems,
  type PriorLearningCheck,
} from '../priorLearning.js';
import type { CalendarRequest } from './calendar.js';

export interface PlanRequest {
  holdings: readonly HeldCredential[];
  asOf: string;
  target: Target;
  objective?: ObjectiveName | ObjectiveName[] | undefined;
  constraints?: Partial<PlanConstraints> | undefined;
  /** Date the plan from this start under this load (calendar.ts); the set is chosen as without it. */
  calendar?: CalendarRequest | undefined;
  /** Validated learning outcomes and skills (recognition of prior learning). */
  priorLearning?: readonly PriorLearningRecord[] | undefined;
  /** Count unverified and self-declared prior learning too. */
  countUnverified?: boolean | undefined;
}

/**
 * One of the problems the exemption search (priorLearning.ts) plans: some credentials granted
 * by exemption (held from the start), the awarding provider's minimum of credits taken with it,
 * and the weights and objective of the problem without exemptions, so that plans of different
 * variants compare.
 */
export interface ProblemVariant {
  exempted?: readonly string[] | undefined;
  /**
   * In a dated plan: the day each exemption is decided (applied for on the start day). A dated
   * plan holds it from then on, so only what needs it waits for the decision.
   */
  decidedOn?: ReadonlyMap<string, string> | undefined;
  /** The plan must take at least `credits` credits of `provider`'s credentials. */
  providerMinimum?: { provider: string; credits: number; label: string } | undefined;
  shared?: Pick<PlanProblem, 'weight' | 'objective' | 'tiesBroken' | 'creditsMissing'> | undefined;
}

/** The accepted id a candidate of the awarding provider stands for in the provider minimum. */
export const withProviderId = (credential: string): string => `\u0000with-provider:${credential}`;

/** Why a credential that could help was ruled out by the request's constraints. */
export interface ExcludedOption {
  credential: string;
  reason: string;
}

/**
 * One planning problem, prepared once: the learner's base items and their closure, the
 * candidates (earnable credentials, not held, allowed by the constraints, that can matter
 * for the goal), their weights under the objective, and the options the constraints removed.
 */
export interface PlanProblem {
  graph: CatalogueGraph;
  asOf: string;
  goal: Goal;
  holdings: HoldingsCheck;
  /** Valid holdings, outcomes established by prior learning and exempted credentials, as items. */
  held: Item[];
  /** Which prior-learning records count, and the outcomes they establish. */
  priorLearning: PriorLearningCheck;
  /** Credentials granted by exemption in this problem (held from the start). */
  exempted: string[];
  /** In a dated plan: the day each exemption is decided; dated plans hold it from then on. */
  decidedOn: ReadonlyMap<string, string>;
  /** Held items plus awards earned by stacking them. */
  base: ItemSet;
  baseMilestones: Milestone[];
  /** Candidate credential ids, in a stable order. */
  candidates: string[];
  /** Scalar weight per candidate (the objective; lexicographic objectives are scaled). */
  weight: Map<string, number>;
  /** Item per candidate, as it would be held once taken. */
  items: Map<string, Item>;
  /**
   * The objective minimised: the request's, except that credits alone become credits, then
   * count, then cost when some candidate has no credits (0), so that ties at zero are broken.
   * With `time`, the weights are the other criteria (credits when there are none).
   */
  objective: ObjectiveName[];
  /** Candidates without credits (0): with a credits objective, ties are broken (see objective). */
  creditsMissing: number;
  /** The objective was credits alone and became credits, count, cost for missing credits. */
  tiesBroken: boolean;
  constraints: PlanConstraints;
  excluded: ExcludedOption[];
  /** Credentials with award rules that matter for the goal (stacked awards on the way). */
  awards: string[];
  /** Item per award, as it would be held once earned. */
  awardItems: Map<string, Item>;
  /**
   * Who can fill which slot, for every rule of the problem (the goal, the awards' award rules,
   * the candidates' entry rules): built once here and read by the replay, the bound, the MIP
   * and the explanations.
   */
  fillers: SlotFillers;
}

/**
 * The problem's one slot-filler index. Its items are every credential that can fill a slot of
 * the problem, once each: the base's (held, or earned by stacking what is held), then the
 * candidates' (as taken), then the cone's awards that are not candidates (as earned). An item
 * fills a slot accepting id x when x is one of its identities (items.ts, identitiesOf; the
 * inverse, standsFor, is how buildProblem found the cone), counting that identity's credits.
 */
export interface SlotFillers {
  items: Item[];
  /** Position of each credential in `items`. */
  at: Map<string, number>;
  /** How many of `items` are the base's (had before any plan). */
  baseCount: number;
  /** accepted id -> the base's items standing for it, in the base's order. */
  base: Map<string, SlotFiller[]>;
  /**
   * accepted id -> the candidates standing for it (taken), then the awards (earned): a
   * credential both earnable and awarded appears twice, as the bound charges the two ways
   * differently.
   */
  cone: Map<string, SlotFiller[]>;
}

/** Something that can fill a slot accepting some id. */
export interface SlotFiller {
  id: string;
  /** Its position in SlotFillers.items. */
  item: number;
  /** Earned by stacking (an award of the cone), rather than held or taken. */
  award: boolean;
  /** The credits it counts in such a slot. */
  credits: number;
}

/** What can fill slots accepting `accepted`: the base's items, then the cone's. */
export function fillersOf(index: SlotFillers, accepted: string): SlotFiller[] {
  const base = index.base.get(accepted);
  const cone = index.cone.get(accepted);
  return base ? (cone ? [...base, ...cone] : base) : (cone ?? []);
}

/** The criteria that are a weight of the credentials (all but time). */
export type WeightName = Exclude<ObjectiveName, 'time'>;

export const objectiveValue = (c: CredentialNode, name: WeightName): number =>
  name === 'credits'
    ? c.credits
    : name === 'cost'
      ? (c.cost ?? 0)
      : name === 'hours'
        ? (c.hours ?? 0)
        : 1;

function exclusionReason(c: CredentialNode, k: PlanConstraints): string | undefined {
  if (k.excludeCredentials.includes(c.id)) return 'excluded by request';
  if (c.provider !== undefined && k.excludeProviders.includes(c.provider))
    return `provider ${c.provider} is excluded`;
  if (k.languages && c.language !== undefined && !k.languages.includes(c.language))
    return `taught in ${c.language}, not in ${k.languages.join('/')}`;
  if (k.modes && c.mode !== undefined && !k.modes.includes(c.mode))
    return `${c.mode}, not ${k.modes.join('/')}`;
  if (k.maxEqfLevel !== undefined && c.eqfLevel !== undefined && c.eqfLevel > k.maxEqfLevel)
    return `EQF level ${c.eqfLevel} is above ${k.maxEqfLevel}`;
  if (k.budget !== undefined && (c.cost ?? 0) > k.budget)
    return `costs ${c.cost} EUR, over the budget of ${k.budget}`;
  return undefined;
}

/**
 * The cone of the goal: every credential that can contribute, directly or through stacked
 * awards, recognition or learning outcomes, plus what their entry rules and co-requisites
 * need in turn.
 */
export function buildProblem(
  graph: CatalogueGraph,
  request: PlanRequest,
  variant: ProblemVariant = {},
): PlanProblem {
  let goal = goalOf(graph, request.target);
  const constraints: PlanConstraints = {
    excludeCredentials: [],
    excludeProviders: [],
    ...request.constraints,
  };
  const requested =
    request.objective === undefined ? ['credits' as const] : [request.objective].flat();
  const holdings = checkHoldings(graph, request.holdings, request.asOf);
  const priorLearning = checkPriorLearning(
    graph,
    { records: request.priorLearning ?? [], countUnverified: request.countUnverified },
    request.asOf,
  );
  const exempted = [...(variant.exempted ?? [])];
  const held = [
    ...holdings.valid.map((h) => itemFor(graph, h.credential, 'held', request.asOf)),
    ...priorLearningItems(priorLearning),
    ...exempted.map((id) => itemFor(graph, id, 'exempted', request.asOf)),
  ];
  const base = new ItemSet();
  // Only the awards are reported (alreadyEarned), not how each was filled.
  const baseMilestones = extendClosure(graph, base, held, request.asOf, { explain: false });

  const seen = new Set<string>();
  const candidates: string[] = [];
  const awards: string[] = [];
  const excluded: ExcludedOption[] = [];
  const stack: RuleNode[] = [goal.rule];
  const visitCredential = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const c = credentialOf(graph, id);
    if (!c) return;
    if (c.awardRule && !base.has(id)) {
      awards.push(id);
      stack.push(c.awardRule);
    }
    if (!c.earnable || base.has(id)) return;
    const reason = exclusionReason(c, constraints);
    if (reason) {
      excluded.push({ credential: id, reason });
      return;
    }
    candidates.push(id);
    if (c.entryRule) stack.push(c.entryRule);
    for (const co of c.corequisites) visitCredential(co);
  };
  while (stack.length > 0) {
    const rule = stack.pop()!;
    // Covered ids are explored too: a held item may be needed in another slot (exclusivity).
    // Every agreement, in force or not (see standsFor: the cone's order, so ties, stay).
    for (const accepted of ruleAccepts(rule))
      for (const id of standsFor(graph, accepted)) visitCredential(id);
  }

  const items = new Map(candidates.map((id) => [id, itemFor(graph, id, 'planned', request.asOf)]));
  const creditsMissing = candidates.filter((id) => credentialOf(graph, id)!.credits === 0).length;
  // `time` is no weight (fastest.ts chooses for it): the weights are the other criteria, by
  // default credits, and time keeps its place among them.
  const timeAt = requested.indexOf('time');
  const named = requested.filter((n) => n !== 'time');
  const criteria: WeightName[] = named.length > 0 ? named : ['credits'];
  // Credits alone would call any set of credit-less candidates optimal: fewest, then cheapest.
  const tiesBroken = criteria.length === 1 && criteria[0] === 'credits' && creditsMissing > 0;
  const weighted: WeightName[] = tiesBroken ? ['credits', 'count', 'cost'] : criteria;
  const objective: ObjectiveName[] =
    timeAt < 0 ? weighted : [...weighted.slice(0, timeAt), 'time', ...weighted.slice(timeAt)];
  const shared = variant.shared;
  const weight = shared
    ? new Map(candidates.map((id) => [id, shared.weight.get(id)!]))
    : scalarWeights(graph, candidates, weighted);
  const minimum = variant.providerMinimum;
  if (minimum) {
    // The minimum is one more rule of the goal: a MIN_CREDITS node over the provider's
    // candidates, each standing for it with its credits (only as taken: exempted and held
    // credentials never fill it), so every exact method enforces it as any rule.
    const accepts: string[] = [];
    for (const [id, item] of items)
      if (credentialOf(graph, id)!.provider === minimum.provider) {
        const identities = new Map(item.identities);
        identities.set(withProviderId(id), credentialOf(graph, id)!.credits);
        items.set(id, { ...item, identities });
        accepts.push(withProviderId(id));
      }
    goal = {
      ...goal,
      rule: {
        ...goal.rule,
        id: 'goal+provider',
        op: 'ALL',
        n: 2,
        credits: 0,
        accepts: [],
        children: [
          goal.rule,
          {
            id: 'goal.provider',
            op: 'MIN_CREDITS',
            n: 0,
            credits: minimum.credits,
            label: minimum.label,
            maxShared: 0,
            accepts,
            children: [],
          },
        ],
      },
    };
  }
  const awardItems = new Map(awards.map((id) => [id, itemFor(graph, id, 'awarded', request.asOf)]));
  const fillers = slotFillers(base, items, awardItems);
  return {
    graph,
    asOf: request.asOf,
    goal,
    holdings,
    held,
    priorLearning,
    exempted,
    decidedOn: variant.decidedOn ?? new Map(),
    base,
    baseMilestones,
    candidates,
    weight,
    items,
    objective: shared?.objective ?? objective,
    creditsMissing: shared?.creditsMissing ?? creditsMissing,
    tiesBroken: shared?.tiesBroken ?? tiesBroken,
    constraints,
    excluded,
    awards,
    awardItems,
    fillers,
  };
}

/** Builds the problem's SlotFillers index (see there). */
function slotFillers(
  base: ItemSet,
  candidates: Map<string, Item>,
  awards: Map<string, Item>,
): SlotFillers {
  const items: Item[] = [];
  const at = new Map<string, number>();
  const add = (item: Item) => {
    if (!at.has(item.id)) {
      at.set(item.id, items.length);
      items.push(item);
    }
    return at.get(item.id)!;
  };
  const index = (map: Map<string, SlotFiller[]>, item: Item, award: boolean) => {
    const position = add(item);
    for (const [accepted, credits] of item.identities) {
      const filler = { id: item.id, item: position, award, credits };
      const list = map.get(accepted);
      if (list) list.push(filler);
      else map.set(accepted, [filler]);
    }
  };
  const baseIndex = new Map<string, SlotFiller[]>();
  const cone = new Map<string, SlotFiller[]>();
  for (const item of base.values()) index(baseIndex, item, false);
  const baseCount = items.length;
  for (const item of candidates.values()) index(cone, item, false);
  for (const item of awards.values()) index(cone, item, true);
  return { items, at, baseCount, base: baseIndex, cone };
}

/**
 * One number per candidate. A single criterion is used as it is. A lexicographic objective
 * [a, b, ...] first turns each criterion into whole numbers (values scaled to at most six
 * decimals and divided by their greatest common divisor, so any two totals that differ,
 * differ by at least 1), then combines them as a·M_a + b·M_b + ... with each M larger than
 * any total of the criteria after it: comparing sums then compares lexicographically.
 */
export function scalarWeights(
  graph: CatalogueGraph,
  ids: string[],
  objective: readonly WeightName[],
  /** Weighed things that are not credentials (an exemption step), by key, with their values. */
  extra: ReadonlyMap<string, Record<WeightName, number>> = new Map(),
): Map<string, number> {
  ids = [...ids, ...extra.keys()];
  const value = (id: string, k: number) =>
    extra.get(id)?.[objective[k]!] ?? objectiveValue(credentialOf(graph, id)!, objective[k]!);
  if (objective.length === 1) return new Map(ids.map((id) => [id, value(id, 0)]));
  const weight = new Map<string, number>(ids.map((id) => [id, 0]));
  let scale = 1;
  for (let k = objective.length - 1; k >= 0; k--) {
    const ints = ids.map((id) => Math.round(value(id, k) * 1e6));
    const unit = ints.reduce((g, v) => gcd(g, Math.abs(v)), 0) || 1;
    let total = 0;
    ids.forEach((id, i) => {
      const whole = ints[i]! / unit;
      weight.set(id, weight.get(id)! + whole * scale);
      total += whole;
    });
    scale *= total + 1;
  }
  return weight;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
