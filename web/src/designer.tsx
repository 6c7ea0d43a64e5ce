/**
 * The programme designer's journey: the catalogue's stackability (a heat map of shared
 * modules, the share micro-credentials can fill, orphans), overlap across providers,
 * coverage of an ESCO occupation, a qualification's curricular complexity drawn as its
 * curriculum graph, and quality against the European standard. Everything comes from the
 * public /v1/analytics routes (role `read`); the view and its filters live in the URL.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  api,
  call,
  itemsOf,
  searchQuery,
  type CallResult,
  type CoverageReport,
  type CurricularComplexity,
  type Failure,
  type OverlapReport,
  type Provider,
  type QualityReport,
  type StackabilityReport,
  type WhatIfPlanFigures,
  type WhatIfReport,
} from './api';
import {
  COURSE,
  curriculumGraph,
  courseId,
  METRIC_NAMES,
  metricMax,
  type CourseLike,
} from './curriculum';
import { ANALYSES, METRICS, type Analysis, type DesignState, type Metric } from './designState';
import { FailureBox } from './failureBox';
import { heatLegend, heatLevel, sharedMatrix } from './heatmap';
import { layOut } from './layout';
import { PictureFrame, TitleLines } from './picture';
import { DataTable } from './dataTable';
import { SearchList } from './searchList';

const ANALYSIS_NAMES: Record<Analysis, string> = {
  stackability: 'Stackability',
  overlap: 'Overlap',
  coverage: 'Coverage',
  complexity: 'Complexity',
  quality: 'Quality',
  whatIf: 'What if',
};

const percent = (share: number | null) =>
  share === null ? 'n/a' : `${Math.round(share * 1000) / 10}%`;

/** An answer being fetched, arrived, or failed; a newer request makes older answers moot. */
type Loaded<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'failed'; failure: Failure };

function useReport<T>(
  key: string | undefined,
  fetch: () => Promise<CallResult<T>>,
): Loaded<Exclude<T, string>> {
  const [loaded, setLoaded] = useState<Loaded<Exclude<T, string>>>({ state: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    if (key === undefined) {
      setLoaded({ state: 'idle' });
      return;
    }
    const mine = ++latest.current;
    setLoaded({ state: 'loading' });
    void fetch().then((r) => {
      if (mine !== latest.current) return;
      if (!r.ok) setLoaded({ state: 'failed', failure: r.failure });
      // The reports also come as CSV or Markdown; the page asks for JSON, so text is a fault.
      else if (typeof r.data === 'string')
        setLoaded({
          state: 'failed',
          failure: { status: 0, title: 'Unexpected answer', detail: 'The report was not JSON.' },
        });
      else setLoaded({ state: 'ok', data: r.data as Exclude<T, string> });
    });
  }, [key]);
  return loaded;
}

/** Credential titles by id, asked of the catalogue once each and kept for the page's life. */
const titleCache = new Map<string, string>();
/** Title lookups in flight at once. */
const TITLE_LOOKUPS = 6;

function useTitles(ids: readonly string[]): (id: string) => string {
  const [, setVersion] = useState(0);
  const key = [...new Set(ids)].sort().join('\n');
  useEffect(() => {
    const missing = [...new Set(ids)].filter((id) => !titleCache.has(id));
    if (missing.length === 0) return;
    let live = true;
    // A few at a time, so a long report does not flood the API with lookups.
    const queue = [...missing];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const found = id;
        const r = await call(
          () => api.GET('/v1/credentials/{id}', { params: { path: { id: found } } }),
          'read',
        );
        // A failure (a rate limit, say) is not kept: the id stands in until the next view.
        if (r.ok) titleCache.set(found, r.data.title);
      }
    };
    void Promise.all([...Array(Math.min(TITLE_LOOKUPS, queue.length)).keys()].map(worker)).then(
      () => {
        if (live) setVersion((v) => v + 1);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  return (id) => titleCache.get(id) ?? id;
}

function Status<T>({ loaded, what }: { loaded: Loaded<T>; what: string }) {
  return (
    <>
      <p aria-live="polite" class="status-line">
        {loaded.state === 'loading' ? `Loading ${what}…` : ''}
      </p>
      {loaded.state === 'failed' && <FailureBox failure={loaded.failure} />}
    </>
  );
}

function ProviderFilter(p: {
  providers: Provider[];
  value: string | undefined;
  set: (provider: string | undefined) => void;
}) {
  return (
    <label>
      Provider{' '}
      <select
        name="provider"
        value={p.value ?? ''}
        onChange={(e) => {
          p.set(e.currentTarget.value || undefined);
        }}
      >
        <option value="">All providers</option>
        {p.providers.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
        {p.value && !p.providers.some((v) => v.id === p.value) && (
          <option value={p.value}>{p.value}</option>
        )}
      </select>
    </label>
  );
}

/** The qualifications to choose from: the catalogue's first page, narrowed by a search. */
function QualificationPicker(p: {
  label: string;
  none: string;
  value: string | undefined;
  set: (id: string | undefined) => void;
}) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const loaded = useReport(`q:${query}`, () =>
    call(
      () =>
        api.GET('/v1/qualifications', {
          params: { query: { limit: 200, ...(query ? { q: query } : {}) } },
        }),
      'read',
    ),
  );
  const items = loaded.state === 'ok' ? loaded.data.items : [];
  return (
    <div class="picker">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(text.trim());
        }}
      >
        <label>
          Find qualifications by title{' '}
          <input
            name="qualification-search"
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
            }}
          />
        </label>{' '}
        <button type="submit">Find</button>
      </form>
      <label>
        {p.label}{' '}
        <select
          name="qualification"
          value={p.value ?? ''}
          onChange={(e) => {
            p.set(e.currentTarget.value || undefined);
          }}
        >
          <option value="">{p.none}</option>
          {items.map((q) => (
            <option key={q.id} value={q.id}>
              {q.title}
            </option>
          ))}
          {p.value && !items.some((q) => q.id === p.value) && (
            <option value={p.value}>{p.value}</option>
          )}
        </select>
      </label>
      {loaded.state === 'ok' && loaded.data.next && (
        <small> The first {items.length} are listed; find by title to narrow them.</small>
      )}
      {loaded.state === 'failed' && <FailureBox failure={loaded.failure} />}
    </div>
  );
}

export function DesignerView(p: { design: DesignState; setDesign: (d: DesignState) => void }) {
  const d = p.design;
  const set = (patch: Partial<DesignState>) => {
    p.setDesign({ ...d, ...patch });
  };
  const providers = useReport('providers', () =>
    call(() => api.GET('/v1/providers', { params: { query: { limit: 200 } } }), 'read'),
  );
  const providerList = providers.state === 'ok' ? providers.data.items : [];
  return (
    <>
      <nav aria-label="Analyses" class="tabs">
        {ANALYSES.map((a) => (
          <button
            key={a}
            type="button"
            aria-pressed={d.analysis === a}
            onClick={() => {
              set({ analysis: a });
            }}
          >
            {ANALYSIS_NAMES[a]}
          </button>
        ))}
      </nav>
      {providers.state === 'failed' && <FailureBox failure={providers.failure} />}
      {d.analysis === 'stackability' && (
        <StackabilityView design={d} set={set} providers={providerList} />
      )}
      {d.analysis === 'overlap' && <OverlapView design={d} set={set} providers={providerList} />}
      {d.analysis === 'coverage' && <CoverageView design={d} set={set} />}
      {d.analysis === 'complexity' && <ComplexityView design={d} set={set} />}
      {d.analysis === 'quality' && <QualityView design={d} set={set} providers={providerList} />}
      {d.analysis === 'whatIf' && <WhatIfView />}
    </>
  );
}

interface ViewProps {
  design: DesignState;
  set: (patch: Partial<DesignState>) => void;
  providers?: Provider[];
}

function HeatLegend(p: { max: number; what: string; integers?: boolean }) {
  return (
    <ul class="heat-legend" aria-label={`Colour key: ${p.what}`}>
      {heatLegend(p.max, p.integers).map((l) => (
        <li key={l.level}>
          <span class={`swatch heat-${l.level}`} aria-hidden="true" /> {l.label}
        </li>
      ))}
    </ul>
  );
}

function StackabilityView({ design, set, providers = [] }: ViewProps) {
  const provider = design.provider;
  const loaded = useReport(`stackability:${provider ?? ''}`, () =>
    call(
      () =>
        api.GET('/v1/analytics/stackability', {
          params: { query: provider ? { provider } : {} },
        }),
      'read',
    ),
  );
  const report: StackabilityReport | undefined = loaded.state === 'ok' ? loaded.data : undefined;
  const matrix = useMemo(() => (report ? sharedMatrix(report) : undefined), [report]);
  const known = new Map(report?.credentials.map((c) => [c.credential, c.title]));
  const others = report
    ? [...report.orphans, ...report.sharedModules.flatMap((s) => s.shared)].filter(
        (id) => !known.has(id),
      )
    : [];
  const lookedUp = useTitles(others);
  const titleOf = (id: string) => known.get(id) ?? lookedUp(id);
  const short = new Map(matrix?.qualifications.map((q, i) => [q.id, `Q${i + 1}`]));
  return (
    <section aria-labelledby="stack-h" class="panel designer">
      <h2 id="stack-h">Stackability</h2>
      <div class="filters">
        <ProviderFilter
          providers={providers}
          value={provider}
          set={(v) => {
            set({ provider: v });
          }}
        />
      </div>
      <Status loaded={loaded} what="the stackability report" />
      {report && matrix && (
        <>
          <h3>Modules shared between qualifications</h3>
          {matrix.qualifications.length === 0 ? (
            <p class="empty">No qualifications in this scope.</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="group" aria-label="Heat map (scrolls)">
              <table class="heatmap">
                <caption>
                  Each cell counts the modules that count towards both qualifications; the diagonal,
                  in italics, counts each qualification's own modules.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Qualification</th>
                    {matrix.qualifications.map((q) => (
                      <th key={q.id} scope="col" title={q.title}>
                        <abbr title={q.title}>{short.get(q.id)}</abbr>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {matrix.qualifications.map((q, i) => (
                    <tr key={q.id}>
                      <th scope="row">
                        {short.get(q.id)}. {q.title}
                      </th>
                      {matrix.counts[i]!.map((n, j) =>
                        i === j ? (
                          <td key={j} class="diagonal">
                            {n}
                          </td>
                        ) : (
                          <td key={j} class={`heat-${heatLevel(n, matrix.max)}`}>
                            {n}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <HeatLegend max={matrix.max} what="modules shared" integers />
          {report.sharedModules.length === 0 ? (
            <p class="empty">No two qualifications share a module here.</p>
          ) : (
            <details>
              <summary>Which modules each pair shares</summary>
              <ul class="pairs" aria-label="Shared modules by pair">
                {report.sharedModules.map((s) => (
                  <li key={`${s.a}|${s.b}`}>
                    {short.get(s.a) ?? s.a} and {short.get(s.b) ?? s.b}:{' '}
                    {s.shared.map(titleOf).join(', ')}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <h3>The share of each qualification micro-credentials can fill</h3>
          <DataTable
            label="Micro-credential share per qualification"
            columns={[
              'Qualification',
              'Provider',
              'Credits',
              'Modules',
              'Micro-credential credits',
              'Share',
            ]}
          >
            {report.qualifications.map((q) => (
              <tr key={q.qualification}>
                <th scope="row">{q.title}</th>
                <td>{q.provider ?? '—'}</td>
                <td>{q.credits}</td>
                <td>{q.modules}</td>
                <td>{q.microCredentialCredits}</td>
                <td>
                  {percent(q.microCredentialShare)}{' '}
                  {q.microCredentialShare !== null && (
                    <meter
                      min={0}
                      max={1}
                      value={q.microCredentialShare}
                      aria-label={`Share of ${q.title}`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          <h3>Orphans: micro-credentials counting towards no qualification</h3>
          {report.orphans.length === 0 ? (
            <p class="empty">No orphans: everything in scope counts towards a qualification.</p>
          ) : (
            <ul aria-label="Orphans" class="orphans">
              {report.orphans.map((id) => (
                <li key={id}>
                  {titleOf(id)} <small>({id})</small>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function OverlapView({ design, set, providers = [] }: ViewProps) {
  const { provider, threshold } = design;
  const [text, setText] = useState(threshold === undefined ? '' : String(threshold));
  const loaded = useReport(`overlap:${provider ?? ''}:${threshold ?? ''}`, () =>
    call(
      () =>
        api.GET('/v1/analytics/overlap', {
          params: {
            query: {
              acrossProviders: 'true',
              ...(provider ? { provider } : {}),
              ...(threshold !== undefined ? { threshold } : {}),
            },
          },
        }),
      'read',
    ),
  );
  const report: OverlapReport | undefined = loaded.state === 'ok' ? loaded.data : undefined;
  const SHOWN = 100;
  const pairs = report?.pairs.slice(0, SHOWN) ?? [];
  const titleOf = useTitles(pairs.flatMap((x) => [x.a, x.b]));
  const candidates = new Map(report?.candidateRecognitions.map((c) => [`${c.a}|${c.b}`, c]));
  return (
    <section aria-labelledby="overlap-h" class="panel designer">
      <h2 id="overlap-h">Overlap across providers</h2>
      <div class="filters">
        <ProviderFilter
          providers={providers}
          value={provider}
          set={(v) => {
            set({ provider: v });
          }}
        />{' '}
        <label>
          Similarity threshold (0–1){' '}
          <input
            name="threshold"
            type="number"
            min="0.05"
            max="1"
            step="0.05"
            value={text || (report ? String(report.threshold) : '')}
            onInput={(e) => {
              setText(e.currentTarget.value);
            }}
            onChange={(e) => {
              const t = Number(e.currentTarget.value);
              set({
                threshold: e.currentTarget.value.trim() !== '' && t > 0 && t <= 1 ? t : undefined,
              });
            }}
          />
        </label>
      </div>
      <Status loaded={loaded} what="the overlap report" />
      {report && (
        <>
          <p class="summary">
            {report.pairs.length} pairs at or above {percent(report.threshold)} similarity (
            {report.measure === 'jaccard' ? 'Jaccard' : 'overlap coefficient'} on {report.basis})
            among {report.credentials} credentials; {report.candidateRecognitions.length} candidate
            recognitions.
            {report.pairs.length > SHOWN && ` The ${SHOWN} most similar are listed.`}
          </p>
          {pairs.length === 0 ? (
            <p class="empty">No pairs overlap at or above this threshold.</p>
          ) : (
            <DataTable
              label="Overlapping pairs"
              columns={[
                'Credential',
                'Overlaps with',
                'Similarity',
                'What overlaps',
                'Recognition',
              ]}
            >
              {pairs.map((x) => {
                const candidate = candidates.get(`${x.a}|${x.b}`);
                return (
                  <tr key={`${x.a}|${x.b}`} class={candidate ? 'candidate' : undefined}>
                    <th scope="row">
                      {titleOf(x.a)} <small>({x.providerA ?? 'no provider'})</small>
                    </th>
                    <td>
                      {titleOf(x.b)} <small>({x.providerB ?? 'no provider'})</small>
                    </td>
                    <td>{percent(x.similarity)}</td>
                    <td>
                      {x.shared.map((s) => s.label).join('; ')}
                      <small>
                        {' '}
                        (only in the first: {x.onlyA}; only in the second: {x.onlyB})
                      </small>
                    </td>
                    <td>
                      {x.recognised.length > 0 ? (
                        <>
                          Recognised:{' '}
                          {x.recognised
                            .map((r) => `${titleOf(r.from)} → ${titleOf(r.to)}`)
                            .join('; ')}
                        </>
                      ) : candidate ? (
                        <strong class="mark">
                          Candidate recognition
                          {candidate.suggested.length > 0 &&
                            `: ${candidate.suggested
                              .map(
                                (s) =>
                                  `${titleOf(s.from)} → ${titleOf(s.to)} (${percent(s.coverage)})`,
                              )
                              .join('; ')}`}
                        </strong>
                      ) : (
                        'None'
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}

function CoverageView({ design, set }: ViewProps) {
  const { occupation, qualification } = design;
  const [searchFailure, setSearchFailure] = useState<Failure | undefined>();
  const loaded = useReport(
    occupation ? `coverage:${occupation}:${qualification ?? ''}` : undefined,
    () =>
      call(
        () =>
          api.GET('/v1/analytics/coverage', {
            params: {
              query: {
                occupation: occupation!,
                includeOptional: 'true',
                ...(qualification ? { qualification } : {}),
              },
            },
          }),
        'read',
      ),
  );
  const report: CoverageReport | undefined = loaded.state === 'ok' ? loaded.data : undefined;
  const titleOf = useTitles(
    report?.skills.flatMap((s) => s.coveredBy.map((c) => c.credential)) ?? [],
  );

  const search = async (text: string) =>
    itemsOf(await call(() => api.GET('/v1/occupations', searchQuery(text)), 'read'));

  return (
    <section aria-labelledby="coverage-h" class="panel designer">
      <h2 id="coverage-h">Coverage of an occupation</h2>
      <SearchList
        label="Occupation label or alternative label"
        name="occupation-search"
        button="Search occupations"
        listLabel="Occupations found"
        search={search}
        setFailure={setSearchFailure}
        none={(text) => <p class="empty">No occupation matches “{text}”.</p>}
        item={(o, text) => {
          const words = text.trim().toLowerCase();
          const also = o.altLabels.filter((a) => words && a.toLowerCase().includes(words));
          return (
            <>
              {o.label}
              {also.length > 0 && <small> (also: {also.join(', ')})</small>}{' '}
              <button
                type="button"
                aria-label={`Choose ${o.label}`}
                onClick={() => {
                  set({ occupation: o.id });
                }}
              >
                Choose
              </button>
            </>
          );
        }}
      />
      {searchFailure && <FailureBox failure={searchFailure} />}
      <QualificationPicker
        label="Covered by"
        none="the whole catalogue"
        value={qualification}
        set={(v) => {
          set({ qualification: v });
        }}
      />
      {!occupation && <p class="empty">Choose an occupation to see what covers its skills.</p>}
      <Status loaded={loaded} what="the coverage report" />
      {report && (
        <>
          <h3>
            {report.label}: covered by{' '}
            {report.subject.kind === 'qualification' ? 'the qualification' : 'the catalogue'} (
            {report.subject.credentials} credentials counted)
          </h3>
          <p class="summary">
            Essential skills: {report.essential.covered} of {report.essential.total} covered (
            {percent(report.essential.share)}). Optional skills: {report.optional.covered} of{' '}
            {report.optional.total} covered ({percent(report.optional.share)}).
          </p>
          {report.skills.length === 0 ? (
            <p class="empty">The occupation lists no skills.</p>
          ) : (
            <DataTable
              label="Skills and what covers them"
              columns={['Skill', 'Relation', 'Covered by']}
            >
              {report.skills.map((s) => {
                const by = [...new Set(s.coveredBy.map((c) => c.credential))];
                return (
                  <tr key={s.skill} class={by.length === 0 ? 'gap' : undefined}>
                    <th scope="row">{s.label}</th>
                    <td>{s.relation}</td>
                    <td>
                      {by.length === 0 ? (
                        <strong class="mark">Gap: no module teaches it</strong>
                      ) : (
                        by.map(titleOf).join('; ')
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
          <h3>Gaps: essential skills nothing covers</h3>
          {report.gaps.length === 0 ? (
            <p class="empty">None: every essential skill is covered.</p>
          ) : (
            <ul aria-label="Gaps">
              {report.gaps.map((g) => (
                <li key={g}>{report.skills.find((s) => s.skill === g)?.label ?? g}</li>
              ))}
            </ul>
          )}
          {occupation && <QualificationsCovering occupation={occupation} />}
        </>
      )}
    </section>
  );
}

/** At most this many qualifications are asked about (one coverage call each). */
const RANKED = 30;

/** Per qualification, the occupation's coverage by it, most essential skills covered first. */
function QualificationsCovering({ occupation }: { occupation: string }) {
  const loaded = useReport(`ranking:${occupation}`, async () => {
    const list = await call(
      () => api.GET('/v1/qualifications', { params: { query: { limit: RANKED } } }),
      'read',
    );
    if (!list.ok) return list;
    const rows = [];
    for (const q of list.data.items) {
      const r = await call(
        () =>
          api.GET('/v1/analytics/coverage', {
            params: { query: { occupation, qualification: q.id, includeOptional: 'true' } },
          }),
        'read',
      );
      if (!r.ok) return r;
      if (typeof r.data === 'string') continue;
      rows.push({
        id: q.id,
        title: q.title,
        essential: r.data.essential,
        optional: r.data.optional,
      });
    }
    rows.sort(
      (a, b) =>
        b.essential.covered - a.essential.covered ||
        b.optional.covered - a.optional.covered ||
        a.title.localeCompare(b.title),
    );
    return { ok: true as const, data: { rows, more: list.data.next !== null } };
  });
  return (
    <>
      <h3>Qualifications covering most of it</h3>
      <Status loaded={loaded} what="the coverage of each qualification" />
      {loaded.state === 'ok' &&
        (loaded.data.rows.length === 0 ? (
          <p class="empty">The catalogue has no qualifications.</p>
        ) : (
          <DataTable
            label="Qualifications by coverage"
            columns={['Qualification', 'Essential covered', 'Optional covered']}
          >
            {loaded.data.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.title}</th>
                <td>
                  {r.essential.covered} of {r.essential.total} ({percent(r.essential.share)})
                </td>
                <td>
                  {r.optional.covered} of {r.optional.total} ({percent(r.optional.share)})
                </td>
              </tr>
            ))}
          </DataTable>
        ))}
      {loaded.state === 'ok' && loaded.data.more && (
        <p class="summary">The first {RANKED} qualifications of the catalogue were compared.</p>
      )}
    </>
  );
}

function CurriculumPicture(p: { report: CurricularComplexity; metric: Metric }) {
  const { report, metric } = p;
  const laid = useMemo(() => layOut(curriculumGraph(report)), [report]);
  const courses = new Map<string, CourseLike>(
    report.courses.map((k) => [courseId(k.credential), k]),
  );
  const max = metricMax(report.courses, metric);
  const perTerm = report.layout !== undefined;
  return (
    <PictureFrame
      laid={laid}
      id="curriculum"
      class="picture curriculum"
      title={`The curriculum graph of ${report.title}, coloured by ${METRIC_NAMES[metric].toLowerCase()}`}
      columnHead={perTerm ? 'Term' : 'Earliest term'}
    >
      {laid.nodes.map((n) => {
        const k = courses.get(n.id)!;
        return (
          <g
            key={n.id}
            class={`course heat-${heatLevel(k[metric], max)}`}
            transform={`translate(${n.x},${n.y})`}
          >
            <rect width={COURSE.width} height={COURSE.height} rx={8} />
            <TitleLines text={k.title} width={28} x={10} y={20} class="card-title" />
            <text x={10} y={62} class="card-line">
              {METRIC_NAMES[metric]} {k[metric]} · {k.credits} ECTS
            </text>
          </g>
        );
      })}
    </PictureFrame>
  );
}

function ComplexityView({ design, set }: ViewProps) {
  const { qualification, metric, perTerm } = design;
  const loaded = useReport(
    qualification ? `complexity:${qualification}:${perTerm}` : undefined,
    () =>
      call(
        () =>
          api.GET('/v1/analytics/complexity', {
            params: {
              query: { qualification: qualification!, ...(perTerm ? { layout: 'reference' } : {}) },
            },
          }),
        'read',
      ),
  );
  const report = loaded.state === 'ok' ? loaded.data : undefined;
  const titleOf = useTitles(report?.externalRequisites.flatMap((r) => [r.from, r.to]) ?? []);
  const courseTitle = new Map(report?.courses.map((k) => [k.credential, k.title]));
  const nameOf = (id: string) => courseTitle.get(id) ?? titleOf(id);
  return (
    <section aria-labelledby="complexity-h" class="panel designer">
      <h2 id="complexity-h">Curricular complexity</h2>
      <div class="filters">
        <QualificationPicker
          label="Qualification"
          none="Choose a qualification"
          value={qualification}
          set={(v) => {
            set({ qualification: v });
          }}
        />
        <label>
          Colour by{' '}
          <select
            name="metric"
            value={metric}
            onChange={(e) => {
              set({ metric: e.currentTarget.value as Metric });
            }}
          >
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_NAMES[m]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input
            type="checkbox"
            name="per-term"
            checked={perTerm}
            onChange={(e) => {
              set({ perTerm: e.currentTarget.checked });
            }}
          />{' '}
          Per term, from the qualification's reference plan
        </label>
      </div>
      {!qualification && <p class="empty">Choose a qualification to measure its curriculum.</p>}
      <Status loaded={loaded} what="the curricular complexity" />
      {report && (
        <>
          <p class="summary">
            <strong>Structural complexity {report.structuralComplexity}</strong> · blocking factor{' '}
            {report.blockingFactor} · delay factor {report.delayFactor} · centrality{' '}
            {report.centrality} ({report.termSystem} system; {report.courses.length} courses)
          </p>
          {report.courses.length === 0 ? (
            <p class="empty">This qualification's curriculum has no courses.</p>
          ) : (
            <>
              <div
                class="picture-wrap"
                tabIndex={0}
                role="group"
                aria-label="Curriculum graph (scrolls)"
              >
                <CurriculumPicture report={report} metric={metric} />
              </div>
              <p class="legend">
                <span class="key entry">entry rule (prerequisite)</span>{' '}
                <span class="key corequisite">co-requisite</span>
              </p>
              <HeatLegend
                max={metricMax(report.courses, metric)}
                what={METRIC_NAMES[metric].toLowerCase()}
              />
              <DataTable
                label="Course figures"
                columns={[
                  'Course',
                  'Credits',
                  'Blocking factor',
                  'Delay factor',
                  'Centrality',
                  'Cruciality',
                  'Complexity',
                ]}
              >
                {report.courses.map((k) => (
                  <tr key={k.credential}>
                    <th scope="row">{k.title}</th>
                    <td>{k.credits}</td>
                    <td>{k.blockingFactor}</td>
                    <td>{k.delayFactor}</td>
                    <td>{k.centrality}</td>
                    <td>{k.cruciality}</td>
                    <td>{k.complexity}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          {report.layout && (
            <>
              <h3>
                Per term ({report.layout.source === 'reference' ? 'reference plan' : 'given'})
              </h3>
              <DataTable
                label="Per-term figures"
                columns={['Term', 'Courses', 'Credits', 'Complexity', 'Requisite distance']}
              >
                {report.layout.terms.map((t) => (
                  <tr key={t.term}>
                    <th scope="row">{t.term}</th>
                    <td>{t.credentials.map(nameOf).join('; ')}</td>
                    <td>{t.credits}</td>
                    <td>{t.complexity}</td>
                    <td>{t.requisiteDistance}</td>
                  </tr>
                ))}
              </DataTable>
              {report.layout.violations.length > 0 && (
                <ul aria-label="Requisites the plan breaks">
                  {report.layout.violations.map((v) => (
                    <li key={`${v.from}|${v.to}`}>
                      {nameOf(v.to)} (term {v.toTerm}) needs {nameOf(v.from)} (term {v.fromTerm}) as
                      a {v.kind}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {report.externalRequisites.length > 0 && (
            <>
              <h3>Requisites outside the curriculum</h3>
              <ul aria-label="Requisites outside the curriculum">
                {report.externalRequisites.map((r) => (
                  <li key={`${r.from}|${r.to}`}>
                    {nameOf(r.to)} needs {nameOf(r.from)} ({r.kind})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

const ELEMENT_NAMES: Record<string, string> = {
  title: 'title',
  country: 'country',
  awardingBody: 'awarding body',
  learningOutcomes: 'learning outcomes',
  workload: 'notional workload (ECTS)',
  level: 'EQF/NQF level',
  assessment: 'type of assessment',
  participation: 'form of participation',
  qualityAssurance: 'type of quality assurance',
};
const CRITERION_NAMES: Record<string, string> = {
  qualityAssuredProvider: 'quality-assured provider',
  qualificationLink: 'a link to a full qualification',
  workloadStated: 'workload stated',
  assessmentStated: 'assessment stated',
};
const named = (names: Record<string, string>, ids: readonly string[]) =>
  ids.map((i) => names[i] ?? i).join(', ');
const counted = (names: Record<string, string>, counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${names[k] ?? k}: ${n}`)
    .join(', ');

function QualityView({ design, set, providers = [] }: ViewProps) {
  const provider = design.provider;
  const loaded = useReport(`quality:${provider ?? ''}`, () =>
    call(
      () => api.GET('/v1/analytics/quality', { params: { query: provider ? { provider } : {} } }),
      'read',
    ),
  );
  const report: QualityReport | undefined = loaded.state === 'ok' ? loaded.data : undefined;
  return (
    <section aria-labelledby="quality-h" class="panel designer">
      <h2 id="quality-h">Quality against the European standard</h2>
      <div class="filters">
        <ProviderFilter
          providers={providers}
          value={provider}
          set={(v) => {
            set({ provider: v });
          }}
        />
      </div>
      <Status loaded={loaded} what="the quality report" />
      {report && (
        <>
          <p class="summary">Checked against the {report.standard}.</p>
          <h3>Per provider</h3>
          <DataTable
            label="Quality per provider"
            columns={[
              'Provider',
              'Quality assured',
              'Credentials',
              'With every element',
              'Meeting the criteria',
              'Elements missing',
              'Criteria failed',
            ]}
          >
            {report.providers.map((v) => (
              <tr key={v.provider ?? '-'}>
                <th scope="row">{v.name ?? v.provider ?? 'No awarding body'}</th>
                <td>{v.qualityAssured === undefined ? '—' : v.qualityAssured ? 'yes' : 'no'}</td>
                <td>{v.credentials}</td>
                <td>{v.complete}</td>
                <td>{v.meetingCriteria}</td>
                <td>{counted(ELEMENT_NAMES, v.missing) || 'none'}</td>
                <td>{counted(CRITERION_NAMES, v.failed) || 'none'}</td>
              </tr>
            ))}
          </DataTable>
          <h3>Per credential</h3>
          {report.credentials.length === 0 ? (
            <p class="empty">No credentials of these kinds in scope.</p>
          ) : (
            <DataTable
              label="Quality per credential"
              columns={['Credential', 'Provider', 'Standard elements missing', 'Criteria not met']}
            >
              {report.credentials.map((c) => (
                <tr
                  key={c.credential}
                  class={c.missing.length + c.failed.length > 0 ? 'gap' : undefined}
                >
                  <th scope="row">
                    {c.title} <small>({c.credential})</small>
                  </th>
                  <td>{c.provider ?? '—'}</td>
                  <td>
                    {c.missing.length === 0 ? (
                      'none'
                    ) : (
                      <strong>{named(ELEMENT_NAMES, c.missing)}</strong>
                    )}
                  </td>
                  <td>
                    {c.failed.length === 0 ? (
                      'none'
                    ) : (
                      <strong>{named(CRITERION_NAMES, c.failed)}</strong>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}

const figures = (f: WhatIfPlanFigures | null) =>
  f === null
    ? 'not a qualification'
    : f.status === 'infeasible'
      ? 'unreachable'
      : `${f.credits} ECTS, ${f.cost} EUR, ${f.terms} ${f.terms === 1 ? 'term' : 'terms'}`;

const listed = (ids: readonly string[]) => (ids.length === 0 ? 'none' : ids.join(', '));

/** The draft a designer starts from: one change to edit (a credential's credits, say). */
const DRAFT_TEMPLATE = `{
  "format": "pathways-draft/1",
  "credentials": [],
  "remove": { "credentials": [] }
}`;

type Evaluated =
  | { state: 'idle' }
  | { state: 'working' }
  | { state: 'ok'; report: WhatIfReport; draft: unknown }
  | { state: 'failed'; failure: Failure };

/**
 * What a change to the programme would do: a draft (records to add or replace, records to
 * remove) evaluated by POST /v1/what-if without writing anything, then, on request, applied
 * through POST /v1/what-if/apply. The draft stays in the page, never in the address.
 */
function WhatIfView() {
  const [text, setText] = useState(DRAFT_TEMPLATE);
  const [evaluated, setEvaluated] = useState<Evaluated>({ state: 'idle' });
  const [applied, setApplied] = useState<string | Failure | undefined>();

  async function evaluate(e: Event) {
    e.preventDefault();
    setApplied(undefined);
    let draft: unknown;
    try {
      draft = JSON.parse(text);
    } catch (err) {
      setEvaluated({
        state: 'failed',
        failure: {
          status: 0,
          title: 'The draft is not JSON',
          detail: err instanceof Error ? err.message : String(err),
        },
      });
      return;
    }
    setEvaluated({ state: 'working' });
    const r = await call(
      () => api.POST('/v1/what-if', { body: draft as never, parseAs: 'json' }),
      'plan',
    );
    if (!r.ok) setEvaluated({ state: 'failed', failure: r.failure });
    else setEvaluated({ state: 'ok', report: r.data as WhatIfReport, draft });
  }

  async function apply() {
    if (evaluated.state !== 'ok') return;
    const r = await call(
      () => api.POST('/v1/what-if/apply', { body: evaluated.draft as never }),
      'write',
    );
    if (!r.ok) setApplied(r.failure);
    else
      setApplied(
        r.data.written
          ? `Applied: the catalogue is now at version ${r.data.version}.`
          : `Nothing to write: the catalogue (version ${r.data.version}) already is as the draft says.`,
      );
  }

  const report = evaluated.state === 'ok' ? evaluated.report : undefined;
  return (
    <section aria-labelledby="whatif-h" class="panel designer">
      <h2 id="whatif-h">What if the programme changed?</h2>
      <form onSubmit={(e) => void evaluate(e)}>
        <label for="draft">
          Draft change (JSON: credentials to add or replace, and a <code>remove</code> list)
        </label>
        <textarea
          id="draft"
          rows={14}
          spellcheck={false}
          value={text}
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
          }}
        />
        <button type="submit">Evaluate (nothing is written)</button>
      </form>
      <p aria-live="polite" class="status-line">
        {evaluated.state === 'working' ? 'Re-planning what the draft touches…' : ''}
      </p>
      {evaluated.state === 'failed' && <FailureBox failure={evaluated.failure} />}
      {report && (
        <>
          <p class="summary">
            Re-examined: {listed(report.reexamined)}. Unreachable after the change:{' '}
            {listed(report.unreachable)}. Reachable again: {listed(report.reachableAgain)}.
          </p>
          <h3>Qualifications</h3>
          {report.qualifications.length === 0 ? (
            <p class="empty">No qualification's cheapest plan from nothing changes.</p>
          ) : (
            <DataTable
              label="Qualifications whose plan changes"
              columns={['Qualification', 'Before', 'After']}
            >
              {report.qualifications.map((q) => (
                <tr key={q.qualification}>
                  <th scope="row">
                    {q.title} <small>({q.qualification})</small>
                  </th>
                  <td>{figures(q.before)}</td>
                  <td>{figures(q.after)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <h3>Orphans</h3>
          <p>
            Created: <strong>{listed(report.orphans.created)}</strong>. No longer orphans:{' '}
            {listed(report.orphans.removed)}.
          </p>
          <h3>Complexity</h3>
          {report.complexity.length === 0 ? (
            <p class="empty">No curriculum's complexity changes.</p>
          ) : (
            <ul aria-label="Complexity changes">
              {report.complexity.map((c) => (
                <li key={c.qualification}>
                  {c.qualification}: structural complexity {c.structuralComplexity.before ?? '—'} →{' '}
                  {c.structuralComplexity.after ?? '—'}
                </li>
              ))}
            </ul>
          )}
          <h3>Stored learners</h3>
          <p>{report.learners.plans} learner plans compared.</p>
          {report.learners.changed.length > 0 && (
            <DataTable
              label="Learners whose plan changes"
              columns={[
                'Learner',
                'Qualification',
                'Before',
                'After',
                'Enters the plan',
                'Leaves the plan',
              ]}
            >
              {report.learners.changed.map((l) => (
                <tr key={`${l.learner} ${l.qualification}`}>
                  <th scope="row">{l.learner}</th>
                  <td>{l.qualification}</td>
                  <td>{figures(l.before)}</td>
                  <td>{figures(l.after)}</td>
                  <td>{listed(l.entered)}</td>
                  <td>{listed(l.left)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <button
            type="button"
            onClick={() => {
              void apply();
            }}
          >
            Apply this draft to the catalogue
          </button>
          {typeof applied === 'string' && (
            <p role="status" class="summary">
              {applied}
            </p>
          )}
          {applied !== undefined && typeof applied !== 'string' && <FailureBox failure={applied} />}
        </>
      )}
    </section>
  );
}
