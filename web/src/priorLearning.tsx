/**
 * Recognition of prior learning on the adviser's page: learning outcomes shown outside any
 * credential, entered against a credential's outcomes (nothing is stored), or a stored
 * learner's records; and, with a plan, what counted, the credentials granted by exemption
 * (each the step "apply for recognition of X") and the awarding provider's caps.
 */
import { useState } from 'preact/hooks';
import { api, call, searchCredentials, type Failure, type Plan } from './api';
import { SearchList } from './searchList';
import type { PageState, PriorInput, PriorMethod } from './state';

const METHODS: readonly { value: PriorMethod; label: string }[] = [
  { value: 'validation', label: 'validation (portfolio, interview)' },
  { value: 'assessment', label: 'assessment (test, practical)' },
  { value: 'self-declared', label: 'self-declared' },
];

/** A stored learner's prior-learning record as shown. */
export interface StoredPrior {
  outcome?: string | undefined;
  skill?: string | undefined;
  method: string;
  validatedOn: string;
  verified: boolean;
}

interface Props {
  state: PageState;
  setState: (s: PageState) => void;
  prior: PriorInput[];
  setPrior: (p: PriorInput[]) => void;
  stored: StoredPrior[] | undefined;
  today: string;
  setFailure: (f: Failure | undefined) => void;
}

export function PriorLearningPanel(p: Props) {
  return (
    <fieldset class="prior">
      <legend>Prior learning (recognition)</legend>
      {p.state.learner !== undefined ? (
        p.stored && (
          <ul aria-label="Stored prior learning" class="holdings">
            {p.stored.length === 0 && <li>No prior learning recorded.</li>}
            {p.stored.map((r, i) => (
              <li key={i}>
                {r.outcome ?? r.skill}: {r.method} on {r.validatedOn}
                {r.verified ? ', verified' : ', not verified'}
              </li>
            ))}
          </ul>
        )
      ) : (
        <PriorLearningEntry {...p} />
      )}
      <label>
        <input
          type="checkbox"
          name="count-unverified"
          checked={p.state.countUnverified}
          onChange={(e) => {
            p.setState({ ...p.state, countUnverified: e.currentTarget.checked });
          }}
        />{' '}
        Count unverified and self-declared prior learning too
      </label>
    </fieldset>
  );
}

/**
 * What the learner has shown they can do, recorded against a credential's learning outcomes:
 * the adviser finds the credential, reads its outcomes, and adds those validated.
 */
function PriorLearningEntry(p: Props) {
  const [shown, setShown] = useState<
    { title: string; outcomes: { id: string; statement: string }[] } | undefined
  >();

  async function show(id: string) {
    const r = await call(() => api.GET('/v1/credentials/{id}', { params: { path: { id } } }));
    if (!r.ok) {
      p.setFailure(r.failure);
      return;
    }
    p.setFailure(undefined);
    setShown({ title: r.data.title, outcomes: r.data.outcomes });
  }

  const add = (outcomes: { id: string; statement: string }[]) => {
    const have = new Set(p.prior.map((r) => r.outcome));
    p.setPrior([
      ...p.prior,
      ...outcomes
        .filter((o) => !have.has(o.id))
        .map((o) => ({
          outcome: o.id,
          statement: o.statement,
          method: 'validation' as const,
          validatedOn: p.today,
          verified: true,
        })),
    ]);
  };

  const edit = (i: number, patch: Partial<PriorInput>) => {
    const next = [...p.prior];
    next[i] = { ...p.prior[i]!, ...patch };
    p.setPrior(next);
  };

  return (
    <>
      <SearchList
        label="Outcomes of the credential"
        name="prior-search"
        button="Search outcomes"
        listLabel="Credentials to validate against"
        search={searchCredentials}
        setFailure={p.setFailure}
        item={(c) => (
          <>
            {c.title}{' '}
            <button
              type="button"
              aria-label={`Outcomes of ${c.title}`}
              onClick={() => void show(c.id)}
            >
              Outcomes
            </button>
          </>
        )}
      />
      {shown && (
        <div aria-label={`Learning outcomes of ${shown.title}`} role="group">
          <p>
            <strong>{shown.title}</strong>{' '}
            <button
              type="button"
              onClick={() => {
                add(shown.outcomes);
              }}
            >
              Add all {shown.outcomes.length} outcomes
            </button>
          </p>
          <ul class="found">
            {shown.outcomes.map((o) => (
              <li key={o.id}>
                {o.statement}{' '}
                <button
                  type="button"
                  aria-label={`Add prior learning: ${o.statement}`}
                  onClick={() => {
                    add([o]);
                  }}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ul aria-label="Prior learning entered" class="holdings">
        {p.prior.map((r, i) => (
          <li key={r.outcome}>
            {r.statement}{' '}
            <label>
              method{' '}
              <select
                value={r.method}
                onChange={(e) => {
                  edit(i, { method: e.currentTarget.value as PriorMethod });
                }}
              >
                {METHODS.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              on{' '}
              <input
                type="date"
                value={r.validatedOn}
                onChange={(e) => {
                  edit(i, { validatedOn: e.currentTarget.value });
                }}
              />
            </label>{' '}
            <label>
              <input
                type="checkbox"
                checked={r.verified}
                onChange={(e) => {
                  edit(i, { verified: e.currentTarget.checked });
                }}
              />{' '}
              verified
            </label>{' '}
            <label>
              evidence{' '}
              <input
                value={r.evidence ?? ''}
                placeholder="reference, not the file"
                onInput={(e) => {
                  edit(i, { evidence: e.currentTarget.value || undefined });
                }}
              />
            </label>{' '}
            <button
              type="button"
              aria-label={`Remove prior learning: ${r.statement}`}
              onClick={() => {
                p.setPrior(p.prior.filter((x) => x !== r));
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

type PlanPriorLearning = NonNullable<Plan['priorLearning']>;

/** With a plan: what prior learning counted, the exemptions planned and the caps. */
export function PlanPriorLearning({
  prior,
  titleOf,
}: {
  prior: PlanPriorLearning;
  titleOf: (id: string) => string;
}) {
  const cap = prior.cap;
  return (
    <section aria-label="Recognition of prior learning" class="panel prior-plan">
      <h3>Recognition of prior learning</h3>
      {prior.exemptions.length > 0 ? (
        <ol aria-label="Exemptions">
          {prior.exemptions.map((x) => (
            <li key={x.credential}>
              <strong>Apply for recognition of {x.title}</strong> ({x.credits} credits, not
              studied): fee {x.cost} EUR, decided in {x.weeks} weeks
              {x.decidedOn !== undefined ? ` (by ${x.decidedOn})` : ''}; relies on record
              {x.evidence.length === 1 ? '' : 's'} {x.evidence.map((n) => `#${n + 1}`).join(', ')}
              {x.policySource !== undefined ? `; policy: ${x.policySource}` : ''}.
            </li>
          ))}
        </ol>
      ) : (
        <p>No credential is granted by exemption in this plan.</p>
      )}
      {cap && (
        <p aria-label="Recognition cap">
          {titleOf(cap.qualification)}:{' '}
          {cap.maxCredits !== undefined
            ? `exemption and transfer may fill at most ${cap.maxCredits} credits; this plan uses ${cap.transferCredits + cap.exemptedCredits} (${cap.exemptedCredits} by exemption, ${cap.transferCredits} by transfer), ${cap.left ?? 0} left.`
            : `${cap.exemptedCredits} credits by exemption, ${cap.transferCredits} by transfer, no share cap.`}
          {cap.minCreditsWithProvider !== undefined &&
            ` At least ${cap.minCreditsWithProvider} credits must be taken with ${titleOf(cap.provider)}: this plan takes ${cap.creditsWithProvider}.`}
          {cap.shareBinds && ' The cap kept a further exemption out.'}
        </p>
      )}
      {prior.counted.length > 0 && (
        <ul aria-label="Prior learning counted">
          {prior.counted.map((r) => (
            <li key={r.index}>
              #{r.index + 1} {titleOf(r.outcome ?? r.skill ?? '')}: {r.method} on {r.validatedOn}
              {r.evidence !== undefined ? ` (evidence ${r.evidence})` : ''}
            </li>
          ))}
        </ul>
      )}
      {prior.dropped.length > 0 && (
        <ul aria-label="Prior learning not counted">
          {prior.dropped.map((d) => (
            <li key={d.index}>
              #{d.index + 1}: {d.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
