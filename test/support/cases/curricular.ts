/**
 * A small reader for the CurricularAnalytics CSV format (curricula and degree plans), for
 * tests that plan real curricula: a metadata block (`Curriculum`, `Degree Plan`,
 * `Institution`, `Degree Type`, `System Type`, `CIP`), a `Courses` line, a header line
 * (`Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,
 * Credit Hours,Institution,Canonical Name[,Term]`), the courses, and optionally an
 * `Additional Courses` section with the same header. Requisite cells hold `;`-separated
 * course ids local to the file.
 *
 * Files are UTF-8 (some with a byte-order mark) or Mac Roman; records end in CRLF, LF or CR.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CatalogueDocumentInput } from '../../../src/model/index.js';

export interface CurricularCourse {
  id: string;
  name: string;
  prefix: string;
  number: string;
  prerequisites: string[];
  corequisites: string[];
  strictCorequisites: string[];
  creditHours: number;
  institution: string;
  canonicalName: string;
  term?: number | undefined;
  /** Listed under `Additional Courses` (degree plans). */
  additional: boolean;
}

export interface Curriculum {
  /** Metadata block: `Curriculum`, `Institution`, `System Type`, ... (first cell -> second). */
  meta: Record<string, string>;
  name: string;
  courses: CurricularCourse[];
}

/** Decodes a file's bytes: UTF-8 when valid (byte-order mark dropped), Mac Roman otherwise. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    text = new TextDecoder('macintosh').decode(bytes);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * RFC 4180 records: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (`""`). Records end in CRLF, LF or a lone CR. A final empty line
 * is not a record.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

const HEADERS = {
  id: 'course id',
  name: 'course name',
  prefix: 'prefix',
  number: 'number',
  prerequisites: 'prerequisites',
  corequisites: 'corequisites',
  strictCorequisites: 'strict-corequisites',
  creditHours: 'credit hours',
  institution: 'institution',
  canonicalName: 'canonical name',
  term: 'term',
} as const;

const ids = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses the text of a CurricularAnalytics file. */
export function parseCurricular(text: string, source = 'curriculum'): Curriculum {
  const rows = parseCsv(text);
  const meta: Record<string, string> = {};
  const courses: CurricularCourse[] = [];
  let columns: Map<string, number> | undefined;
  let inCourses = false;
  let additional = false;
  for (const [r, cells] of rows.entries()) {
    const first = (cells[0] ?? '').trim();
    if (cells.every((c) => c.trim() === '')) continue;
    if (!inCourses) {
      if (first.toLowerCase() === 'courses') inCourses = true;
      else meta[first] = (cells[1] ?? '').trim();
      continue;
    }
    if (first.toLowerCase() === 'additional courses') {
      additional = true;
      continue;
    }
    if (first.toLowerCase() === HEADERS.id) {
      columns = new Map(cells.map((c, i) => [c.trim().toLowerCase(), i]));
      for (const required of [HEADERS.id, HEADERS.name, HEADERS.creditHours])
        if (!columns.has(required))
          throw new Error(`${source}: line ${r + 1}: no "${required}" column`);
      continue;
    }
    if (!columns) throw new Error(`${source}: line ${r + 1}: a course before the header line`);
    const header = columns;
    const cell = (key: keyof typeof HEADERS): string => {
      const index = header.get(HEADERS[key]);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const hours = Number(cell('creditHours') || '0');
    if (!Number.isFinite(hours) || hours < 0)
      throw new Error(`${source}: line ${r + 1}: credit hours "${cell('creditHours')}"`);
    const term = cell('term');
    courses.push({
      id: first,
      name: cell('name'),
      prefix: cell('prefix'),
      number: cell('number'),
      prerequisites: ids(cell('prerequisites')),
      corequisites: ids(cell('corequisites')),
      strictCorequisites: ids(cell('strictCorequisites')),
      creditHours: hours,
      institution: cell('institution'),
      canonicalName: cell('canonicalName'),
      term: term === '' ? undefined : Number(term),
      additional,
    });
  }
  if (!inCourses) throw new Error(`${source}: no "Courses" line`);
  const name = meta['Curriculum'] ?? meta['Degree Plan'] ?? source;
  return { meta, name, courses };
}

/** Reads and parses a CurricularAnalytics file. */
export function readCurricular(path: string): Curriculum {
  return parseCurricular(decodeText(readFileSync(path)), basename(path));
}

/** Id of a course's credential in the catalogue built from a curriculum. */
export const courseCredentialId = (prefix: string, courseId: string) => `${prefix}:${courseId}`;

/**
 * A catalogue document for a curriculum: every course an earnable credential (credits =
 * credit hours, prerequisites as an ALL entry rule, co-requisites and strict co-requisites
 * as `corequisites`), and the curriculum a qualification whose award rule is ALL over its
 * courses.
 */
export function curriculumCatalogue(
  curriculum: Curriculum,
  prefix: string,
): { document: CatalogueDocumentInput; qualification: string } {
  const id = (courseId: string) => courseCredentialId(prefix, courseId);
  const unique = (list: string[], self: string) =>
    [...new Set(list)].filter((x) => x !== self).map(id);
  const hoursUnit = /quarter/i.test(curriculum.meta['System Type'] ?? '')
    ? 'US quarter credit hours'
    : 'US semester credit hours';
  const credentials: NonNullable<CatalogueDocumentInput['credentials']> = curriculum.courses.map(
    (c) => {
      const prerequisites = unique(c.prerequisites, c.id);
      const corequisites = unique([...c.corequisites, ...c.strictCorequisites], c.id);
      const label = [c.prefix, c.number].filter(Boolean).join(' ');
      return {
        id: id(c.id),
        title: c.name || label || `Course ${c.id}`,
        kind: 'course',
        credits: c.creditHours,
        creditSystem: hoursUnit,
        creditsOriginal: c.creditHours,
        ...(prerequisites.length ? { entryRule: { op: 'ALL', accepts: prerequisites } } : {}),
        corequisites,
      };
    },
  );
  const qualification = `${prefix}:curriculum`;
  credentials.push({
    id: qualification,
    title: curriculum.name,
    kind: 'degree',
    qualification: true,
    credits: curriculum.courses.reduce((sum, c) => sum + c.creditHours, 0),
    awardRule: {
      op: 'ALL',
      label: curriculum.name,
      accepts: [...new Set(curriculum.courses.map((c) => id(c.id)))],
    },
  });
  return {
    document: { name: `${curriculum.name} (${curriculum.meta['Institution'] ?? ''})`, credentials },
    qualification,
  };
}
