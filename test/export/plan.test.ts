/**
 * Plan renderers (pure): CSV checked with a real RFC 4180 parser (csv-parse), Markdown, JSON,
 * on a real plan of the seed catalogue and on a plan with awkward text.
 */
import { parse } from 'csv-parse/sync';
import { auditQualification } from '../../src/engine/audit.js';
import { planPathway, type Plan } from '../../src/engine/planner/index.js';
import { formatAudit } from '../../src/export/text.js';
import {
  CSV_COLUMNS,
  csvField,
  planToCsv,
  planToMarkdown,
  renderPlan,
} from '../../src/export/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { parseCatalogue } from '../../src/model/index.js';
import { seedCatalogue } from '../support/seed.js';

const seed = seedCatalogue();
const graph = buildCatalogueGraph(seed);
const seedPlan = planPathway(graph, {
  holdings: [],
  asOf: '2026-11-23',
  target: { qualification: 'smtu:cert-data-analytics' },
});

/** A plan whose text needs quoting everywhere. */
const awkward: Plan = {
  ...seedPlan,
  title: 'Cert | "Quoted", with comma',
  steps: [
    {
      step: 1,
      take: [
        {
          credential: 'x:1',
          title: 'Data, "Big" and\nSmall',
          credits: 5,
          cost: 100.5,
          provider: 'p|q',
          reasons: ['fills "Core"', 'needed before x:2'],
        },
        { credential: 'x:2', title: 'Plain', credits: 2.333333, reasons: [] },
      ],
      milestones: [{ credential: 'c', title: 'Award, first' }],
      credits: 7.33,
      cost: 100.5,
    },
  ],
};

const rows = (csv: string) =>
  parse<Record<string, string>>(csv, { columns: true, skip_empty_lines: false });

describe('planToCsv', () => {
  it('writes one row per credential taken with the documented columns', () => {
    const csv = planToCsv(seedPlan);
    const records = rows(csv);
    const taken = seedPlan.steps.flatMap((s) => s.take.map((t) => ({ step: s.step, ...t })));
    expect(taken.length).toBeGreaterThan(1);
    expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
    expect(records.map((r) => [Number(r.step), r.credential, Number(r.credits)])).toEqual(
      taken.map((t) => [t.step, t.credential, t.credits]),
    );
    const last = records.at(-1)!;
    expect(last.milestones).toContain('Certificate in Data Analytics');
    expect(records[0]!.fills).toBe(taken[0]!.reasons.join('; '));
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) so a parser reads them back', () => {
    const records = rows(planToCsv(awkward));
    expect(records).toEqual([
      {
        step: '1',
        credential: 'x:1',
        title: 'Data, "Big" and\nSmall',
        credits: '5',
        cost: '100.5',
        hours: '',
        provider: 'p|q',
        fills: 'fills "Core"; needed before x:2',
        milestones: 'Award, first',
        obtained: 'study',
        evidence: '',
        policy: '',
        cap_used: '',
        cap_left: '',
        transfer: '',
      },
      {
        step: '1',
        credential: 'x:2',
        title: 'Plain',
        credits: '2.33',
        cost: '',
        hours: '',
        provider: '',
        fills: '',
        milestones: 'Award, first',
        obtained: 'study',
        evidence: '',
        policy: '',
        cap_used: '',
        cap_left: '',
        transfer: '',
      },
    ]);
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('plain')).toBe('plain');
  });

  it('is the header alone when there is nothing to take', () => {
    const achieved: Plan = { ...seedPlan, status: 'achieved', steps: [] };
    expect(planToCsv(achieved)).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('planToMarkdown', () => {
  it('renders steps as a table with totals and optimality', () => {
    const md = planToMarkdown(seedPlan);
    expect(md).toMatch(/^# Plan: Certificate in Data Analytics/);
    const tableRows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(tableRows).toHaveLength(seedPlan.totals.count);
    expect(md).toMatch(/\*\*Total:\*\* 20 ECTS, 4 credentials/);
    expect(md).toMatch(/proven optimal/);
  });

  it('escapes pipes and flattens line breaks inside cells', () => {
    const md = planToMarkdown(awkward);
    const row = md.split('\n').find((l) => l.includes('x:1'))!;
    expect(row).toContain('Data, "Big" and Small');
    expect(row).toContain('p\\|q');
    // Every row of the table has the header's number of cells.
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    const header = md.split('\n').find((l) => l.startsWith('| Step'))!;
    for (const l of md.split('\n').filter((x) => x.startsWith('| 1 |')))
      expect(cells(l)).toBe(cells(header));
  });

  it('explains an infeasible plan instead of an empty table', () => {
    const infeasible: Plan = {
      ...seedPlan,
      status: 'infeasible',
      steps: [],
      infeasibility: {
        reason: 'unavailable',
        rule: { id: 'r', of: 'c' },
        detail: 'No provider offers X',
        causes: [],
      } as unknown as NonNullable<Plan['infeasibility']>,
    };
    const md = planToMarkdown(infeasible);
    expect(md).toMatch(/cannot be reached/);
    expect(md).toMatch(/- No provider offers X/);
    expect(md).not.toMatch(/\| Step/);
  });
});

describe('renderPlan', () => {
  it('gives the engine JSON, the CLI text, CSV and Markdown', () => {
    expect(JSON.parse(renderPlan(seedPlan, 'json'))).toEqual(JSON.parse(JSON.stringify(seedPlan)));
    expect(renderPlan(seedPlan, 'text')).toMatch(/^Plan to Certificate in Data Analytics/);
    expect(renderPlan(seedPlan, 'csv')).toBe(planToCsv(seedPlan));
    expect(renderPlan(seedPlan, 'markdown')).toBe(planToMarkdown(seedPlan));
  });
});

describe('prior learning in the exports', () => {
  // The seed's learner-prior-learning (seed/README.md): Statistics and Python for Data Analysis
  // granted by exemption under SMTU's policy, which caps recognition at half of the award.
  const learner = seed.learners.find((l) => l.id === 'learner-prior-learning')!;
  const request = {
    holdings: learner.holdings,
    priorLearning: learner.priorLearning,
    asOf: '2026-11-23',
    target: { qualification: 'smtu:cert-data-analytics' },
  };
  const plan = planPathway(graph, request);
  const prior = plan.priorLearning!;
  const policy = seed.providers.find((p) => p.id === 'smtu')!.priorLearningPolicy!;

  it('CSV: each exemption a row before the steps, with its evidence, policy and the cap used and left', () => {
    expect(prior.exemptions).toHaveLength(2);
    const records = rows(planToCsv(plan));
    expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
    const exempted = records.filter((r) => r.obtained === 'exemption');
    expect(exempted.map((r) => r.credential)).toEqual(prior.exemptions.map((x) => x.credential));
    for (const [i, r] of exempted.entries()) {
      const x = prior.exemptions[i]!;
      expect(r).toMatchObject({ step: '0', cost: String(policy.cost), policy: policy.source });
      expect(Number(r.credits)).toBe(x.credits);
      // The records it relies on, by outcome, method and date.
      for (const index of x.evidence) {
        const record = learner.priorLearning[index]!;
        expect(r.evidence).toContain(`${record.outcome} (${record.method}, ${record.validatedOn})`);
      }
      // Half of the certificate's 20 credits, all filled by the two exemptions: 0 left.
      expect([Number(r.cap_used), Number(r.cap_left)]).toEqual([10, 0]);
    }
    const studied = records.filter((r) => r.obtained === 'study');
    expect(studied.map((r) => r.credential)).toEqual(
      plan.steps.flatMap((s) => s.take.map((t) => t.credential)),
    );
    expect(records).toHaveLength(exempted.length + studied.length);
    // Without prior learning no row is an exemption, and the new columns stay empty.
    for (const r of rows(planToCsv(seedPlan))) {
      expect(r.obtained).toBe('study');
      expect([r.evidence, r.policy, r.cap_used, r.cap_left]).toEqual(['', '', '', '']);
    }
  });

  it('Markdown: the exemptions table, the records not counted and the cap', () => {
    const md = planToMarkdown(plan);
    expect(md).toContain('**Granted by exemption (recognition of prior learning):**');
    for (const x of prior.exemptions) {
      const row = md.split('\n').find((l) => l.startsWith(`| \`${x.credential}\``))!;
      expect(row).toContain(policy.source!);
      expect(row).toContain(`| ${policy.cost} | ${policy.weeks} |`);
    }
    expect(md).toMatch(
      /\*\*Prior learning not counted:\*\*\n\n- lo:dataviz-design is self-declared/,
    );
    expect(md).toMatch(/recognition fills 10 of at most 10 credits \(0 left\)/);
    expect(md).toMatch(/5 credits taken with `smtu` \(at least 5\)/);
    expect(planToMarkdown(seedPlan)).not.toMatch(/exemption|Prior learning|\*\*Cap\*\*/);
  });

  it('audit text: the records that count, those that do not, and what could be exempted', () => {
    const text = formatAudit(auditQualification(graph, request));
    expect(text).toMatch(
      /~ prior learning: lo:stats-inference \(validation, 2026-03-10, verified\) counts as lo:stats-inference/,
    );
    expect(text).toMatch(/! prior learning not counted: lo:dataviz-design is self-declared/);
    expect(text).toMatch(/Could be granted by exemption: .*smtu:mc-statistics/);
  });
});

describe('a plan counting credits by partial transfer', () => {
  // The seed's agreement: Lakeshore's 3 US semester hours count 6 ECTS towards the Higher
  // Diploma's electives, held here.
  const COURSE = 'lakeshore:course-cloud-computing';
  const heldPlan = planPathway(graph, {
    holdings: [
      { credential: 'smtu:mc-foundations', awardedOn: '2025-06-30' },
      { credential: COURSE, awardedOn: '2025-05-15' },
    ],
    asOf: '2026-01-15',
    target: { qualification: 'smtu:hdip-data-analytics' },
  });
  // Taken: 'cheap' (1 US hour, 2 ECTS) grants 3 US hours (6 ECTS) towards q, cheaper than 'a'.
  const small = buildCatalogueGraph(
    (() => {
      const doc = parseCatalogue({
        credentials: [
          { id: 'a', title: 'A', kind: 'course', credits: 6 },
          {
            id: 'cheap',
            title: 'Cheap',
            kind: 'course',
            credits: 1,
            creditSystem: 'US semester credit hours',
          },
          {
            id: 'q',
            title: 'Q',
            kind: 'certificate',
            qualification: true,
            credits: 6,
            awardRule: { op: 'MIN_CREDITS', key: 'core', credits: 6, accepts: ['a'] },
          },
        ],
        recognitions: [
          {
            from: 'cheap',
            towards: { qualification: 'q', rule: 'core' },
            credits: 3,
            creditSystem: 'US semester credit hours',
            source: 'the Q articulation agreement',
          },
        ],
        creditConversions: [
          { from: 'US semester credit hours', to: 'ECTS', factor: 2, source: 'convention' },
        ],
      });
      if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
      return doc.value;
    })(),
  );
  const takenPlan = planPathway(small, {
    holdings: [],
    asOf: '2026-01-15',
    target: { qualification: 'q' },
  });
  const line =
    /^lakeshore:course-cloud-computing: 6 ECTS \(3 US semester credit hours at 2\) towards rule 'electives' of smtu:hdip-data-analytics by transfer, under SMTU articulation agreement with Lakeshore/;

  it('CSV: a held credential counted by transfer is a row of step 0, with how it counts', () => {
    const records = rows(planToCsv(heldPlan));
    expect(records[0]).toMatchObject({ step: '0', credential: COURSE, credits: '', cost: '' });
    expect(records[0]!.transfer).toMatch(line);
    expect(records[0]!.obtained).toBe('held');
    expect(records.slice(1).every((r) => r.step !== '0' && r.transfer === '')).toBe(true);
  });

  it('CSV: a credential taken for its transfer says so on its row', () => {
    expect(takenPlan.steps.flatMap((s) => s.take.map((t) => t.credential))).toEqual(['cheap']);
    const [record] = rows(planToCsv(takenPlan));
    expect(record).toMatchObject({ step: '1', credential: 'cheap', credits: '2' });
    expect(record!.transfer).toBe(
      "cheap: 6 ECTS (3 US semester credit hours at 2) towards rule 'core' of q by transfer, under the Q articulation agreement",
    );
    expect(record!.fills).toContain('counts 6 ECTS (3 US semester credit hours at 2) towards');
  });

  it('Markdown and text list what counted by transfer, from what, under which agreement', () => {
    for (const rendered of [planToMarkdown(heldPlan), renderPlan(heldPlan, 'text')]) {
      expect(rendered).toContain('Counted by transfer:');
      expect(rendered.split('\n').some((l) => line.test(l.replace(/^(- | {2}~ )/, '')))).toBe(true);
    }
    expect(renderPlan(takenPlan, 'text')).toContain(
      "  ~ cheap: 6 ECTS (3 US semester credit hours at 2) towards rule 'core' of q by transfer, under the Q articulation agreement",
    );
  });
});
