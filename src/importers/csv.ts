import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { checkHeader, type HeaderCheck, type KnownColumn } from './columns.js';
import { ImportRejectedError, type ImportProblem } from './problems.js';

export interface CsvRow {
  /** 1-based line where the record starts (records may span lines). */
  line: number;
  /** Cell by known column name; missing cells are ''. Unknown columns are left out. */
  cells: Record<string, string>;
}

export interface CsvOptions {
  /** The columns the importer knows (see checkHeader). */
  columns: readonly KnownColumn[];
  /** Called once with the header's check: its warnings and the columns not imported. */
  onHeader?: ((check: HeaderCheck) => void) | undefined;
  /**
   * Every file of the format ends with a line break (ESCO's do), so one that does not was
   * cut short, even when its last record happens to have all its fields.
   */
  endsWithLineBreak?: boolean;
}

/** 1-based line where a parsed record starts: csv-parse gives the line where it ends. */
export const recordLine = (record: readonly string[], endLine: number): number =>
  endLine - record.reduce((n, v) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** A csv-parse error as a problem with its line, saying what it means for a cut-short file. */
export function csvProblem(err: CsvError & { lines?: number }, file: string): ImportProblem {
  if (err.code === 'CSV_QUOTE_NOT_CLOSED')
    return {
      file,
      line: err.lines,
      message: `the file ends inside a quoted field (${err.message}): it was cut short, or a quote is never closed`,
    };
  return { file, line: err.lines, message: err.message };
}

/**
 * The problem when a file ends mid-record: its last record has fewer fields than the
 * header and no line break follows it (a record may legitimately leave out trailing empty
 * cells, as ESCO's skillsHierarchy_en.csv does, but then it ends its line), or the format
 * always ends files with a line break and this one does not.
 */
export function truncation(
  file: string,
  last: { line: number; fields: number } | undefined,
  headerFields: number,
  endsWithLineBreak: boolean,
  lineBreakRequired = false,
): ImportProblem | undefined {
  if (!last || endsWithLineBreak) return undefined;
  if (last.fields < headerFields)
    return {
      file,
      line: last.line,
      message: `the file ends mid-record: the last record has ${last.fields} of the header's ${headerFields} fields and no line break after it (cut short?)`,
    };
  if (lineBreakRequired)
    return {
      file,
      line: last.line,
      message:
        'the file does not end with a line break, as every file of this format does (cut short?)',
    };
  return undefined;
}

/**
 * Streams the records of an RFC 4180 file with a header line: quoted fields may hold commas,
 * doubled quotes and line breaks; records may end in CRLF or LF within one file (ESCO's
 * skillsHierarchy_en.csv mixes them, and csv-parse's auto-detection locks onto the first);
 * a byte-order mark is dropped. The header is checked against the known columns
 * (checkHeader): a missing required column or a near-miss of an imported one rejects the file
 * before any row is read, unknown columns are reported through onHeader. Broken CSV and a
 * file cut short (see truncation) reject the file with its line; rows already yielded are
 * then void, so consumers write nothing before the generator is done.
 */
export async function* readCsv(
  stream: Readable,
  file: string,
  format: string,
  options: CsvOptions,
): AsyncGenerator<CsvRow> {
  const parser = stream.pipe(
    parse({
      bom: true,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  // A read error on the source (e.g. a missing file) reaches the parser's consumer.
  stream.on('error', (err) => parser.destroy(err));
  let lastByte: number | undefined;
  stream.on('data', (chunk: Buffer | string) => {
    if (chunk.length)
      lastByte =
        typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1];
  });
  let header: string[] | undefined;
  let last: { line: number; fields: number } | undefined;
  let columns: Map<string, number> | undefined;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const { record, info } = item;
      if (!header) {
        header = record;
        const check = checkHeader(header, options.columns, { file, line: 1 });
        if (check.errors.length) throw new ImportRejectedError(format, check.errors);
        options.onHeader?.(check);
        columns = check.index;
        continue;
      }
      const cells: Record<string, string> = {};
      for (const [name, i] of columns!) cells[name] = record[i] ?? '';
      last = { line: recordLine(record, info.lines), fields: record.length };
      yield { line: last.line, cells };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new ImportRejectedError(format, [csvProblem(err, file)]);
    throw err;
  }
  if (!header) throw new ImportRejectedError(format, [{ file, message: 'empty file, no header' }]);
  const cut = truncation(
    file,
    last ?? { line: 1, fields: header.length },
    header.length,
    lastByte === 0x0a || lastByte === 0x0d,
    options.endsWithLineBreak,
  );
  if (cut) throw new ImportRejectedError(format, [cut]);
}
