/** The audit: the target's rule tree as progress, with what each holding was used for. */
import type { Audit, AuditNode } from './api';

const STATUS = { complete: 'done', partial: 'partial', missing: 'missing' } as const;

function Node({ node, titleOf }: { node: AuditNode; titleOf: (id: string) => string }) {
  const name = node.label ?? node.designation ?? `${node.op.replace('_', ' ').toLowerCase()} rule`;
  return (
    <li class={`rule ${node.status}`}>
      <div class="rule-head">
        <span class={`status ${node.status}`}>{STATUS[node.status]}</span> <strong>{name}</strong>{' '}
        <span>
          {node.done} of {node.needed} {node.unit}
        </span>{' '}
        <progress
          max={1}
          value={node.progress}
          aria-label={`${name}: ${node.done} of ${node.needed} ${node.unit}`}
        />
      </div>
      {node.applied.length > 0 && (
        <ul class="applied">
          {node.applied.map((a) => (
            <li key={`${a.item}-${a.accepts}`}>
              Used: {titleOf(a.item)}
              {a.item !== a.accepts ? ` (counted as ${titleOf(a.accepts)})` : ''}, {a.credits}{' '}
              credits
            </li>
          ))}
        </ul>
      )}
      {node.status !== 'complete' && node.remaining.length > 0 && node.children.length === 0 && (
        <p class="remaining">Still open: {node.remaining.map((r) => r.title).join(', ')}</p>
      )}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Node key={c.id} node={c} titleOf={titleOf} />
          ))}
        </ul>
      )}
      {node.subAudits.map((sub) => (
        <div key={sub.credential} class="sub-audit">
          <p>
            <strong>{sub.title}</strong>
            {sub.achieved ? ' (held)' : ', still to earn:'}
          </p>
          {sub.rule && (
            <ul>
              <Node node={sub.rule} titleOf={titleOf} />
            </ul>
          )}
        </div>
      ))}
    </li>
  );
}

export function AuditView({ audit, titleOf }: { audit: Audit; titleOf: (id: string) => string }) {
  return (
    <section aria-labelledby="audit-h" class="panel audit">
      <h2 id="audit-h">Audit: {audit.title}</h2>
      <p>
        {audit.achieved ? 'Already achieved.' : `${Math.round(audit.percent)}% of the way.`}{' '}
        {audit.unused.length > 0 && `Not counted: ${audit.unused.map(titleOf).join(', ')}.`}
      </p>
      {audit.holdings.dropped.length > 0 && (
        <ul aria-label="Holdings not counted">
          {audit.holdings.dropped.map((d) => (
            <li key={d.holding.credential}>{d.detail}</li>
          ))}
        </ul>
      )}
      <ul class="tree">
        <Node node={audit.goal} titleOf={titleOf} />
      </ul>
    </section>
  );
}
