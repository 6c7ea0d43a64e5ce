import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '../service/store.js';
import { readSettings } from '../settings.js';
import { importCatalogue, type ImportSummary } from '../store/index.js';
import { EXIT, guarded } from './run.js';

/** Progress on a terminal (one line rewritten), plain lines otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = '';
  return (step: string, done: number, total: number) => {
    const line = `${step}: ${done}/${total}`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}`);
      if (done === total) stream.write('\n');
    } else if (done === total && line !== last) stream.write(`${line}\n`);
    last = line;
  };
}

export function formatSummary(s: ImportSummary): string {
  return [
    `Imported (catalogue version ${s.version}):`,
    `  providers        ${s.providers}`,
    `  credentials      ${s.credentials} (${s.qualifications} qualifications, ${s.requirements} rule nodes)`,
    `  learning outcomes ${s.learningOutcomes}`,
    `  skills           ${s.skills}`,
    `  occupations      ${s.occupations}`,
    `  recognitions     ${s.recognitions}`,
    `  learners         ${s.learners} (${s.holdings} holdings)`,
    `  derived STACKS_INTO links ${s.stacksInto}`,
  ].join('\n');
}

/** Reads, validates and imports a native catalogue document. */
export async function importCatalogueFile(
  path: string,
  options: { instance?: string; progress?: boolean } = {},
): Promise<ImportSummary> {
  const text = await readFile(path, 'utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  const store = await openStore(readSettings(), { instance: options.instance });
  try {
    return await importCatalogue(store.driver, document, {
      database: store.database,
      onProgress: options.progress === false ? undefined : progressPrinter(),
    });
  } finally {
    await store.close();
  }
}

/** `pathways import <format> <path>`. */
export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import a catalogue into Neo4j: validated first, written in one transaction, idempotent.',
    )
    .argument('<format>', 'catalogue (the native document; see schema/catalogue.schema.json)')
    .argument('<path>', 'file to import')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .option('--json', 'print the summary as JSON')
    .action(
      guarded(
        'import',
        async (format: string, path: string, opts: { instance: string; json?: boolean }) => {
          if (format !== 'catalogue') {
            process.stderr.write(
              `pathways import: unknown format "${format}" (supported: catalogue)\n`,
            );
            return EXIT.usage;
          }
          try {
            const summary = await importCatalogueFile(path, {
              instance: opts.instance,
              progress: !opts.json,
            });
            process.stdout.write(
              opts.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`,
            );
            return EXIT.ok;
          } catch (err) {
            if (err instanceof SyntaxError) {
              process.stderr.write(`pathways import: ${err.message}\n`);
              return EXIT.unsatisfied;
            }
            throw err;
          }
        },
      ),
    );
}
