/**
 * "What is left": audits on hand-written catalogues (statuses, done/needed, applied items,
 * remaining options, unused and dropped holdings, recognitions, milestones, progress), then
 * the five sample learners of the seed catalogue, audited and planned against the targets
 * seed/README.md names, with the totals it promises.
 */
import { firstFitCatalogue } from './fixtures/first-fit.js';
import {
  auditQualification,
  type Audit,
  type AuditNode,
  type CredentialAudit,
} from '../../src/engine/audit.js';
import type { HeldCredential } from '../../src/engine/holdings.js';
import { planPathway, type Plan } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import type { Target } from '../../src/model/index.js';
import {
  all,
  any,
  award,
  graphOf,
  mc,
  minCredits,
  stepOf,
  taken,
} from '../support/cases/catalogue.js';
import { seedCatalogue } from '../support/seed.js';

const AS_OF = '2026-01-15';

const held = (credential: string, awardedOn = '2025-06-01'): HeldCredential => ({
  credential,
  awardedOn,
});

function audit(
  graph: CatalogueGraph,
  holdings: HeldCredential[],
  target: Target = { qualification: 'q' },
  depth?: number,
): Audit {
  return auditQualification(graph, {
    holdings,
    asOf: AS_OF,
    target,
    ...(depth === undefined ? {} : { depth }),
  });
}

/** The audit of an accepted award below a node (the ladder below the target). */
function sub(node: AuditNode, credential: string): CredentialAudit {
  const found = node.subAudits.find((s) => s.credential === credential);
  if (!found) throw new Error(`no sub-audit of ${credential} under ${node.id}`);
  return found;
}

/** The node with this label anywhere below `node` (sub-audits included). */
function labelled(node: AuditNode, label: string): AuditNode {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.label === label) return n;
    stack.push(...n.children, ...n.subAudits.flatMap((s) => (s.rule ? [s.rule] : [])));
  }
  throw new Error(`no node labelled "${label}" under ${node.id}`);
}

const ids = (options: { id: string }[]) => options.map((o) => o.id);

describe('audit on a hand-written certificate', () => {
  // q = ALL "Cert" [ ALL "Core" [a, b], ANY "Elective" [c, d, l], MIN_CREDITS 10 "Credits" [e, f, g] ]
  const g = graphOf({
    credentials: [
      mc('a', 5),
      mc('b', 5),
      mc('c', 5),
      mc('d', 5),
      mc('e', 5),
      mc('f', 5),
      mc('g', 2.5),
      mc('h', 5),
      mc('l', 5, { validityMonths: 6 }),
      award(
        'q',
        {
          op: 'ALL',
          label: 'Cert',
          children: [
            all(['a', 'b'], { label: 'Core', designation: 'core' }),
            any(['c', 'd', 'l'], { label: 'Elective', designation: 'elective' }),
            minCredits(10, ['e', 'f', 'g'], { label: 'Credits' }),
          ],
        },
        { title: 'Certificate' },
      ),
      award('q2', all(['q', 'h'], { label: 'Top' }), { title: 'Diploma' }),
    ],
  });

  it('a new learner: everything missing, 0%', () => {
    const a = audit(g, []);
    expect(a.achieved).toBe(false);
    expect(a.percent).toBe(0);
    expect(a.title).toBe('Certificate');
    expect(a.goal.status).toBe('missing');
    const rule = sub(a.goal, 'q').rule!;
    expect(rule.status).toBe('missing');
    expect(rule.children.map((c) => c.status)).toEqual(['missing', 'missing', 'missing']);
    expect(a.unused).toEqual([]);
    expect(a.milestones).toEqual([]);
    expect(a.proven).toBe(true);
  });

  it('partway: statuses, done/needed, applied, remaining, unused and dropped holdings', () => {
    const a = audit(g, [
      held('a'),
      held('e'),
      held('h'),
      held('nope'),
      held('l', '2025-01-10'), // valid 6 months: lapsed 2025-07-10
    ]);
    expect(a.holdings.valid.map((h) => h.credential)).toEqual(['a', 'e', 'h']);
    expect(a.holdings.dropped.map((d) => [d.holding.credential, d.reason])).toEqual([
      ['nope', 'unknown'],
      ['l', 'lapsed'],
    ]);
    expect(a.holdings.dropped[1]!.detail).toBe(
      'L (awarded 2025-01-10) is valid for 6 months and lapsed on 2025-07-10',
    );

    const rule = sub(a.goal, 'q').rule!;
    expect(rule).toMatchObject({ label: 'Cert', status: 'partial', done: 0, needed: 3 });
    const [core, elective, credits] = rule.children as [AuditNode, AuditNode, AuditNode];
    expect(core).toMatchObject({
      label: 'Core',
      designation: 'core',
      op: 'ALL',
      status: 'partial',
      done: 1,
      needed: 2,
      unit: 'branches',
      applied: [{ accepts: 'a', item: 'a', credits: 5 }],
    });
    expect(ids(core.remaining)).toEqual(['b']);
    expect(core.remaining[0]).toEqual({ id: 'b', title: 'B', kind: 'credential', credits: 5 });
    expect(elective).toMatchObject({ status: 'missing', done: 0, needed: 1, applied: [] });
    expect(ids(elective.remaining)).toEqual(['c', 'd', 'l']);
    expect(credits).toMatchObject({
      op: 'MIN_CREDITS',
      status: 'partial',
      done: 5,
      needed: 10,
      unit: 'credits',
      applied: [{ accepts: 'e', item: 'e', credits: 5 }],
    });
    expect(ids(credits.remaining)).toEqual(['f', 'g']);
    // Progress: Core 1/2, Elective 0, Credits 5/10: (0.5 + 0 + 0.5) / 3.
    expect(core.progress).toBeCloseTo(0.5, 9);
    expect(credits.progress).toBeCloseTo(0.5, 9);
    expect(rule.progress).toBeCloseTo(1 / 3, 9);
    expect(a.percent).toBe(33.3);
    expect(a.goal.status).toBe('partial');
    // h counts towards nothing in the certificate.
    expect(a.unused).toEqual(['h']);
  });

  it('the sub-award below a target is audited to the requested depth', () => {
    const holdings = [held('a'), held('e'), held('h')];
    const deep = audit(g, holdings, { qualification: 'q2' });
    const top = sub(deep.goal, 'q2').rule!;
    expect(top).toMatchObject({ label: 'Top', status: 'partial', done: 1, needed: 2 });
    expect(top.applied).toEqual([{ accepts: 'h', item: 'h', credits: 5 }]);
    expect(labelled(top, 'Core').done).toBe(1);
    // Top: h done (1), q at 1/3: mean (1 + 1/3) / 2.
    expect(deep.percent).toBe(66.7);
    expect(deep.unused).toEqual([]);
    const shallow = audit(g, holdings, { qualification: 'q2' }, 0);
    expect(sub(shallow.goal, 'q2').rule!.subAudits).toEqual([]);
  });

  it('complete: every node complete, 100%', () => {
    const a = audit(g, [held('a'), held('b'), held('d'), held('e'), held('f')]);
    expect(a.achieved).toBe(true);
    expect(a.percent).toBe(100);
    expect(a.goal.status).toBe('complete');
    expect(a.goal.applied).toEqual([{ accepts: 'q', item: 'q', credits: 0 }]);
    expect(a.milestones.map((m) => m.credential)).toEqual(['q']);
    expect(a.unused).toEqual([]);
  });

  it('MIN_CREDITS counts fractional credits and overshoots are complete', () => {
    const a = audit(g, [held('e'), held('g')]);
    const credits = labelled(a.goal, 'Credits');
    expect(credits).toMatchObject({ status: 'partial', done: 7.5, needed: 10 });
    expect(credits.progress).toBeCloseTo(0.75, 9);
    const more = labelled(audit(g, [held('e'), held('f'), held('g')]).goal, 'Credits');
    expect(more.status).toBe('complete');
    expect(more.done).toBeGreaterThanOrEqual(10);
  });
});

describe('audit allocations', () => {
  it('is exact, not first-fit: ALL(N_OF 1 of [a, b], ALL [a]) with a and b', () => {
    const g = buildCatalogueGraph(firstFitCatalogue);
    const a = audit(g, [held('B'), held('A')], { qualification: 'Q' });
    expect(a.achieved).toBe(true);
    expect(a.percent).toBe(100);
    const placements = a.milestones[0]!.placements.map((p) => p.item).sort();
    expect(placements).toEqual(['A', 'B']);
  });

  it('an unsatisfiable rule is allocated to satisfy as many nodes as possible', () => {
    // a fills "First" (complete) rather than half of "Second".
    const g = graphOf({
      credentials: [
        mc('a', 5),
        mc('b', 5),
        mc('c', 5),
        award('q', {
          op: 'ALL',
          children: [any(['a', 'b'], { label: 'First' }), all(['a', 'c'], { label: 'Second' })],
        }),
      ],
    });
    const a = audit(g, [held('a')]);
    expect(labelled(a.goal, 'First')).toMatchObject({ status: 'complete', done: 1 });
    expect(labelled(a.goal, 'Second')).toMatchObject({ status: 'missing', done: 0 });
    expect(ids(labelled(a.goal, 'Second').remaining)).toEqual(['a', 'c']);
  });

  it('a learning-outcome leaf is filled by any credential certifying it, for 0 credits', () => {
    const g = graphOf({
      learningOutcomes: [{ id: 'lo:x', statement: 'Explain x' }],
      credentials: [
        mc('m', 4, { learningOutcomes: ['lo:x'] }),
        award('q', all(['lo:x'], { label: 'Outcome' })),
      ],
    });
    const a = audit(g, [held('m')]);
    expect(a.achieved).toBe(true);
    expect(a.milestones[0]!.placements).toEqual([{ slot: 0, item: 'm', credits: 0 }]);
    const open = audit(g, []);
    expect(sub(open.goal, 'q').rule!.remaining).toEqual([
      { id: 'lo:x', title: 'Explain x', kind: 'outcome' },
    ]);
  });

  it('recognition: reported, and the held credential fills the recognised slot', () => {
    const g = graphOf({
      credentials: [mc('a', 5), mc('b', 5), mc('r', 4), award('q', all(['a', 'b']))],
      recognitions: [{ from: 'r', to: 'a', credits: 3, validUntil: '2027-01-01' }],
    });
    const a = audit(g, [held('r')]);
    expect(a.recognitions).toEqual([{ held: 'r', countsAs: 'a', credits: 3 }]);
    const rule = sub(a.goal, 'q').rule!;
    expect(rule.applied).toEqual([{ accepts: 'a', item: 'r', credits: 3, via: 'recognition' }]);
    expect(ids(rule.remaining)).toEqual(['b']);
    expect(a.unused).toEqual([]);
    // Out of its window, the agreement is not reported and r is unused.
    const later = auditQualification(g, {
      holdings: [held('r')],
      asOf: '2027-01-02',
      target: { qualification: 'q' },
    });
    expect(later.recognitions).toEqual([]);
    expect(later.unused).toEqual(['r']);
  });

  it('milestones: awards earned by stacking count, and what they used is not unused', () => {
    const g = graphOf({
      credentials: [
        mc('a', 5),
        mc('b', 5),
        mc('c', 5),
        award('q1', all(['a', 'b']), { title: 'Stage one' }),
        award('q2', all(['q1', 'c'])),
      ],
    });
    const a = audit(g, [held('a'), held('b')], { qualification: 'q2' });
    expect(a.milestones.map((m) => m.credential)).toEqual(['q1']);
    const rule = sub(a.goal, 'q2').rule!;
    expect(rule.applied).toEqual([{ accepts: 'q1', item: 'q1', credits: 0 }]);
    expect(ids(rule.remaining)).toEqual(['c']);
    expect(rule.subAudits).toEqual([]);
    expect(a.unused).toEqual([]);
    expect(a.percent).toBe(50);
  });

  it('an occupation target: essential skills through outcomes', () => {
    const g = graphOf({
      skills: [
        { id: 'esco:s1', label: 'skill one' },
        { id: 'esco:s2', label: 'skill two' },
      ],
      occupations: [{ id: 'esco:o', label: 'analyst', essentialSkills: ['esco:s1', 'esco:s2'] }],
      learningOutcomes: [
        { id: 'lo:1', statement: 'one', skills: [{ skill: 'esco:s1' }] },
        { id: 'lo:2', statement: 'two', skills: [{ skill: 'esco:s2' }] },
      ],
      credentials: [
        mc('m1', 5, { learningOutcomes: ['lo:1'] }),
        mc('m2', 5, { learningOutcomes: ['lo:2'] }),
      ],
    });
    const a = audit(g, [held('m1')], { occupation: 'esco:o', optionalSkills: 0 });
    expect(a.title).toBe('analyst');
    expect(a.goal).toMatchObject({ status: 'partial', done: 1, needed: 2 });
    expect(a.goal.children.map((c) => [c.label, c.status])).toEqual([
      ['skill one', 'complete'],
      ['skill two', 'missing'],
    ]);
    expect(a.percent).toBe(50);
  });
});

// ---------------------------------------------------------------------------------------------
// The seed catalogue and its five learners (seed/README.md), reference date 2026-11-23.

const SEED_DATE = '2026-11-23';
const seedDoc = seedCatalogue();
const seedGraph = buildCatalogueGraph(seedDoc);
const holdingsOf = (learner: string): HeldCredential[] => {
  const l = seedDoc.learners.find((x) => x.id === learner);
  if (!l) throw new Error(`no learner ${learner} in the seed`);
  return l.holdings.map((h) => ({
    credential: h.credential,
    awardedOn: h.awardedOn,
    ...(h.expiresOn ? { expiresOn: h.expiresOn } : {}),
  }));
};
const seedAudit = (learner: string, qualification: string) =>
  auditQualification(seedGraph, {
    holdings: holdingsOf(learner),
    asOf: SEED_DATE,
    target: { qualification },
  });
const seedPlan = (learner: string, target: Target): Plan =>
  planPathway(seedGraph, { holdings: holdingsOf(learner), asOf: SEED_DATE, target });

const CERT = 'smtu:cert-data-analytics';
const HDIP = 'smtu:hdip-data-analytics';
const MSC = 'smtu:msc-data-analytics';
const SOLAR = 'jarvi:cert-solar-installer';
const RIJNMOND = 'rijnmond:cert-data-driven-work';

function appliedItems(node: AuditNode): string[] {
  return [
    ...node.applied.map((a) => a.item),
    ...node.children.flatMap(appliedItems),
    ...node.subAudits.flatMap((s) => (s.rule ? appliedItems(s.rule) : [])),
  ];
}
function appliedCredits(node: AuditNode): number {
  return (
    node.applied.reduce((sum, a) => sum + a.credits, 0) +
    node.children.reduce((sum, c) => sum + appliedCredits(c), 0) +
    node.subAudits.reduce((sum, s) => sum + (s.rule ? appliedCredits(s.rule) : 0), 0)
  );
}

describe('seed learner-new (holds nothing)', () => {
  it('audit: 0% towards the certificate, everything missing', () => {
    const a = seedAudit('learner-new', CERT);
    expect(a.percent).toBe(0);
    expect(a.achieved).toBe(false);
    expect(a.goal.status).toBe('missing');
    const rule = sub(a.goal, CERT).rule!;
    expect(rule.children.map((c) => [c.label, c.status, c.done, c.needed])).toEqual([
      ['Core: data analysis', 'missing', 0, 3],
      ['Elective: communicating data', 'missing', 0, 1],
    ]);
    expect(a.holdings).toEqual({ valid: [], dropped: [] });
    expect(a.unused).toEqual([]);
  });

  it('plan: four micro-credentials, 20 ECTS, 2,600 EUR, 500 h, Python after Foundations', () => {
    const p = seedPlan('learner-new', { qualification: CERT });
    expect(p.status).toBe('planned');
    expect(p.optimality).toBe('optimal');
    expect(p.totals).toEqual({ credits: 20, cost: 2600, hours: 500, count: 4 });
    const set = taken(p);
    expect(set).toEqual(
      expect.arrayContaining([
        'smtu:mc-data-foundations',
        'smtu:mc-statistics',
        'smtu:mc-python-data',
      ]),
    );
    expect(
      set.filter((id) => ['smtu:mc-dataviz', 'smtu:mc-business-intelligence'].includes(id)),
    ).toHaveLength(1);
    expect(p.steps.length).toBeGreaterThanOrEqual(2);
    const at = stepOf(p);
    expect(at.get('smtu:mc-python-data')).toBeGreaterThan(at.get('smtu:mc-data-foundations')!);
    expect(p.steps.at(-1)!.milestones.map((m) => m.credential)).toEqual([CERT]);
  });

  it('the data analyst occupation: 0% now, and plannable across providers', () => {
    const occupation = seedDoc.occupations.find((o) => o.label === 'data analyst')!.id;
    const target: Target = { occupation, optionalSkills: 0 };
    const a = auditQualification(seedGraph, { holdings: [], asOf: SEED_DATE, target });
    expect(a.percent).toBe(0);
    expect(a.goal.children).toHaveLength(19);
    const p = seedPlan('learner-new', target);
    expect(p.status).toBe('planned');
    const providers = new Set(p.steps.flatMap((s) => s.take.map((t) => t.provider)));
    expect(providers).toEqual(new Set(['smtu', 'rijnmond']));
    // Data quality comes only from Rijnmond.
    expect(taken(p)).toContain('rijnmond:mc-data-quality');
  });
});

describe('seed learner-partway (Foundations and Python)', () => {
  it('audit: core 2 of 3, elective 0 of 1, Statistics and an elective remaining', () => {
    const a = seedAudit('learner-partway', CERT);
    const rule = sub(a.goal, CERT).rule!;
    const [core, elective] = rule.children as [AuditNode, AuditNode];
    expect(core).toMatchObject({ label: 'Core: data analysis', status: 'partial', done: 2 });
    expect(core.needed).toBe(3);
    expect(core.applied.map((x) => x.item).sort()).toEqual([
      'smtu:mc-data-foundations',
      'smtu:mc-python-data',
    ]);
    expect(ids(core.remaining)).toEqual(['smtu:mc-statistics']);
    expect(elective).toMatchObject({ status: 'missing', done: 0, needed: 1 });
    expect(ids(elective.remaining)).toEqual(['smtu:mc-dataviz', 'smtu:mc-business-intelligence']);
    // 10 of 20 ECTS applied.
    expect(appliedCredits(a.goal)).toBe(10);
    // Core 2/3, elective 0: (2/3 + 0) / 2.
    expect(a.percent).toBe(33.3);
    expect(a.unused).toEqual([]);
  });

  it('plan: Statistics plus Data Visualisation or BI, 10 ECTS, 1,300 EUR, one step', () => {
    const p = seedPlan('learner-partway', { qualification: CERT });
    expect(p.status).toBe('planned');
    expect(p.totals).toMatchObject({ credits: 10, cost: 1300, count: 2 });
    expect(p.steps).toHaveLength(1);
    expect(taken(p)).toContain('smtu:mc-statistics');
    expect(p.steps[0]!.milestones.map((m) => m.credential)).toEqual([CERT]);
  });
});

describe('seed learner-lapsed (expired safety card)', () => {
  it('audit: the card is dropped as lapsed, 30 of 65 points done', () => {
    const a = seedAudit('learner-lapsed', SOLAR);
    expect(a.holdings.dropped).toHaveLength(1);
    const [dropped] = a.holdings.dropped;
    expect(dropped!.reason).toBe('lapsed');
    expect(dropped!.holding.credential).toBe('jarvi:card-electrical-safety');
    expect(dropped!.detail).toContain('lapsed on 2026-04-20');
    expect(a.holdings.valid.map((h) => h.credential).sort()).toEqual([
      'jarvi:unit-electrical-installations',
      'jarvi:unit-working-at-height',
    ]);
    expect(appliedCredits(a.goal)).toBe(30);
    const safety = labelled(a.goal, 'Safety: valid electrical work safety card');
    expect(safety.status).toBe('missing');
    expect(ids(safety.remaining)).toEqual(['jarvi:card-electrical-safety']);
    const core = labelled(a.goal, 'Core: electrical and PV installation');
    expect(core).toMatchObject({ status: 'partial', done: 2, needed: 4 });
    const electives = labelled(a.goal, 'Electives: 10 competence points');
    expect(electives).toMatchObject({ status: 'missing', done: 0, needed: 10, unit: 'credits' });
    expect(a.percent).toBeGreaterThan(0);
    expect(a.percent).toBeLessThan(50);
  });

  it('plan: renew the card with PV Design, then PV Installation, then one elective', () => {
    const p = seedPlan('learner-lapsed', { qualification: SOLAR });
    expect(p.status).toBe('planned');
    expect(p.totals.credits).toBeCloseTo(35.3, 9);
    expect(p.totals.cost).toBe(190);
    expect(p.steps).toHaveLength(3);
    expect(p.steps[0]!.take.map((t) => t.credential).sort()).toEqual([
      'jarvi:card-electrical-safety',
      'jarvi:unit-pv-design',
    ]);
    expect(p.steps[1]!.take.map((t) => t.credential)).toEqual(['jarvi:unit-pv-installation']);
    expect(p.steps[2]!.take).toHaveLength(1);
    expect(['jarvi:unit-pv-commissioning', 'jarvi:unit-battery-storage']).toContain(
      p.steps[2]!.take[0]!.credential,
    );
    const card = p.steps[0]!.take.find((t) => t.credential === 'jarvi:card-electrical-safety')!;
    expect(card.reasons.some((r) => r.startsWith("fills 'Safety: valid electrical work"))).toBe(
      true,
    );
    expect(card.reasons.some((r) => r.startsWith('needed before starting'))).toBe(true);
    expect(p.steps[2]!.milestones.map((m) => m.credential)).toEqual([SOLAR]);
  });
});

describe('seed learner-recognised (Rijnmond credentials and SMTU Foundations)', () => {
  it('audit (SMTU certificate): the elective is complete through the recognition', () => {
    const a = seedAudit('learner-recognised', CERT);
    expect(a.recognitions).toEqual([
      { held: 'rijnmond:mc-dataviz', countsAs: 'smtu:mc-dataviz', credits: 5 },
    ]);
    const elective = labelled(a.goal, 'Elective: communicating data');
    expect(elective.status).toBe('complete');
    expect(elective.applied).toEqual([
      { accepts: 'smtu:mc-dataviz', item: 'rijnmond:mc-dataviz', credits: 5, via: 'recognition' },
    ]);
    const core = labelled(a.goal, 'Core: data analysis');
    expect(ids(core.remaining).sort()).toEqual(['smtu:mc-python-data', 'smtu:mc-statistics']);
    expect(a.unused.sort()).toEqual(['rijnmond:mc-data-literacy', 'rijnmond:mc-privacy-by-design']);
  });

  it('plan (SMTU certificate): only Python and Statistics, 10 ECTS, 1,300 EUR', () => {
    const p = seedPlan('learner-recognised', { qualification: CERT });
    expect(taken(p)).toEqual(['smtu:mc-python-data', 'smtu:mc-statistics']);
    expect(p.totals).toMatchObject({ credits: 10, cost: 1300 });
    const reasons = p.steps.flatMap((s) => s.take.flatMap((t) => t.reasons));
    expect(reasons.every((r) => !r.includes('recognised as'))).toBe(true);
  });

  it('the Rijnmond certificate is closer: core done, two of three electives, 4 EC left', () => {
    const a = seedAudit('learner-recognised', RIJNMOND);
    const rule = sub(a.goal, RIJNMOND).rule!;
    const [core, electives] = rule.children as [AuditNode, AuditNode];
    expect(core.status).toBe('complete');
    expect(electives).toMatchObject({ status: 'partial', done: 2, needed: 3 });
    expect(a.unused).toEqual(['smtu:mc-data-foundations']);
    const p = seedPlan('learner-recognised', { qualification: RIJNMOND });
    expect(p.status).toBe('planned');
    expect(p.totals.credits).toBe(4);
    expect(p.totals.count).toBe(1);
  });

  it('the Higher Diploma: the data-protection outcome is met by Privacy by Design', () => {
    const a = seedAudit('learner-recognised', HDIP);
    const protection = labelled(a.goal, 'Core: data protection (learning outcome)');
    expect(protection.status).toBe('complete');
    expect(protection.applied).toEqual([
      {
        accepts: 'lo:gdpr-compliant-processing',
        item: 'rijnmond:mc-privacy-by-design',
        credits: 0,
      },
    ]);
    // The certificate below the diploma is audited too, with the recognition applied.
    const stage1 = labelled(a.goal, 'Stage 1: Certificate in Data Analytics');
    expect(stage1.status).toBe('partial');
    expect(labelled(stage1, 'Elective: communicating data').status).toBe('complete');
    expect(a.unused).toEqual(['rijnmond:mc-data-literacy']);
  });
});

describe('seed learner-complete (ten SMTU modules)', () => {
  it('audit: the certificate and the Higher Diploma are earned by stacking, 100%', () => {
    const a = seedAudit('learner-complete', HDIP);
    expect(a.achieved).toBe(true);
    expect(a.percent).toBe(100);
    expect(a.milestones.map((m) => m.credential)).toEqual([CERT, HDIP]);
    const hdip = a.milestones[1]!;
    expect(hdip.placements.map((pl) => pl.item)).toContain(CERT);
    expect(a.unused).toEqual([]);
    const p = seedPlan('learner-complete', { qualification: HDIP });
    expect(p.status).toBe('achieved');
    expect(p.steps).toEqual([]);
    expect(p.alreadyEarned.map((m) => m.credential)).toEqual([CERT, HDIP]);
  });

  it('the MSc: stage 1 done; 30 ECTS and 4,700 EUR left thanks to maxShared', () => {
    const a = seedAudit('learner-complete', MSC);
    expect(labelled(a.goal, 'Stage 1: Higher Diploma in Data Analytics').status).toBe('complete');
    expect(labelled(a.goal, 'Stage 2: major and specialisation').status).toBe('missing');
    expect(appliedItems(a.goal)).toEqual([HDIP]);
    // The only planning of the MSc in the suite.
    const p = seedPlan('learner-complete', { qualification: MSC });
    expect(p.status).toBe('planned');
    expect(p.totals).toMatchObject({ credits: 30, cost: 4700, count: 4 });
    expect(taken(p)).toContain('smtu:mod-research-project');
    // Stage 2 in three 5-ECTS modules: one of them counts twice.
    const stage2 = taken(p).filter((id) => id !== 'smtu:mod-research-project');
    expect(stage2).toHaveLength(3);
    expect(p.steps.at(-1)!.milestones.map((m) => m.credential)).toEqual([MSC]);
  });
});
