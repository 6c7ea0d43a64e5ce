import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '../service/store.js';
import { readSettings } from '../settings.js';
import { importCatalogue, type ImportSummary } from '../store/index.js';
import {
  importCtdlCommand,
  importHoldingsCommand,
  type ImportCommandOptions,
} from './importFormats.js';
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

/** `pathways import <format> ...`: dispatches to the format's importer. */
export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import into Neo4j: validated first, written in one transaction, idempotent.\n' +
        '  pathways import catalogue <file>             the native document (schema/catalogue.schema.json)\n' +
        '  pathways import ctdl <file|folder>...        CTDL JSON-LD pathways and transfer values\n' +
        "  pathways import holdings <learner> <file|folder>...  a learner's Open Badges 3 / Europass credentials",
    )
    .argument('<format>', 'catalogue, ctdl or holdings')
    .argument('<args...>', 'paths (holdings: the learner id, then paths)')
    .option('--map <file>', 'holdings: achievement id → credential id mapping (JSON object)')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .option('--json', 'print the summary as JSON')
    .action(
      guarded('import', async (format: string, args: string[], opts: ImportCommandOptions) => {
        const usage = (message: string) => {
          process.stderr.write(`pathways import: ${message}\n`);
          return EXIT.usage;
        };
        if (format === 'ctdl') return importCtdlCommand(args, opts);
        if (format === 'holdings') {
          const [learner, ...paths] = args;
          if (!learner || paths.length === 0)
            return usage('holdings needs a learner id and at least one file or folder');
          return importHoldingsCommand(learner, paths, opts);
        }
        if (format !== 'catalogue')
          return usage(`unknown format "${format}" (supported: catalogue, ctdl, holdings)`);
        if (args.length !== 1) return usage('catalogue takes exactly one file');
        try {
          const summary = await importCatalogueFile(args[0]!, {
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
      }),
    );
}
