import { creditFigureIssues, credentialOf, type CatalogueGraph } from '../graph/index.js';
import { CatalogueValidationError, type Credential } from '../model/index.js';
import { credentialReferences, deleteCredential, importCredentials } from '../store/index.js';
import { ConflictError, NotFoundError } from './errors.js';
import { withCatalogueStore, type Store } from './store.js';

/** Catalogue use cases beyond planning: one credential in full, and single-credential edits. */

export interface RecognitionLink {
  credential: string;
  title: string;
  credits?: number | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
  source?: string | undefined;
}

/** A credential with its rule trees, what it stacks into and its recognitions (read model). */
export function credentialDetail(graph: CatalogueGraph, id: string) {
  const credential = credentialOf(graph, id);
  if (!credential) throw new NotFoundError(`unknown credential "${id}"`);
  const { type: _type, ...record } = credential;
  const title = (other: string) => credentialOf(graph, other)?.title ?? other;
  const stacksInto: { id: string; title: string }[] = [];
  const recognisedAs: RecognitionLink[] = [];
  const recognisedFrom: RecognitionLink[] = [];
  graph.forEachOutEdge(id, (_e, edge, _s, target) => {
    if (edge.type === 'stacksInto') stacksInto.push({ id: target, title: title(target) });
    if (edge.type === 'recognisedAs') recognisedAs.push(link(target, title(target), edge));
  });
  graph.forEachInEdge(id, (_e, edge, source) => {
    if (edge.type === 'recognisedAs') recognisedFrom.push(link(source, title(source), edge));
  });
  // What each outcome says: an adviser records prior learning against these statements.
  const outcomes = credential.learningOutcomes.map((lo) => {
    const node = graph.hasNode(lo) ? graph.getNodeAttributes(lo) : undefined;
    return { id: lo, statement: node?.type === 'outcome' ? node.statement : lo };
  });
  return { ...record, stacksInto, recognisedAs, recognisedFrom, outcomes };
}

function link(credential: string, title: string, edge: object): RecognitionLink {
  const { type: _type, ...rest } = edge as { type: string } & Omit<
    RecognitionLink,
    'credential' | 'title'
  >;
  return { credential, title, ...rest };
}

/**
 * Refuses credentials written one by one (a PUT, a what-if draft, applying one) whose `credits`
 * disagree with the figure the engine counts from `creditsOriginal` and the catalogue's
 * conversions (creditFigureIssues): such a write would change no plan. `pathOf` places each
 * credential's issues in the request.
 */
export function refuseMiscountedCredits(
  graph: CatalogueGraph,
  credentials: readonly Credential[],
  pathOf: (index: number) => (string | number)[],
): void {
  const conversions = graph.getAttribute('creditConversions') ?? [];
  const issues = creditFigureIssues(credentials, conversions, pathOf);
  if (issues.length) throw new CatalogueValidationError(issues);
}

/**
 * Adds or replaces one credential: a one-credential import, so the catalogue with the change
 * applied is validated first (against the projection's graph, importCredentials) (a rule naming an unknown credential, an entry-rule cycle through
 * it) and the write is one transaction that bumps the catalogue version. Problems about the
 * credential itself are reported against it (paths relative to the credential), including
 * `credits` that disagree with the converted figure the engine counts (creditFigureIssues).
 */
export async function upsertCredential(
  store: Store,
  credential: Credential,
): Promise<{ created: boolean; version: number }> {
  const existed = await withCatalogueStore(
    store,
    async (driver, options) =>
      (await credentialReferences(driver, credential.id, options)) !== undefined,
  );
  const graph = await store.projection.current();
  refuseMiscountedCredits(graph, [credential], () => []);
  try {
    // Validated against the projection's graph when it can be (see importCredentials).
    const summary = await withCatalogueStore(store, async (driver, options) =>
      importCredentials(driver, { credentials: [credential] }, graph, options),
    );
    store.projection.afterWrite({
      written: [credential.id],
      removed: [],
      version: summary.version,
    });
    return { created: !existed, version: summary.version };
  } catch (err) {
    if (!(err instanceof CatalogueValidationError)) throw err;
    throw new CatalogueValidationError(
      err.issues.map((i) =>
        i.path[0] === 'credentials' && i.path[1] === 0 ? { ...i, path: i.path.slice(2) } : i,
      ),
    );
  }
}

/**
 * Deletes one credential unless something still refers to it: another credential's rule, a
 * recognition, or a learner's holding (409, naming them), so a deletion never silently changes
 * what other records mean.
 */
export async function removeCredential(store: Store, id: string): Promise<{ version: number }> {
  const refs = await withCatalogueStore(store, (driver, options) =>
    credentialReferences(driver, id, options),
  );
  if (!refs) throw new NotFoundError(`unknown credential "${id}"`);
  const blockers = [
    ...refs.ruleOwners.map((o) => `the rule of "${o}"`),
    ...refs.recognitions.map((o) => `a recognition with "${o}"`),
    ...(refs.holders > 0 ? [`${refs.holders} learner holding(s)`] : []),
  ];
  if (blockers.length > 0)
    throw new ConflictError(`credential "${id}" is still referred to by ${blockers.join(', ')}`);
  const version = await withCatalogueStore(store, (driver, options) =>
    deleteCredential(driver, id, options),
  );
  if (version === undefined) throw new NotFoundError(`unknown credential "${id}"`);
  store.projection.afterWrite({ written: [], removed: [id], version });
  return { version };
}
