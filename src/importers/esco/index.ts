import type { Driver } from 'neo4j-driver';
import { parseCatalogue } from '../../model/index.js';
import { awaitIndexes, writeEsco } from '../../store/index.js';
import { ImportRejectedError } from '../problems.js';
import { escoCounts, type EscoCounts, type EscoFileReport } from './map.js';
import { readEsco, type OpenEscoFile, type Progress } from './read.js';
import { EscoShrinkError, escoShrinkage, type EscoShrink } from './shrink.js';

export { ESCO_FILES } from './files.js';
export { EscoMapper, escoCounts } from './map.js';
export type { EscoFileReport, EscoCounts } from './map.js';
export { readEsco } from './read.js';
export { escoFolder } from './folder.js';
export type { OpenEscoFile } from './read.js';
export { EscoShrinkError, SHRINK_LIMIT, escoShrinkage } from './shrink.js';
export type { EscoShrink } from './shrink.js';

export interface EscoImportOptions {
  database?: string | undefined;
  batchSize?: number;
  onProgress?: Progress | undefined;
  /** One transaction (default) or one per batch; see writeEsco. */
  transaction?: 'single' | 'batched';
  /** Wait for the full-text and other indexes to catch up before returning (default true). */
  awaitIndexes?: boolean;
  /**
   * Write even when the import would leave the graph with far fewer concepts or links of a
   * kind than it holds (see SHRINK_LIMIT); otherwise such an import throws EscoShrinkError
   * and writes nothing.
   */
  allowShrink?: boolean | undefined;
}

export interface EscoImportSummary {
  format: 'esco';
  status: 'imported';
  /** Concepts and links written. */
  imported: EscoCounts;
  /** Skill groups found only in skillsHierarchy_en.csv. */
  hierarchyOnlyGroups: number;
  rows: { read: number; accepted: number; rejected: number };
  /** Kinds the import left smaller than the graph held them (only with allowShrink). */
  shrunk: EscoShrink[];
  files: EscoFileReport[];
  catalogueVersion: number;
  seconds: { read: number; write: number; indexes: number };
  /** Write time per step, in milliseconds. */
  writeSteps: Record<string, number>;
}

/**
 * Imports an ESCO CSV download (v1.1.x, v1.2 file names too): streams and maps every file,
 * validates the result as a native catalogue document, and writes it in one transaction.
 * `open` gives a file of the download by name (a folder on disk for the CLI, uploaded parts
 * for the HTTP API). Rows that cannot be used are counted with their reasons in the
 * summary; a download that cannot be used at all throws ImportRejectedError and writes
 * nothing, and so does one that would leave far fewer concepts or links of a kind than the
 * graph holds (EscoShrinkError: a file cut at a line boundary looks like that) unless
 * `allowShrink` is set.
 */
export async function importEsco(
  driver: Driver,
  open: OpenEscoFile,
  options: EscoImportOptions = {},
): Promise<EscoImportSummary> {
  const t0 = performance.now();
  const mapper = await readEsco(open, options.onProgress);
  const parsed = parseCatalogue(mapper.document());
  if (!parsed.ok)
    // The mapper only keeps rows it has checked; reaching this is a bug, still reported.
    throw new ImportRejectedError(
      'ESCO',
      parsed.issues.slice(0, 20).map((i) => ({
        file: '(mapped document)',
        message: `${i.path.join('.')}: ${i.message}`,
      })),
    );
  const t1 = performance.now();
  const incoming = escoCounts(parsed.value);
  let shrunk: EscoShrink[] = [];
  const written = await writeEsco(driver, parsed.value, {
    database: options.database,
    batchSize: options.batchSize,
    transaction: options.transaction,
    onProgress: options.onProgress,
    beforeWrite: (stored) => {
      shrunk = escoShrinkage(stored, incoming, (key) => mapper.fileOf.get(key));
      if (shrunk.length && !options.allowShrink) throw new EscoShrinkError(shrunk);
    },
  });
  const t2 = performance.now();
  if (options.awaitIndexes !== false) await awaitIndexes(driver, options.database);
  const t3 = performance.now();
  const files = mapper.fileReports();
  const sum = (k: 'rows' | 'accepted' | 'rejected') => files.reduce((n, f) => n + f[k], 0);
  return {
    format: 'esco',
    status: 'imported',
    imported: incoming,
    hierarchyOnlyGroups: mapper.hierarchyOnlyGroups,
    rows: { read: sum('rows'), accepted: sum('accepted'), rejected: sum('rejected') },
    shrunk,
    files,
    catalogueVersion: written.version,
    seconds: {
      read: round((t1 - t0) / 1000),
      write: round((t2 - t1) / 1000),
      indexes: round((t3 - t2) / 1000),
    },
    writeSteps: written.milliseconds,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
