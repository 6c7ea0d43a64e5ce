import type { Highs } from 'highs';
import type { PlanProblem } from './problem.js';
import type { Replay } from './replay.js';
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
 * - up to `mipFirstAbove` candidates: the search for `searchNodesBeforeMip` nodes, then the
 *   MIP if that did not prove optimality;
 * - above it, up to `rootFirstUpTo`: the search's root alone (its bound and a repaired plan,
 *   without the fix-in), then the MIP;
 * - above `rootFirstUpTo`: the MIP directly.
 * Then, by the MIP's answer (`mipAnswer`):
 * - `optimal`, and the replay of its set reaches the goal with nothing stranded: proven optimal;
 * - `infeasible`: proven that no set reaches the goal (under the budget and the avoided plans);
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
   * Up to this many candidates the search's root alone is tried before the MIP. On the
   * synthetic 50k's pairs (2026-12-01) the root proved 60% of the cones of 13–24 candidates
   * (0.38 ms against HiGHS's 1.71 ms) and 40% of 25–32 (0.80 against 2.53 ms), but only 12%
   * of 33–48 (1.58 against 3.44 ms) and 4% above: there it costs more than it saves.
   */
  rootFirstUpTo: 48,
  /**
   * Relaxations the root may spend on a better cost partitioning (bound.ts, ascend) when its
   * repaired plan is dearer than its bound, before the MIP: none. On the 50k's pairs
   * (2026-12-05, bench/RESULTS.md) the ascent's bound reached the optimum where the equal
   * split did not (cones of 13–32 candidates: 80 of 92 against 39, as often as HiGHS's LP
   * relaxation), but 8–25 relaxations cost about as much as the HiGHS solve they save, and 8
   * relaxations (step 2/(1+t), gated at 5%) changed neither the 50k's nor the seed's CPU
   * time beyond the noise of a machine loaded 15 times over. Again on a quiet machine
   * (2026-12-05 18:04, load 0.2–1.9, 500 pairs of the 50k): product medians 6.23 ms without,
   * 6.59 with 8 steps, 6.84 with 8 steps and the root first up to 48 candidates.
   */
  rootAscent: 25,
  /** The root's ascent runs only when its plan is within this share above its bound. */
  rootAscentWithin: Infinity,
  /**
   * Search nodes spent on a small cone before handing it to the MIP: the search proves most
   * small cones within a few dozen nodes, faster than the MIP's floor of about 1 ms (run 7).
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
  /** Overrides STRATEGY.rootAscent (tests and the benchmark's runs). */
  rootAscent?: number | undefined;
  /** Overrides STRATEGY.rootAscentWithin. */
  rootAscentWithin?: number | undefined;
}

/** What the strategy does with one MIP answer (see the module comment). */
export type MipVerdict =
  | { kind: 'proven'; result: SearchResult }
  | { kind: 'incumbent'; chosen: string[]; value: number }
  | { kind: 'search' };

/** Reads a MIP answer: proven, a feasible incumbent, or "search instead". */
export function mipAnswer(mip: MipResult, replay: Replay): MipVerdict {
  const accepted = (chosen: string[]) => {
    const verdict = replay(chosen);
    return verdict.reached && verdict.stuck.length === 0;
  };
  if (mip.status === 'infeasible')
    return {
      kind: 'proven',
      result: { chosen: undefined, value: Infinity, lowerBound: Infinity, optimal: true, nodes: 0 },
    };
  if (mip.chosen && accepted(mip.chosen)) {
    if (mip.status === 'optimal')
      return {
        kind: 'proven',
        result: {
          chosen: mip.chosen,
          value: mip.value,
          lowerBound: mip.value,
          optimal: true,
          nodes: 0,
        },
      };
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

  const byMip = (spent: number): SearchResult | undefined => {
    const answer = mipAnswer(
      solveMip(problem, mip, {
        avoid,
        ...(options.mipTimeLimitSeconds !== undefined
          ? { timeLimitSeconds: options.mipTimeLimitSeconds }
          : {}),
      }),
      replay,
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
    // The root alone first, without its fix-in, in cones that are not too large: its bound
    // and a repaired plan often agree (learners who hold little), which proves the plan
    // without a solve.
    const root =
      candidates <= (options.rootFirstUpTo ?? STRATEGY.rootFirstUpTo)
        ? branchAndBound(problem, {
            maxNodes: 1,
            avoid,
            replay,
            fixIn: false,
            repairRoot: false,
            ascent: options.rootAscent ?? STRATEGY.rootAscent,
            ascentWithin: options.rootAscentWithin ?? STRATEGY.rootAscentWithin,
          })
        : undefined;
    if (root?.optimal) return root;
    return byMip(root?.nodes ?? 0) ?? search(options.maxNodes, root?.nodes ?? 0);
  }
  const budget = options.maxNodes ?? STRATEGY.searchNodesBeforeMip;
  const searched = search(budget);
  if (searched.optimal) return searched;
  const solved = byMip(searched.nodes);
  if (solved) return solved;
  // The MIP could not answer: the search goes on, with its own budget.
  if (budget === options.maxNodes) return searched;
  return search(options.maxNodes, searched.nodes);
}
