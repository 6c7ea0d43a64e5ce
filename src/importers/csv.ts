import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportRejectedError } from './problems.js';

export interface CsvRow {
  /** 1-based line where the record starts (records may span lines). */
  line: number;
  /** Cell by column name (header names trimmed); missing cells are ''. */
  cells: Record<string, string>;
}

/**
 * Streams the records of an RFC 4180 file with a header line: quoted fields may hold commas,
 * doubled quotes and line breaks; records may end in CRLF or LF within one file (ESCO's
 * skillsHierarchy_en.csv mixes them, and csv-parse's auto-detection locks onto the first);
 * a byte-order mark is dropped. The header must name every `required` column, otherwise the
 * file is rejected before any row is read; broken CSV rejects the file with its line.
 */
export async function* readCsv(
  stream: Readable,
  file: string,
  format: string,
  required: readonly string[],
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
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const { record, info } = item;
      if (!header) {
        header = record.map((h) => h.trim());
        const missing = required.filter((c) => !header!.includes(c));
        if (missing.length)
          throw new ImportRejectedError(format, [
            {
              file,
              line: 1,
              message: `malformed header: missing column${missing.length > 1 ? 's' : ''} ${missing
                .map((m) => `"${m}"`)
                .join(', ')} (found ${header.map((h) => `"${h}"`).join(', ')})`,
            },
          ]);
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, i) => (cells[name] = record[i] ?? ''));
      // info.lines is the line where the record ends; count its own breaks back.
      const breaks = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
      yield { line: info.lines - breaks, cells };
    }
  } catch (err) {
    if (err instanceof CsvError)
      throw new ImportRejectedError(format, [
        { file, line: (err as CsvError & { lines?: number }).lines, message: err.message },
      ]);
    throw err;
  }
  if (!header) throw new ImportRejectedError(format, [{ file, message: 'empty file, no header' }]);
}
