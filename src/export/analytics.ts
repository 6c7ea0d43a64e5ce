import type {
  CoverageReport,
  CurricularComplexity,
  DemandReport,
  OverlapReport,
  QualityReport,
  StackabilityReport,
  WhatIfReport,
} from '../analytics/index.js';
import { csvField, PLAN_MEDIA_TYPES } from './plan.js';

/**
 * Analytics reports as people take them away: each report becomes a heading, a few summary
 * lines and one table (its main list), rendered as text, CSV (the table alone, RFC 4180) or
 * Markdown. JSON is the report itself.
 */

export const ANALYSIS_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;
export type AnalysisFormat = (typeof ANALYSIS_FORMATS)[number];
/** The media types of the formats (as a plan's: the same renderings). */
export const ANALYSIS_MEDIA_TYPES: Record<AnalysisFormat, string> = PLAN_MEDIA_TYPES;
export const isAnalysisFormat = (s: string): s is AnalysisFormat =>
  (ANALYSIS_FORMATS as readonly string[]).includes(s);

type Cell = string | number | undefined;

/** A report laid out for rendering. */
export interface ReportTable {
  title: string;
  summary: string[];
  columns: string[];
  rows: Cell[][];
}

const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
const round = (n: number) => Math.round(n * 1000) / 1000;

/** One row per (credential, qualification it counts towards). */
export function stackabilityTable(r: StackabilityReport): ReportTable {
  return {
    title: `Stackability: ${r.scope.kind}${r.scope.id ? ` ${r.scope.id}` : ''}`,
    summary: [
      ...r.qualifications.map(
        (q) =>
          `${q.qualification} (${q.title}): ${q.credits} credits, ${q.modules} modules counting towards it, micro-credentials up to ${q.microCredentialCredits} (${percent(q.microCredentialShare)})`,
      ),
      `Orphans (count towards no qualification): ${r.orphans.length ? r.orphans.join(', ') : 'none'}`,
      ...r.sharedModules.map((s) => `Shared by ${s.a} and ${s.b}: ${s.shared.join(', ')}`),
    ],
    columns: ['credential', 'kind', 'provider', 'qualification', 'credits', 'routes'],
    rows: r.credentials.flatMap((c) =>
      c.countsTowards.map((t) => [
        c.credential,
        c.kind,
        c.provider,
        t.qualification,
        t.credits,
        t.routes
          .map(
            (route) =>
              `${route.kind} ${route.slot}${route.via.length ? ` via ${route.via.join(' > ')}` : ''}`,
          )
          .join('; '),
      ]),
    ),
  };
}

/** One row per overlapping pair, most similar first. */
export function overlapTable(r: OverlapReport): ReportTable {
  return {
    title: `Overlap on ${r.basis} (${r.measure} >= ${r.threshold}), ${r.credentials} credentials compared`,
    summary: r.candidateRecognitions.map(
      (c) =>
        `Candidate recognition ${c.a} ~ ${c.b} (${round(c.similarity)}): ${c.suggested.map((s) => `${s.from} -> ${s.to} (${round(s.coverage)})`).join(', ') || 'no direction covers enough'}`,
    ),
    columns: [
      'a',
      'providerA',
      'b',
      'providerB',
      'similarity',
      'shared',
      'onlyA',
      'onlyB',
      'recognised',
    ],
    rows: r.pairs.map((p) => [
      p.a,
      p.providerA,
      p.b,
      p.providerB,
      round(p.similarity),
      p.shared.map((s) => s.label).join('; '),
      p.onlyA,
      p.onlyB,
      p.recognised.map((x) => `${x.from} -> ${x.to}`).join('; '),
    ]),
  };
}

/** One row per skill of the occupation. */
export function coverageTable(r: CoverageReport): ReportTable {
  return {
    title: `Coverage of ${r.label} (${r.occupation}) by the ${r.subject.kind} (${r.subject.credentials} credentials)`,
    summary: [
      `Essential skills covered: ${r.essential.covered}/${r.essential.total} (${percent(r.essential.share)})`,
      `Optional skills covered: ${r.optional.covered}/${r.optional.total} (${percent(r.optional.share)})`,
      `Gaps: ${r.gaps.length ? r.gaps.join(', ') : 'none'}`,
    ],
    columns: ['skill', 'label', 'relation', 'covered', 'coveredBy'],
    rows: r.skills.map((s) => [
      s.skill,
      s.label,
      s.relation,
      s.coveredBy.length ? 'yes' : 'no',
      [...new Set(s.coveredBy.map((c) => c.credential))].join('; '),
    ]),
  };
}

/** One row per course of the curriculum. */
export function complexityTable(r: CurricularComplexity): ReportTable {
  return {
    title: `Curricular complexity of ${r.title} (${r.qualification}), ${r.termSystem} system`,
    summary: [
      `Structural complexity ${r.structuralComplexity}; blocking factor ${r.blockingFactor}, delay factor ${r.delayFactor}, centrality ${r.centrality}`,
      ...(r.layout?.terms.map(
        (t) =>
          `Term ${t.term}: ${t.credentials.join(', ')} (${t.credits} credits, complexity ${t.complexity})`,
      ) ?? []),
      ...(r.layout?.violations.map(
        (v) => `Breaks ${v.kind} ${v.from} (term ${v.fromTerm}) -> ${v.to} (term ${v.toTerm})`,
      ) ?? []),
    ],
    columns: [
      'credential',
      'title',
      'credits',
      'blockingFactor',
      'delayFactor',
      'centrality',
      'cruciality',
      'complexity',
    ],
    rows: r.courses.map((c) => [
      c.credential,
      c.title,
      c.credits,
      c.blockingFactor,
      c.delayFactor,
      c.centrality,
      c.cruciality,
      c.complexity,
    ]),
  };
}

/** One row per credential checked; a summary line per provider. */
export function qualityTable(r: QualityReport): ReportTable {
  const worst = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return {
    title: `Quality against the EU micro-credential standard: ${r.scope.kinds.join(', ')}${r.scope.provider ? ` of ${r.scope.provider}` : ''}`,
    summary: [
      r.standard,
      ...r.providers.map(
        (p) =>
          `${p.provider ?? '(no awarding body)'}${p.name ? ` (${p.name})` : ''}: ${p.complete}/${p.credentials} state every element, ${p.meetingCriteria}/${p.credentials} meet every criterion; missing: ${worst(p.missing)}; failed: ${worst(p.failed)}`,
      ),
    ],
    columns: ['credential', 'kind', 'provider', 'missing', 'failed', 'countsTowards'],
    rows: r.credentials.map((c) => [
      c.credential,
      c.kind,
      c.provider,
      c.missing.join('; '),
      c.failed.join('; '),
      c.countsTowards.join('; '),
    ]),
  };
}

/**
 * One row per credential some plan takes, most demanded first; with a calendar, the
 * credential's row (intake `all`) is followed by one row per intake, then its learners on
 * the default (no offering) and those whose plan could not be dated.
 */
export function demandTable(r: DemandReport): ReportTable {
  const cal = r.calendar;
  const load = !cal
    ? ''
    : cal.maxCreditsPerTerm !== undefined
      ? ` at most ${cal.maxCreditsPerTerm} credits a term`
      : cal.maxCreditsPerMonth !== undefined
        ? ` at most ${cal.maxCreditsPerMonth} credits a month`
        : ' without a study load';
  const base = ['credential', 'title', 'kind', 'provider'];
  return {
    title: `Demand from ${r.learners} learners (${r.plans.counted} plans: ${r.plans.planned} planned, ${r.plans.achieved} achieved, ${r.plans.infeasible} unreachable)${cal ? `, per intake from ${cal.start}${load}` : ''}`,
    summary: [
      `Learners with an unreachable target: ${r.unreachable.learners}${r.unreachable.ids?.length ? ` (${r.unreachable.ids.join(', ')})` : ''}`,
      `Nobody needs: ${r.unused.length ? r.unused.join(', ') : 'none'}`,
      ...(cal
        ? [
            `Plans that could not be dated: ${cal.undated}`,
            'A learner whose plans take a credential at two intakes counts at each.',
          ]
        : []),
    ],
    columns: cal
      ? [...base, 'intake', 'offering', 'next', 'total', 'learners']
      : [...base, 'next', 'total', 'learners'],
    rows: r.credentials.flatMap((c) => {
      const head = [c.credential, c.title, c.kind, c.provider];
      if (!cal) return [[...head, c.next, c.total, c.learners?.join('; ')]];
      const row = (
        intake: string,
        offering: string | number | undefined,
        s: { next: number; total: number; learners?: string[] | undefined },
      ) => [...head, intake, offering, s.next, s.total, s.learners?.join('; ')];
      return [
        row('all', undefined, c),
        ...(c.intakes ?? []).map((i) => row(i.start, i.offering, i)),
        ...(c.assumed?.total ? [row('default (no offering)', undefined, c.assumed)] : []),
        ...(c.undated?.total ? [row('undated', undefined, c.undated)] : []),
      ];
    }),
  };
}

type Figures = WhatIfReport['qualifications'][number]['before'];
const figures = (f: Figures) =>
  f === null
    ? '-'
    : f.status === 'infeasible'
      ? 'unreachable'
      : `${f.credits} credits, ${f.cost} EUR, ${f.terms} terms`;
const ids = (list: string[]) => (list.length ? list.join(', ') : 'none');
const share = (v: number | null) => percent(v);

/**
 * A what-if: what the draft changes and what that does, in summary lines; the table has one
 * row per plan that changes (a qualification planned from no holdings, or a stored learner's).
 */
export function whatIfTable(r: WhatIfReport): ReportTable {
  const c = r.changes;
  return {
    title: `What if: ${c.added.length} added, ${c.replaced.length} replaced, ${c.removed.length} removed`,
    summary: [
      `Changed records: ${ids([...c.added, ...c.replaced, ...c.removed])}${c.unchanged.length ? ` (already so: ${c.unchanged.join(', ')})` : ''}`,
      `Re-examined qualifications: ${ids(r.reexamined)}`,
      `Become unreachable: ${ids(r.unreachable)}; reachable again: ${ids(r.reachableAgain)}`,
      `Orphans created: ${ids(r.orphans.created)}; no longer orphans: ${ids(r.orphans.removed)}`,
      ...r.microCredentialShares.map(
        (m) =>
          `Micro-credential share of ${m.qualification}: ${share(m.before)} -> ${share(m.after)}`,
      ),
      ...r.complexity.map(
        (x) =>
          `Structural complexity of ${x.qualification}: ${x.structuralComplexity.before ?? '-'} -> ${x.structuralComplexity.after ?? '-'}${
            x.courses.length
              ? ` (blocking/delay changed: ${x.courses
                  .map(
                    (k) =>
                      `${k.credential} ${k.blockingFactor.before ?? '-'}/${k.delayFactor.before ?? '-'} -> ${k.blockingFactor.after ?? '-'}/${k.delayFactor.after ?? '-'}`,
                  )
                  .join(', ')})`
              : ''
          }`,
      ),
      ...r.qualifications
        .filter((q) => q.after?.status === 'infeasible' && q.explanation.length)
        .map((q) => `Why ${q.qualification} is unreachable: ${q.explanation.join(' ')}`),
      `Learner plans compared: ${r.learners.plans}; changed: ${r.learners.changed.length}`,
    ],
    columns: ['plan', 'qualification', 'before', 'after', 'entered', 'left'],
    rows: [
      ...r.qualifications.map((q): Cell[] => [
        `minimum (${q.change})`,
        q.qualification,
        figures(q.before),
        figures(q.after),
        undefined,
        undefined,
      ]),
      ...r.learners.changed.map((l): Cell[] => [
        `learner ${l.learner}`,
        l.qualification,
        figures(l.before),
        figures(l.after),
        l.entered.join('; '),
        l.left.join('; '),
      ]),
    ],
  };
}

const text = (v: Cell) => (v === undefined ? '' : String(v));
const mdCell = (v: Cell) => text(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The table in one of the take-away formats (not JSON: that is the report itself). */
export function renderTable(t: ReportTable, format: Exclude<AnalysisFormat, 'json'>): string {
  if (format === 'csv')
    return [t.columns, ...t.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  if (format === 'markdown')
    return [
      `# ${mdCell(t.title)}`,
      '',
      ...(t.summary.length ? [...t.summary.map((s) => `- ${mdCell(s)}`), ''] : []),
      `| ${t.columns.join(' | ')} |`,
      `| ${t.columns.map(() => '---').join(' | ')} |`,
      ...t.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`),
      '',
    ].join('\n');
  const widths = t.columns.map((c, i) =>
    Math.max(c.length, ...t.rows.map((row) => text(row[i]).length)),
  );
  const line = (row: Cell[]) =>
    row
      .map((v, i) => text(v).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    t.title,
    ...t.summary.map((s) => `  ${s}`),
    '',
    ...(t.rows.length ? [line(t.columns), ...t.rows.map(line)] : ['(nothing to list)']),
    '',
  ].join('\n');
}
