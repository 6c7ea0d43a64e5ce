import type { Driver } from 'neo4j-driver';
import { CatalogueValidationError, formatPath, parseCatalogue } from '../../model/index.js';
import { importCatalogue, storedCatalogue, type StoredCatalogue } from '../../store/index.js';
import type { ImportProblem } from '../problems.js';
import { decodeText } from './decode.js';
import { creditSystemOf, curriculumCatalogue, namespaceOf } from './map.js';
import { parseCurricular } from './parse.js';

export { decodeText } from './decode.js';
export { parseCurricular } from './parse.js';
export type { Curriculum, CurricularCourse, CurricularParse } from './parse.js';
export {
  CREDIT_SYSTEMS,
  courseId,
  creditSystemOf,
  curriculumCatalogue,
  namespaceOf,
  toEcts,
} from './map.js';

/** A file to import: its name (a path inside a folder import) and its bytes. */
export interface CurricularFile {
  name: string;
  bytes: Uint8Array;
}

export interface CurricularFileReport {
  file: string;
  status: 'imported' | 'rejected';
  encoding?: 'utf-8' | 'macintosh';
  /** Id prefix of the file's courses; the qualification's id. */
  qualification?: string;
  title?: string;
  courses?: number;
  additionalCourses?: number;
  creditHours?: number;
  creditSystem?: string;
  /** Credits in ECTS (see map.ts). */
  credits?: number;
  referencePlanTerms?: number;
  /** Known columns of the file that are not imported (e.g. Canonical Name). */
  columnsNotImported?: string[];
  /** Unknown columns and ignored self-references: reported, the file still imports. */
  warnings: ImportProblem[];
  problems: ImportProblem[];
}

export interface CurricularImportSummary {
  format: 'curricular';
  imported: number;
  rejected: number;
  files: CurricularFileReport[];
  /** Catalogue version after the last file written. */
  catalogueVersion?: number;
}

export interface CurricularImportOptions {
  database?: string | undefined;
  onProgress?: ((step: string, done: number, total: number) => void) | undefined;
}

/** Decodes, parses and maps one file; pure. */
export function mapCurricularFile(file: CurricularFile) {
  const { text, encoding } = decodeText(file.bytes);
  const parsed = parseCurricular(text, file.name);
  if (!parsed.ok)
    return { ok: false as const, encoding, problems: parsed.problems, warnings: parsed.warnings };
  const mapped = curriculumCatalogue(parsed.curriculum, namespaceOf(file.name));
  return { ...parsed, ...mapped, ok: true as const, encoding };
}

/**
 * Imports CurricularAnalytics files (curricula and degree plans), each all or nothing: a
 * file is decoded, parsed and mapped to a native catalogue document, then validated and
 * written in one transaction by the native catalogue import (the same validated,
 * transactional, idempotent path). A rejected file writes nothing and does not stop the
 * others; the summary reports every file.
 */
export async function importCurricular(
  driver: Driver,
  files: readonly CurricularFile[],
  options: CurricularImportOptions = {},
): Promise<CurricularImportSummary> {
  const reports: CurricularFileReport[] = [];
  let catalogueVersion: number | undefined;
  let stored: StoredCatalogue | undefined; // read once, on the first file that gets that far
  for (const [i, file] of files.entries()) {
    const mapped = mapCurricularFile(file);
    if (!mapped.ok) {
      reports.push({
        file: file.name,
        status: 'rejected',
        encoding: mapped.encoding,
        warnings: mapped.warnings,
        problems: mapped.problems,
      });
    } else {
      const checked = parseCatalogue(mapped.document);
      if (!checked.ok) {
        reports.push({
          file: file.name,
          status: 'rejected',
          encoding: mapped.encoding,
          warnings: mapped.warnings,
          problems: checked.issues.map((issue) => ({
            file: file.name,
            message: `${formatPath(issue.path)}: ${issue.message}`,
          })),
        });
      } else {
        try {
          stored ??= await storedCatalogue(driver, options.database);
          const written = await importCatalogue(driver, checked.value, {
            database: options.database,
            stored,
          });
          catalogueVersion = written.version;
          const { curriculum } = mapped;
          const q = checked.value.credentials.find((c) => c.id === mapped.qualification)!;
          reports.push({
            file: file.name,
            status: 'imported',
            encoding: mapped.encoding,
            qualification: mapped.qualification,
            title: q.title,
            courses: curriculum.courses.filter((c) => !c.additional).length,
            additionalCourses: curriculum.courses.filter((c) => c.additional).length,
            creditHours: q.creditsOriginal,
            creditSystem: creditSystemOf(curriculum).name,
            credits: q.credits,
            referencePlanTerms: new Set(q.referencePlan?.map((p) => p.term)).size,
            columnsNotImported: mapped.columnsNotImported,
            warnings: mapped.warnings,
            problems: [],
          });
        } catch (err) {
          if (!(err instanceof CatalogueValidationError)) throw err;
          reports.push({
            file: file.name,
            status: 'rejected',
            encoding: mapped.encoding,
            warnings: mapped.warnings,
            problems: err.issues.map((issue) => ({
              file: file.name,
              message: `${formatPath(issue.path)}: ${issue.message}`,
            })),
          });
        }
      }
    }
    options.onProgress?.('curricula', i + 1, files.length);
  }
  return {
    format: 'curricular',
    imported: reports.filter((r) => r.status === 'imported').length,
    rejected: reports.filter((r) => r.status === 'rejected').length,
    files: reports,
    ...(catalogueVersion === undefined ? {} : { catalogueVersion }),
  };
}
