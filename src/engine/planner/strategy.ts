import type { Highs } from 'highs';
import { buildProblem, type PlanProblem } from './problem.js';
import { isPlan, type Replay } from './replay.js';
import { branchAndBound, type SearchResult } from './search.js';
import { solveMip, type MipResult } from './mip.js';

/**
 * The planner's solving strategy: which exact method answers a plan, in which order, and what
 * each answer of the mixed-integer solver leads to. Every threshold names the measurement
 * that chose it (runs in bench/RESULTS.md).
 *
 * Without a MIP solver (`mip` undefined): the branch and bound alone, with its node budget
 * (`maxNodes`, default 100 000 in search.ts); when the budget runs out the plan is the best
 * found, `feasible`, with the least bound of the unexplored subtrees as its lower bound.
 *
 * With a MIP solver, by the size of the cone (the candidates):
 * - up to `mipFirstAbove` candidates: the search for `searchNodesBeforeMip` nodes (its root
 *   with the ascent below, without the fix-in), then the MIP if that did not prove optimality;
 * - above it, up to `rootFirstUpTo` (any size): the search's root alone (its bound, the
 *   cost-partitioning ascent of `rootAscent` steps, each step's relaxed set offered as a plan;
 *   without the fix-in, and with the repair up to `rootRepairUpTo` candidates: any); for an
 *   `anyOf` goal it does not prove, each qualification's own root (`anyOfByParts`); then the
 *   MIP;
 * - above `rootFirstUpTo` (the HiGHS-only baseline sets it to -1): the MIP directly.
 * Then, by the MIP's answer (`mipAnswer`):
 * - `optimal`, and the replay of its set reaches the goal with nothing stranded: proven optimal;
 * - `infeasible`: proven that no set reaches the goal (under the budget and the avoided plans);
 * - `cutoff`: when the search before the MIP found a plan, its weight is the MIP's cutoff, and
 *   "no set weighs no more" proves that plan;
 * - `time-limit` with a set that the replay accepts: kept as an incumbent, and the search goes
 *   on with its own budget; the better of the two is the answer, with the search's proven
 *   lower bound (the MIP's time limit gives no bound of its own here);
 * - `unsupported-cycle` (a dependency cycle through entry or award rules, see mip.ts),
 *   `time-limit` without a usable set, a set the replay rejects, or any other HiGHS status:
 *   the search with its own budget, as without a solver.
 */
export const STRATEGY = {
  /**
   * Above this many candidates the MIP goes before a search of several nodes. On the seed
   * pairs (run 7, 2026-12-01) the MIP first above 12 candidates gave a p99 of 10.7–11.5 ms
   * against 12.8–14.2 ms above 20, medians alike; learners who hold little are proved by the
   * root alone either way.
   */
  mipFirstAbove: 12,
  /**
   * Up to this many candidates the search's root alone is tried before the MIP: every size.
   * With MIN_CREDITS bounded by the whole-option cover (2026-12-07, bench/RESULTS.md; the
   * 50k's first 500 pairs, ms a cone, root without repair against HiGHS's solve): 13–32
   * candidates, the root proves 193 of 225 cones at 0.48 ms (HiGHS 3.78); 33–48, 81 of 136 at
   * 0.88 (5.76); 49–64, 26 of 70 at 1.60 (7.02): about 6.0 ms a cone with the MIP after it
   * against 7.0 without; 65–96, 12 of 41 at 1.75 (14.42): 12.0 against 14.4. Before that
   * bound the root proved 10 of 66 cones above 48 and the limit was 48; before the indexed
   * bound it was 32.
   */
  rootFirstUpTo: Infinity,
  /**
   * Steps of the cost-partitioning ascent at the root (indexedBound.ts, `step`: about
   * 0.02–0.05 ms a relaxation on the 50k, against 0.1–0.3 for the former string version,
   * bound.ts's `ascend`) when its first plan is dearer than its bound. Measured 2026-12-06,
   * before the repair came back up to 32 candidates (`rootRepairUpTo`): with the repair and no
   * ascent (the strategy before) the root proved 150 of the 50k's 282 cones of 13–32 at 0.87
   * ms, and 108 of the seed's 224 at 1.61 ms against 92 at 0.48 without the repair, with the
   * ascent. Same measurement: on the 50k's cones of 13–48 candidates 8 steps
   * prove as many as 25 (256 of 420, against 152 with none); on the seed (500 pairs) 25 steps
   * prove the 18 cones of 33–48 candidates (the master's degree) that 8 do not, and 92 of 224
   * of 13–32 against 86, for 0.03 ms more a cone.
   */
  rootAscent: 25,
  /**
   * The root's ascent stops after this many steps without a better bound. On the 50k's first
   * 500 pairs and the seed's 1,000 (2026-12-07): with 8, the root proves 342 of 361 cones of
   * 13–48 candidates (344 without a limit), 93 of 111 above 48 (94) and 120 of 121 on the seed
   * (120), with 24% fewer evaluations of the rules above 48; with 5 the seed's master's cones
   * lose 9 proofs.
   */
  rootAscentPatience: 8,
  /**
   * Up to this many candidates the root repairs its relaxed set into a plan (greedy
   * completion, reverse deletion) when no step of the ascent gave a plan at the bound: every
   * size. On the seed's master's degree (one module may count twice), the root's bound equals
   * the optimum on 152 of 155 cones of 13–33 candidates, and the repair finds the plan on 12
   * more of them (2026-12-07, bench/RESULTS.md). On the 50k's first 500 pairs, once the
   * completion bisects (a few replays instead of one per credential added; 2026-12-07, later):
   * the cones left to HiGHS fall from 37 to 23 (33–48 candidates: 15 to 10; 49–64: 9 to 4;
   * 65 and more: 9 to 5), and the solve's mean over all plans from 1.24 to 1.12 ms. Before the
   * bisection the repair cost more than it saved above 32 candidates and the limit was 32.
   */
  rootRepairUpTo: Infinity,
  /** The root's ascent runs only when its plan is within this share above its bound: any. */
  rootAscentWithin: Infinity,
  /**
   * Search nodes spent on a small cone before handing it to the MIP: the search proves most
   * small cones within a few dozen nodes, faster than the MIP's floor of about 1 ms (run 7).
   * The search runs without the root's fix-in and with the root's ascent: on the seed's 693
   * cones of up to 12 candidates (2026-12-07) every cone is then proven at the root (mean
   * nodes 1.5-4.4 with the fix-in from 7 candidates up) in half the time (0.10-0.23 ms a cone
   * against 0.15-1.1; the fix-in costs a replay per candidate).
   */
  searchNodesBeforeMip: 50,
} as const;

export interface StrategyOptions {
  /** A loaded HiGHS module (mip.ts, loadHighs); without it the search alone answers. */
  mip?: Highs | undefined;
  /** The search's own node budget (default search.ts's). */
  maxNodes?: number | undefined;
  /** Overrides STRATEGY.mipFirstAbove (tests and the benchmark's threshold runs). */
  mipFirstAbove?: number | undefined;
  /** A wall-clock limit for each MIP solve, in seconds (default none). */
  mipTimeLimitSeconds?: number | undefined;
  /**
   * Overrides STRATEGY.rootFirstUpTo (the benchmark's threshold runs; with mipFirstAbove -1
   * and rootFirstUpTo -1 the MIP is the only solver, the "HiGHS alone" baseline).
   */
  rootFirstUpTo?: number | undefined;
  /** Overrides STRATEGY.rootRepairUpTo (the benchmark's threshold runs). */
  rootRepairUpTo?: number | undefined;
  /** Overrides STRATEGY.rootAscent (tests and the benchmark's runs). */
  rootAscent?: number | undefined;
  /** Overrides STRATEGY.rootAscentWithin. */
  rootAscentWithin?: number | undefined;
}

/** The strategy's root: without the fix-in (a replay per candidate), with the ascent. */
const atTheRoot = (options: StrategyOptions) => ({
  fixIn: false,
  ascent: options.rootAscent ?? STRATEGY.rootAscent,
  ascentPatience: STRATEGY.rootAscentPatience,
});

/** What the strategy does with one MIP answer (see the module comment). */
export type MipVerdict =
  | { kind: 'proven'; result: SearchResult }
  | { kind: 'incumbent'; chosen: string[]; value: number }
  | { kind: 'search' };

/**
 * Reads a MIP answer: proven, a feasible incumbent, or "search instead". `inHand` is the plan
 * whose weight was the MIP's cutoff, if any.
 */
export function mipAnswer(
  mip: MipResult,
  replay: Replay,
  inHand?: { chosen: string[]; value: number },
): MipVerdict {
  const proven = (chosen: string[] | undefined, value: number): MipVerdict => ({
    kind: 'proven',
    result: { chosen, value, lowerBound: value, optimal: true, nodes: 0 },
  });
  if (mip.status === 'cutoff' && inHand) return proven(inHand.chosen, inHand.value);
  if (mip.status === 'infeasible') return proven(undefined, Infinity);
  if (mip.chosen && isPlan(replay, mip.chosen)) {
    if (mip.status === 'optimal') return proven(mip.chosen, mip.value);
    if (mip.status === 'time-limit')
      return { kind: 'incumbent', chosen: mip.chosen, value: mip.value };
  }
  return { kind: 'search' };
}

/**
 * The least-weight set for `problem` that contains no plan of `avoid`, by the strategy above.
 * Pure and synchronous: the HiGHS module is loaded by the caller.
 */
export function solvePlanProblem(
  problem: PlanProblem,
  replay: Replay,
  avoid: string[][],
  options: StrategyOptions = {},
): SearchResult {
  const search = (maxNodes: number | undefined, spent = 0): SearchResult => {
    const found = branchAndBound(problem, { maxNodes, avoid, replay });
    return { ...found, nodes: spent + found.nodes };
  };
  const { mip } = options;
  if (!mip) return search(options.maxNodes);

  // `before`: what the search found first; its plan, if any, is the MIP's cutoff.
  const byMip = (spent: number, before?: SearchResult): SearchResult | undefined => {
    const inHand = before?.chosen && { chosen: before.chosen, value: before.value };
    const answer = mipAnswer(
      solveMip(problem, mip, {
        avoid,
        ...(options.mipTimeLimitSeconds !== undefined
          ? { timeLimitSeconds: options.mipTimeLimitSeconds }
          : {}),
        ...(inHand ? { cutoff: inHand.value } : {}),
      }),
      replay,
      inHand,
    );
    if (answer.kind === 'proven') return { ...answer.result, nodes: spent };
    if (answer.kind === 'search') return undefined;
    // A time-limited set: the search's budget decides, the better set is kept, and the
    // search's bound (proven over every set) is the plan's.
    const searched = search(options.maxNodes, spent);
    if (searched.optimal || searched.value <= answer.value) return searched;
    return { ...searched, chosen: answer.chosen, value: answer.value, optimal: false };
  };

  const candidates = problem.candidates.length;
  if (candidates > (options.mipFirstAbove ?? STRATEGY.mipFirstAbove)) {
    // The root alone first (its fix-in left out), in cones that are not too large:
    // its bound (after the ascent) and one of its relaxed sets often agree, which proves the
    // plan without a solve.
    const root =
      candidates <= (options.rootFirstUpTo ?? STRATEGY.rootFirstUpTo)
        ? branchAndBound(problem, {
            maxNodes: 1,
            avoid,
            replay,
            ...atTheRoot(options),
            repairRoot: candidates <= (options.rootRepairUpTo ?? STRATEGY.rootRepairUpTo),
            ascentWithin: options.rootAscentWithin ?? STRATEGY.rootAscentWithin,
          })
        : undefined;
    if (root?.optimal) return root;
    const split = root && anyOfByParts(problem, replay, avoid, root, options);
    if (split) return split;
    return byMip(root?.nodes ?? 0, root) ?? search(options.maxNodes, root?.nodes ?? 0);
  }
  const budget = options.maxNodes ?? STRATEGY.searchNodesBeforeMip;
  // Without the fix-in, with the root's ascent (measured at searchNodesBeforeMip).
  const searched = branchAndBound(problem, {
    maxNodes: budget,
    avoid,
    replay,
    ...atTheRoot(options),
  });
  if (searched.optimal) return searched;
  const solved = byMip(searched.nodes, searched);
  if (solved) return solved;
  // The MIP could not answer: the search goes on, with its own budget.
  if (budget === options.maxNodes) return searched;
  return search(options.maxNodes, searched.nodes);
}

/**
 * An `anyOf` goal whose root proved nothing, one qualification at a time: a plan reaching any
 * of them reaches one, so the least plan weighs at least the least of the qualifications'
 * own bounds, and each qualification's plan is a plan of the goal. The goal's bound is weak
 * here (each module's weight is split between the qualifications' rules, and the goal needs
 * only one of them), while each qualification's is not. Undefined unless a plan found meets
 * that least bound. Only for goals without prior learning or exemptions, whose problems are
 * rebuilt from the learner's holdings alone; the weights are the goal problem's. Of the API
 * benchmark's 1,000 seed requests (2026-12-07), the 4 that still reached HiGHS were such
 * goals (the MSc or the Higher Diploma it contains); none does with this.
 */
function anyOfByParts(
  problem: PlanProblem,
  replay: Replay,
  avoid: string[][],
  root: SearchResult,
  options: StrategyOptions,
): SearchResult | undefined {
  const { goal } = problem;
  if (goal.rule.id !== 'goal' || goal.rule.op !== 'ANY' || goal.credentials.length < 2)
    return undefined;
  if (problem.exempted.length > 0 || problem.priorLearning.outcomes.size > 0) return undefined;
  const shared = {
    weight: problem.weight,
    objective: problem.objective,
    tiesBroken: problem.tiesBroken,
    creditsMissing: problem.creditsMissing,
  };
  let least = Infinity;
  let best = { chosen: root.chosen, value: root.value };
  let nodes = root.nodes;
  for (const qualification of goal.credentials) {
    const part = buildProblem(
      problem.graph,
      {
        holdings: problem.holdings.valid,
        asOf: problem.asOf,
        target: { qualification },
        constraints: problem.constraints,
      },
      { shared },
    );
    const found = branchAndBound(part, {
      maxNodes: 1,
      avoid,
      ...atTheRoot(options),
    });
    nodes += found.nodes;
    least = Math.min(least, found.optimal ? found.value : found.lowerBound);
    if (found.chosen && found.value < best.value && isPlan(replay, found.chosen))
      best = { chosen: found.chosen, value: found.value };
  }
  if (!best.chosen || best.value > least + 1e-7) return undefined;
  return { chosen: best.chosen, value: best.value, lowerBound: best.value, optimal: true, nodes };
}
