import { parse } from 'csv-parse/sync';
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
  | { ok: true; curriculum: Curriculum; warnings: ImportProblem[] }
  | { ok: false; problems: ImportProblem[] };

const HEADERS = {
  id: 'course id',
  name: 'course name',
  prefix: 'prefix',
  number: 'number',
  prerequisites: 'prerequisites',
  corequisites: 'corequisites',
  strictCorequisites: 'strict corequisites',
  creditHours: 'credit hours',
  institution: 'institution',
  canonicalName: 'canonical name',
  term: 'term',
} as const;

const REQUIRED = [HEADERS.id, HEADERS.name, HEADERS.creditHours] as const;

/** Header names compared loosely: `Course ID`, `course_id`, `Strict-Corequisites` all match. */
const headerKey = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

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
    const e = err as Error & { lines?: number };
    return { ok: false, problems: [{ file, line: e.lines, message: e.message }] };
  }
  const meta: Record<string, string> = {};
  const courses: CurricularCourse[] = [];
  let columns: Map<string, number> | undefined;
  let inCourses = false;
  let additional = false;
  let hasTerms = false;
  for (const { record: cells, info } of records) {
    const line = info.lines - cells.reduce((n, v) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const first = (cells[0] ?? '').trim();
    if (cells.every((c) => c.trim() === '')) continue;
    if (!inCourses) {
      if (first.toLowerCase() === 'courses') inCourses = true;
      else if (first) meta[first] = (cells[1] ?? '').trim();
      continue;
    }
    if (first.toLowerCase() === 'additional courses') {
      additional = true;
      continue;
    }
    if (headerKey(first) === HEADERS.id) {
      columns = new Map(cells.map((c, i) => [headerKey(c), i]));
      const missing = REQUIRED.filter((r) => !columns!.has(r));
      if (missing.length) {
        problems.push({
          file,
          line,
          message: `malformed header: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`,
        });
        return { ok: false, problems };
      }
      if (columns.has(HEADERS.term)) hasTerms = true;
      continue;
    }
    if (!columns) {
      problems.push({ file, line, message: 'a course before the "Course ID,..." header line' });
      return { ok: false, problems };
    }
    const header = columns;
    const cell = (key: keyof typeof HEADERS): string => {
      const index = header.get(HEADERS[key]);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const hoursText = cell('creditHours');
    const hours = hoursText === '' ? 0 : Number(hoursText);
    if (!Number.isFinite(hours) || hours < 0) {
      problems.push({ file, line, message: `credit hours "${hoursText}" is not a number ≥ 0` });
      continue;
    }
    const termText = cell('term');
    const term = termText === '' ? undefined : Number(termText);
    if (term !== undefined && !(Number.isInteger(term) && term > 0)) {
      problems.push({ file, line, message: `term "${termText}" is not a whole number ≥ 1` });
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
  if (!inCourses)
    problems.push({ file, message: 'no "Courses" line: not a CurricularAnalytics file' });
  else if (!columns) problems.push({ file, message: 'no "Course ID,..." header line' });

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
        if (r === c.id)
          warnings.push({
            file,
            line: c.line,
            message: `course ${c.id} lists itself as a ${label}; ignored`,
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
  if (problems.length) return { ok: false, problems };
  const name = meta['Curriculum'] || meta['Degree Plan'] || file;
  return { ok: true, curriculum: { meta, name, courses, hasTerms }, warnings };
}
