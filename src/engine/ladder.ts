import type { CatalogueGraph } from '../graph/index.js';
import { credentialOf } from '../graph/index.js';
import { EngineInputError } from './errors.js';
import type { HeldCredential } from './holdings.js';
import type { PriorLearningRecord } from '../model/index.js';
import type { Highs } from 'highs';
import { planPathway } from './planner/index.js';

export interface LadderRung {
  credential: string;
  title: string;
  /** Credits to add to climb onto this rung from the one below (0 when already held). */
  additionalCredits: number;
  /** What to take for this hop. */
  take: string[];
}

export interface Ladder {
  target: string;
  /** From the first award to earn up to the target; empty when no chain reaches it. */
  rungs: LadderRung[];
  totalCredits: number;
}

export interface LadderOptions {
  holdings: readonly HeldCredential[];
  asOf: string;
  qualification: string;
  /** Prior learning: counted on every rung, as in a plan (exemptions decided rung by rung). */
  priorLearning?: readonly PriorLearningRecord[] | undefined;
  countUnverified?: boolean | undefined;
  maxNodes?: number;
  /** A loaded HiGHS module, passed on to the planner (see PlanOptions.mip). */
  mip?: Highs | undefined;
}

/**
 * Engine step 8: the shortest credit-weighted chain of stacked awards to a qualification,
 * e.g. micro-credentials → certificate → diploma → degree, on the STACKS_INTO graph.
 *
 * The rungs are awards (credentials with an award rule) from which the target can be reached
 * along STACKS_INTO. A chain is climbed rung by rung: each hop costs the credits of the
 * cheapest plan for the next award given the learner's credentials plus everything taken and
 * earned on the rungs below, so modules taken for a certificate still count in the diploma.
 * Hop weights depend on the path, so the (small) set of chains is enumerated rather than
 * searched with Dijkstra; among equally short chains the one with more rungs wins, since the
 * view is there to show the awards earned on the way. Prior learning counts on every rung as
 * in a plan: a hop's credits are those studied, exemptions within each rung's caps aside.
 */
export function ladderTo(graph: CatalogueGraph, options: LadderOptions): Ladder {
  const target = credentialOf(graph, options.qualification);
  if (!target)
    throw new EngineInputError(
      'ladder',
      `unknown credential "${options.qualification}"`,
      ['qualification'],
      'unknown-id',
    );
  const maxChains = 256;

  // Chains end at the target and follow STACKS_INTO backwards through awards.
  const chains: string[][] = [];
  const extend = (chain: string[]) => {
    if (chains.length >= maxChains) return;
    chains.push(chain);
    graph.forEachInEdge(chain[0]!, (_e, attrs, source) => {
      if (
        attrs.type !== 'stacksInto' ||
        chain.includes(source) ||
        !credentialOf(graph, source)?.awardRule
      )
        return;
      extend([source, ...chain]);
    });
  };
  extend([options.qualification]);

  let best: Ladder | undefined;
  let bestRungs = 0;
  for (const chain of chains) {
    const held = [...options.holdings];
    const rungs: LadderRung[] = [];
    let total = 0;
    for (const id of chain) {
      const plan = planPathway(
        graph,
        {
          holdings: held,
          asOf: options.asOf,
          target: { qualification: id },
          ...(options.priorLearning?.length
            ? { priorLearning: options.priorLearning, countUnverified: options.countUnverified }
            : {}),
        },
        { maxNodes: options.maxNodes, mip: options.mip },
      );
      if (plan.status === 'infeasible') {
        total = Infinity;
        break;
      }
      const take = plan.steps.flatMap((s) => s.take.map((t) => t.credential));
      for (const t of take) held.push({ credential: t, awardedOn: options.asOf });
      total += plan.totals.credits;
      rungs.push({
        credential: id,
        title: credentialOf(graph, id)!.title,
        additionalCredits: plan.totals.credits,
        take,
      });
    }
    if (!Number.isFinite(total)) continue;
    const shorter = best === undefined || total < best.totalCredits - 1e-9;
    const tieMoreRungs =
      best !== undefined && Math.abs(total - best.totalCredits) <= 1e-9 && rungs.length > bestRungs;
    if (shorter || tieMoreRungs) {
      best = { target: options.qualification, rungs, totalCredits: total };
      bestRungs = rungs.length;
    }
  }
  return best ?? { target: options.qualification, rungs: [], totalCredits: Infinity };
}
