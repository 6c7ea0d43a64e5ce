import { Readable } from 'node:stream';
import {
  importHoldings,
  matchHoldings,
  type HoldingsImportSummary,
  type HoldingsMatch,
} from '../importers/credentials/import.js';
import type { AchievementMapping } from '../importers/credentials/map.js';
import { importCtdl } from '../importers/ctdl/import.js';
import { importCurricular } from '../importers/curricular/index.js';
import { importEsco } from '../importers/esco/index.js';
import { importCatalogue, type ImportSummary } from '../store/index.js';
import { NotFoundError } from './errors.js';
import { withCatalogueStore, type DatabaseOption, type Store } from './store.js';

export { AchievementMapping } from '../importers/credentials/map.js';
export { EscoShrinkError } from '../importers/esco/index.js';

/**
 * The importers as use cases over a store: the same code paths as `pathways import`, fed with
 * file contents, each followed by what the store's read model must forget.
 */

/** A file handed to an importer: its name (reports, namespacing ids) and its bytes. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

type FormatImporter = (
  driver: Parameters<typeof importCtdl>[0],
  files: InputFile[],
  options: DatabaseOption & { allowShrink?: boolean | undefined },
) => Promise<unknown>;

/** The catalogue formats this process can import, each a function of the driver and files. */
const CATALOGUE_FORMATS: Record<string, FormatImporter> = {
  ctdl: (driver, files, options) => importCtdl(driver, files, options),
  curricular: (driver, files, options) => importCurricular(driver, files, options),
  // The ESCO download is a set of CSV files, found by name as in the unpacked folder.
  esco: (driver, files, options) =>
    importEsco(
      driver,
      (name) => {
        const file = files.find((f) => f.name === name || f.name.endsWith(`/${name}`));
        return file && Readable.from([Buffer.from(file.bytes)]);
      },
      options,
    ),
};

/** The names of the formats importCatalogueFiles takes. */
export const catalogueFormats = (): string[] => Object.keys(CATALOGUE_FORMATS);

/** Formats whose import can shrink what the graph holds, hence take `allowShrink`. */
export const SHRINKING_FORMATS: ReadonlySet<string> = new Set(['esco']);

/**
 * Imports files of an external catalogue format and returns its report; the read model is
 * refreshed afterwards. NotFoundError for a format this process does not know (own keys only,
 * so "constructor" is unknown rather than Object's); EscoShrinkError when an ESCO import would
 * shrink the graph.
 */
export async function importCatalogueFiles(
  store: Store,
  format: string,
  files: InputFile[],
  options: { allowShrink?: boolean | undefined } = {},
): Promise<unknown> {
  const run = Object.hasOwn(CATALOGUE_FORMATS, format) ? CATALOGUE_FORMATS[format] : undefined;
  if (!run) throw new NotFoundError(`unknown format "${format}"`, ['format']);
  const report = await withCatalogueStore(store, (driver, db) =>
    run(driver, files, { ...db, allowShrink: options.allowShrink }),
  );
  store.projection.invalidate();
  return report;
}

/** Validates and imports a native catalogue document in one transaction. */
export async function importCatalogueDocument(
  store: Store,
  document: unknown,
): Promise<ImportSummary> {
  const summary = await withCatalogueStore(store, (driver, options) =>
    importCatalogue(driver, document, options),
  );
  store.projection.invalidate();
  return summary;
}

/** Adds a learner's Open Badges 3.0 / Europass credentials to their holdings. */
export const importLearnerCredentials = (
  store: Store,
  learner: string,
  files: InputFile[],
  mapping: AchievementMapping | undefined,
): Promise<HoldingsImportSummary> =>
  withCatalogueStore(store, (driver, options) =>
    importHoldings(driver, learner, files, { ...options, mapping }),
  );

/** Matches credentials to catalogue holdings, storing nothing. */
export const matchCredentials = (
  store: Store,
  files: InputFile[],
  mapping: AchievementMapping | undefined,
): Promise<HoldingsMatch> =>
  withCatalogueStore(store, (driver, options) =>
    matchHoldings(driver, files, { ...options, mapping }),
  );
