import type { Match, MatchReport } from '../analytics/index.js';

/** What `pathways match --format` can print. */
export const MATCH_FORMATS = ['text', 'json', 'markdown'] as const;
export type MatchFormat = (typeof MATCH_FORMATS)[number];
export const isMatchFormat = (f: string): f is MatchFormat =>
  (MATCH_FORMATS as readonly string[]).includes(f);

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Markdown table cell: pipes escaped, line breaks flattened. */
const cell = (value: string | number | undefined) =>
  value === undefined ? '' : String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** What is left of a match, in words: "15 ECTS in 2 credentials (1,200 EUR)". */
function left(m: Match): string {
  if (m.status === 'achieved') return 'already achieved';
  if (m.status === 'unreachable' || !m.left) return `unreachable: ${m.unreachable ?? ''}`;
  const t = m.left;
  return `${round(t.credits)} ECTS in ${t.count} credential${t.count === 1 ? '' : 's'} (${round(t.cost)} EUR, ${round(t.hours)} hours)`;
}

const targetId = (m: Match) =>
  'qualification' in m.target ? m.target.qualification : m.target.occupation;

const offRamps = (m: Match) =>
  m.offRamps
    .map(
      (o) =>
        `${o.title}${o.qualification ? '' : ' (award)'} after step ${o.afterStep}${o.on ? ` on ${o.on}` : ''}`,
    )
    .join(', ');

function proof(m: Match): string {
  const parts: string[] = [];
  if (m.status === 'planned' && m.optimality !== 'optimal') parts.push('not proven optimal');
  if (m.completion && m.completionProven === false) parts.push('completion not proven earliest');
  return parts.length ? ` [${parts.join('; ')}]` : '';
}

function afterSentence(r: MatchReport): string {
  const a = r.ranking.after;
  if (a.targets === 0) return 'No further targets.';
  const first = r.objective[0]!;
  return (
    `${a.targets} more target${a.targets === 1 ? '' : 's'} after these` +
    (a.leastBound === null
      ? ', none reachable.'
      : `, each needing at least ${round(a.leastBound)} (${first}, a lower bound, not planned)` +
        (a.unreachable ? `; ${a.unreachable} of them unreachable.` : '.'))
  );
}

/** The ranked page as plain text, one paragraph per match. */
export function formatMatches(r: MatchReport): string {
  const out: string[] = [
    `Programme matches as of ${r.asOf} (${r.targets} target${r.targets === 1 ? '' : 's'}; by ${r.objective.join(', then ')}${r.calendar ? `, then completion from ${r.calendar.start}` : ''}):`,
  ];
  for (const d of r.holdings.dropped) out.push(`Not counted: ${d.detail}`);
  for (const d of r.priorLearning?.dropped ?? [])
    out.push(`Prior learning not counted: ${d.detail}`);
  if (r.alreadyEarned.length)
    out.push(`Already earned: ${r.alreadyEarned.map((a) => a.title).join(', ')}`);
  out.push('');
  for (const m of r.matches) {
    out.push(`${m.rank}. ${m.title} (${targetId(m)}): ${left(m)}${proof(m)}`);
    if (m.completion) out.push(`   finish by ${m.completion}`);
    if (m.exemptions?.length)
      out.push(
        `   granted by exemption: ${m.exemptions.map((x) => `${x.title} (${round(x.credits)}; ${round(x.cost)} EUR, ${x.weeks} weeks)`).join(', ')}`,
      );
    if (m.take.length)
      out.push(`   take: ${m.take.map((t) => `${t.title} (${round(t.credits)})`).join(', ')}`);
    if (m.offRamps.length) out.push(`   on the way: ${offRamps(m)}`);
  }
  if (r.matches.length === 0) out.push('No targets on this page.');
  out.push('', afterSentence(r));
  return `${out.join('\n')}\n`;
}

/** The ranked page as a Markdown document: one table row per match. */
export function matchesToMarkdown(r: MatchReport): string {
  const out: string[] = [
    `# Programme matches`,
    '',
    `As of ${r.asOf}; ranked by ${r.objective.join(', then ')}${r.calendar ? `, then completion from ${r.calendar.start}` : ''}, then id; ${r.targets} targets.`,
    '',
  ];
  if (r.holdings.dropped.length) {
    out.push('**Not counted:**', '');
    for (const d of r.holdings.dropped) out.push(`- ${cell(d.detail)}`);
    out.push('');
  }
  if (r.alreadyEarned.length)
    out.push(`Already earned: ${r.alreadyEarned.map((a) => cell(a.title)).join(', ')}.`, '');
  out.push(
    '| Rank | Target | Title | Left | Credits | Cost | Completion | Take | Off-ramps |',
    '| ---: | --- | --- | --- | ---: | ---: | --- | --- | --- |',
  );
  for (const m of r.matches)
    out.push(
      `| ${m.rank} | \`${cell(targetId(m))}\` | ${cell(m.title)} | ${cell(
        m.status === 'planned' ? `planned${proof(m)}` : m.status,
      )} | ${m.left ? round(m.left.credits) : ''} | ${m.left ? round(m.left.cost) : ''} | ${m.completion ?? ''} | ${cell(
        m.take.map((t) => t.credential).join(', '),
      )} | ${cell(offRamps(m))} |`,
    );
  out.push('', cell(afterSentence(r)), '', `_${cell(r.ranking.rule)}_`, '');
  return out.join('\n');
}

/** A match report in any of MATCH_FORMATS. */
export function renderMatches(r: MatchReport, format: MatchFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
    case 'markdown':
      return matchesToMarkdown(r);
    case 'text':
      return formatMatches(r);
  }
}
