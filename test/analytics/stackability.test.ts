/**
 * Stackability (src/analytics/stackability): a hand-worked catalogue (rule, recognition,
 * outcome and stacked routes, orphans, micro-credential shares, shared modules, scopes), and
 * "counts towards" against a brute force (the transitive closure of "fills a slot of", from
 * each credential's identities as docs/engine-semantics.md defines them) on random catalogues.
 */
import fc from 'fast-check';
import { stackability, StackabilityReport } from '../../src/analytics/stackability/index.js';
import { AnalyticsInputError } from '../../src/analytics/errors.js';
import type { CatalogueDocumentInput, RequirementNode } from '../../src/model/index.js';
import { graphOf } from './support.js';

const c = (
  id: string,
  provider: string,
  kind: 'micro-credential' | 'module' | 'certificate' | 'diploma',
  credits: number,
  more: Record<string, unknown> = {},
) => ({ id, title: id, provider, kind, credits, ...more });

const doc: CatalogueDocumentInput = {
  providers: [
    { id: 'p1', name: 'P1' },
    { id: 'p2', name: 'P2' },
  ],
  learningOutcomes: [{ id: 'lo-sql', statement: 'writes SQL' }],
  credentials: [
    c('m1', 'p1', 'micro-credential', 5),
    c('m2', 'p1', 'micro-credential', 5, { learningOutcomes: ['lo-sql'] }),
    c('mod3', 'p1', 'module', 10),
    c('x', 'p2', 'micro-credential', 5),
    c('o', 'p2', 'micro-credential', 3),
    c('cert', 'p1', 'certificate', 10, { awardRule: { op: 'ALL', accepts: ['m1', 'm2'] } }),
    c('dip', 'p1', 'diploma', 30, {
      qualification: true,
      awardRule: {
        op: 'ALL',
        accepts: ['cert'],
        children: [{ op: 'ANY', accepts: ['mod3', 'lo-sql'] }],
      },
    }),
    c('q2', 'p2', 'certificate', 10, {
      qualification: true,
      awardRule: { op: 'MIN_CREDITS', credits: 10, accepts: ['m1', 'x', 'mod3'] },
    }),
  ],
  recognitions: [{ from: 'x', to: 'mod3', credits: 4, validUntil: '2024-12-31' }],
};
const graph = graphOf(doc);

const towards = (r: StackabilityReport) =>
  Object.fromEntries(
    r.credentials.map((row) => [
      row.credential,
      row.countsTowards.map((t) => `${t.qualification}:${t.credits}`),
    ]),
  );

describe('stackability, hand-worked', () => {
  const r = stackability(graph);

  it('finds every qualification a credential counts towards, by every route, with its credits', () => {
    expect(towards(r)).toEqual({
      m1: ['dip:5', 'q2:5'],
      m2: ['dip:5'],
      mod3: ['dip:10', 'q2:10'],
      x: ['dip:4', 'q2:5'],
      o: [],
      cert: ['dip:10'],
      dip: [],
      q2: [],
    });
    const m2 = r.credentials.find((row) => row.credential === 'm2')!.countsTowards[0]!.routes;
    expect(m2).toEqual([
      { kind: 'outcome', slot: 'lo-sql', rule: 'dip#award.0', via: [], credits: 0 },
      { kind: 'rule', slot: 'm2', rule: 'cert#award', via: ['cert'], credits: 5 },
    ]);
    const xq2 = r.credentials.find((row) => row.credential === 'x')!.countsTowards[1]!.routes;
    expect(xq2).toEqual([
      { kind: 'rule', slot: 'x', rule: 'q2#award', via: [], credits: 5 },
      {
        kind: 'recognition',
        slot: 'mod3',
        recognisedAs: 'mod3',
        rule: 'q2#award',
        via: [],
        credits: 4,
      },
    ]);
    expect(StackabilityReport.parse(r)).toEqual(r);
  });

  it('lists orphans, micro-credential shares and shared modules', () => {
    expect(r.orphans).toEqual(['o']);
    // dip: cert (its rule: m1 + m2 = 10, up to cert's 10) + ANY(mod3 via x's recognition 4,
    // lo-sql via m2 for 0) = 14 of 30. q2: m1 5 + x 5 + mod3 via x 4, capped at 10.
    expect(
      r.qualifications.map((q) => [
        q.qualification,
        q.modules,
        q.microCredentialCredits,
        q.microCredentialShare,
      ]),
    ).toEqual([
      ['dip', 5, 14, 14 / 30],
      ['q2', 3, 10, 1],
    ]);
    expect(r.sharedModules).toEqual([{ a: 'dip', b: 'q2', shared: ['m1', 'mod3', 'x'] }]);
  });

  it('narrows to a provider or a qualification, and to the agreements in force on a date', () => {
    const p2 = stackability(graph, { provider: 'p2' });
    expect(p2.scope).toEqual({ kind: 'provider', id: 'p2' });
    expect(Object.keys(towards(p2))).toEqual(['x', 'o', 'q2']);
    expect(p2.orphans).toEqual(['o']);
    expect(p2.qualifications.map((q) => q.qualification)).toEqual(['q2']);
    expect(p2.sharedModules.map((s) => [s.a, s.b])).toEqual([['dip', 'q2']]);

    const dip = stackability(graph, { qualification: 'dip' });
    expect(Object.keys(towards(dip))).toEqual(['m1', 'm2', 'mod3', 'x', 'cert']);
    expect(dip.qualifications.map((q) => q.qualification)).toEqual(['dip']);

    const later = stackability(graph, { asOf: '2025-06-01' });
    expect(towards(later).x).toEqual(['q2:5']);
    expect(
      later.qualifications.find((q) => q.qualification === 'dip')!.microCredentialCredits,
    ).toBe(10);
  });

  it.each([
    [{ provider: 'nope' }, /provider "nope" is not in the catalogue/],
    [{ qualification: 'm1' }, /"m1" is not a qualification/],
    [
      { provider: 'p1', qualification: 'dip' },
      /options\.qualification: give provider or qualification, not both/,
    ],
    [{ asOf: '2025-13-01' }, /options\.asOf/],
  ])('rejects %j, naming the module', (options, message) => {
    expect(() => stackability(graph, options as never)).toThrow(AnalyticsInputError);
    expect(() => stackability(graph, options as never)).toThrow(
      new RegExp(`^analytics/stackability: .*${message.source}`),
    );
  });
});

describe('stackability against the closure of "fills a slot of" on random catalogues', () => {
  const ruleArb = (accepts: string[]): fc.Arbitrary<RequirementNode> =>
    fc
      .record({
        op: fc.constantFrom('ALL', 'ANY', 'N_OF', 'MIN_CREDITS' as const),
        accepts: fc.subarray(accepts, { minLength: 1 }),
        child: fc.option(fc.subarray(accepts, { minLength: 1 }), { nil: undefined }),
      })
      .map(({ op, accepts: a, child }): RequirementNode => {
        // MIN_CREDITS counts credits, so it accepts credentials only.
        const credentials = a.filter((x) => x.startsWith('c'));
        if (op === 'MIN_CREDITS' && credentials.length)
          return { op, credits: 5, accepts: credentials };
        if (op === 'MIN_CREDITS') return { op: 'ALL', accepts: a };
        const children: RequirementNode[] = child ? [{ op: 'ANY', accepts: child }] : [];
        return {
          op,
          ...(op === 'N_OF' ? { n: 1 } : {}),
          accepts: a,
          ...(children.length ? { children } : {}),
        };
      });

  const catalogue = fc.integer({ min: 2, max: 9 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      certifies: fc.tuple(...[...Array(n).keys()].map(() => fc.subarray(['lo0', 'lo1', 'lo2']))),
      qualification: fc.tuple(...[...Array(n).keys()].map(() => fc.boolean())),
      // Award rules accept lower-numbered credentials and outcomes only: no stacking cycle.
      rules: fc.tuple(
        ...[...Array(n).keys()].map((i) =>
          i === 0
            ? fc.constant(undefined)
            : fc.option(
                ruleArb([...[...Array(i).keys()].map((j) => `c${j}`), 'lo0', 'lo1', 'lo2']),
                {
                  nil: undefined,
                },
              ),
        ),
      ),
      recognitions: fc.uniqueArray(
        fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).filter(([a, b]) => a !== b),
        { maxLength: 4, selector: ([a, b]) => `${a} ${b}` },
      ),
    }),
  );

  it('counts towards, orphans and shared modules equal the brute force', () => {
    fc.assert(
      fc.property(catalogue, (k) => {
        const ids = [...Array(k.n).keys()].map((i) => `c${i}`);
        const d: CatalogueDocumentInput = {
          learningOutcomes: ['lo0', 'lo1', 'lo2'].map((id) => ({ id, statement: id })),
          credentials: ids.map((id, i) => ({
            id,
            title: id,
            kind: 'micro-credential' as const,
            credits: 5,
            qualification: k.qualification[i]! && k.rules[i] !== undefined,
            learningOutcomes: k.certifies[i]!,
            ...(k.rules[i] ? { awardRule: k.rules[i] } : {}),
          })),
          recognitions: k.recognitions.map(([a, b]) => ({ from: `c${a}`, to: `c${b}` })),
        };
        const report = stackability(graphOf(d));

        // Brute force: identities, "fills a slot of", its transitive closure.
        const creds = d.credentials!;
        const outcomesOf = new Map(creds.map((x) => [x.id, x.learningOutcomes ?? []]));
        const identities = (id: string) => {
          const recognisedAs = d.recognitions!.flatMap((r) =>
            r.from === id && r.to ? [r.to] : [],
          );
          return new Set([
            id,
            ...recognisedAs,
            ...[id, ...recognisedAs].flatMap((x) => outcomesOf.get(x)!),
          ]);
        };
        const accepted = (rule: RequirementNode): string[] => [
          ...(rule.accepts ?? []),
          ...(rule.children ?? []).flatMap(accepted),
        ];
        const fills = new Map<string, Set<string>>(); // filler → awards whose rule it fills
        for (const f of creds)
          fills.set(
            f.id,
            new Set(
              creds
                .filter(
                  (a) =>
                    a.awardRule &&
                    a.id !== f.id &&
                    accepted(a.awardRule as RequirementNode).some((x) => identities(f.id).has(x)),
                )
                .map((a) => a.id),
            ),
          );
        const closure = (id: string) => {
          const seen = new Set<string>();
          const stack = [...fills.get(id)!];
          while (stack.length) {
            const a = stack.pop()!;
            if (seen.has(a)) continue;
            seen.add(a);
            stack.push(...fills.get(a)!);
          }
          seen.delete(id);
          return seen;
        };
        const quals = creds.filter((x) => x.qualification).map((x) => x.id);
        const expected = Object.fromEntries(
          ids.map((id) => [id, quals.filter((q) => closure(id).has(q))]),
        );
        expect(
          Object.fromEntries(
            report.credentials.map((r) => [
              r.credential,
              r.countsTowards.map((t) => t.qualification),
            ]),
          ),
        ).toEqual(expected);
        expect(report.orphans).toEqual(
          ids.filter((id) => expected[id]!.length === 0 && !quals.includes(id)),
        );
        const pairs = [];
        for (let i = 0; i < quals.length; i++)
          for (let j = i + 1; j < quals.length; j++) {
            const shared = ids.filter(
              (id) => expected[id]!.includes(quals[i]!) && expected[id]!.includes(quals[j]!),
            );
            if (shared.length) pairs.push({ a: quals[i], b: quals[j], shared });
          }
        const key = (p: { a?: string; b?: string }) => `${p.a} ${p.b}`;
        expect([...report.sharedModules].sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
          pairs.sort((x, y) => key(x).localeCompare(key(y))),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('micro-credential credits against an enumeration of every way through each rule', () => {
  type Rule = RequirementNode;
  const arb = fc.integer({ min: 2, max: 7 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      micro: fc.tuple(...[...Array(n).keys()].map(() => fc.boolean())),
      credits: fc.tuple(...[...Array(n).keys()].map(() => fc.integer({ min: 0, max: 12 }))),
      certifies: fc.tuple(...[...Array(n).keys()].map(() => fc.subarray(['lo0', 'lo1']))),
      rules: fc.tuple(
        ...[...Array(n).keys()].map((i) =>
          i === 0
            ? fc.constant(undefined)
            : fc.option(
                fc
                  .record({
                    op: fc.constantFrom('ALL', 'ANY', 'N_OF', 'MIN_CREDITS' as const),
                    n: fc.integer({ min: 1, max: 3 }),
                    credits: fc.integer({ min: 1, max: 20 }),
                    accepts: fc.subarray(
                      [...[...Array(i).keys()].map((j) => `c${j}`), 'lo0', 'lo1'],
                      { minLength: 1 },
                    ),
                    child: fc.option(
                      fc.subarray(
                        [...Array(i).keys()].map((j) => `c${j}`),
                        { minLength: 1 },
                      ),
                      { nil: undefined },
                    ),
                  })
                  .map(({ op, n: k, credits, accepts, child }): Rule => {
                    const creds = accepts.filter((x) => x.startsWith('c'));
                    if (op === 'MIN_CREDITS')
                      return creds.length
                        ? { op, credits, accepts: creds }
                        : { op: 'ALL', accepts };
                    const children: Rule[] = child ? [{ op: 'N_OF', n: 1, accepts: child }] : [];
                    return {
                      op,
                      ...(op === 'N_OF'
                        ? { n: Math.min(k, accepts.length + children.length) }
                        : {}),
                      accepts,
                      ...(children.length ? { children } : {}),
                    };
                  }),
                { nil: undefined },
              ),
        ),
      ),
      recognitions: fc.uniqueArray(
        fc
          .tuple(
            fc.nat(n - 1),
            fc.nat(n - 1),
            fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
          )
          .filter(([a, b]) => a !== b),
        { maxLength: 3, selector: ([a, b]) => `${a} ${b}` },
      ),
    }),
  );

  it('equals the best completion found by trying every choice of branches', () => {
    fc.assert(
      fc.property(arb, (k) => {
        const ids = [...Array(k.n).keys()].map((i) => `c${i}`);
        const d: CatalogueDocumentInput = {
          learningOutcomes: ['lo0', 'lo1'].map((id) => ({ id, statement: id })),
          credentials: [
            ...ids.map((id, i) => ({
              id,
              title: id,
              kind: k.micro[i] ? ('micro-credential' as const) : ('module' as const),
              credits: k.credits[i]!,
              learningOutcomes: k.certifies[i]!,
              ...(k.rules[i] ? { awardRule: k.rules[i] } : {}),
            })),
            {
              id: 'Q',
              title: 'Q',
              kind: 'diploma' as const,
              qualification: true,
              credits: 60,
              awardRule: { op: 'ALL' as const, accepts: ids },
            },
          ],
          recognitions: k.recognitions.map(([a, b, credits]) => ({
            from: `c${a}`,
            to: `c${b}`,
            ...(credits === undefined ? {} : { credits }),
          })),
        };
        const report = stackability(graphOf(d), { qualification: 'Q' });

        const byId = new Map(d.credentials!.map((c) => [c.id, c]));
        const isMicro = (id: string) => byId.get(id)!.kind === 'micro-credential';
        const fillerCredits = (slot: string): number[] => {
          const recognisedAs = (to: string) => d.recognitions!.filter((r) => r.to === to);
          if (slot.startsWith('lo')) {
            const certifiers = ids.filter((id) =>
              (byId.get(id)!.learningOutcomes ?? []).includes(slot),
            );
            return [
              ...certifiers.filter(isMicro).map(() => 0),
              ...certifiers.flatMap((c) =>
                recognisedAs(c)
                  .filter((r) => isMicro(r.from))
                  .map(() => 0),
              ),
            ];
          }
          return [
            ...(isMicro(slot) ? [byId.get(slot)!.credits] : []),
            ...recognisedAs(slot)
              .filter((r) => isMicro(r.from))
              .map((r) => r.credits ?? byId.get(slot)!.credits),
          ];
        };
        // Every subset of branches of the size the operator needs; the best total.
        const subsets = <T>(xs: T[], size: number): T[][] =>
          size === 0
            ? [[]]
            : xs.flatMap((x, i) => subsets(xs.slice(i + 1), size - 1).map((rest) => [x, ...rest]));
        const slotValue = (slot: string): number => {
          const award = byId.get(slot);
          const own = Math.max(0, ...fillerCredits(slot));
          return award?.awardRule
            ? Math.max(own, Math.min(award.credits, ruleValue(award.awardRule as Rule)))
            : own;
        };
        const ruleValue = (rule: Rule): number => {
          const branches = [
            ...(rule.accepts ?? []).map(slotValue),
            ...(rule.children ?? []).map(ruleValue),
          ];
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          if (rule.op === 'MIN_CREDITS') return Math.min(rule.credits!, sum(branches));
          const need = rule.op === 'ALL' ? branches.length : rule.op === 'ANY' ? 1 : rule.n!;
          return Math.max(0, ...subsets(branches, need).map(sum));
        };
        const q = report.qualifications[0]!;
        expect(q.microCredentialCredits).toBe(
          Math.min(60, ruleValue(byId.get('Q')!.awardRule as Rule)),
        );
        expect(q.microCredentialShare).toBe(q.microCredentialCredits / 60);
      }),
      { numRuns: 300 },
    );
  });
});
