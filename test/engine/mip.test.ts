/**
 * The MIP formulation (src/engine/planner/mip.ts, solved by HiGHS) as a second opinion on the
 * branch and bound: on the seed catalogue (every learner × every qualification), on small
 * hand-made catalogues exercising MIN_CREDITS, N_OF, sharing limits, recognition, outcomes,
 * entry rules, co-requisites and budgets, and on seeded random acyclic catalogues, the MIP
 * optimum equals branchAndBound's proven optimum and the MIP's chosen set replays to the goal.
 */
import { buildCatalogueGraph, credentialOf, type CatalogueGraph } from '../../src/graph/index.js';
import { buildProblem, type PlanRequest } from '../../src/engine/planner/problem.js';
import { branchAndBound } from '../../src/engine/planner/search.js';
import { simulate } from '../../src/engine/planner/simulate.js';
import { buildMip, loadHighs, mipPlan, type MipResult } from '../../src/engine/planner/mip.js';
import {
  parseCatalogue,
  type CatalogueDocument,
  type CatalogueDocumentInput,
  type ObjectiveName,
  type RequirementNode,
} from '../../src/model/index.js';
import { seedCatalogue } from '../support/seed.js';

const AS_OF = '2026-11-23';

function parse(input: unknown): CatalogueDocument {
  const parsed = parseCatalogue(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues, null, 2));
  return parsed.value;
}

interface Compared {
  mip: MipResult;
  bbValue: number;
  bbChosen: string[] | undefined;
}

/** Solves both ways and checks they agree; returns both answers. */
async function compare(graph: CatalogueGraph, request: PlanRequest): Promise<Compared> {
  const problem = buildProblem(graph, request);
  const bb = branchAndBound(problem);
  const mip = await mipPlan(problem);
  expect(bb.optimal).toBe(true);
  if (bb.chosen === undefined) {
    expect(mip.status).toBe('infeasible');
    expect(mip.chosen).toBeUndefined();
  } else {
    expect(mip.status).toBe('optimal');
    expect(Math.abs(mip.value - bb.value)).toBeLessThanOrEqual(1e-6);
    expect(simulate(problem, mip.chosen!).reached).toBe(true);
    const budget = problem.constraints.budget;
    if (budget !== undefined) {
      const cost = mip.chosen!.reduce((t, id) => t + (credentialOf(graph, id)!.cost ?? 0), 0);
      expect(cost).toBeLessThanOrEqual(budget + 1e-9);
    }
  }
  return { mip, bbValue: bb.value, bbChosen: bb.chosen };
}

beforeAll(async () => {
  await loadHighs();
});

describe('seed catalogue: MIP optimum = branch and bound optimum', () => {
  const doc = seedCatalogue();
  const graph = buildCatalogueGraph(doc);
  const qualifications = doc.credentials.filter((c) => c.qualification).map((c) => c.id);
  const cases = doc.learners.flatMap((l) =>
    qualifications.map((q) => [l.id, q, l.holdings] as const),
  );

  test.each(cases)('%s → %s', async (_learner, qualification, holdings) => {
    const { mip } = await compare(graph, {
      holdings,
      asOf: AS_OF,
      target: { qualification },
    });
    expect(mip.status).toBe('optimal');
  });

  test('other objectives and targets on the seed (cost, count, lexicographic, anyOf, allOf, budget)', async () => {
    const holdings = doc.learners.find((l) => l.id === 'learner-partway')!.holdings;
    const requests: PlanRequest[] = [
      {
        holdings,
        asOf: AS_OF,
        target: { qualification: 'smtu:hdip-data-analytics' },
        objective: 'cost',
      },
      {
        holdings,
        asOf: AS_OF,
        target: { qualification: 'jarvi:cert-solar-installer' },
        objective: 'count',
      },
      {
        holdings,
        asOf: AS_OF,
        target: { qualification: 'smtu:cert-data-analytics' },
        objective: ['count', 'cost'],
      },
      {
        holdings,
        asOf: AS_OF,
        target: { anyOf: ['rijnmond:cert-data-driven-work', 'bzn:cert-solar-technician'] },
      },
      {
        holdings,
        asOf: AS_OF,
        target: { allOf: ['smtu:cert-data-analytics', 'rijnmond:cert-data-driven-work'] },
      },
      {
        holdings,
        asOf: AS_OF,
        target: { qualification: 'smtu:cert-data-analytics' },
        objective: 'credits',
        constraints: { budget: 2000 },
      },
    ];
    for (const request of requests) await compare(graph, request);
  });

  test('occupation targets (essential skills, optional skills) by credits, cost and count', async () => {
    for (const occupation of doc.occupations)
      for (const optionalSkills of [0, 2])
        for (const learner of ['learner-new', 'learner-lapsed'])
          for (const objective of ['credits', 'cost', 'count'] as const)
            await compare(graph, {
              holdings: doc.learners.find((l) => l.id === learner)!.holdings,
              asOf: AS_OF,
              target: { occupation: occupation.id, optionalSkills },
              objective,
            });
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made catalogues.

interface C {
  id: string;
  credits?: number;
  cost?: number;
  award?: RequirementNode;
  entry?: RequirementNode;
  corequisites?: string[];
  outcomes?: string[];
  earnable?: boolean;
}

function catalogue(
  credentials: C[],
  extra: Pick<CatalogueDocumentInput, 'recognitions'> & { outcomes?: string[] } = {},
): CatalogueGraph {
  return buildCatalogueGraph(
    parse({
      learningOutcomes: (extra.outcomes ?? []).map((id) => ({ id, statement: id })),
      recognitions: extra.recognitions ?? [],
      credentials: credentials.map((c) => ({
        id: c.id,
        title: c.id,
        kind: c.award ? 'certificate' : 'course',
        credits: c.credits ?? 5,
        ...(c.cost !== undefined ? { cost: c.cost } : {}),
        ...(c.award ? { awardRule: c.award } : {}),
        ...(c.entry ? { entryRule: c.entry } : {}),
        ...(c.earnable !== undefined ? { earnable: c.earnable } : {}),
        corequisites: c.corequisites ?? [],
        learningOutcomes: c.outcomes ?? [],
      })),
    }),
  );
}

const want = (
  q: string,
  holdings: string[] = [],
  objective: ObjectiveName | ObjectiveName[] = 'credits',
  constraints: PlanRequest['constraints'] = {},
): PlanRequest => ({
  holdings: holdings.map((credential) => ({ credential, awardedOn: '2026-01-01' })),
  asOf: AS_OF,
  target: { qualification: q },
  objective,
  constraints,
});

describe('hand-made catalogues', () => {
  test('MIN_CREDITS: a knapsack cover, with a held credential counting', async () => {
    const graph = catalogue([
      { id: 'a', credits: 10 },
      { id: 'b', credits: 7 },
      { id: 'c', credits: 6 },
      { id: 'd', credits: 4 },
      { id: 'e', credits: 3 },
      {
        id: 'q',
        credits: 30,
        award: { op: 'MIN_CREDITS', credits: 13, accepts: ['a', 'b', 'c', 'd', 'e'] },
      },
    ]);
    const fresh = await compare(graph, want('q'));
    expect(fresh.mip.value).toBe(13); // b + c, or a + e
    const held = await compare(graph, want('q', ['c']));
    expect(held.mip.value).toBe(7); // c held: b, or d + e
    const count = await compare(graph, want('q', [], 'count'));
    expect(count.mip.value).toBe(2);
  });

  test('N_OF over slots and sub-rules; the first-fit trap', async () => {
    const graph = catalogue([
      { id: 'a', credits: 5 },
      { id: 'b', credits: 2 },
      { id: 'c', credits: 1 },
      { id: 'd', credits: 1 },
      { id: 'e', credits: 9 },
      {
        id: 'q',
        award: {
          op: 'N_OF',
          n: 2,
          accepts: ['a', 'e'],
          children: [
            { op: 'ALL', accepts: ['c', 'd'] },
            { op: 'ANY', accepts: ['b', 'e'] },
          ],
        },
      },
      {
        id: 'trap',
        award: {
          op: 'ALL',
          children: [
            { op: 'N_OF', n: 1, accepts: ['a', 'b'] },
            { op: 'ALL', accepts: ['a'] },
          ],
        },
      },
    ]);
    const q = await compare(graph, want('q'));
    expect(q.mip.value).toBe(4); // {c, d} and {b}
    expect(q.mip.chosen).toEqual(['b', 'c', 'd']);
    const trap = await compare(graph, want('trap', ['a', 'b']));
    expect(trap.mip.value).toBe(0);
    const trapFresh = await compare(graph, want('trap'));
    expect(trapFresh.mip.value).toBe(7);
  });

  test('maxShared: one item counted in two branches only where the node allows it', async () => {
    const rule = (maxShared: number): RequirementNode => ({
      op: 'ALL',
      maxShared,
      children: [
        { op: 'ANY', accepts: ['a', 'b'] },
        { op: 'ANY', accepts: ['a', 'c'] },
        { op: 'ANY', accepts: ['a', 'd'] },
      ],
    });
    const graph = catalogue([
      { id: 'a', credits: 4 },
      { id: 'b', credits: 3 },
      { id: 'c', credits: 3 },
      { id: 'd', credits: 3 },
      { id: 'q0', award: rule(0) },
      { id: 'q1', award: rule(1) },
      { id: 'q2', award: rule(2) },
      // Sharing allowed at the inner node only: a may fill both of its slots, not count twice at the root.
      {
        id: 'inner',
        award: {
          op: 'ALL',
          children: [
            {
              op: 'N_OF',
              n: 2,
              maxShared: 1,
              children: [
                { op: 'ANY', accepts: ['a'] },
                { op: 'ANY', accepts: ['a', 'b'] },
              ],
            },
            { op: 'ANY', accepts: ['a', 'c'] },
          ],
        },
      },
    ]);
    expect((await compare(graph, want('q0'))).mip.value).toBe(9); // b, c, d (a counts once)
    expect((await compare(graph, want('q1'))).mip.value).toBe(7); // a twice + one more
    expect((await compare(graph, want('q2'))).mip.value).toBe(4); // a three times
    expect((await compare(graph, want('inner'))).mip.value).toBe(7); // a (inner, twice) + c
  });

  test('recognition (with its own credits and validity window) and learning outcomes', async () => {
    const graph = catalogue(
      [
        { id: 'x', credits: 10 },
        { id: 'y', credits: 3, cost: 100 },
        { id: 'old', credits: 1 },
        { id: 'z', credits: 8, outcomes: ['lo1'] },
        { id: 'w', credits: 2, outcomes: ['lo1'] },
        {
          id: 'q',
          award: {
            op: 'ALL',
            children: [
              { op: 'MIN_CREDITS', credits: 10, accepts: ['x', 'z'] },
              { op: 'ANY', accepts: ['lo1'] },
            ],
          },
        },
      ],
      {
        outcomes: ['lo1'],
        recognitions: [
          { from: 'y', to: 'x', credits: 10 },
          { from: 'old', to: 'x', validUntil: '2020-01-01' },
        ],
      },
    );
    // y stands for x worth 10 (3 credits to take), w covers the outcome.
    const fresh = await compare(graph, want('q'));
    expect(fresh.mip.chosen).toEqual(['w', 'y']);
    // By cost (y costs 100, x and the rest nothing), x itself.
    const byCost = await compare(graph, want('q', [], 'cost'));
    expect(byCost.mip.value).toBe(0);
    // The lapsed agreement does not help.
    expect((await compare(graph, want('q', ['old']))).mip.value).toBe(5);
  });

  test('stacked awards, entry rules, co-requisites and a budget', async () => {
    const graph = catalogue([
      { id: 'm1', credits: 5, cost: 300 },
      { id: 'm2', credits: 5, cost: 100 },
      { id: 'm3', credits: 5, cost: 100, corequisites: ['lab'] },
      { id: 'lab', credits: 1, cost: 50, corequisites: ['m3'] },
      { id: 'cert', credits: 10, award: { op: 'N_OF', n: 2, accepts: ['m1', 'm2', 'm3'] } },
      { id: 'adv', credits: 5, cost: 200, entry: { op: 'ANY', accepts: ['cert', 'm1'] } },
      { id: 'dip', credits: 30, award: { op: 'ALL', accepts: ['cert', 'adv'] } },
    ]);
    const plain = await compare(graph, want('dip'));
    expect(plain.mip.value).toBe(15); // m1, m2, adv
    const cheap = await compare(graph, want('dip', [], 'cost'));
    expect(cheap.mip.value).toBe(450); // m2, m3, lab, adv
    const tight = await compare(graph, want('dip', [], 'credits', { budget: 450 }));
    expect(tight.mip.value).toBe(16);
    const tooTight = await compare(graph, want('dip', [], 'credits', { budget: 400 }));
    expect(tooTight.mip.status).toBe('infeasible');
    const excluded = await compare(
      graph,
      want('dip', [], 'credits', { excludeCredentials: ['m2', 'm3'] }),
    );
    expect(excluded.mip.status).toBe('infeasible');
    const held = await compare(graph, want('dip', ['m1']));
    expect(held.mip.chosen).toEqual(['adv', 'm2']);
  });

  test('an award that is also earnable directly', async () => {
    const graph = catalogue([
      { id: 'a', credits: 5 },
      { id: 'b', credits: 5 },
      { id: 'c', credits: 12, award: { op: 'ALL', accepts: ['a', 'b'] }, earnable: true },
      { id: 'q', award: { op: 'ALL', accepts: ['c', 'a'] } },
    ]);
    const r = await compare(graph, want('q'));
    expect(r.mip.value).toBe(10); // a and b earn c; a counts again in q's own tree
  });

  test('a cycle of entry rules through outcomes is reported, not solved', async () => {
    const graph = catalogue(
      [
        { id: 'a', outcomes: ['lo-a'], entry: { op: 'ANY', accepts: ['lo-b'] } },
        { id: 'b', outcomes: ['lo-b'], entry: { op: 'ANY', accepts: ['lo-a'] } },
        { id: 'q', award: { op: 'ALL', accepts: ['a'] } },
      ],
      { outcomes: ['lo-a', 'lo-b'] },
    );
    const cyclic = await mipPlan(buildProblem(graph, want('q')));
    expect(cyclic.status).toBe('unsupported-cycle');
    // Held b breaks the cycle: a can start.
    expect((await compare(graph, want('q', ['b']))).mip.value).toBe(5);
  });

  test('the LP text names variables by index only', () => {
    const graph = catalogue([
      { id: 'mod:a', credits: 5 },
      { id: 'q', award: { op: 'ALL', accepts: ['mod:a'] } },
    ]);
    const { text, size } = buildMip(buildProblem(graph, want('q')));
    expect(text).not.toContain('mod:a');
    expect(text).toMatch(/^Minimize/);
    expect(size.binaries).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Seeded random acyclic catalogues: rules only accept lower-numbered credentials (or outcomes
// they certify), so the formulation applies whenever recognition adds no cycle.

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCatalogue(seed: number): { graph: CatalogueGraph; request: PlanRequest } {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[], k: number): T[] => {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < k && copy.length > 0) out.push(copy.splice(int(0, copy.length - 1), 1)[0]!);
    return out;
  };
  const earnable = int(4, 8);
  const awards = int(1, 3);
  const outcomes = ['lo0', 'lo1', 'lo2'];
  const creds: C[] = [];
  const ids = (n: number) => creds.slice(0, n).map((c) => c.id);

  const rule = (pool: string[], poolCredentials: string[], depth: number): RequirementNode => {
    const op = (['ALL', 'ANY', 'N_OF', 'MIN_CREDITS'] as const)[int(0, depth > 0 ? 2 : 3)]!;
    const maxShared = rnd() < 0.3 ? int(1, 2) : undefined;
    if (op === 'MIN_CREDITS') {
      const accepts = pick(poolCredentials, int(1, Math.min(4, poolCredentials.length)));
      return { op, credits: int(1, 12), accepts, ...(maxShared ? { maxShared } : {}) };
    }
    const accepts = pick(pool, int(depth > 0 ? 0 : 1, 3));
    const children =
      depth > 0 && rnd() < 0.6
        ? Array.from({ length: int(1, 2) }, () => rule(pool, poolCredentials, depth - 1))
        : [];
    if (accepts.length + children.length === 0) accepts.push(pool[0]!);
    const branches = accepts.length + children.length;
    return {
      op,
      accepts,
      ...(children.length ? { children } : {}),
      ...(op === 'N_OF' ? { n: int(1, branches) } : {}),
      ...(maxShared ? { maxShared } : {}),
    };
  };

  for (let i = 0; i < earnable; i++) {
    const c: C = { id: `m${i}`, credits: [0, 2.5, 5, 10][int(0, 3)]!, cost: int(0, 4) * 50 };
    if (rnd() < 0.5) c.outcomes = pick(outcomes, int(1, 2));
    if (i > 1 && rnd() < 0.3) {
      const lower = ids(i);
      c.entry = rule(lower, lower, 0);
    }
    if (i > 0 && rnd() < 0.15) c.corequisites = [`m${int(0, i - 1)}`];
    creds.push(c);
  }
  for (let k = 0; k < awards; k++) {
    const lower = ids(creds.length);
    creds.push({ id: `q${k}`, credits: 20, award: rule([...lower, ...outcomes], lower, 2) });
  }
  // Outcomes no credential certifies are dropped from rules by giving them to the first module.
  const certified = new Set(creds.flatMap((c) => c.outcomes ?? []));
  for (const o of outcomes)
    if (!certified.has(o)) creds[0]!.outcomes = [...(creds[0]!.outcomes ?? []), o];
  const recognitions =
    rnd() < 0.5
      ? [{ from: `m${int(0, earnable - 1)}`, to: `m${int(0, earnable - 1)}`, credits: int(1, 10) }]
      : [];
  const graph = catalogue(creds, {
    outcomes,
    recognitions: recognitions.filter((r) => r.from !== r.to),
  });
  const objectives: ObjectiveName[][] = [['credits'], ['cost'], ['count'], ['count', 'credits']];
  const holdings = pick(ids(earnable), int(0, 2));
  const request = want(
    `q${awards - 1}`,
    holdings,
    objectives[int(0, 3)],
    rnd() < 0.3 ? { budget: int(1, 8) * 50 } : {},
  );
  return { graph, request };
}

describe('random acyclic catalogues', () => {
  test('MIP = branch and bound on 150 seeded instances', async () => {
    let compared = 0;
    let cyclic = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const { graph, request } = randomCatalogue(seed);
      const mip = await mipPlan(buildProblem(graph, request));
      if (mip.status === 'unsupported-cycle') {
        cyclic++;
        continue;
      }
      try {
        await compare(graph, request);
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(compared + cyclic).toBe(150);
  });
});
