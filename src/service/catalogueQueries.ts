import type { CatalogueDocument } from '../model/index.js';
import {
  catalogueIdentity,
  catalogueVersion,
  listProviders,
  readCatalogue,
  searchConcepts,
  searchCredentials,
  type CatalogueIdentity,
  type CredentialFilter,
  type PageRequest,
} from '../store/index.js';
import { withCatalogueStore, type Store } from './store.js';

export type { Page, PageRequest, Position } from '../store/index.js';

/**
 * Catalogue reads the API offers beside planning: keyset-paged searches, the catalogue's
 * identity, the whole document for export, and the engine's read model once ready.
 */

/** A page of credentials matching `filter` (see searchCredentials). */
export const credentialsPage = (store: Store, filter: CredentialFilter, page: PageRequest) =>
  withCatalogueStore(store, (driver, options) => searchCredentials(driver, filter, page, options));

/** A page of ESCO skills or occupations by label or alternative label. */
export const conceptsPage = (
  store: Store,
  kind: 'skills' | 'occupations',
  text: string | undefined,
  page: PageRequest,
) =>
  withCatalogueStore(store, (driver, options) => searchConcepts(driver, kind, text, page, options));

/** A page of awarding providers. */
export const providersPage = (store: Store, page: PageRequest) =>
  withCatalogueStore(store, (driver, options) => listProviders(driver, page, options));

/** The catalogue's version and epoch. */
export const catalogueInfo = (store: Store): Promise<CatalogueIdentity> =>
  withCatalogueStore(store, (driver, options) => catalogueIdentity(driver, options.database));

/** The catalogue version, bumped by every write (readiness reports it). */
export const currentCatalogueVersion = (store: Store): Promise<number> =>
  withCatalogueStore(store, (driver, options) => catalogueVersion(driver, options.database));

/** The whole stored catalogue as a document, records the schemas reject told to `warn`. */
export const catalogueDocument = (
  store: Store,
  warn: (message: string) => void,
): Promise<CatalogueDocument> =>
  withCatalogueStore(
    store,
    async (driver, options) => (await readCatalogue(driver, options.database, { warn })).doc,
  );
