import { credentialOf, ruleAccepts, type CatalogueGraph } from '../src/graph/index.js';

/**
 * A benchmark learner's holdings for `target`: each credential the target's rules accept
 * (through sub-awards, down to earnable ones) is held with a probability drawn once per
 * learner from 0–70%. Draws from `rnd` in a fixed order, so a seed gives the same learners.
 */
export function sampleHoldings(
  graph: CatalogueGraph,
  target: string,
  rnd: () => number,
): { credential: string; awardedOn: string }[] {
  const accepted = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const rule = credentialOf(graph, stack.pop()!)?.awardRule;
    if (!rule) continue;
    for (const id of ruleAccepts(rule)) {
      const c = credentialOf(graph, id);
      if (!c) continue;
      if (c.awardRule) stack.push(id);
      else accepted.add(id);
    }
  }
  const share = rnd() * 0.7;
  return [...accepted]
    .filter(() => rnd() < share)
    .map((credential) => ({ credential, awardedOn: '2025-06-30' }));
}
