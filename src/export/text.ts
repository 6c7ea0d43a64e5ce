import type { Audit, AuditNode } from '../engine/audit.js';
import { conversionText, type TransferCredit } from '../engine/items.js';
import type { Plan, PlanOutline } from '../engine/planner/index.js';

const round = (n: number) => Math.round(n * 100) / 100;

/** An alternative's credits and cost, and whether it is proven the next best (text and Markdown). */
export const outlineTotals = (a: PlanOutline): string =>
  `(${round(a.totals.credits)} ECTS, ${round(a.totals.cost)} EUR${a.optimality === 'optimal' ? '' : '; not proven the next best'})`;

/**
 * A transfer credit in words: "X: 6 ECTS (3 US semester credit hours at 2) towards rule
 * 'electives' of Q by transfer, under <agreement>" (text and Markdown).
 */
export function transferLine(t: TransferCredit): string {
  return `${t.held}: ${round(t.credits)} ECTS${conversionText(t.converted)} towards rule '${t.rule}' of ${t.qualification} by transfer${t.source ? `, under ${t.source}` : ''}`;
}

/** An audit as an adviser reads it: what counts, what is left, what was dropped and why. */
export function formatAudit(audit: Audit): string {
  const lines: string[] = [];
  lines.push(
    `${audit.title}: ${audit.achieved ? 'achieved' : `${audit.percent}% done`} (as of ${audit.asOf})`,
  );
  for (const d of audit.holdings.dropped) lines.push(`  ! not counted: ${d.detail}`);
  for (const r of audit.recognitions)
    lines.push(`  ~ ${r.held} counts as ${r.countsAs} (${r.credits} credits, recognition)`);
  const prior = audit.priorLearning;
  for (const c of prior?.counted ?? [])
    lines.push(
      `  ~ prior learning: ${c.outcome ?? c.skill} (${c.method}, ${c.validatedOn}${c.verified ? ', verified' : ''}) counts as ${c.outcomes.join(', ')}`,
    );
  for (const d of prior?.dropped ?? []) lines.push(`  ! prior learning not counted: ${d.detail}`);
  if (prior?.exemptable.length)
    lines.push(
      `  Could be granted by exemption: ${prior.exemptable.join(', ')} (a plan weighs them)`,
    );
  for (const t of audit.transfers)
    lines.push(`  ~ ${transferLine(t)}${t.counted ? '' : ' (not counted)'}`);
  for (const u of audit.unconverted)
    lines.push(
      `  ! ${u.credential}${u.towards ? ` (transfer towards ${u.towards})` : ''}: ${u.amount} ${u.creditSystem} have no declared conversion into ECTS, counted 0`,
    );
  if (audit.milestones.length)
    lines.push(
      `  Already earned by stacking: ${audit.milestones.map((m) => m.credential).join(', ')}`,
    );
  const walk = (node: AuditNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const mark = node.status === 'complete' ? '[x]' : node.status === 'partial' ? '[~]' : '[ ]';
    const amount =
      node.unit === 'credits'
        ? `${round(node.done)}/${node.needed} credits`
        : `${node.done}/${node.needed}`;
    lines.push(`${pad}${mark} ${node.label ?? node.op} (${node.op}, ${amount})`);
    for (const a of node.applied)
      lines.push(
        `${pad}    + ${a.item}${a.via === 'transfer' ? ` by transfer (${round(a.credits)} credits)` : a.accepts !== a.item ? ` as ${a.accepts}` : ''}`,
      );
    if (node.status !== 'complete')
      for (const r of node.remaining)
        lines.push(
          `${pad}    - ${r.title}${r.credits !== undefined ? ` (${r.credits} ECTS)` : ''} [${r.id}]`,
        );
    for (const c of node.children) walk(c, depth + 1);
    for (const s of node.subAudits) if (s.rule) walk(s.rule, depth + 1);
  };
  walk(audit.goal, 1);
  if (audit.unused.length) lines.push(`  Unused holdings: ${audit.unused.join(', ')}`);
  return lines.join('\n');
}

/** A plan as steps with reasons, totals and its optimality. */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const d of plan.holdings.dropped) lines.push(`! not counted: ${d.detail}`);
  if (plan.alreadyEarned.length)
    lines.push(`Already earned by stacking: ${plan.alreadyEarned.map((m) => m.title).join(', ')}`);
  if (plan.status === 'achieved') {
    lines.push(plan.explanation.join('\n'));
    return lines.join('\n');
  }
  if (plan.status === 'infeasible') {
    lines.push(`${plan.title} cannot be reached.`);
    // The top detail already reads down the first chain of causes; list the root causes once.
    const roots: NonNullable<Plan['infeasibility']>[] = [];
    const walk = (i: NonNullable<Plan['infeasibility']>) => {
      if (i.causes.length > 0) for (const c of i.causes) walk(c);
      else if (!roots.some((r) => r.detail === i.detail)) roots.push(i);
    };
    if (plan.infeasibility) {
      lines.push(`  ${plan.infeasibility.detail}`);
      walk(plan.infeasibility);
      if (roots.length > 1) for (const r of roots) lines.push(`  - ${r.detail} [${r.reason}]`);
    }
    return lines.join('\n');
  }
  lines.push(`Plan to ${plan.title} (minimising ${plan.objective.join(', then ')}):`);
  lines.push(...plan.explanation.map((e) => `  ${e}`));
  if (plan.transfers?.length) {
    lines.push('Counted by transfer:');
    for (const t of plan.transfers) lines.push(`  ~ ${transferLine(t)}`);
  }
  const t = plan.totals;
  lines.push(
    `Total: ${round(t.credits)} ECTS, ${t.count} credential${t.count === 1 ? '' : 's'}, ${round(t.cost)} EUR, ${round(t.hours)} hours; ` +
      (plan.optimality === 'optimal'
        ? 'proven optimal.'
        : `feasible, optimum at least ${round(plan.lowerBound)}.`),
  );
  plan.alternatives.forEach((a, i) =>
    lines.push(`Alternative ${i + 1}: ${a.credentials.join(', ')} ${outlineTotals(a)}`),
  );
  if (plan.calendar) lines.push(...calendarLines(plan));
  return lines.join('\n');
}

/** A dated plan as a timetable: each credential's first and last day, then the completion. */
function calendarLines(plan: Plan): string[] {
  const c = plan.calendar!;
  const load =
    c.maxCreditsPerMonth !== undefined
      ? `at most ${round(c.maxCreditsPerMonth)} credits a month at once`
      : c.maxCreditsPerTerm !== undefined
        ? `at most ${round(c.maxCreditsPerTerm)} credits started a six-month term`
        : 'no study-load limit';
  const lines = [`Calendar from ${c.start} (${load}):`];
  if (c.status === 'undated') {
    for (const u of c.unschedulable) lines.push(`  ! ${u.credential}: ${u.reason}`);
    return lines;
  }
  const titles = new Map(plan.steps.flatMap((s) => s.take.map((t) => [t.credential, t.title])));
  for (const d of c.credentials)
    lines.push(
      `  ${d.start} to ${d.end}  ${titles.get(d.credential) ?? d.credential} [${d.credential}]${d.offering === undefined ? ' (no offerings: default assumed)' : ''}`,
    );
  for (const e of c.earned) lines.push(`  ${e.on}  earned: ${e.credential}`);
  lines.push(
    c.proven
      ? `  Finish: ${c.completion}, proven the earliest for these credentials.`
      : `  Finish: ${c.completion}; no schedule of these credentials finishes before ${c.earliestPossible}.`,
  );
  return lines;
}
