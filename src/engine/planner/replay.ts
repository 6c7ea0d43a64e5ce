import { credentialOf, type RuleNode } from '../../graph/index.js';
import {
  compileRule,
  contestedSatisfiable,
  relaxationScratch,
  rootSatisfied,
  type CompiledRule,
} from '../allocation.js';
import type { Item } from '../items.js';
import type { PlanProblem } from './problem.js';

/** What the search asks of a replay: is the goal reached, and what could never start. */
export interface ReplayVerdict {
  /** The chosen set, less what is stuck, reaches the goal. */
  reached: boolean;
  /** Chosen credentials that could never start (entry rule or co-requisite unmet), sorted. */
  stuck: string[];
  /**
   * Some part of the chosen set may reach the goal: \`reached\` with strict co-requisites
   * relaxed to ordinary ones (together or before). It never holds for a set when it fails for
   * a larger one, which \`reached\` cannot promise once strict co-requisites join chosen
   * credentials (taking a lecture whose entry rule is never met also strands its lab); the
   * search prunes with it. Equal to \`reached\` when no strict co-requisite is in play.
   */
  mayReach: boolean;
}

export type Replay = (chosen: Iterable<string>) => ReplayVerdict;

/** Is the set a plan as it stands: it reaches the goal with nothing stranded? */
export function isPlan(replay: Replay, chosen: Iterable<string>): boolean {
  const verdict = replay(chosen);
  return verdict.reached && verdict.stuck.length === 0;
}

/** One rule of the cone, with every (item, slot) pair that may fill it, grouped by item. */
interface RuleCheck {
  rule: RuleNode;
  compiled: CompiledRule;
  item: Int32Array;
  slot: Int32Array;
  credits: Float64Array;
}

/**
 * The replay of simulate.ts for the search's inner loop: the same `reached` and `stuck` for
 * any set of candidates, computed over integer indexes of the cone instead of item sets.
 *
 * Only the cone matters for both answers: the goal, the candidates' entry rules and
 * co-requisites, and the award rules of the cone's awards (buildProblem's cone holds every
 * credential that can fill a slot of any of them, so an award outside it can fill none).
 * Each rule keeps the pairs (item, slot) that may fill it, its owner left out (a credential
 * never counts towards its own rules). A check takes the best credits per slot among the items
 * had; that relaxation is exact when no item had can fill two slots, and otherwise the
 * allocation search decides (allocation.ts, on the same items), so the verdicts are
 * simulate's by construction. Stacking is a worklist over the awards whose rules an item
 * fills; satisfaction is monotone, so the fixed point is the closure's.
 */
export function compileReplay(problem: PlanProblem): Replay {
  const { graph } = problem;
  // The problem's slot-filler index: its items are the replay's, numbered alike.
  const { items, at: index, baseCount } = problem.fillers;

  /** The items that may fill the rule: held ones (the base's), then the cone's. */
  const fillersOf = (rule: RuleNode, owner: string | undefined): Set<number> => {
    const out = new Set<number>();
    const accepted = compileRule(rule).slotsByAccepted.keys();
    for (const id of accepted) {
      for (const f of problem.fillers.base.get(id) ?? []) if (f.id !== owner) out.add(f.item);
      for (const f of problem.fillers.cone.get(id) ?? []) if (f.id !== owner) out.add(f.item);
    }
    return out;
  };
  const check = (rule: RuleNode, owner: string | undefined): RuleCheck => {
    const compiled = compileRule(rule);
    // Three plain arrays, not tuples mapped into typed ones (a mapped `from` is several times
    // slower, and this runs for every rule of every plan).
    const item: number[] = [];
    const slot: number[] = [];
    const credits: number[] = [];
    for (const i of fillersOf(rule, owner))
      for (const [id, counted] of items[i]!.identities)
        for (const s of compiled.slotsByAccepted.get(id) ?? []) {
          item.push(i);
          slot.push(s);
          credits.push(counted);
        }
    return {
      rule,
      compiled,
      item: new Int32Array(item),
      slot: new Int32Array(slot),
      credits: new Float64Array(credits),
    };
  };

  const goal = check(problem.goal.rule, undefined);
  const awards = problem.awards.map((id) => ({
    at: index.get(id)!,
    check: check(credentialOf(graph, id)!.awardRule!, id),
  }));
  /** Per item, the awards whose rule it may fill. */
  const dependants: number[][] = items.map(() => []);
  awards.forEach((award, a) => {
    const { item } = award.check;
    for (let k = 0; k < item.length; k++)
      if (k === 0 || item[k] !== item[k - 1]) dependants[item[k]!]!.push(a);
  });
  const candidateOf = new Map(problem.candidates.map((id, k) => [id, k]));
  const candidates = problem.candidates.map((id) => {
    const c = credentialOf(graph, id)!;
    return {
      id,
      at: index.get(id)!,
      entry: c.entryRule ? check(c.entryRule, id) : undefined,
      // Each as [item, candidate]: -1 when outside the cone (never had) or not a candidate.
      corequisites: c.corequisites.map((co): [number, number] => [
        index.get(co) ?? -1,
        candidateOf.get(co) ?? -1,
      ]),
      // Strict co-requisites not had from the start, as candidates (-1: not a candidate).
      strict: (c.strictCorequisites ?? [])
        .filter((s) => s !== id && !problem.base.has(s))
        .map((s) => candidateOf.get(s) ?? -1),
    };
  });
  const anyStrict = candidates.some((c) => c.strict.length > 0);

  const had = new Uint8Array(items.length);
  const satisfiable = (r: RuleCheck): boolean => {
    const { item, slot, credits } = r;
    const { values, counts } = relaxationScratch(r.compiled);
    let contested = false;
    let relevant = 0;
    for (let k = 0; k < item.length; k++) {
      const i = item[k]!;
      if (!had[i]) continue;
      if (k > 0 && item[k - 1] === i) contested = true;
      else relevant++;
      if (credits[k]! > values[slot[k]!]!) values[slot[k]!] = credits[k]!;
    }
    if (!rootSatisfied(r.compiled, values, counts)) return false;
    if (!contested) return true;
    const present: Item[] = new Array<Item>(relevant);
    let n = 0;
    for (let k = 0; k < item.length; k++)
      if (had[item[k]!] && (k === 0 || item[k - 1] !== item[k])) present[n++] = items[item[k]!]!;
    return contestedSatisfiable(r.compiled, present);
  };
  const queue: number[] = [];
  const queued = new Uint8Array(awards.length);
  const gain = (i: number) => {
    had[i] = 1;
    for (const a of dependants[i]!)
      if (!queued[a] && !had[awards[a]!.at]) {
        queued[a] = 1;
        queue.push(a);
      }
  };
  const stack = () => {
    while (queue.length > 0) {
      const a = queue.pop()!;
      queued[a] = 0;
      const award = awards[a]!;
      if (!had[award.at] && satisfiable(award.check)) gain(award.at);
    }
  };

  /** Union-find over candidates, for the strict groups of one replay. */
  const parent = new Int32Array(candidates.length);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const inSet = new Uint8Array(candidates.length);
  const blockedRoot = new Uint8Array(candidates.length);
  const groupSize = new Int32Array(candidates.length);
  const groupReady = new Int32Array(candidates.length);
  const starting = new Uint8Array(candidates.length);

  /** One replay; with `strict`, groups joined by strict co-requisites start whole. */
  const run = (chosen: number[], strict: boolean): ReplayVerdict => {
    had.fill(0, baseCount);
    had.fill(1, 0, baseCount);
    let remaining = chosen;
    if (strict) {
      inSet.fill(0);
      blockedRoot.fill(0);
      groupSize.fill(0);
      for (const k of chosen) {
        inSet[k] = 1;
        parent[k] = k;
      }
      const missing: number[] = [];
      for (const k of chosen)
        for (const s of candidates[k]!.strict) {
          if (s >= 0 && inSet[s]) parent[find(k)] = find(s);
          else missing.push(k);
        }
      for (const k of missing) blockedRoot[find(k)] = 1;
      for (const k of chosen) groupSize[find(k)]!++;
    }
    for (;;) {
      let startable = remaining.filter((k) => {
        if (strict && blockedRoot[find(k)]) return false;
        const entry = candidates[k]!.entry;
        return !entry || satisfiable(entry);
      });
      // Co-requisites: had already, or starting in the same step; strict groups start whole.
      for (let changed = true; changed;) {
        starting.fill(0);
        for (const k of startable) starting[k] = 1;
        if (strict) {
          for (const k of startable) groupReady[find(k)] = 0;
          for (const k of startable) groupReady[find(k)]!++;
        }
        const kept = startable.filter(
          (k) =>
            (!strict || groupReady[find(k)] === groupSize[find(k)]) &&
            candidates[k]!.corequisites.every(
              ([item, candidate]) =>
                (item >= 0 && had[item] === 1) || (candidate >= 0 && starting[candidate] === 1),
            ),
        );
        changed = kept.length < startable.length;
        startable = kept;
      }
      if (startable.length === 0) break;
      const started = new Set(startable);
      remaining = remaining.filter((k) => !started.has(k));
      for (const k of startable) gain(candidates[k]!.at);
      stack();
      if (remaining.length === 0) break;
    }
    const reached = satisfiable(goal);
    return {
      reached,
      stuck: remaining.map((k) => candidates[k]!.id).sort(),
      mayReach: reached,
    };
  };

  return (chosen) => {
    const set: number[] = [];
    for (const id of new Set(chosen)) {
      const k = candidateOf.get(id);
      if (k === undefined) throw new Error(`replay: "${id}" is not a candidate of the problem`);
      set.push(k);
    }
    if (!anyStrict) return run(set, false);
    const verdict = run(set, true);
    // A part of the set that reaches the goal strictly reaches it relaxed too.
    return verdict.reached ? verdict : { ...verdict, mayReach: run(set, false).reached };
  };
}
