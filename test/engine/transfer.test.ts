import { auditQualification } from '../../src/engine/audit.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue, type CatalogueDocumentInput } from '../../src/model/index.js';

const CATS = 'UK CATS credit points';
/** 'q' needs 10 credits of `accepts`; 'uk' states 20 UK CATS points (its `credits` field: 10). */
const catalogue = (extra: Partial<CatalogueDocumentInput> = {}, accepts = ['uk', 'a', 'b']) => {
  const parsed = parseCatalogue({
    credentials: [
      {
        id: 'uk',
        title: 'UK module',
        kind: 'module',
        credits: 10,
        creditSystem: CATS,
        creditsOriginal: 20,
      },
      { id: 'a', title: 'A', kind: 'course', credits: 5 },
      { id: 'b', title: 'B', kind: 'course', credits: 5 },
      {
        id: 'q',
        title: 'Q',
        kind: 'certificate',
        qualification: true,
        credits: 10,
        awardRule: { op: 'MIN_CREDITS', key: 'all', credits: 10, accepts },
      },
    ],
    ...extra,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return buildCatalogueGraph(parsed.value);
};
const holdings = [{ credential: 'uk', awardedOn: '2025-01-01' }];
const asOf = '2026-01-01';
const target = { qualification: 'q' };

describe('credit conversions', () => {
  it('a credential in a system without a declared conversion counts 0 and is reported', () => {
    const audit = auditQualification(catalogue(), { holdings, asOf, target });
    expect(audit.unconverted).toEqual([{ credential: 'uk', creditSystem: CATS, amount: 20 }]);
    expect(audit.achieved).toBe(false);
    expect(planPathway(catalogue(), { holdings, asOf, target }).totals.credits).toBe(10);
  });

  it('with the declared factor it counts the converted credits, not its `credits` field', () => {
    const graph = catalogue({
      creditConversions: [{ from: CATS, factor: 0.25, source: 'test' }],
    });
    const audit = auditQualification(graph, { holdings, asOf, target });
    expect(audit.unconverted).toEqual([]);
    const rule = audit.goal.subAudits[0]!.rule!;
    expect(rule.done).toBe(5); // 20 × 0.25, not the 10 its credits field says
    expect(planPathway(graph, { holdings, asOf, target }).totals.credits).toBe(5);
  });
});

describe('partial credit transfer', () => {
  const withTransfer = (credits: number) =>
    catalogue({
      creditConversions: [{ from: CATS, factor: 0.5, source: 'test' }],
      recognitions: [
        {
          from: 'uk',
          towards: { qualification: 'q', rule: 'all' },
          credits,
          creditSystem: CATS,
          validUntil: '2026-06-30',
          source: 'agreement',
        },
      ],
    });

  it('fills at most one slot: counted by its own credits, the transfer is not counted as well', () => {
    // Own: 20 CATS = 10 ECTS; transfer: 8 CATS = 4 ECTS. The award needs its own slot.
    const audit = auditQualification(withTransfer(8), { holdings, asOf, target });
    expect(audit.achieved).toBe(true);
    const rule = audit.goal.subAudits.length ? audit.goal.subAudits[0]!.rule! : undefined;
    expect(rule).toBeUndefined(); // achieved: no sub-audit of an award held
    expect(audit.transfers).toEqual([
      expect.objectContaining({ held: 'uk', credits: 4, counted: false, source: 'agreement' }),
    ]);
  });

  it('counts its credits in the MIN_CREDITS sum when its own do not apply, in force only', () => {
    // 'uk' is not accepted itself: only its transfer counts.
    const graph = catalogue(
      {
        creditConversions: [{ from: CATS, factor: 0.5, source: 'test' }],
        recognitions: [
          {
            from: 'uk',
            towards: { qualification: 'q', rule: 'all' },
            credits: 12,
            creditSystem: CATS,
            validUntil: '2026-06-30',
          },
        ],
      },
      ['a', 'b'],
    );
    const plan = planPathway(graph, { holdings, asOf, target });
    expect(plan.totals.credits).toBe(5); // 6 ECTS by transfer, then one 5-ECTS course
    expect(plan.transfers).toEqual([
      expect.objectContaining({
        held: 'uk',
        credits: 6,
        converted: expect.objectContaining({ amount: 12, factor: 0.5 }) as unknown,
      }),
    ]);
    const later = planPathway(graph, { holdings, asOf: '2026-07-01', target });
    expect(later.totals.credits).toBe(10);
    expect(later.transfers).toBeUndefined();
  });
});

describe('the checks on a partial transfer', () => {
  const transfer = {
    from: 'uk',
    towards: { qualification: 'q', rule: 'all' },
    credits: 4,
  };
  const issuesOf = (input: CatalogueDocumentInput) => {
    const parsed = parseCatalogue(input);
    return parsed.ok ? [] : parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const credentials = [
    { id: 'uk', title: 'UK module', kind: 'module' as const, credits: 10 },
    {
      id: 'q',
      title: 'Q',
      kind: 'certificate' as const,
      qualification: true,
      credits: 10,
      awardRule: { op: 'MIN_CREDITS' as const, key: 'all', credits: 10, accepts: ['uk'] },
    },
  ];

  it('refuses a record whose id is the key of a transfer, naming both', () => {
    const clash = { id: 'transfer:uk>q#all', title: 'Clash', kind: 'course' as const, credits: 1 };
    expect(issuesOf({ credentials: [...credentials, clash], recognitions: [transfer] })).toEqual([
      'recognitions.0.towards: its transfer is keyed "transfer:uk>q#all", which is also a credential id; rename the credential',
    ]);
  });

  it('refuses two transfers from one credential towards the same rule', () => {
    expect(
      issuesOf({ credentials, recognitions: [transfer, { ...transfer, credits: 2 }] }),
    ).toEqual([
      'recognitions.1.towards: grants credits from "uk" towards the same rule as recognitions[0]; give one recognition with the total',
    ]);
    expect(issuesOf({ credentials, recognitions: [transfer] })).toEqual([]);
  });
});
