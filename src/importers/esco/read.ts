import type { Readable } from 'node:stream';
import { readCsv } from '../csv.js';
import { ImportRejectedError, type ImportProblem } from '../problems.js';
import { ESCO_FILES, type EscoFileSpec } from './files.js';
import { EscoMapper } from './map.js';

/** Opens a file of the download by name; undefined when there is no such file. */
export type OpenEscoFile = (fileName: string) => Readable | undefined;

export type Progress = (step: string, done: number, total: number) => void;

/**
 * Streams every file of an ESCO download through the mapper, concept files first. Every
 * required file must be there before anything is read; a missing one, a malformed header (a
 * required column missing, a near-miss of a column that is read), broken CSV or a file cut
 * short rejects the whole download (ImportRejectedError) with each problem found. Unknown
 * columns are warnings in the file's report.
 */
export async function readEsco(open: OpenEscoFile, onProgress?: Progress): Promise<EscoMapper> {
  const found: { spec: EscoFileSpec; name: string; stream: Readable }[] = [];
  const problems: ImportProblem[] = [];
  for (const spec of ESCO_FILES) {
    let hit: { name: string; stream: Readable } | undefined;
    for (const name of spec.names) {
      const stream = open(name);
      if (stream) {
        hit = { name, stream };
        break;
      }
    }
    if (hit) found.push({ spec, ...hit });
    else if (!spec.optional)
      problems.push({
        file: spec.names[0]!,
        message: `required file is missing (looked for ${spec.names.join(' or ')})`,
      });
  }
  if (problems.length) {
    for (const f of found) f.stream.destroy();
    throw new ImportRejectedError('ESCO', problems);
  }
  const mapper = new EscoMapper();
  try {
    for (const { spec, name, stream } of found) {
      mapper.beginFile(name, spec.key);
      let rows = 0;
      const records = readCsv(stream, name, 'ESCO', {
        columns: spec.columns,
        onHeader: (check) => {
          mapper.header(check);
        },
        endsWithLineBreak: true,
      });
      for await (const row of records) {
        mapper.row(spec.key, row);
        if (++rows % 2000 === 0) onProgress?.(`reading ${name}`, rows, 0);
      }
      onProgress?.(`reading ${name}`, rows, rows);
    }
  } finally {
    for (const f of found) f.stream.destroy();
  }
  return mapper;
}
