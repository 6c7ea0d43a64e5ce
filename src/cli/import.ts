import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ImportRejectedError } from '../importers/problems.js';
import { importCatalogue, type ImportSummary } from '../store/index.js';
import { EXIT, guarded, withStore } from './run.js';
import {
  formatCurricularSummary,
  formatEscoSummary,
  importCurricularPath,
  importEscoFolder,
} from './importCsvFormats.js';
import {
  importCtdlCommand,
  importHoldingsCommand,
  type ImportCommandOptions,
} from './importJsonLdFormats.js';

const FORMATS = ['catalogue', 'esco', 'curricular', 'ctdl', 'holdings'] as const;

/**
 * Progress on a terminal: one line rewritten, with a bar when the total is known (a total of
 * 0 means "not known yet": rows are counted) and at most ten redraws a second. Not on a
 * terminal: one plain line per finished step.
 */
export function progressPrinter(
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr,
  now: () => number = Date.now,
) {
  let last = '';
  let drawn = -Infinity;
  return (step: string, done: number, total: number) => {
    const finished = total > 0 && done >= total;
    const line = `${step}: ${done}/${total}`;
    if (stream.isTTY) {
      if (!finished && now() - drawn < 100) return;
      drawn = now();
      const width = 24;
      const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
      const bar =
        total > 0
          ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`
          : `${done} rows`;
      stream.write(`\r\x1b[2K${step.padEnd(32)} ${bar}`);
      if (finished) stream.write('\n');
    } else if (finished && line !== last) stream.write(`${line}\n`);
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
  return withStore(options.instance ?? 'default', (_store, driver, db) =>
    importCatalogue(driver, document, {
      ...db,
      onProgress: options.progress === false ? undefined : progressPrinter(),
    }),
  );
}

/** `pathways import <format> ...`: the dispatcher; each format has its own glue. */
export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import into Neo4j: validated first, written transactionally, idempotent (re-importing changes nothing).\n' +
        '  pathways import catalogue <file>                     the native document (schema/catalogue.schema.json)\n' +
        '  pathways import esco <folder> [--allow-shrink]       the ESCO CSV download (v1.1.x, v1.2)\n' +
        '  pathways import curricular <file|folder>             CurricularAnalytics CSV curricula and degree plans\n' +
        '  pathways import ctdl <file|folder>...                CTDL JSON-LD pathways and transfer values\n' +
        "  pathways import holdings <learner> <file|folder>...  a learner's Open Badges 3 / Europass credentials",
    )
    .argument('<format>', FORMATS.join(' | '))
    .argument('<args...>', 'paths (holdings: the learner id, then paths)')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .option('--json', 'print the summary as JSON')
    .option('--batched', 'esco: one transaction per batch, for servers with little memory')
    .option(
      '--allow-shrink',
      'esco: write even if the graph would be left with 10% (and 100) fewer concepts or links of a kind than it has (refused otherwise: a file cut short looks like that)',
    )
    .option('--map <file>', 'holdings: achievement id → credential id mapping (JSON object)')
    .action(
      guarded(
        'import',
        async (
          format: string,
          args: string[],
          opts: ImportCommandOptions & { batched?: boolean; allowShrink?: boolean },
        ) => {
          const usage = (message: string) => {
            process.stderr.write(`pathways import: ${message}\n`);
            return EXIT.usage;
          };
          if (!(FORMATS as readonly string[]).includes(format))
            return usage(`unknown format "${format}" (supported: ${FORMATS.join(', ')})`);
          if (format === 'ctdl') return importCtdlCommand(args, opts);
          if (format === 'holdings') {
            const [learner, ...paths] = args;
            if (!learner || paths.length === 0)
              return usage('holdings needs a learner id and at least one file or folder');
            return importHoldingsCommand(learner, paths, opts);
          }
          if (args.length !== 1) return usage(`${format} takes exactly one path`);
          const path = args[0]!;
          const print = (summary: unknown, text: string) =>
            process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${text}\n`);
          if (format === 'catalogue') {
            try {
              const summary = await importCatalogueFile(path, {
                instance: opts.instance,
                progress: !opts.json,
              });
              print(summary, formatSummary(summary));
              return EXIT.ok;
            } catch (err) {
              if (err instanceof SyntaxError) {
                process.stderr.write(`pathways import: ${err.message}\n`);
                return EXIT.unsatisfied;
              }
              throw err;
            }
          }
          await stat(path); // an unknown path is a usage error (ENOENT), before any connection
          const progress = opts.json ? undefined : progressPrinter();
          return withStore(opts.instance, async (store) => {
            if (format === 'esco') {
              try {
                const summary = await importEscoFolder(store, path, {
                  progress,
                  batched: opts.batched,
                  allowShrink: opts.allowShrink,
                });
                print(summary, formatEscoSummary(summary));
                return EXIT.ok;
              } catch (err) {
                if (opts.json && err instanceof ImportRejectedError)
                  print({ format: 'esco', status: 'rejected', problems: err.problems }, '');
                throw err;
              }
            }
            const summary = await importCurricularPath(store, path, { progress });
            print(summary, formatCurricularSummary(summary));
            return summary.rejected > 0 ? EXIT.unsatisfied : EXIT.ok;
          });
        },
      ),
    );
}
