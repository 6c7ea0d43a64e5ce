/**
 * The adviser's page: who (a stored learner or holdings typed in), what to aim at, the audit,
 * the plan as a picture with its alternatives, constraints that re-plan on change, exports.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  api,
  apiKey,
  call,
  itemsOf,
  searchCredentials,
  searchQuery,
  type Audit,
  type CallResult,
  type CredentialDetail,
  type Failure,
  type Plan,
  type PlanRequest,
} from './api';
import { diffPlans, planCredentials, type PlanDiff } from './diff';
import type { CredentialFacts } from './graph';
import {
  constraintsOf,
  decodeState,
  encodeState,
  learnerOf,
  targetOf,
  timingOf,
  type HoldingInput,
  type PageState,
  type PriorInput,
} from './state';
import { PlanPriorLearning, PriorLearningPanel, type StoredPrior } from './priorLearning';
import { AuditView } from './auditView';
import { FailureBox } from './failureBox';
import { DesignerView } from './designer';
import {
  decodeDesign,
  encodeDesign,
  journeyOf,
  type DesignState,
  type Journey,
} from './designState';
import { ConstraintsForm } from './constraintsForm';
import { SearchList } from './searchList';
import { Alternatives, PlanView } from './planView';

/** A stored learner's holding as shown (its title once the catalogue has been asked). */
interface StoredHolding {
  credential: string;
  awardedOn: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export function App() {
  const [state, setState] = useState<PageState>(() => decodeState(location.search));
  const [journey, setJourney] = useState<Journey>(() => journeyOf(location.search));
  const [design, setDesign] = useState<DesignState>(() => decodeDesign(location.search));
  const [key, setKey] = useState(apiKey.get());
  const [holdings, setHoldings] = useState<HoldingInput[]>([]);
  const [storedHoldings, setStoredHoldings] = useState<StoredHolding[] | undefined>();
  const [prior, setPrior] = useState<PriorInput[]>([]);
  const [storedPrior, setStoredPrior] = useState<StoredPrior[] | undefined>();
  const [targetTitles, setTargetTitles] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | undefined>();
  const [audit, setAudit] = useState<Audit | undefined>();
  const [plan, setPlan] = useState<Plan | undefined>();
  const [change, setChange] = useState<PlanDiff | undefined>();
  const [facts, setFacts] = useState<Map<string, CredentialDetail>>(new Map());
  const [busy, setBusy] = useState(false);
  const planned = useRef(false);

  // The shareable part of the state lives in the URL (never holdings, never the key); the
  // designer's view adds its own parameters to the adviser's.
  useEffect(() => {
    const query = new URLSearchParams(encodeState(state));
    if (journey === 'designer') for (const [k, v] of encodeDesign(design)) query.append(k, v);
    const text = query.toString();
    history.replaceState(null, '', text ? `?${text}` : location.pathname);
  }, [state, journey, design]);

  // For the page benchmark (bench/page.bench.ts): the page is interactive once first rendered.
  useEffect(() => {
    performance.mark('pathways:interactive');
  }, []);

  const request = (): PlanRequest | undefined => {
    const target = targetOf(state);
    if (!target) return undefined;
    return {
      ...learnerOf(state, holdings, prior),
      target,
      ...timingOf(state),
      constraints: constraintsOf(state.constraints),
    };
  };

  async function run() {
    const body = request();
    if (!body) {
      setFailure({ status: 0, title: 'No target', detail: 'Choose a target first.' });
      return;
    }
    setBusy(true);
    setFailure(undefined);
    const { objective: _o, constraints: _c, alternatives: _a, calendar: _cal, ...auditBody } = body;
    const [a, p] = await Promise.all([
      call(() => api.POST('/v1/audits', { body: auditBody })),
      call(() => api.POST('/v1/plans', { body })),
    ]);
    performance.mark('pathways:plan-answer');
    setBusy(false);
    if (!a.ok || !p.ok) {
      setFailure(!a.ok ? a.failure : !p.ok ? p.failure : undefined);
      setAudit(undefined);
      setPlan(undefined);
      return;
    }
    const next = p.data;
    if (typeof next === 'string') {
      setFailure({ status: 0, title: 'Unexpected answer', detail: 'The plan was not JSON.' });
      return;
    }
    setAudit(a.data);
    const previous = plan;
    setChange(
      previous && planned.current
        ? diffPlans(
            { credentials: planCredentials(previous), totals: previous.totals },
            { credentials: planCredentials(next), totals: next.totals },
          )
        : undefined,
    );
    setPlan(next);
    planned.current = true;
    await loadFacts(next, a.data);
  }

  /** Titles, language, mode, entry rules and stacking of every credential shown. */
  async function loadFacts(p: Plan, a: Audit) {
    const ids = new Set([
      ...a.holdings.valid.map((h) => h.credential),
      ...planCredentials(p),
      ...p.alternatives.flatMap((a) => a.credentials),
      ...p.steps.flatMap((s) => s.milestones.map((m) => m.credential)),
      ...(p.priorLearning?.exemptions.map((x) => x.credential) ?? []),
    ]);
    const missing = [...ids].filter((id) => !facts.has(id));
    const got = await Promise.all(
      missing.map((id) =>
        call(() => api.GET('/v1/credentials/{id}', { params: { path: { id } } })),
      ),
    );
    const next = new Map(facts);
    for (const r of got) if (r.ok) next.set(r.data.id, r.data);
    setFacts(next);
  }

  // A change of constraints, objective or alternatives re-plans once a plan is shown.
  const constraintsKey = JSON.stringify([
    state.constraints,
    state.calendar,
    state.objective,
    state.alternatives,
    state.countUnverified,
  ]);
  useEffect(() => {
    if (planned.current) void run();
  }, [constraintsKey]);

  // A shared link with a target plans at once (when it opens the adviser's view).
  useEffect(() => {
    if (state.targets.length > 0 && journey === 'adviser') void run();
  }, []);

  async function exportAs(format: 'markdown' | 'csv') {
    const body = request();
    if (!body) return;
    const accept = format === 'csv' ? 'text/csv' : 'text/markdown';
    try {
      const { data, response } = await api.POST('/v1/plans', {
        body,
        headers: { Accept: accept },
        parseAs: 'text',
      });
      if (!response.ok || typeof data !== 'string') {
        setFailure(failureOf(response));
        return;
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([data], { type: accept }));
      link.download = `plan.${format === 'csv' ? 'csv' : 'md'}`;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked later: the download reads the blob after the click returns.
      setTimeout(() => {
        URL.revokeObjectURL(link.href);
      }, 10_000);
    } catch {
      setFailure(failureOf(undefined));
    }
  }

  const factsForGraph = new Map<string, CredentialFacts>(
    [...facts].map(([id, d]) => [
      id,
      {
        language: d.language,
        mode: d.mode,
        entryRule: d.entryRule,
        corequisites: d.corequisites,
        stacksInto: d.stacksInto,
      },
    ]),
  );
  // A credential's title, or a learning outcome's statement (prior learning counts outcomes).
  const titleOf = (id: string) =>
    facts.get(id)?.title ??
    plan?.steps.flatMap((s) => s.take).find((t) => t.credential === id)?.title ??
    prior.find((r) => r.outcome === id)?.statement ??
    [...facts.values()].flatMap((f) => f.outcomes).find((o) => o.id === id)?.statement ??
    id;

  return (
    <>
      <header>
        <h1>
          {journey === 'adviser' ? 'Pathways for advisers' : 'Pathways for programme designers'}
        </h1>
        <nav aria-label="Journeys" class="journeys">
          <button
            type="button"
            aria-pressed={journey === 'adviser'}
            onClick={() => {
              setJourney('adviser');
            }}
          >
            Adviser: plan a learner's pathway
          </button>{' '}
          <button
            type="button"
            aria-pressed={journey === 'designer'}
            onClick={() => {
              setJourney('designer');
            }}
          >
            Programme designer: analyse the catalogue
          </button>
        </nav>
        <label>
          API key{' '}
          <input
            type="password"
            autocomplete="off"
            value={key}
            placeholder="pw_…"
            onChange={(e) => {
              const v = e.currentTarget.value;
              apiKey.set(v);
              setKey(v);
            }}
          />
        </label>
        <small>Kept in this browser tab only; never put in the page address.</small>
      </header>
      {journey === 'designer' ? (
        <main>
          <DesignerView design={design} setDesign={setDesign} />
        </main>
      ) : (
        <main>
          <section aria-labelledby="who-h" class="panel">
            <h2 id="who-h">1. Learner</h2>
            <LearnerPanel
              state={state}
              setState={setState}
              holdings={holdings}
              setHoldings={setHoldings}
              stored={storedHoldings}
              setStored={(h, p) => {
                setStoredHoldings(h);
                setStoredPrior(p);
              }}
              titleOf={titleOf}
              setFailure={setFailure}
            />
            <PriorLearningPanel
              state={state}
              setState={setState}
              prior={prior}
              setPrior={setPrior}
              stored={storedPrior}
              today={today()}
              setFailure={setFailure}
            />
          </section>
          <section aria-labelledby="target-h" class="panel">
            <h2 id="target-h">2. Target</h2>
            <TargetPanel
              state={state}
              setState={setState}
              titles={targetTitles}
              setTitles={setTargetTitles}
              setFailure={setFailure}
            />
          </section>
          <section aria-labelledby="constraints-h" class="panel">
            <h2 id="constraints-h">3. Constraints</h2>
            <ConstraintsForm state={state} setState={setState} />
            <p>
              <button type="button" class="primary" onClick={() => void run()} disabled={busy}>
                Audit and plan
              </button>{' '}
              <span aria-live="polite">{busy ? 'Planning…' : ''}</span>
            </p>
          </section>
          {failure && <FailureBox failure={failure} />}
          {audit && <AuditView audit={audit} titleOf={titleOf} />}
          {plan && (
            <>
              <PlanView
                plan={plan}
                facts={factsForGraph}
                change={change}
                titleOf={titleOf}
                perTerm={state.constraints.maxCreditsPerTerm !== undefined}
              />
              {plan.priorLearning && (
                <PlanPriorLearning prior={plan.priorLearning} titleOf={titleOf} />
              )}
              <Alternatives plan={plan} titleOf={titleOf} />
              <section aria-labelledby="export-h" class="panel no-print">
                <h2 id="export-h">Export</h2>
                <button type="button" onClick={() => void exportAs('markdown')}>
                  Markdown
                </button>{' '}
                <button type="button" onClick={() => void exportAs('csv')}>
                  CSV
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    print();
                  }}
                >
                  Print
                </button>
              </section>
            </>
          )}
        </main>
      )}
    </>
  );
}

function failureOf(response: Response | undefined): Failure {
  return response
    ? { status: response.status, title: 'Export failed', detail: response.statusText }
    : { status: 0, title: 'The API cannot be reached', detail: 'Try again.' };
}

interface LearnerProps {
  state: PageState;
  setState: (s: PageState) => void;
  holdings: HoldingInput[];
  setHoldings: (h: HoldingInput[]) => void;
  stored: StoredHolding[] | undefined;
  setStored: (h: StoredHolding[] | undefined, prior?: StoredPrior[]) => void;
  titleOf: (id: string) => string;
  setFailure: (f: Failure | undefined) => void;
}

function LearnerPanel(p: LearnerProps) {
  const stored = p.state.learner !== undefined;
  const [id, setId] = useState(p.state.learner ?? '');

  async function findLearner(e: Event) {
    e.preventDefault();
    const learner = id.trim();
    if (!learner) return;
    const r = await call(() => api.GET('/v1/learners/{id}', { params: { path: { id: learner } } }));
    if (!r.ok) {
      p.setFailure(r.failure);
      p.setStored(undefined);
      return;
    }
    p.setFailure(undefined);
    p.setStored(
      r.data.holdings.map((h) => ({ credential: h.credential, awardedOn: h.awardedOn })),
      r.data.priorLearning,
    );
    p.setState({ ...p.state, learner });
  }

  return (
    <>
      <fieldset>
        <legend>Whose credentials</legend>
        <label>
          <input
            type="radio"
            name="who"
            checked={stored}
            onChange={() => {
              p.setState({ ...p.state, learner: id.trim() || 'learner' });
            }}
          />{' '}
          A stored learner (needs a key)
        </label>
        <label>
          <input
            type="radio"
            name="who"
            checked={!stored}
            onChange={() => {
              p.setStored(undefined);
              p.setState({ ...p.state, learner: undefined });
            }}
          />{' '}
          Enter holdings here (nothing is stored)
        </label>
      </fieldset>
      {stored ? (
        <form onSubmit={(e) => void findLearner(e)}>
          <label>
            Learner id{' '}
            <input
              name="learner"
              value={id}
              onInput={(e) => {
                setId(e.currentTarget.value);
              }}
              required
            />
          </label>{' '}
          <button type="submit">Find learner</button>
          {p.stored && (
            <ul aria-label="Stored holdings" class="holdings">
              {p.stored.length === 0 && <li>No holdings yet.</li>}
              {p.stored.map((h) => (
                <li key={h.credential}>
                  {p.titleOf(h.credential)} (awarded {h.awardedOn})
                </li>
              ))}
            </ul>
          )}
        </form>
      ) : (
        <>
          <SearchList
            label="Credential title"
            name="credential-search"
            button="Search credentials"
            listLabel="Credentials found"
            search={searchCredentials}
            setFailure={p.setFailure}
            item={(c) => (
              <>
                {c.title} <small>({c.id})</small>{' '}
                <button
                  type="button"
                  aria-label={`Add ${c.title}`}
                  onClick={() => {
                    if (!p.holdings.some((h) => h.credential === c.id))
                      p.setHoldings([
                        ...p.holdings,
                        { credential: c.id, title: c.title, awardedOn: today() },
                      ]);
                  }}
                >
                  Add
                </button>
              </>
            )}
          />
          <CredentialFiles
            add={(added) => {
              const have = new Set(p.holdings.map((h) => h.credential));
              p.setHoldings([...p.holdings, ...added.filter((h) => !have.has(h.credential))]);
            }}
            setFailure={p.setFailure}
          />
          <ul aria-label="Holdings entered" class="holdings">
            {p.holdings.map((h, i) => (
              <li key={h.credential}>
                {h.title}{' '}
                <label>
                  awarded on{' '}
                  <input
                    type="date"
                    value={h.awardedOn}
                    onChange={(e) => {
                      const next = [...p.holdings];
                      next[i] = { ...h, awardedOn: e.currentTarget.value };
                      p.setHoldings(next);
                    }}
                  />
                </label>{' '}
                <button
                  type="button"
                  aria-label={`Remove ${h.title}`}
                  onClick={() => {
                    p.setHoldings(p.holdings.filter((x) => x !== h));
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** What a dropped file gave: the achievements that matched nothing, and unreadable files. */
interface FileOutcome {
  unmatched: string[];
  unreadable: string[];
}

/**
 * Open Badges 3.0 / Europass credential files, chosen or dropped: matched to catalogue
 * credentials by the API (POST /v1/holdings/matches, which stores nothing) and added to the
 * holdings entered; what matched nothing is listed with the API's suggestion.
 */
function CredentialFiles(p: {
  add: (h: HoldingInput[]) => void;
  setFailure: (f: Failure | undefined) => void;
}) {
  const [outcome, setOutcome] = useState<FileOutcome | undefined>();
  const [over, setOver] = useState(false);

  async function read(files: readonly File[]) {
    const credentials: Record<string, unknown>[] = [];
    const unreadable: string[] = [];
    for (const file of files) {
      try {
        const json: unknown = JSON.parse(await file.text());
        const all = Array.isArray(json) ? (json as unknown[]) : [json];
        for (const c of all)
          if (c !== null && typeof c === 'object' && !Array.isArray(c))
            credentials.push(c as Record<string, unknown>);
          else unreadable.push(`${file.name}: not a credential (a JSON object)`);
      } catch {
        unreadable.push(`${file.name}: not JSON`);
      }
    }
    if (credentials.length === 0) {
      setOutcome({ unmatched: [], unreadable });
      return;
    }
    const r = await call(() => api.POST('/v1/holdings/matches', { body: { credentials } }));
    if (!r.ok) {
      p.setFailure(r.failure);
      return;
    }
    p.setFailure(undefined);
    const titles = new Map(r.data.accepted.map((a) => [a.credential, a.name ?? a.credential]));
    p.add(
      r.data.holdings.map((h) => ({
        credential: h.credential,
        title: titles.get(h.credential) ?? h.credential,
        awardedOn: h.awardedOn,
      })),
    );
    setOutcome({
      unmatched: r.data.unmatched.map(
        (u) => `${u.name ?? u.achievement}: ${u.reason}${u.suggestion ? ` (${u.suggestion})` : ''}`,
      ),
      unreadable: [...unreadable, ...r.data.rejected.flatMap((f) => f.errors)],
    });
  }

  return (
    <div
      class={over ? 'drop over' : 'drop'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => {
        setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void read([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      <label>
        Credential files (Open Badges 3.0 or Europass JSON; drop them here or choose){' '}
        <input
          type="file"
          name="credential-files"
          multiple
          accept=".json,.jsonld,application/json,application/ld+json"
          onChange={(e) => {
            void read([...(e.currentTarget.files ?? [])]);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {outcome && (outcome.unmatched.length > 0 || outcome.unreadable.length > 0) && (
        <ul aria-label="Not added from the files" class="unmatched">
          {[...outcome.unmatched, ...outcome.unreadable].map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface TargetProps {
  state: PageState;
  setState: (s: PageState) => void;
  titles: Record<string, string>;
  setTitles: (t: Record<string, string>) => void;
  setFailure: (f: Failure | undefined) => void;
}

function TargetPanel(p: TargetProps) {
  const kind = p.state.targetKind;
  const occupation = kind === 'occupation';
  const many = kind === 'anyOf' || kind === 'allOf';

  /** Occupations or qualifications, each as an id and a title. */
  async function search(text: string): Promise<CallResult<{ id: string; title: string }[]>> {
    if (!occupation)
      return itemsOf(await call(() => api.GET('/v1/qualifications', searchQuery(text))));
    const r = itemsOf(await call(() => api.GET('/v1/occupations', searchQuery(text))));
    return r.ok ? { ok: true, data: r.data.map((o) => ({ id: o.id, title: o.label })) } : r;
  }

  const choose = (t: { id: string; title: string }) => {
    p.setTitles({ ...p.titles, [t.id]: t.title });
    const targets = many
      ? p.state.targets.includes(t.id)
        ? p.state.targets
        : [...p.state.targets, t.id]
      : [t.id];
    p.setState({ ...p.state, targets });
  };

  return (
    <>
      <label>
        Aim at{' '}
        <select
          name="target-kind"
          value={kind}
          onChange={(e) => {
            const next = e.currentTarget.value as PageState['targetKind'];
            const keep = next !== 'occupation' && kind !== 'occupation';
            p.setState({
              ...p.state,
              targetKind: next,
              targets: keep ? p.state.targets.slice(0, next === 'qualification' ? 1 : 20) : [],
            });
          }}
        >
          <option value="qualification">one qualification</option>
          <option value="anyOf">the nearest of several qualifications</option>
          <option value="allOf">all of several qualifications</option>
          <option value="occupation">an ESCO occupation</option>
        </select>
      </label>
      {/* A new kind of target starts a new search (keyed by kind). */}
      <SearchList
        key={kind}
        label={occupation ? 'Occupation label' : 'Qualification title'}
        name="target-search"
        button={occupation ? 'Search occupations' : 'Search qualifications'}
        listLabel="Targets found"
        search={search}
        setFailure={p.setFailure}
        item={(t) => (
          <>
            {t.title} <small>({t.id})</small>{' '}
            <button
              type="button"
              aria-label={`Choose ${t.title}`}
              onClick={() => {
                choose(t);
              }}
            >
              Choose
            </button>
          </>
        )}
      />
      <ul aria-label="Chosen targets" class="holdings">
        {p.state.targets.map((id) => (
          <li key={id}>
            {p.titles[id] ?? id}{' '}
            <button
              type="button"
              aria-label={`Remove target ${p.titles[id] ?? id}`}
              onClick={() => {
                p.setState({ ...p.state, targets: p.state.targets.filter((x) => x !== id) });
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
