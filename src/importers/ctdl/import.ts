import type { Driver } from 'neo4j-driver';
import {
  CatalogueValidationError,
  formatPath,
  parseCatalogue,
  type CatalogueDocument,
} from '../../model/index.js';
import {
  importCatalogue,
  storedCatalogue,
  type ImportSummary,
  type StoredCatalogue,
} from '../../store/index.js';
import { decodeUtf8, readJson } from '../json.js';
import { ConditionTreeTooLargeError } from './conditions.js';
import { mapCtdl, type CtdlMapping, type CtdlWarning } from './map.js';

/** A file's name (for messages and blank-node ids) and its bytes. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface CtdlFileReport {
  file: string;
  status: 'imported' | 'rejected';
  /** Why the file was rejected (nothing from it was written). */
  errors: string[];
  /** What could not be mapped, by node: imported without it. */
  warnings: CtdlWarning[];
  pathways: string[];
  imported?: ImportSummary | undefined;
}

export interface CtdlImportSummary {
  accepted: number;
  rejected: number;
  warnings: number;
  files: CtdlFileReport[];
}

export interface CtdlImportOptions {
  database?: string | undefined;
  onProgress?: ((step: string, done: number, total: number) => void) | undefined;
}

export type CtdlPreparation =
  | { ok: true; report: CtdlFileReport; document: CatalogueDocument }
  | { ok: false; report: CtdlFileReport };

/**
 * Reads, maps and validates one CTDL file without touching the database: the pure part of
 * the import, also used to dry-run a file.
 */
export function prepareCtdl(file: InputFile): CtdlPreparation {
  const report: CtdlFileReport = {
    file: file.name,
    status: 'rejected',
    errors: [],
    warnings: [],
    pathways: [],
  };
  let text: string;
  try {
    text = decodeUtf8(file.bytes);
  } catch {
    report.errors.push(`${file.name}: not UTF-8 text`);
    return { ok: false, report };
  }
  const json = readJson(text);
  if (!json.ok) {
    const e = json.error;
    report.errors.push(`${file.name}:${e.line}:${e.column}: invalid JSON: ${e.message}`);
    return { ok: false, report };
  }
  report.warnings.push(
    ...json.warnings.map((w) => ({
      node: `${file.name}:${w.line}:${w.column}`,
      message: w.message,
    })),
  );
  let mapping: CtdlMapping;
  try {
    mapping = mapCtdl(json.documents, file.name);
  } catch (err) {
    if (!(err instanceof ConditionTreeTooLargeError)) throw err;
    report.errors.push(`${file.name}: ${err.message}`);
    return { ok: false, report };
  }
  report.warnings.push(...mapping.warnings);
  report.pathways = mapping.pathways;
  const credentials = mapping.document.credentials ?? [];
  if (credentials.length === 0 && (mapping.document.recognitions ?? []).length === 0) {
    report.errors.push(
      `${file.name}: nothing to import: no CTDL pathway component, credential or transfer-value profile found`,
    );
    return { ok: false, report };
  }
  const parsed = parseCatalogue(mapping.document);
  if (!parsed.ok) {
    // Name the CTDL node behind "credentials[3]" so the author can find it.
    report.errors.push(
      ...parsed.issues.map((i) => {
        const index = i.path[0] === 'credentials' ? i.path[1] : undefined;
        const node = typeof index === 'number' ? credentials[index]?.id : undefined;
        return `${file.name}: ${formatPath(i.path)}${node ? ` (${node})` : ''}: ${i.message}`;
      }),
    );
    return { ok: false, report };
  }
  return { ok: true, report, document: parsed.value };
}

/**
 * Imports CTDL JSON-LD files, each on its own and all-or-nothing: a file that is not valid
 * JSON, maps to nothing or fails catalogue validation writes nothing and is reported with
 * its reasons; the others are written, one transaction each, through importCatalogue
 * (idempotent: importing a file again changes nothing but the catalogue version).
 */
export async function importCtdl(
  driver: Driver,
  files: InputFile[],
  options: CtdlImportOptions = {},
): Promise<CtdlImportSummary> {
  const reports: CtdlFileReport[] = [];
  let stored: StoredCatalogue | undefined; // read once, on the first file that gets that far
  for (const file of files) {
    const prepared = prepareCtdl(file);
    if (prepared.ok) {
      try {
        stored ??= await storedCatalogue(driver, options.database);
        // importCatalogue validates again: cheap, and the write path stays the native one.
        prepared.report.imported = await importCatalogue(driver, prepared.document, {
          database: options.database,
          onProgress: options.onProgress,
          stored,
        });
        prepared.report.status = 'imported';
      } catch (err) {
        if (!(err instanceof CatalogueValidationError)) throw err;
        prepared.report.errors.push(
          ...err.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
        );
      }
    }
    reports.push(prepared.report);
  }
  return {
    accepted: reports.filter((r) => r.status === 'imported').length,
    rejected: reports.filter((r) => r.status === 'rejected').length,
    warnings: reports.reduce((n, r) => n + r.warnings.length, 0),
    files: reports,
  };
}
