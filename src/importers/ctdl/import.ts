import type { Driver } from 'neo4j-driver';
import {
  CatalogueValidationError,
  formatPath,
  parseCatalogue,
  type CatalogueDocument,
  type CatalogueDocumentInput,
} from '../../model/index.js';
import { mergeCatalogues } from '../../model/merge.js';
import {
  importCatalogue,
  storedCatalogue,
  type ImportSummary,
  type StoredCatalogue,
} from '../../store/index.js';
import { decodeUtf8, readJson } from '../json.js';
import { ConditionTreeTooLargeError } from './conditions.js';
import { mapPublication, type CtdlMapping, type CtdlWarning } from './map.js';
import type { SourceFile } from './nodes.js';

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
  | { ok: true; report: CtdlFileReport; document: CatalogueDocumentInput }
  | { ok: false; report: CtdlFileReport };

export interface PrepareOptions {
  /**
   * The stored catalogue: references (a `proxyFor`, a condition target) to credentials the
   * files do not describe are looked up in it, and each document is validated as part of the
   * catalogue it leaves behind, as the write will.
   */
  stored?: CatalogueDocument | undefined;
}

/**
 * Reads, maps and validates one CTDL file without touching the database: the pure part of
 * the import, also used to dry-run a file.
 */
export function prepareCtdl(file: InputFile, options: PrepareOptions = {}): CtdlPreparation {
  return prepareCtdlFiles([file], options)[0]!;
}

/**
 * Reads, maps and validates the files of one import (a publication: references are followed
 * from one file into another), each to its own document, without touching the database.
 */
export function prepareCtdlFiles(
  files: InputFile[],
  options: PrepareOptions = {},
): CtdlPreparation[] {
  const reports: CtdlFileReport[] = files.map((f) => ({
    file: f.name,
    status: 'rejected',
    errors: [],
    warnings: [],
    pathways: [],
  }));
  const sources: SourceFile[] = [];
  files.forEach((file, i) => {
    const report = reports[i]!;
    let text: string;
    try {
      text = decodeUtf8(file.bytes);
    } catch {
      report.errors.push(`${file.name}: not UTF-8 text`);
      return;
    }
    const json = readJson(text);
    if (!json.ok) {
      const e = json.error;
      report.errors.push(`${file.name}:${e.line}:${e.column}: invalid JSON: ${e.message}`);
      return;
    }
    report.warnings.push(
      ...json.warnings.map((w) => ({
        node: `${file.name}:${w.line}:${w.column}`,
        message: w.message,
      })),
    );
    sources.push({ name: file.name, documents: json.documents });
  });

  const storedById = new Map((options.stored?.credentials ?? []).map((c) => [c.id, c]));
  let mapped: CtdlMapping[];
  try {
    mapped = mapPublication(sources, { catalogue: { credential: (id) => storedById.get(id) } });
  } catch (err) {
    // Conditions too large to read make the publication unreadable: no file of it is written.
    if (!(err instanceof ConditionTreeTooLargeError)) throw err;
    for (const [i, file] of files.entries())
      reports[i]!.errors.push(`${file.name}: ${err.message}`);
    return files.map((_, i) => ({ ok: false, report: reports[i]! }));
  }
  const mappings = new Map(mapped.map((m) => [m.file, m]));

  return files.map((file, i): CtdlPreparation => {
    const report = reports[i]!;
    const mapping = mappings.get(file.name);
    if (!mapping || report.errors.length) return { ok: false, report };
    report.warnings.push(...mapping.warnings);
    report.pathways = mapping.pathways;
    const doc = mapping.document;
    const credentials = doc.credentials ?? [];
    if (
      credentials.length === 0 &&
      (doc.recognitions ?? []).length === 0 &&
      (doc.providers ?? []).length === 0
    ) {
      report.errors.push(
        `${file.name}: nothing to import: no CTDL pathway component, course, credential, organisation or transfer-value profile found`,
      );
      return { ok: false, report };
    }
    const union = options.stored ? mergeCatalogues(options.stored, doc) : undefined;
    const parsed = parseCatalogue(union ? union.document : doc);
    if (!parsed.ok) {
      // Name the CTDL node behind "credentials[3]" so the author can find it.
      report.errors.push(
        ...parsed.issues.map((issue) => {
          const i = union ? union.locate(issue) : issue;
          const index = i.path[0] === 'credentials' ? i.path[1] : undefined;
          const node = typeof index === 'number' ? credentials[index]?.id : undefined;
          return `${file.name}: ${formatPath(i.path)}${node ? ` (${node})` : ''}: ${i.message}`;
        }),
      );
      return { ok: false, report };
    }
    return { ok: true, report, document: doc };
  });
}

/**
 * Imports CTDL JSON-LD files, each on its own and all-or-nothing: a file that is not valid
 * JSON, maps to nothing or fails catalogue validation writes nothing and is reported with
 * its reasons; the others are written, one transaction each, through importCatalogue
 * (idempotent: importing a file again changes nothing but the catalogue version). The files
 * are one publication: a reference is followed into any of them, then into the catalogue.
 */
export async function importCtdl(
  driver: Driver,
  files: InputFile[],
  options: CtdlImportOptions = {},
): Promise<CtdlImportSummary> {
  const stored: StoredCatalogue = await storedCatalogue(driver, options.database);
  const prepared = prepareCtdlFiles(files, { stored: stored.doc });
  for (const p of prepared) {
    if (!p.ok) continue;
    try {
      // importCatalogue validates again against what earlier files of this import wrote.
      p.report.imported = await importCatalogue(driver, p.document, {
        database: options.database,
        onProgress: options.onProgress,
        stored,
      });
      p.report.status = 'imported';
    } catch (err) {
      if (!(err instanceof CatalogueValidationError)) throw err;
      p.report.errors.push(...err.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
    }
  }
  const reports = prepared.map((p) => p.report);
  return {
    accepted: reports.filter((r) => r.status === 'imported').length,
    rejected: reports.filter((r) => r.status === 'rejected').length,
    warnings: reports.reduce((n, r) => n + r.warnings.length, 0),
    files: reports,
  };
}
