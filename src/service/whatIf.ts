import {
  AnalyticsInputError,
  draftTouches,
  type WhatIfOptions,
  type WhatIfReport,
} from '../analytics/index.js';
import { buildCatalogueGraph, credentialWriteIssues, type CatalogueGraph } from '../graph/index.js';
import {
  applyDraft,
  CatalogueDraft,
  CatalogueValidationError,
  draftEffect,
  type AppliedDraft,
  heldCredential,
  PlanRequest,
} from '../model/index.js';
import {
  applyCatalogueDraft,
  readCatalogue,
  readCredentials,
  type DraftApplied,
} from '../store/index.js';
import { showsCatalogue } from '../store/projection.js';
import { listLearners } from '../store/learners.js';
import { refuseMiscountedCredits } from './catalogue.js';
import { NotFoundError } from './errors.js';
import { planJob, type PlanningOptions } from './planning.js';
import { inlineEngine, type PlanningEngine } from './planningThreads.js';
import { mergeWhatIfReports, type WhatIfJob } from './whatIfJob.js';
import { catalogueGraph, withCatalogueStore, type Store } from './store.js';

/**
 * Most learner plans one what-if may make on each side (stored learners times re-examined
 * qualifications), as for demand (MAX_DEMAND_PLANS): beyond it the request is refused and
 * asked to name a qualification.
 */
export const MAX_WHAT_IF_PLANS = 1000;

/**
 * "What would this change to our programme do?": the draft is validated against the stored
 * catalogue as an import would be (nothing is written), the catalogue after it is derived
 * from the one before, and the qualifications it touches are re-planned from no holdings and
 * for every stored learner (pseudonymous ids), before and after, with the planner and defaults
 * of a plan request, on the planning threads when `planning.engine` is given. The catalogue
 * is pinned once: the stored document read for validation and the graph planned on are the
 * same version.
 */
export async function runWhatIf(
  store: Store,
  draft: unknown,
  options: WhatIfOptions = {},
  planning: PlanningOptions & { maxPlans?: number } = {},
): Promise<WhatIfReport> {
  const { maxPlans = MAX_WHAT_IF_PLANS, engine = inlineEngine, maxNodes } = planning;
  const { before, effective, changes } = await validatedDraft(store, draft);
  const learners = await withCatalogueStore(store, (driver, options) =>
    listLearners(driver, options),
  );
  // The request a plan would be: the same parsing, hence the same defaults.
  const request = PlanRequest.parse({ target: { qualification: 'what-if' }, holdings: [] });
  try {
    return await runWhatIfJobs(
      engine,
      before,
      {
        draft: effective,
        changes,
        touched: draftTouches(effective),
        options,
        plan: planJob(request, [], { maxNodes }),
        maxPlans,
      },
      // Each learner as a plan request naming them reads them: holdings and prior learning.
      learners.map((l) => ({
        id: l.id,
        holdings: l.holdings.map(heldCredential),
        ...(l.priorLearning.length ? { priorLearning: l.priorLearning } : {}),
      })),
    );
  } catch (err) {
    if (err instanceof AnalyticsInputError && err.kind === 'unknown-id')
      throw new NotFoundError(err.message, err.path);
    throw err;
  }
}

/**
 * The draft validated against the catalogue it is evaluated on (`before`), with what it
 * actually changes. A draft that only adds or replaces credentials is checked on the
 * projection's graph, as a credential write is (credentialWriteIssues), and compared with the
 * stored records of those credentials alone; any other draft, or one those checks cannot
 * tell, is validated against the whole stored document (applyDraft). Both give the same
 * answer (test/api/whatIfDraft.test.ts); the first avoids reading and re-validating the
 * whole catalogue (52,000 credentials on the synthetic benchmark) for each what-if.
 */
export async function validatedDraft(
  store: Store,
  draft: unknown,
): Promise<
  { before: CatalogueGraph; validatedOn: 'graph' | 'document' } & Pick<
    AppliedDraft,
    'effective' | 'changes'
  >
> {
  const current = await catalogueGraph(store);
  const parsed = CatalogueDraft.safeParse(draft);
  // Drafts carry no conversions: the stored catalogue's apply.
  if (parsed.success)
    refuseMiscountedCredits(current, parsed.data.credentials, (i) => ['credentials', i]);
  if (parsed.success && onlyCredentialUpserts(parsed.data)) {
    const checked = credentialWriteIssues(current, {
      credentials: (draft as { credentials: unknown }).credentials,
    });
    if (checked && !checked.ok) throw new CatalogueValidationError(checked.issues);
    const ids = parsed.data.credentials.map((c) => c.id);
    const read =
      checked &&
      (await withCatalogueStore(store, (driver, { database }) =>
        readCredentials(driver, ids, database),
      ));
    if (checked && read && showsCatalogue(current, read))
      return {
        before: current,
        validatedOn: 'graph',
        ...draftEffect(
          parsed.data,
          (kind) => (kind === 'credentials' ? read.credentials : []),
          (kind) => (kind === 'credentials' ? checked.value.credentials : []),
          new Set(),
        ),
      };
  }
  const stored = await withCatalogueStore(store, (driver, { database }) =>
    readCatalogue(driver, database),
  );
  const before = showsCatalogue(current, stored)
    ? current
    : buildCatalogueGraph(stored.doc, stored.version, stored.epoch);
  const applied = applyDraft(stored.doc, draft);
  if (!applied.ok) throw new CatalogueValidationError(applied.issues);
  const { effective, changes } = applied.value;
  return { before, validatedOn: 'document', effective, changes };
}

const onlyCredentialUpserts = (draft: CatalogueDraft): boolean =>
  draft.credentials.length > 0 &&
  Object.values(draft.remove).every((ids) => ids.length === 0) &&
  [
    draft.providers,
    draft.learningOutcomes,
    draft.skills,
    draft.occupations,
    draft.recognitions,
  ].every((records) => records.length === 0) &&
  !draft.iscoGroups?.length;

/**
 * Applies a draft through the validated write path, in one transaction (see
 * applyCatalogueDraft): all or nothing, and a draft already applied writes nothing.
 */
export async function applyWhatIfDraft(store: Store, draft: unknown): Promise<DraftApplied> {
  const parsed = CatalogueDraft.safeParse(draft);
  if (parsed.success)
    refuseMiscountedCredits(await catalogueGraph(store), parsed.data.credentials, (i) => [
      'credentials',
      i,
    ]);
  const applied = await withCatalogueStore(store, (driver, options) =>
    applyCatalogueDraft(driver, draft, options),
  );
  if (applied.written) store.projection.invalidate();
  return applied;
}

/**
 * Runs a what-if on `engine`, its learners shared out over the engine's threads (one job
 * each, the first also reporting on the catalogue), and merges the answers. The graph after is
 * derived from a thread's own copy of `before` (building it there costs what receiving a copy
 * would: the same 50,000-node graph is made either way) and only by a job that reads it: the
 * first, and a share of learners only if one of its plans must be made again after the draft,
 * which a weight-only draft rarely needs (analytics/whatIf/README.md).
 */
export async function runWhatIfJobs(
  engine: PlanningEngine,
  before: CatalogueGraph,
  job: Omit<WhatIfJob, 'learners' | 'allLearners' | 'catalogue'>,
  learners: WhatIfJob['learners'],
): Promise<WhatIfReport> {
  const shares = Math.max(1, Math.min(engine.parallelism ?? 1, learners.length));
  const size = Math.ceil(learners.length / shares);
  const reports = await Promise.all(
    Array.from({ length: shares }, (_, share) =>
      engine.run(before, {
        kind: 'whatIf',
        input: {
          ...job,
          learners: learners.slice(share * size, (share + 1) * size),
          allLearners: learners.length,
          catalogue: share === 0,
        },
      }),
    ),
  );
  return mergeWhatIfReports(reports);
}
