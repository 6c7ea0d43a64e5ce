/** The plan as a picture (cards in step columns, laid out in layers) and its alternatives. */
import { useEffect, useMemo } from 'preact/hooks';
import type { Plan } from './api';
import { diffPlans, isUnchanged, planCredentials, signed, type PlanDiff } from './diff';
import { planGraph, type CredentialFacts } from './graph';
import { layOut, type LaidOut } from './layout';
import { PictureFrame, TitleLines } from './picture';

const money = (n: number) => `€${Math.round(n).toLocaleString('en')}`;

/** A YYYY-MM-DD day as people read it ("1 Feb 2027"), the same in every time zone. */
export const day = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

function Picture({
  laid,
  perTerm,
  starts,
}: {
  laid: LaidOut;
  perTerm: boolean;
  /** A dated plan's steps by the day they start. */
  starts: ReadonlyMap<number, string>;
}) {
  const dated = starts.size > 0;
  return (
    <PictureFrame
      laid={laid}
      id="plan"
      class="picture"
      title={`The plan as columns of credentials, one column per ${dated ? 'start day' : perTerm ? 'term' : 'step'}`}
      columnHead={perTerm ? 'Term' : 'Step'}
      columnLabel={(step) => {
        const on = starts.get(step);
        return on === undefined ? undefined : `Starts ${day(on)}`;
      }}
    >
      {laid.nodes.map((n) =>
        n.kind === 'card' && n.card ? (
          <g key={n.id} class="card" transform={`translate(${n.x},${n.y})`}>
            <rect width={n.width} height={n.height} rx={8} />
            <TitleLines text={n.title} width={28} x={10} y={20} class="card-title" />
            <text x={10} y={62} class="card-line">
              {n.card.credits} ECTS
              {n.card.cost !== undefined ? ` · ${money(n.card.cost)}` : ''}
              {n.card.hours !== undefined ? ` · ${n.card.hours} h` : ''}
            </text>
            <text x={10} y={80} class="card-line">
              {n.card.provider ?? 'provider unknown'}
            </text>
            <text x={10} y={98} class="card-line">
              {[n.card.language, n.card.mode].filter(Boolean).join(' · ') || ' '}
            </text>
            {n.card.start !== undefined && n.card.end !== undefined && (
              <text x={10} y={116} class="card-line card-dates">
                {day(n.card.start)} – {day(n.card.end)}
              </text>
            )}
          </g>
        ) : (
          <g key={n.id} class="milestone" transform={`translate(${n.x},${n.y})`}>
            <rect width={n.width} height={n.height} rx={24} />
            <text x={12} y={22} class="milestone-head">
              ★ Award earned
            </text>
            <TitleLines text={n.title} width={30} x={12} y={42} class="card-line" />
          </g>
        ),
      )}
    </PictureFrame>
  );
}

/** "When can I finish?": the completion day of a dated plan, and how sure it is. */
function Completion({ plan, titleOf }: { plan: Plan; titleOf: (id: string) => string }) {
  const c = plan.calendar;
  if (!c) return null;
  if (c.status === 'undated')
    return (
      <div role="alert" class="failure completion">
        <strong>No completion date:</strong>{' '}
        {c.unschedulable.map((u) => `${titleOf(u.credential)}: ${u.reason}`).join('; ')}
      </div>
    );
  if (c.completion === undefined) return null;
  const time = plan.time;
  return (
    <div class="completion" aria-label="When the plan finishes">
      <p>
        <strong>Finishes on {day(c.completion)}</strong> (starting {day(c.start)}
        {c.maxCreditsPerMonth !== undefined
          ? `, at most ${c.maxCreditsPerMonth} credits a month`
          : c.maxCreditsPerTerm !== undefined
            ? `, at most ${c.maxCreditsPerTerm} credits a term`
            : ''}
        ).{' '}
        {c.proven
          ? 'No schedule of these credentials finishes earlier.'
          : c.earliestPossible !== undefined
            ? `No schedule of these credentials finishes before ${day(c.earliestPossible)}.`
            : ''}
      </p>
      {time && time.withoutTime.completion !== undefined && (
        <p>
          {time.decidedBy === undefined
            ? 'The plan chosen without time finishes on the same day.'
            : `Chosen for the earliest finish: the plan chosen on ${plan.objective.filter((o) => o !== 'time').join(', ')} alone would finish on ${day(time.withoutTime.completion)}.`}
        </p>
      )}
      {c.assumed.length > 0 && (
        <p class="note">
          No published offerings, so planned on a default start any month:{' '}
          {c.assumed.map(titleOf).join(', ')}.
        </p>
      )}
    </div>
  );
}

function Change({ change, titleOf }: { change: PlanDiff; titleOf: (id: string) => string }) {
  if (isUnchanged(change)) return <p class="change">The plan did not change.</p>;
  return (
    <div class="change" aria-label="What changed">
      <strong>What changed:</strong>{' '}
      {Object.entries(change.totals).map(([k, v]) => (
        <span key={k} class="delta">
          {k} {signed(v)}{' '}
        </span>
      ))}
      {change.added.length > 0 && <span>now takes {change.added.map(titleOf).join(', ')}; </span>}
      {change.removed.length > 0 && (
        <span>no longer takes {change.removed.map(titleOf).join(', ')}</span>
      )}
    </div>
  );
}

export function PlanView(p: {
  plan: Plan;
  facts: ReadonlyMap<string, CredentialFacts>;
  change: PlanDiff | undefined;
  titleOf: (id: string) => string;
  /** Steps are terms when credits per term are capped. */
  perTerm: boolean;
}) {
  const graph = planGraph(p.plan, p.facts);
  const starts = new Map(
    p.plan.steps.flatMap((s) => (s.starts === undefined ? [] : [[s.step, s.starts] as const])),
  );
  const key = JSON.stringify(graph);
  // Laid out again only when the graph itself changes.
  const laid = useMemo(() => layOut(graph), [key]);
  // For the page benchmark: a picture is drawn once the frame after its commit has run (the
  // timeout fires after that frame's paint).
  useEffect(() => {
    requestAnimationFrame(() => {
      setTimeout(() => {
        performance.mark('pathways:plan-drawn', { detail: laid.nodes.length });
      }, 0);
    });
  }, [laid]);
  const plan = p.plan;
  const perTerm = p.perTerm;
  return (
    <section aria-labelledby="plan-h" class="panel plan">
      <h2 id="plan-h">Plan: {plan.title}</h2>
      {plan.status === 'infeasible' ? (
        <div role="alert" class="failure infeasible">
          <h3>This target cannot be reached</h3>
          {plan.infeasibility && <p>{plan.infeasibility.detail}</p>}
          <ul>
            {plan.explanation.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <p class="totals">
            <span class={`badge ${plan.optimality}`}>
              {plan.optimality === 'optimal' ? 'Proven optimal' : 'Best found (not proven optimal)'}
            </span>{' '}
            {plan.totals.count} credentials · {plan.totals.credits} ECTS · {money(plan.totals.cost)}{' '}
            · {plan.totals.hours} h
          </p>
          <Completion plan={plan} titleOf={p.titleOf} />
          {p.change && <Change change={p.change} titleOf={p.titleOf} />}
          {plan.status === 'achieved' ? (
            <p>The target is already achieved.</p>
          ) : (
            <div class="picture-wrap" tabIndex={0} role="group" aria-label="Plan picture (scrolls)">
              <Picture laid={laid} perTerm={perTerm} starts={starts} />
            </div>
          )}
          <p class="legend">
            <span class="key entry">entry rule</span>{' '}
            <span class="key corequisite">co-requisite</span>{' '}
            <span class="key stacks">stacks into an award</span>
          </p>
          <ol class="explanation">
            {plan.explanation.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

export function Alternatives({ plan, titleOf }: { plan: Plan; titleOf: (id: string) => string }) {
  if (plan.status !== 'planned' || plan.alternatives.length === 0) return null;
  const best = { credentials: planCredentials(plan), totals: plan.totals };
  const columns = [
    { name: 'Best plan', summary: best, diff: undefined as PlanDiff | undefined },
    ...plan.alternatives.map((a, i) => ({
      name: `Alternative ${i + 1}`,
      summary: a,
      diff: diffPlans(best, a),
    })),
  ];
  const rows = ['credits', 'cost', 'hours', 'count'] as const;
  return (
    <section aria-labelledby="alt-h" class="panel alternatives">
      <h2 id="alt-h">Alternatives side by side</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Total</th>
            {columns.map((c) => (
              <th key={c.name} scope="col">
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {columns.map((c) => {
                const delta = c.diff?.totals[r];
                return (
                  <td key={c.name} class={delta !== undefined ? 'differs' : undefined}>
                    {r === 'cost' ? money(c.summary.totals[r]) : c.summary.totals[r]}
                    {delta !== undefined && ` (${signed(delta)})`}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th scope="row">credentials</th>
            {columns.map((c) => (
              <td key={c.name}>
                <ul>
                  {c.summary.credentials.map((id) => {
                    const added = c.diff?.added.includes(id);
                    return (
                      <li key={id} class={added ? 'differs' : undefined}>
                        {added ? <strong>+ {titleOf(id)}</strong> : titleOf(id)}
                      </li>
                    );
                  })}
                  {c.diff?.removed.map((id) => (
                    <li key={`-${id}`} class="differs removed">
                      − <del>{titleOf(id)}</del>
                    </li>
                  ))}
                </ul>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </section>
  );
}
