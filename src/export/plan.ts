import { formatPlan, outlineTotals, transferLine } from './text.js';
import type { Plan } from '../engine/planner/index.js';

/**
 * A plan in the formats people take away: JSON (the engine's own shape), CSV (one row per
 * credential taken, for spreadsheets and student-information systems), Markdown (for a
 * report or an e-mail) and the CLI's text. Pure renderers: the CLI picks one with
 * `--format`, the HTTP API by content negotiation (PLAN_MEDIA_TYPES).
 */

export const PLAN_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const PLAN_MEDIA_TYPES: Record<PlanFormat, string> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8; header=present',
  markdown: 'text/markdown; charset=utf-8',
};

export const isPlanFormat = (s: string): s is PlanFormat =>
  (PLAN_FORMATS as readonly string[]).includes(s);

export const CSV_COLUMNS = [
  'step',
  'credential',
  'title',
  'credits',
  'cost',
  'hours',
  'provider',
  'fills',
  'milestones',
  'obtained',
  'evidence',
  'policy',
  'cap_used',
  'cap_left',
  'transfer',
] as const;

const round = (n: number) => Math.round(n * 100) / 100;

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type Exemption = NonNullable<Plan['priorLearning']>['exemptions'][number];

/** The prior-learning records an exemption relies on: "lo:x (validation, 2026-03-10)". */
function evidenceOf(plan: Plan, x: Exemption): string {
  return x.evidence
    .map((i) => plan.priorLearning!.counted.find((c) => c.index === i))
    .map((r) => (r ? `${r.outcome ?? r.skill} (${r.method}, ${r.validatedOn})` : ''))
    .join('; ');
}

/** The policy an exemption is granted under: its source, else its provider's id. */
const policyOf = (x: Exemption) => x.policySource ?? x.provider;

/** The awarding provider's share cap as the plan uses it: credits filled and left. */
function capUse(plan: Plan): { used?: number; left?: number } {
  const cap = plan.priorLearning?.cap;
  if (cap?.maxCredits === undefined) return {};
  return { used: round(cap.transferCredits + cap.exemptedCredits), left: round(cap.left ?? 0) };
}

/** What applying for an exemption takes: "apply for recognition (4 weeks, decided by …)". */
const application = (x: Exemption) =>
  `apply for recognition (${x.weeks} week${x.weeks === 1 ? '' : 's'}${x.decidedOn ? `, decided by ${x.decidedOn}` : ''})`;

/**
 * RFC 4180 CSV with a header row and CRLF line ends: one row per credential to take, in
 * step order. `fills` lists the reasons (requirements it fills) and `milestones` the awards
 * held once that row's step is complete (repeated on each row of the step), both separated
 * by "; ". With prior learning, the credentials granted by exemption come first, as step 0
 * (`obtained` "exemption", `cost` the fee, `evidence` the records, `policy` the policy's
 * source, `cap_used`/`cap_left` the awarding provider's share cap); taken rows say "study".
 * `transfer` says how the credential counts by partial credit transfer (towards which rule, how
 * many ECTS, converted from what, under which agreement); a credential the learner holds that
 * the plan counts by transfer is a row of step 0 too (`obtained` "held"), with nothing to pay
 * or study. A plan with nothing to take, exempt or transfer (achieved or infeasible) is the
 * header alone.
 */
export function planToCsv(plan: Plan): string {
  const rows: (string | number | undefined)[][] = [[...CSV_COLUMNS]];
  const transfers = (credential: string) =>
    (plan.transfers ?? [])
      .filter((t) => t.held === credential)
      .map(transferLine)
      .join('; ') || undefined;
  const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
  const taken = new Set(plan.steps.flatMap((s) => s.take.map((c) => c.credential)));
  for (const held of new Set((plan.transfers ?? []).map((t) => t.held)))
    if (!taken.has(held)) {
      const row: (string | number | undefined)[] = CSV_COLUMNS.map(() => undefined);
      row[column('step')] = 0;
      row[column('credential')] = held;
      row[column('obtained')] = 'held';
      row[column('transfer')] = transfers(held);
      rows.push(row);
    }
  const cap = capUse(plan);
  for (const x of plan.priorLearning?.exemptions ?? [])
    rows.push([
      0,
      x.credential,
      x.title,
      round(x.credits),
      round(x.cost),
      undefined,
      x.provider,
      application(x),
      undefined,
      'exemption',
      evidenceOf(plan, x),
      policyOf(x),
      cap.used,
      cap.left,
      undefined,
    ]);
  for (const step of plan.steps) {
    const milestones = step.milestones.map((m) => m.title).join('; ');
    for (const c of step.take)
      rows.push([
        step.step,
        c.credential,
        c.title,
        round(c.credits),
        c.cost === undefined ? undefined : round(c.cost),
        c.hours === undefined ? undefined : round(c.hours),
        c.provider,
        c.reasons.join('; '),
        milestones,
        'study',
        undefined,
        undefined,
        undefined,
        undefined,
        transfers(c.credential),
      ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Markdown table cell: pipes escaped, line breaks flattened. */
const cell = (value: string | number | undefined) =>
  value === undefined ? '' : String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The plan as a Markdown document: status, steps as a table, totals, alternatives. */
export function planToMarkdown(plan: Plan): string {
  const out: string[] = [`# Plan: ${cell(plan.title)}`, ''];
  out.push(`As of ${plan.asOf}; minimising ${plan.objective.join(', then ')}.`, '');
  if (plan.holdings.dropped.length) {
    out.push('**Not counted:**', '');
    for (const d of plan.holdings.dropped) out.push(`- ${cell(d.detail)}`);
    out.push('');
  }
  if (plan.alreadyEarned.length)
    out.push(
      `Already earned by stacking: ${plan.alreadyEarned.map((m) => cell(m.title)).join(', ')}.`,
      '',
    );
  if (plan.transfers?.length) {
    out.push('**Counted by transfer:**', '');
    for (const t of plan.transfers) out.push(`- ${cell(transferLine(t))}`);
    out.push('');
  }
  out.push(...priorLearningLines(plan));
  if (plan.status === 'achieved') {
    out.push(...plan.explanation.map(cell), '');
    return out.join('\n');
  }
  if (plan.status === 'infeasible') {
    out.push(`**${cell(plan.title)} cannot be reached.**`, '');
    const walk = (i: NonNullable<Plan['infeasibility']>, depth: number) => {
      out.push(`${'  '.repeat(depth)}- ${cell(i.detail)} (${i.reason})`);
      for (const c of i.causes) walk(c, depth + 1);
    };
    if (plan.infeasibility) walk(plan.infeasibility, 0);
    out.push('');
    return out.join('\n');
  }
  out.push(
    '| Step | Credential | Title | Credits | Cost | Provider | Fills | Milestones after the step |',
  );
  out.push('| ---: | --- | --- | ---: | ---: | --- | --- | --- |');
  for (const step of plan.steps)
    step.take.forEach((c, i) => {
      out.push(
        `| ${step.step} | \`${cell(c.credential)}\` | ${cell(c.title)} | ${round(c.credits)} | ${c.cost === undefined ? '' : round(c.cost)} | ${cell(c.provider)} | ${cell(c.reasons.join('; '))} | ${i === step.take.length - 1 ? cell(step.milestones.map((m) => m.title).join(', ')) : ''} |`,
      );
    });
  const t = plan.totals;
  out.push(
    '',
    `**Total:** ${round(t.credits)} ECTS, ${t.count} credential${t.count === 1 ? '' : 's'}, ${round(t.cost)} EUR, ${round(t.hours)} hours; ` +
      (plan.optimality === 'optimal'
        ? 'proven optimal.'
        : `feasible, the optimum is at least ${round(plan.lowerBound)}.`),
  );
  if (plan.terms)
    out.push(
      '',
      `**Terms:** ${plan.terms.count} of at most ${round(plan.terms.maxCreditsPerTerm)} credits; ` +
        (plan.terms.minimal
          ? 'proven the fewest.'
          : `these credentials need at least ${plan.terms.lowerBound}.`),
    );
  if (plan.calendar) {
    const c = plan.calendar;
    out.push(
      '',
      c.status === 'undated'
        ? `**Calendar:** cannot be dated from ${c.start}: ${c.unschedulable.map((u) => `\`${cell(u.credential)}\` (${cell(u.reason)})`).join('; ')}.`
        : `**Calendar:** from ${c.start}, finish on ${c.completion}; ` +
            (c.proven
              ? 'proven the earliest for these credentials.'
              : `no schedule of these credentials finishes before ${c.earliestPossible}.`),
    );
    if (c.status === 'dated') {
      out.push('', '| Start | End | Credential |', '| --- | --- | --- |');
      for (const d of c.credentials)
        out.push(`| ${d.start} | ${d.end} | \`${cell(d.credential)}\` |`);
    }
  }
  if (plan.creditsMissing)
    out.push(
      '',
      `**Credits missing:** ${plan.creditsMissing} of the credentials considered have no credits (0); equal credits are compared by count, then cost.`,
    );
  if (plan.alternatives.length) {
    out.push('', '## Alternatives', '');
    plan.alternatives.forEach((a, i) =>
      out.push(
        `${i + 1}. ${a.credentials.map((c) => `\`${cell(c)}\``).join(', ')} ${outlineTotals(a)}`,
      ),
    );
  }
  out.push('');
  return out.join('\n');
}

/**
 * The plan's prior learning in Markdown: the records not counted, the credentials granted by
 * exemption (a table: evidence, policy, fee, weeks) and the awarding provider's caps.
 */
function priorLearningLines(plan: Plan): string[] {
  const prior = plan.priorLearning;
  if (!prior) return [];
  const out: string[] = [];
  if (prior.dropped.length) {
    out.push('**Prior learning not counted:**', '');
    for (const d of prior.dropped) out.push(`- ${cell(d.detail)}`);
    out.push('');
  }
  if (prior.exemptions.length) {
    out.push(
      '**Granted by exemption (recognition of prior learning):**',
      '',
      '| Credential | Title | Credits | Fee | Weeks | Evidence | Policy |',
      '| --- | --- | ---: | ---: | ---: | --- | --- |',
    );
    for (const x of prior.exemptions)
      out.push(
        `| \`${cell(x.credential)}\` | ${cell(x.title)} | ${round(x.credits)} | ${round(x.cost)} | ${x.weeks}${x.decidedOn ? ` (decided by ${x.decidedOn})` : ''} | ${cell(evidenceOf(plan, x))} | ${cell(policyOf(x))} |`,
      );
    out.push('');
  }
  const cap = prior.cap;
  if (cap && prior.exemptions.length) {
    const parts: string[] = [];
    const use = capUse(plan);
    if (use.used !== undefined)
      parts.push(
        `recognition fills ${use.used} of at most ${round(cap.maxCredits!)} credits (${use.left} left)`,
      );
    if (cap.minCreditsWithProvider !== undefined)
      parts.push(
        `${round(cap.creditsWithProvider)} credits taken with \`${cell(cap.provider)}\` (at least ${round(cap.minCreditsWithProvider)})`,
      );
    out.push(
      `**Cap** (\`${cell(cap.provider)}\`'s policy${cap.policySource ? `, ${cell(cap.policySource)}` : ''}): ${parts.length ? parts.join('; ') : 'none'}.`,
      '',
    );
  }
  return out;
}

/** A plan in any of PLAN_FORMATS. */
export function renderPlan(plan: Plan, format: PlanFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(plan, null, 2)}\n`;
    case 'csv':
      return planToCsv(plan);
    case 'markdown':
      return planToMarkdown(plan);
    case 'text':
      return `${formatPlan(plan)}\n`;
  }
}
