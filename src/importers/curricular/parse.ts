import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { checkHeader, columnKey, nearMiss, type KnownColumn } from '../columns.js';
import { csvProblem, recordLine, truncation } from '../csv.js';
import type { ImportProblem } from '../problems.js';

export interface CurricularCourse {
  id: string;
  /** 1-based line of the course in the file. */
  line: number;
  name: string;
  prefix: string;
  number: string;
  prerequisites: string[];
  corequisites: string[];
  strictCorequisites: string[];
  creditHours: number;
  institution: string;
  canonicalName: string;
  /** Term of the degree plan (files with a `Term` column). */
  term?: number | undefined;
  /** Listed under `Additional Courses` (degree plans): in the plan, not in the curriculum. */
  additional: boolean;
}

export interface Curriculum {
  /** Metadata block: `Curriculum`, `Degree Plan`, `Institution`, `System Type`, ... */
  meta: Record<string, string>;
  name: string;
  courses: CurricularCourse[];
  /** True when the file has a `Term` column (a degree plan). */
  hasTerms: boolean;
}

export type CurricularParse =
  | {
      ok: true;
      curriculum: Curriculum;
      warnings: ImportProblem[];
      /** Known columns of the file that are not imported, as the file spells them. */
      columnsNotImported: string[];
    }
  | { ok: false; problems: ImportProblem[]; warnings: ImportProblem[] };

/** The course table's columns, as CurricularAnalytics spells them. */
const HEADERS = {
  id: 'Course ID',
  name: 'Course Name',
  prefix: 'Prefix',
  number: 'Number',
  prerequisites: 'Prerequisites',
  corequisites: 'Corequisites',
  strictCorequisites: 'Strict-Corequisites',
  creditHours: 'Credit Hours',
  institution: 'Institution',
  canonicalName: 'Canonical Name',
  term: 'Term',
} as const;

/** The metadata rows above the courses; each is read (System Type decides the credits). */
const META_KEYS = ['Curriculum', 'Degree Plan', 'Institution', 'Degree Type', 'System Type', 'CIP'];

const REQUIRED: readonly string[] = [HEADERS.id, HEADERS.name, HEADERS.creditHours];

/** Canonical Name (CurricularAnalytics' cross-curriculum course name) has no place in the model. */
export const COURSE_COLUMNS: readonly KnownColumn[] = Object.values(HEADERS).map((name) => ({
  name,
  ...(REQUIRED.includes(name) ? { required: true } : {}),
  ...(name === HEADERS.canonicalName ? { notImported: true } : {}),
}));

/** Requisite cells list ids separated by `;` (some files use `,` inside a quoted cell). */
const ids = (cell: string): string[] => [
  ...new Set(
    cell
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/**
 * Parses the text of a CurricularAnalytics file (a curriculum or a degree plan): a metadata
 * block, a `Courses` line, a header line, the courses, and optionally an `Additional Courses`
 * section with its own header. Records are RFC 4180 (quoted fields may hold commas and line
 * breaks) and may end in CRLF, LF or a lone CR. Every problem is collected with its line, so
 * one pass tells the author everything that is wrong; a file with problems is not imported.
 * Every column of the header is accounted for (../columns.ts): a near-miss of a column that
 * is read (`Strict-Corequistes`) refuses the file with a suggestion, an unknown one is a
 * warning. A file that ends mid-record, or a course row that stops before its credit hours,
 * is refused rather than read as a course of 0 credits.
 */
export function parseCurricular(text: string, file: string): CurricularParse {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, problems: [csvProblem(err, file)], warnings };
    throw err;
  }
  const endsWithLineBreak = /[\r\n]$/.test(text);
  const meta: Record<string, string> = {};
  const courses: CurricularCourse[] = [];
  /** Courses turned down, by id: a requisite naming one says why, not "not in this file". */
  const rejected = new Map<string, { line: number; reason: string }>();
  let columns: Map<string, number> | undefined;
  let headerFields = 0;
  let columnsNotImported: string[] = [];
  let inCourses = false;
  let additional = false;
  let hasTerms = false;
  for (const [r, { record: cells, info }] of records.entries()) {
    const line = recordLine(cells, info.lines);
    const first = (cells[0] ?? '').trim();
    if (cells.every((c) => c.trim() === '')) continue;
    if (!inCourses) {
      if (first.toLowerCase() === 'courses') inCourses = true;
      else if (first) {
        const known = META_KEYS.find((k) => columnKey(k) === columnKey(first));
        if (known) meta[known] = (cells[1] ?? '').trim();
        else {
          // A misspelt `System Type` would silently make a quarter-system file semester.
          const near = nearMiss(
            first,
            META_KEYS.filter((k) => !(k in meta)).map((name) => ({ name })),
          );
          if (near)
            problems.push({
              file,
              line,
              message: `metadata row "${first}" is not a known one: did you mean "${near.name}"? (rename it; its value would otherwise be lost)`,
            });
          else
            warnings.push({ file, line, message: `unknown metadata row "${first}": not imported` });
        }
      }
      continue;
    }
    if (first.toLowerCase() === 'additional courses') {
      additional = true;
      continue;
    }
    if (columnKey(first) === columnKey(HEADERS.id)) {
      const check = checkHeader(cells, COURSE_COLUMNS, { file, line });
      warnings.push(...check.warnings);
      if (check.errors.length) {
        problems.push(...check.errors);
        return { ok: false, problems, warnings };
      }
      columns = check.index;
      headerFields = cells.length;
      columnsNotImported = [...new Set([...columnsNotImported, ...check.notImported])];
      if (columns.has(HEADERS.term)) hasTerms = true;
      continue;
    }
    if (!columns) {
      problems.push({ file, line, message: 'a course before the "Course ID,..." header line' });
      return { ok: false, problems, warnings };
    }
    const header = columns;
    const reject = (message: string) => {
      problems.push({ file, line, message });
      if (!rejected.has(first)) rejected.set(first, { line, reason: message });
    };
    const cut =
      r === records.length - 1 &&
      truncation(file, { line, fields: cells.length }, headerFields, endsWithLineBreak);
    if (cut) {
      reject(cut.message);
      continue;
    }
    const lastRequired = Math.max(...REQUIRED.map((name) => header.get(name)!));
    if (cells.length <= lastRequired) {
      reject(
        `the row has ${cells.length} of the header's ${headerFields} fields and stops before "${HEADERS.creditHours}"`,
      );
      continue;
    }
    const cell = (key: keyof typeof HEADERS): string => {
      const index = header.get(HEADERS[key]);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const hoursText = cell('creditHours');
    const hours = hoursText === '' ? 0 : Number(hoursText);
    if (!Number.isFinite(hours) || hours < 0) {
      reject(`credit hours "${hoursText}" is not a number ≥ 0`);
      continue;
    }
    const termText = cell('term');
    const term = termText === '' ? undefined : Number(termText);
    if (term !== undefined && !(Number.isInteger(term) && term > 0)) {
      reject(`term "${termText}" is not a whole number ≥ 1`);
      continue;
    }
    courses.push({
      id: first,
      line,
      name: cell('name'),
      prefix: cell('prefix'),
      number: cell('number'),
      prerequisites: ids(cell('prerequisites')),
      corequisites: ids(cell('corequisites')),
      strictCorequisites: ids(cell('strictCorequisites')),
      creditHours: hours,
      institution: cell('institution'),
      canonicalName: cell('canonicalName'),
      term,
      additional,
    });
  }
  // Not a curriculum at all: what its rows are called is beside the point.
  if (!inCourses)
    return {
      ok: false,
      problems: [{ file, message: 'no "Courses" line: not a CurricularAnalytics file' }],
      warnings: [],
    };
  if (!columns) problems.push({ file, message: 'no "Course ID,..." header line' });

  // Ids are local to the file: each must be unique, and every requisite must name one.
  const seen = new Map<string, number>();
  for (const c of courses) {
    const first = seen.get(c.id);
    if (first !== undefined)
      problems.push({
        file,
        line: c.line,
        message: `duplicate course id "${c.id}" (first at line ${first})`,
      });
    else seen.set(c.id, c.line);
  }
  for (const c of courses) {
    for (const key of ['prerequisites', 'corequisites', 'strictCorequisites'] as const) {
      const label =
        key === 'strictCorequisites'
          ? 'strict co-requisite'
          : key.slice(0, -1).replace('co', 'co-');
      for (const r of c[key]) {
        const turnedDown = rejected.get(r);
        if (r === c.id)
          warnings.push({
            file,
            line: c.line,
            message: `course ${c.id} lists itself as a ${label}; ignored`,
          });
        else if (!seen.has(r) && turnedDown)
          problems.push({
            file,
            line: c.line,
            message: `course ${c.id}: ${label} "${r}" is the course at line ${turnedDown.line}, which was rejected: ${turnedDown.reason}`,
          });
        else if (!seen.has(r))
          problems.push({
            file,
            line: c.line,
            message: `course ${c.id}: ${label} "${r}" is not a course of this file`,
          });
      }
      c[key] = c[key].filter((r) => r !== c.id);
    }
  }
  if (problems.length) return { ok: false, problems, warnings };
  const name = meta['Curriculum'] || meta['Degree Plan'] || file;
  return {
    ok: true,
    curriculum: { meta, name, courses, hasTerms },
    warnings,
    columnsNotImported,
  };
}
