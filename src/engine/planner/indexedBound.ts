import { credentialOf, type RuleNode } from '../../graph/index.js';
import { compileRule } from '../allocation.js';
import { extendClosure } from '../closure.js';
import { branchAt, relaxedEntries, ruleSharing, type Operator } from '../operators/index.js';
import type { PlanProblem } from './problem.js';

/**
 * A lower bound on the weight still needed to reach the goal from a search node, by cost
 * splitting (Karpas & Domshlak, "Cost-optimal planning with landmarks", IJCAI 2009), over
 * integer indexes of the problem's slot-filler index: typed arrays, no strings, no lists built
 * per relaxation. The search (search.ts) asks it at its root and every node, the time search
 * (fastest.ts) once per weight vector at each of its nodes, and the cost-partitioning ascent
 * needs a relaxation per step, so it is compiled once per problem and each relaxation only
 * reads and writes numbers.
 *
 * The relaxation. A *unit* is a candidate or an award of the cone; its total cost is its
 * weight (none for an award) plus the relaxed cost of its own rule (a candidate's entry rule,
 * an award's award rule). A *placement* is a (rule, filler) pair, the filler an item of the
 * slot-filler index (a credential both earnable and awarded is one filler with two units). A
 * rule is evaluated from its leaves up, each node by its operator's relaxed cost over its
 * slots' options and its children (operators/: ALL sums its branches, ANY takes the cheapest,
 * N_OF the n cheapest, MIN_CREDITS the least-cost cover by whole options, the knapsack cover).
 * A filler had is free; any other use of a unit at a placement is charged the unit's total
 * cost times the placement's *part*. A unit met again along a cycle of rules costs nothing
 * while its rule is being evaluated (less, so still a lower bound).
 *
 * Why it is a lower bound. The parts of one filler, over the placements in rules that can
 * still be charged, add up to 1 at most (each placement's `fraction`, renormalised over those;
 * a placement counted n times has each use charged a part of 1/n of its share). Take any plan
 * reachable from the node and read its allocations into the relaxation: each rule it must
 * satisfy costs, in the relaxation, no more than the charges of the fillers the plan counts
 * there (an operator's relaxed cost is at most the cost of any way of satisfying its node).
 * A plan counts a filler at most once per rule (exclusivity), so over all the rules, a filler
 * is charged its total cost once at most; its total cost is its weight plus its rule's cost,
 * and by induction on the rules below it each weight is charged once at most in all. So the
 * relaxation never exceeds the plan's weight, whatever the fractions: the equal split (each
 * placement `n / Σ n`, n = 1, or its slots in a goal of unlimited sharing, where a filler may
 * count in every slot it fits and is split by its slots instead) and every partitioning the
 * ascent reaches. A filler that a rule may count twice (sharing) breaks "once per rule": a
 * rule allowing M extra countings in all is lowered by its M dearest repeated fillers
 * (operators/sharing.ts). A rule with M ≤ 1 is bounded more tightly still (`confined`: which
 * filler counts twice is tried, and each filler had is confined to one slot or branch).
 *
 * The rules that can still be charged (`relax`): the goal; a candidate's entry rule while the
 * candidate is neither had nor excluded (an excluded candidate cannot be taken: its unit is
 * unreachable); an award rule while its award is not had. Excluding a credential as a
 * candidate does not stop it being earned by its award rule, so that rule stays chargeable:
 * dropping it would split the cost of its fillers among fewer rules, as if each were needed
 * once less, and could charge one twice (a bound above the least plan of the node).
 *
 * With `entryRules: false` the candidates' entry rules are dropped from the problem before
 * splitting: a relaxation of a relaxation, still a lower bound, and often a tighter one, since
 * a prerequisite named by many entry rules is then split between fewer rules. The searches
 * take the larger of the two.
 *
 * A better partitioning is a linear program (Katz & Domshlak, "Optimal admissible composition
 * of abstraction heuristics", AIJ 2010); `step` moves towards it by a projected subgradient
 * ascent, as in Lagrangian relaxation (Held & Karp 1971), each iterate a lower bound.
 */
export interface BoundState {
  /** Per item of the slot-filler index: had (free). */
  had: Uint8Array;
  /** Per candidate: left out (unreachable as taken). */
  excluded: Uint8Array;
}

/** Evaluations of a rule by `confined` before it settles for less. */
const MAX_CONFINED_EVALUATIONS = 48;
const EPS = 1e-9;

const UNKNOWN = 0;
const EVALUATING = 1;
const DONE = 2;

export class IndexedBound {
  readonly candidates: number;
  private readonly units: number;
  private readonly unitItem: Int32Array;
  private readonly unitWeight: Float64Array;
  private readonly unitRule: Int32Array;
  /** Per item: the unit standing for it in a sharing discount (its award's, else its candidate's). */
  private readonly itemUnit: Int32Array;

  private readonly ruleOwner: Int32Array;
  private readonly ruleEntry: Uint8Array;
  private readonly ruleFirst: Int32Array;
  private readonly ruleEnd: Int32Array;
  private readonly ruleSharing: Int32Array;
  private readonly repStart: Int32Array;
  private readonly repPlacement: Int32Array;

  private readonly nodeOperator: Operator[];
  private readonly nodeCredits: Uint8Array;
  private readonly nodeNeeded: Float64Array;
  private readonly nodeSlotStart: Int32Array;
  private readonly nodeSlotEnd: Int32Array;
  private readonly nodeChildStart: Int32Array;
  private readonly nodeChildren: Int32Array;
  private readonly nodePickStart: Int32Array;
  private readonly nodePicks: Int32Array;
  private readonly pickBuffer: Int32Array;

  private readonly slotOptStart: Int32Array;
  private readonly slotBase: Float64Array;
  /** Per slot, the base's items standing for its id (entries slotBaseStart[s]..[s+1]). */
  private readonly slotBaseStart: Int32Array;
  private readonly baseItem: Int32Array;
  private readonly baseCredits: Float64Array;
  /**
   * Rules without sharing or with one extra counting (`confined`): per rule, its fillers that
   * can count in two of its slots (two branches of the node that shares), each with its
   * entries (an option, or a base entry as -1 - index), the slot (branch, -1 outside that
   * node) each entry is in, and its distinct slots (branches): the ways to confine it.
   */
  private readonly splitStart: Int32Array;
  private readonly splitItem: Int32Array;
  private readonly splitEntryStart: Int32Array;
  private readonly splitEntry: Int32Array;
  private readonly splitSide: Int32Array;
  private readonly splitWays: number[][];
  /** Entries left out of the evaluation being run (an option, a base entry). */
  private readonly optBlocked: Uint8Array;
  private readonly baseBlocked: Uint8Array;
  private blocking = false;
  private readonly optUnit: Int32Array;
  private readonly optPlacement: Int32Array;
  private readonly optCredits: Float64Array;
  /** Per rule, its options (consecutive: optOf[r]..optOf[r + 1]). */
  private readonly ruleOptStart: Int32Array;
  private readonly optItem: Int32Array;

  private readonly plItem: Int32Array;
  private readonly plRule: Int32Array;
  private readonly plN: Float64Array;
  private readonly itemPlStart: Int32Array;
  private readonly itemPlacements: Int32Array;
  /** The cost partitioning: per placement, the share of its filler's total cost. */
  readonly fraction: Float64Array;

  // Scratch of one relaxation.
  private readonly part: Float64Array;
  private readonly unitState: Uint8Array;
  private readonly unitCost: Float64Array;
  private readonly nodeValue: Float64Array;
  private readonly slotBest: Int32Array;
  private readonly optCharge: Float64Array;
  /** Per option, its charge in the current relaxation (kept per rule, `ruleCharged`). */
  private readonly optBase: Float64Array;
  private readonly ruleCharged: Uint32Array;
  private relaxation = 0;
  private readonly entries;
  private readonly entryRef: Int32Array;
  private readonly chargeable: Uint8Array;
  private readonly split: Float64Array;
  private readonly used: Uint32Array;
  private readonly ruleSeen: Uint32Array;
  private readonly chosenMark: Uint32Array;
  /** Scratch of countedTwice: per item, the stamp of the last visit that counted it. */
  private readonly itemSeen: Uint32Array;
  private stamp = 0;
  private entryRules = true;
  private state: BoundState | undefined;
  private chosenList: number[] = [];

  constructor(problem: PlanProblem) {
    const { graph, fillers } = problem;
    const C = problem.candidates.length;
    const A = problem.awards.length;
    this.candidates = C;
    this.units = C + A;
    const items = fillers.items.length;
    this.unitItem = new Int32Array(this.units);
    this.unitWeight = new Float64Array(this.units);
    this.unitRule = new Int32Array(this.units).fill(-1);
    this.itemUnit = new Int32Array(items).fill(-1);

    const rules: [RuleNode, number, boolean][] = [[problem.goal.rule, -1, false]];
    problem.candidates.forEach((id, k) => {
      this.unitItem[k] = fillers.at.get(id)!;
      this.unitWeight[k] = problem.weight.get(id)!;
      this.itemUnit[this.unitItem[k]] = k;
      const entry = credentialOf(graph, id)!.entryRule;
      if (entry) {
        this.unitRule[k] = rules.length;
        rules.push([entry, k, true]);
      }
    });
    problem.awards.forEach((id, a) => {
      const u = C + a;
      this.unitItem[u] = fillers.at.get(id)!;
      this.itemUnit[this.unitItem[u]] = u;
      this.unitRule[u] = rules.length;
      rules.push([credentialOf(graph, id)!.awardRule!, u, false]);
    });
    // Units by item and kind, to read the cone's fillers.
    const candidateUnit = new Int32Array(items).fill(-1);
    const awardUnit = new Int32Array(items).fill(-1);
    for (let k = 0; k < C; k++) candidateUnit[this.unitItem[k]!] = k;
    for (let a = 0; a < A; a++) awardUnit[this.unitItem[C + a]!] = C + a;

    const R = rules.length;
    this.ruleOwner = new Int32Array(R);
    this.ruleEntry = new Uint8Array(R);
    this.ruleFirst = new Int32Array(R);
    this.ruleEnd = new Int32Array(R);
    this.ruleSharing = new Int32Array(R);
    this.repStart = new Int32Array(R + 1);
    const reps: number[] = [];
    const nodeOperator: Operator[] = [];
    const nodeCredits: number[] = [];
    const nodeNeeded: number[] = [];
    const nodeSlotStart: number[] = [];
    const nodeSlotEnd: number[] = [];
    const nodeChildStart: number[] = [];
    const nodeChildren: number[] = [];
    const nodePickStart: number[] = [];
    let pickSize = 0;
    let widest = 1;
    const slotOptStart: number[] = [];
    const slotBase: number[] = [];
    const slotBaseStart: number[] = [];
    const baseItem: number[] = [];
    const baseCredits: number[] = [];
    const ruleOptStart: number[] = [];
    const splitStart: number[] = [0];
    const splitItem: number[] = [];
    const splitEntryStart: number[] = [0];
    const splitEntry: number[] = [];
    const splitSide: number[] = [];
    const splitWays: number[][] = [];
    const optUnit: number[] = [];
    const optPlacement: number[] = [];
    const optCredits: number[] = [];
    const plItem: number[] = [];
    const plRule: number[] = [];
    const plN: number[] = [];
    // Per item: its placement in the rule being compiled, and the last slot it was seen in.
    const placementOf = new Int32Array(items).fill(-1);
    const lastSlot = new Int32Array(items).fill(-1);
    let slotStamp = 0;
    rules.forEach(([rule, owner, entry], r) => {
      this.ruleOwner[r] = owner;
      this.ruleEntry[r] = entry ? 1 : 0;
      const compiled = compileRule(rule);
      const { total, unlimited } = ruleSharing(compiled);
      const first = nodeOperator.length;
      this.ruleFirst[r] = first;
      this.ruleEnd[r] = first + compiled.nodes.length;
      // The rule's placements: one per filler item, with its slots there.
      const cone = compiled.slots.map((slot) => fillers.cone.get(slot.accepts) ?? []);
      const firstPlacement = plItem.length;
      cone.forEach((list, s) => {
        for (const f of list) {
          if (lastSlot[f.item] === s + slotStamp) continue; // both ways of one filler
          lastSlot[f.item] = s + slotStamp;
          const p = placementOf[f.item]!;
          if (p >= firstPlacement) plN[p]!++;
          else {
            placementOf[f.item] = plItem.length;
            plItem.push(f.item);
            plRule.push(r);
            plN.push(1);
          }
        }
      });
      slotStamp += compiled.slots.length;
      this.ruleSharing[r] = unlimited ? 0 : total;
      for (let p = firstPlacement; p < plItem.length; p++) {
        if (!unlimited && plN[p]! > 1) reps.push(p);
        if (!unlimited) plN[p] = 1;
      }
      this.repStart[r + 1] = reps.length;
      // Global slots, in the compiled order (a node's slots are consecutive).
      const slotBaseIndex = slotOptStart.length;
      ruleOptStart.push(optUnit.length);
      // Entries per item of this rule (option o, or base entry as -1 - b) with their slots.
      const entriesOf = new Map<number, [number, number][]>();
      const note = (item: number, entry: number, s: number) => {
        const list = entriesOf.get(item);
        if (list) list.push([entry, s]);
        else entriesOf.set(item, [[entry, s]]);
      };
      compiled.slots.forEach((slot, s) => {
        slotOptStart.push(optUnit.length);
        slotBaseStart.push(baseItem.length);
        let base = -1;
        for (const f of fillers.base.get(slot.accepts) ?? []) {
          base = Math.max(base, f.credits);
          note(f.item, -1 - baseItem.length, s);
          baseItem.push(f.item);
          baseCredits.push(f.credits);
        }
        slotBase.push(base);
        for (const f of cone[s]!) {
          note(f.item, optUnit.length, s);
          optUnit.push(f.award ? awardUnit[f.item]! : candidateUnit[f.item]!);
          optPlacement.push(placementOf[f.item]!);
          optCredits.push(f.credits);
        }
      });
      // The fillers that can count in two branches of the node allowing one extra counting, by
      // branch; without sharing, in two slots (each slot its own branch: one filler, one slot).
      const sharingNode = compiled.nodes.findIndex((n) => n.maxShared > 0);
      if (!unlimited && total <= 1)
        for (const [item, list] of entriesOf) {
          const sides = list.map(([, slot]) =>
            total === 0 ? slot : branchAt(compiled, slot, sharingNode),
          );
          const ways = [...new Set(sides)];
          if (ways.length < 2) continue;
          splitItem.push(item);
          splitWays.push(ways);
          list.forEach(([entry], k) => {
            splitEntry.push(entry);
            splitSide.push(sides[k]!);
          });
          splitEntryStart.push(splitEntry.length);
        }
      splitStart.push(splitItem.length);
      compiled.nodes.forEach((node) => {
        nodeOperator.push(node.operator);
        nodeCredits.push(node.byCredits ? 1 : 0);
        nodeNeeded.push(node.needed);
        const s0 = node.slots.length > 0 ? slotBaseIndex + node.slots[0]! : slotBaseIndex;
        nodeSlotStart.push(s0);
        nodeSlotEnd.push(s0 + node.slots.length);
        nodeChildStart.push(nodeChildren.length);
        for (const c of node.children) nodeChildren.push(first + c);
        let capacity = node.slots.length + node.children.length;
        if (node.byCredits) {
          capacity = node.slots.length;
          for (const s of node.slots) capacity += cone[s]!.length;
        }
        nodePickStart.push(pickSize);
        pickSize += capacity;
        widest = Math.max(widest, capacity);
      });
    });
    slotOptStart.push(optUnit.length);
    ruleOptStart.push(optUnit.length);
    this.ruleOptStart = Int32Array.from(ruleOptStart);
    this.optItem = new Int32Array(optUnit.length);
    for (let o = 0; o < optUnit.length; o++) this.optItem[o] = this.unitItem[optUnit[o]!]!;
    slotBaseStart.push(baseItem.length);
    nodeChildStart.push(nodeChildren.length);
    this.slotBaseStart = Int32Array.from(slotBaseStart);
    this.baseItem = Int32Array.from(baseItem);
    this.baseCredits = Float64Array.from(baseCredits);
    this.splitStart = Int32Array.from(splitStart);
    this.splitItem = Int32Array.from(splitItem);
    this.splitEntryStart = Int32Array.from(splitEntryStart);
    this.splitEntry = Int32Array.from(splitEntry);
    this.splitSide = Int32Array.from(splitSide);
    this.splitWays = splitWays;
    this.optBlocked = new Uint8Array(optUnit.length);
    this.baseBlocked = new Uint8Array(baseItem.length);
    this.repPlacement = Int32Array.from(reps);
    this.nodeOperator = nodeOperator;
    this.nodeCredits = Uint8Array.from(nodeCredits);
    this.nodeNeeded = Float64Array.from(nodeNeeded);
    this.nodeSlotStart = Int32Array.from(nodeSlotStart);
    this.nodeSlotEnd = Int32Array.from(nodeSlotEnd);
    this.nodeChildStart = Int32Array.from(nodeChildStart);
    this.nodeChildren = Int32Array.from(nodeChildren);
    this.nodePickStart = Int32Array.from(nodePickStart);
    this.nodePicks = new Int32Array(nodeOperator.length);
    this.pickBuffer = new Int32Array(pickSize);
    this.slotOptStart = Int32Array.from(slotOptStart);
    this.slotBase = Float64Array.from(slotBase);
    this.optUnit = Int32Array.from(optUnit);
    this.optPlacement = Int32Array.from(optPlacement);
    this.optCredits = Float64Array.from(optCredits);
    this.plItem = Int32Array.from(plItem);
    this.plRule = Int32Array.from(plRule);
    this.plN = Float64Array.from(plN);
    // Placements by item.
    const P = plItem.length;
    this.itemPlStart = new Int32Array(items + 1);
    for (let p = 0; p < P; p++) this.itemPlStart[plItem[p]! + 1]!++;
    for (let i = 0; i < items; i++) this.itemPlStart[i + 1]! += this.itemPlStart[i]!;
    this.itemPlacements = new Int32Array(P);
    const fill = this.itemPlStart.slice(0, items);
    for (let p = 0; p < P; p++) this.itemPlacements[fill[plItem[p]!]!++] = p;
    this.fraction = new Float64Array(P);
    this.part = new Float64Array(P);
    this.used = new Uint32Array(P);
    this.unitState = new Uint8Array(this.units);
    this.unitCost = new Float64Array(this.units);
    this.nodeValue = new Float64Array(nodeOperator.length);
    this.slotBest = new Int32Array(slotBase.length);
    this.optCharge = new Float64Array(optUnit.length);
    this.optBase = new Float64Array(optUnit.length);
    this.ruleCharged = new Uint32Array(R);
    this.entries = relaxedEntries(widest);
    this.entryRef = new Int32Array(widest);
    this.chargeable = new Uint8Array(R);
    this.split = new Float64Array(items);
    this.ruleSeen = new Uint32Array(R);
    this.chosenMark = new Uint32Array(this.units);
    this.itemSeen = new Uint32Array(items);
    this.equalSplit();
  }

  /** The state of the search's root: the base's items had, nothing excluded. */
  static rootState(problem: PlanProblem): BoundState {
    const had = new Uint8Array(problem.fillers.items.length);
    had.fill(1, 0, problem.fillers.baseCount);
    return { had, excluded: new Uint8Array(problem.candidates.length) };
  }

  /**
   * The state of a search node: the base's items, the included candidates and the awards they
   * stack into (an optimistic closure: entry rules ignored) had; `excluded` left out.
   * Written into `into` when given.
   */
  static nodeState(
    problem: PlanProblem,
    included: ReadonlySet<string>,
    excluded: ReadonlySet<string>,
    into: BoundState = IndexedBound.rootState(problem),
  ): BoundState {
    const { fillers } = problem;
    into.had.fill(0);
    into.had.fill(1, 0, fillers.baseCount);
    into.excluded.fill(0);
    problem.candidates.forEach((id, k) => {
      if (excluded.has(id)) into.excluded[k] = 1;
    });
    if (included.size === 0) return into;
    const optimistic = problem.base.clone();
    extendClosure(
      problem.graph,
      optimistic,
      [...included].map((id) => problem.items.get(id)!),
      problem.asOf,
      { explain: false },
    );
    for (const id of included) into.had[fillers.at.get(id)!] = 1;
    for (const id of problem.awards) if (optimistic.has(id)) into.had[fillers.at.get(id)!] = 1;
    return into;
  }

  /** Back to the equal split: each placement n / Σ n of its filler's. */
  equalSplit(): void {
    const { itemPlStart, itemPlacements, plN, fraction } = this;
    for (let i = 0; i + 1 < itemPlStart.length; i++) {
      let total = 0;
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++) total += plN[itemPlacements[k]!]!;
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++)
        fraction[itemPlacements[k]!] = plN[itemPlacements[k]!]! / total;
    }
  }

  /** Does the problem have entry rules (else relaxing without them changes nothing)? */
  get hasEntryRules(): boolean {
    return this.ruleEntry.includes(1);
  }

  /** Is the unit had (free wherever it is used)? */
  private free(u: number): boolean {
    return this.state!.had[this.unitItem[u]!] === 1;
  }

  /** The unit's total cost: its weight plus its own rule (0 along a cycle of rules). */
  private total(u: number): number {
    const s = this.unitState[u]!;
    if (s === DONE) return this.unitCost[u]!;
    if (s === EVALUATING) return 0;
    if (u < this.candidates && this.state!.excluded[u] === 1) {
      this.unitState[u] = DONE;
      this.unitCost[u] = Infinity;
      return Infinity;
    }
    this.unitState[u] = EVALUATING;
    const rule = this.unitRule[u]!;
    const cost =
      this.unitWeight[u]! + (rule >= 0 && this.chargeable[rule] === 1 ? this.ruleCost(rule) : 0);
    this.unitState[u] = DONE;
    this.unitCost[u] = cost;
    return cost;
  }

  /** One use of unit u at placement p. */
  private charge(u: number, p: number): number {
    if (this.free(u)) return 0;
    const total = this.total(u);
    return Number.isFinite(total) ? total * this.part[p]! : Infinity;
  }

  private ruleCost(r: number): number {
    const root = this.evaluateRule(r, -1);
    const sharing = this.ruleSharing[r]!;
    if (!Number.isFinite(root)) return root;
    if (sharing === 0) return this.confined(r, root);
    // Sharing: its `sharing` dearest repeated fillers may be counted twice (sharingDiscount).
    const charges: number[] = [];
    for (let k = this.repStart[r]!; k < this.repStart[r + 1]!; k++) {
      const p = this.repPlacement[k]!;
      const c = this.charge(this.itemUnit[this.plItem[p]!]!, p);
      if (Number.isFinite(c)) charges.push(c);
    }
    charges.sort((a, b) => b - a);
    let discount = 0;
    for (let k = 0; k < Math.min(sharing, charges.length); k++) discount += charges[k]!;
    const discounted = Math.max(0, root - discount);
    if (sharing !== 1) return discounted;
    return Math.max(discounted, this.confined(r, root));
  }

  /**
   * A rule without sharing, or that may count one filler twice (one extra counting in all, at
   * one node): every plan counts each filler in one slot at most, or, with one extra counting,
   * at most one filler f in two branches of that node and every other in one branch at most.
   * So the rule costs at least the least, over f (or none), of f's cheapest charge plus the
   * rule's cost with f free, the fillers had (free, so the relaxation would count them in
   * every slot they fit) each confined to one slot, or one branch, every way. Tighter than the
   * relaxation alone (a held module filling a core slot and an elective at once), and than the
   * dearest-filler discount, which subtracts the dearest repeated filler even when the cheapest
   * plans cannot share it (one behind an entry rule the others do not need). Without sharing,
   * a filler not had that the least case counts in two slots (charged twice, though it fills
   * one) is then confined too, and the rule enumerated again, until none is. Past
   * `MAX_CONFINED_EVALUATIONS` evaluations the fillers with the most ways are left free.
   * Every plan meets one of the ways of confining, so the least over them is a lower bound.
   * `root` is the rule's cost as the relaxation alone has it.
   */
  private confined(r: number, root: number): number {
    const had = this.state!.had;
    const shares = this.ruleSharing[r] === 1;
    let confined: number[] = [];
    for (let k = this.splitStart[r]!; k < this.splitStart[r + 1]!; k++)
      if (had[this.splitItem[k]!] === 1) confined.push(k);
    const trials: { item: number; charge: number; skip: number }[] = [
      { item: -1, charge: 0, skip: -1 },
    ];
    if (shares) {
      for (let k = this.repStart[r]!; k < this.repStart[r + 1]!; k++) {
        const item = this.plItem[this.repPlacement[k]!]!;
        if (had[item] === 1) continue;
        const charge = this.cheapestCharge(r, item);
        if (Number.isFinite(charge)) trials.push({ item, charge, skip: -1 });
      }
      for (const k of confined) trials.push({ item: this.splitItem[k]!, charge: 0, skip: k });
      if (trials.length > MAX_CONFINED_EVALUATIONS) return 0;
    }
    // The fillers with the fewest ways first, as many as the evaluations allow.
    const affordable = (list: number[]) => {
      list.sort((x, y) => this.splitWays[x]!.length - this.splitWays[y]!.length);
      let ways = 1;
      let kept = 0;
      while (
        kept < list.length &&
        trials.length * ways * this.splitWays[list[kept]!]!.length <= MAX_CONFINED_EVALUATIONS
      )
        ways *= this.splitWays[list[kept++]!]!.length;
      return list.slice(0, kept);
    };
    confined = affordable(confined);
    let best = shares || confined.length > 0 ? this.enumerate(r, trials, confined) : root;
    // Without sharing, a filler the least case counts in two slots is confined too, and the
    // rule enumerated again, while the evaluations allow (a module charged in a core slot and
    // again in an option: it fills one of them).
    while (!shares) {
      const twice = this.countedTwice(r).filter((k) => !confined.includes(k));
      if (twice.length === 0) break;
      const next = affordable([...confined, ...twice]);
      if (next.length <= confined.length) break;
      confined = next;
      best = this.enumerate(r, trials, confined);
    }
    return best;
  }

  /**
   * The least, over the trials (a filler counted twice, or none) and every way of confining
   * each of `confined` (split fillers of rule r) to one of its slots or branches, of the
   * rule's cost; the rule is evaluated once more for the least case, so that its picks are
   * that case's.
   */
  private enumerate(
    r: number,
    trials: readonly { item: number; charge: number; skip: number }[],
    confined: readonly number[],
  ): number {
    const sides = confined.map((k) => this.splitWays[k]!);
    let ways = 1;
    for (const list of sides) ways *= list.length;
    let best = Infinity;
    let bestTrial = 0;
    let bestWay = 0;
    const evaluate = (t: number, way: number): number => {
      const trial = trials[t]!;
      let w = way;
      confined.forEach((k, j) => {
        const side = sides[j]![w % sides[j]!.length]!;
        w = Math.floor(w / sides[j]!.length);
        this.block(k, k === trial.skip ? undefined : side);
      });
      return trial.charge + this.evaluateRule(r, trial.item);
    };
    const blocking = this.blocking;
    this.blocking = confined.length > 0;
    trials.forEach((_, t) => {
      for (let way = 0; way < ways; way++) {
        const value = evaluate(t, way);
        if (value < best - EPS) {
          best = value;
          bestTrial = t;
          bestWay = way;
        }
      }
    });
    evaluate(bestTrial, bestWay);
    for (const k of confined) this.block(k, undefined);
    this.blocking = blocking;
    return best;
  }

  /** Split fillers of rule r that its last evaluation's picks count in two slots or more. */
  private countedTwice(r: number): number[] {
    this.stamp++;
    const seen = this.itemSeen;
    const twice: number[] = [];
    const visit = (n: number) => {
      const start = this.nodePickStart[n]!;
      const credits = this.nodeCredits[n] === 1;
      for (let k = 0; k < this.nodePicks[n]!; k++) {
        const ref = this.pickBuffer[start + k]!;
        let o = -1;
        if (credits) o = ref;
        else if (ref >= 0) o = this.slotBest[ref]!;
        else visit(this.nodeChildren[-2 - ref]!);
        if (o < 0) continue;
        const item = this.optItem[o]!;
        if (seen[item] === this.stamp) twice.push(item);
        else seen[item] = this.stamp;
      }
    };
    visit(this.ruleFirst[r]!);
    const out: number[] = [];
    for (let k = this.splitStart[r]!; k < this.splitStart[r + 1]!; k++)
      if (twice.includes(this.splitItem[k]!)) out.push(k);
    return out;
  }

  /**
   * Confines split filler k to `side`: one slot of its rule, or, in a rule where one filler
   * may count twice, one branch of the node that allows it (undefined: free again).
   */
  private block(k: number, side: number | undefined): void {
    for (let e = this.splitEntryStart[k]!; e < this.splitEntryStart[k + 1]!; e++) {
      const entry = this.splitEntry[e]!;
      const off = side !== undefined && this.splitSide[e] !== side ? 1 : 0;
      if (entry >= 0) this.optBlocked[entry] = off;
      else this.baseBlocked[-1 - entry] = off;
    }
  }

  /**
   * The least charge, in this relaxation, of an option of `item` in rule r (its units may
   * charge differently); the rule has been evaluated in it, so its charges are known.
   */
  private cheapestCharge(r: number, item: number): number {
    let least = Infinity;
    for (let o = this.ruleOptStart[r]!; o < this.ruleOptStart[r + 1]!; o++)
      if (this.optItem[o] === item) least = Math.min(least, this.optBase[o]!);
    return least;
  }

  /**
   * The rule's relaxed cost without its sharing, node by node from the leaves, each node's
   * picks kept for the read-back; the options of `freeItem` (an item, or -1) charged nothing.
   */
  private evaluateRule(r: number, freeItem: number): number {
    const { entries, entryRef, optBase, optCharge, optItem, optBlocked } = this;
    const o0 = this.ruleOptStart[r]!;
    const o1 = this.ruleOptStart[r + 1]!;
    // Every option's charge first, once a relaxation (this may evaluate other rules, whose
    // costs are fixed for the relaxation), then this evaluation's free and blocked options.
    if (this.ruleCharged[r] !== this.relaxation) {
      for (let o = o0; o < o1; o++)
        optBase[o] = this.charge(this.optUnit[o]!, this.optPlacement[o]!);
      this.ruleCharged[r] = this.relaxation;
    }
    const blocking = this.blocking;
    for (let o = o0; o < o1; o++)
      optCharge[o] =
        blocking && optBlocked[o] === 1 ? Infinity : optItem[o] === freeItem ? 0 : optBase[o]!;
    for (let n = this.ruleEnd[r]! - 1; n >= this.ruleFirst[r]!; n--) {
      const s0 = this.nodeSlotStart[n]!;
      const s1 = this.nodeSlotEnd[n]!;
      let count = 0;
      if (this.nodeCredits[n] === 1) {
        for (let s = s0; s < s1; s++) {
          const base = this.hadCredits(s);
          if (base >= 0) {
            entries.cost[count] = 0;
            entries.credits[count] = base;
            entryRef[count++] = -1;
          }
          for (let o = this.slotOptStart[s]!; o < this.slotOptStart[s + 1]!; o++) {
            entries.cost[count] = this.optCharge[o]!;
            entries.credits[count] = this.optCredits[o]!;
            entryRef[count++] = o;
          }
        }
      } else {
        for (let s = s0; s < s1; s++) {
          let best = Infinity;
          let at = -2;
          if (this.hadCredits(s) >= 0) {
            best = 0;
            at = -1;
          }
          for (let o = this.slotOptStart[s]!; o < this.slotOptStart[s + 1]!; o++)
            if (this.optCharge[o]! < best) {
              best = this.optCharge[o]!;
              at = o;
            }
          this.slotBest[s] = at;
          entries.cost[count] = best;
          entryRef[count++] = s;
        }
        for (let c = this.nodeChildStart[n]!; c < this.nodeChildStart[n + 1]!; c++) {
          entries.cost[count] = this.nodeValue[this.nodeChildren[c]!]!;
          entryRef[count++] = -2 - c;
        }
      }
      const value = this.nodeOperator[n]!.relaxedIndexed(entries, count, this.nodeNeeded[n]!);
      this.nodeValue[n] = value;
      const start = this.nodePickStart[n]!;
      this.nodePicks[n] = entries.picks;
      for (let k = 0; k < entries.picks; k++)
        this.pickBuffer[start + k] = entryRef[entries.picked[k]!]!;
    }
    return this.nodeValue[this.ruleFirst[r]!]!;
  }

  /** The best credits an item had counts in slot s (-1: none). */
  private hadCredits(s: number): number {
    let best = this.slotBase[s]!;
    if (this.blocking) {
      best = -1;
      for (let b = this.slotBaseStart[s]!; b < this.slotBaseStart[s + 1]!; b++)
        if (this.baseBlocked[b] === 0) best = Math.max(best, this.baseCredits[b]!);
    }
    const { had } = this.state!;
    for (let o = this.slotOptStart[s]!; o < this.slotOptStart[s + 1]!; o++)
      if (
        had[this.optItem[o]!] === 1 &&
        this.optCredits[o]! > best &&
        !(this.blocking && this.optBlocked[o] === 1)
      )
        best = this.optCredits[o]!;
    return best;
  }

  /**
   * The relaxed cost of reaching the goal from `state` under the current partitioning: a
   * lower bound on the weight still to add. Its solution (`chosen`, `used`) is kept until the
   * next relaxation.
   */
  relax(state: BoundState, options: { entryRules?: boolean } = {}): number {
    this.state = state;
    this.entryRules = options.entryRules !== false;
    const { had, excluded } = state;
    const R = this.ruleOwner.length;
    for (let r = 0; r < R; r++) {
      const owner = this.ruleOwner[r]!;
      const entry = this.ruleEntry[r] === 1;
      // The goal; else a rule whose owner is not had, and for an entry rule, kept and not
      // excluded.
      const open =
        owner < 0 ||
        (had[this.unitItem[owner]!] === 0 &&
          !(entry && (!this.entryRules || excluded[owner] === 1)));
      this.chargeable[r] = open ? 1 : 0;
    }
    // Parts: each placement's fraction over its filler's chargeable ones (equal split when
    // the chargeable ones hold none).
    const { itemPlStart, itemPlacements, plN, plRule, fraction, part, chargeable, split } = this;
    for (let i = 0; i + 1 < itemPlStart.length; i++) {
      let total = 0;
      let count = 0;
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++) {
        const p = itemPlacements[k]!;
        if (chargeable[plRule[p]!] === 0) continue;
        total += fraction[p]!;
        count += plN[p]!;
      }
      split[i] = count;
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++) {
        const p = itemPlacements[k]!;
        part[p] = total > 0 ? Math.min(1, fraction[p]! / plN[p]! / total) : 1 / Math.max(1, count);
      }
    }
    this.unitState.fill(UNKNOWN);
    this.relaxation++;
    const bound = this.ruleCost(0);
    this.markUses();
    return bound;
  }

  /** Marks the placements and candidates of the last relaxed solution. */
  private markUses(): void {
    this.stamp++;
    this.chosenList = [];
    if (!Number.isFinite(this.nodeValue[0]!)) return;
    this.useRule(0);
  }

  private useRule(r: number): void {
    if (this.ruleSeen[r] === this.stamp) return;
    this.ruleSeen[r] = this.stamp;
    this.useNode(this.ruleFirst[r]!);
  }

  private useNode(n: number): void {
    const start = this.nodePickStart[n]!;
    const credits = this.nodeCredits[n] === 1;
    for (let k = 0; k < this.nodePicks[n]!; k++) {
      const ref = this.pickBuffer[start + k]!;
      if (credits) {
        if (ref >= 0) this.useOption(ref);
      } else if (ref >= 0) {
        const o = this.slotBest[ref]!;
        if (o >= 0) this.useOption(o);
      } else this.useNode(this.nodeChildren[-2 - ref]!);
    }
  }

  private useOption(o: number): void {
    const u = this.optUnit[o]!;
    if (this.free(u)) return;
    this.used[this.optPlacement[o]!] = this.stamp;
    if (u < this.candidates && this.chosenMark[u] !== this.stamp) {
      this.chosenMark[u] = this.stamp;
      this.chosenList.push(u);
    }
    const rule = this.unitRule[u]!;
    if (rule >= 0 && this.chargeable[rule] === 1) this.useRule(rule);
  }

  /** The candidates (indexes into problem.candidates) the last relaxed solution uses. */
  chosen(): readonly number[] {
    return this.chosenList;
  }

  /** Chargeable rules per filler, as the last relaxation counted them (k(f)). */
  splitOf(item: number): number {
    return this.split[item]!;
  }

  /**
   * One step of the subgradient ascent over partitionings (module comment): a filler that the
   * last relaxed solution uses in some of its chargeable rules and not in others moves part of
   * its cost towards those that use it (step 2/(1+t)), clipped at 0 and renormalised. A rule
   * uses a filler when the relaxed solution charges that placement (a rule of a credential the
   * solution uses, or the goal). Every iterate is a partitioning, so a lower bound; the caller
   * keeps the best. Returns whether anything moved.
   */
  step(t: number): boolean {
    const state = this.state!;
    const { itemPlStart, itemPlacements, plRule, fraction, chargeable, used, stamp } = this;
    const step = 2 / (1 + t);
    let moved = false;
    for (let i = 0; i + 1 < itemPlStart.length; i++) {
      if (state.had[i] === 1) continue;
      let count = 0;
      let using = 0;
      let total = 0;
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++) {
        const p = itemPlacements[k]!;
        if (chargeable[plRule[p]!] === 0) continue;
        count++;
        total += fraction[p]!;
        if (used[p] === stamp) using++;
      }
      if (count < 2 || using === 0 || using === count) continue;
      moved = true;
      const mean = using / count;
      let sum = 0;
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++) {
        const p = itemPlacements[k]!;
        if (chargeable[plRule[p]!] === 0) continue;
        const x = total > 0 ? fraction[p]! / total : 1 / count;
        const next = Math.max(0, x + step * ((used[p] === stamp ? 1 : 0) - mean));
        fraction[p] = next;
        sum += next;
      }
      for (let k = itemPlStart[i]!; k < itemPlStart[i + 1]!; k++) {
        const p = itemPlacements[k]!;
        if (chargeable[plRule[p]!] === 0) continue;
        fraction[p] = sum > 0 ? fraction[p]! / sum : 1 / count;
      }
    }
    return moved;
  }
}
