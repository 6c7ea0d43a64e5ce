import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AnalyticsInputError } from '../analytics/index.js';
import {
  ANALYSIS_FORMATS,
  isAnalysisFormat,
  renderTable,
  whatIfTable,
} from '../export/analytics.js';
import { CatalogueValidationError, Id } from '../model/index.js';
import { applyWhatIfDraft, runWhatIf } from '../service/whatIf.js';
import { EXIT, guarded, withStore } from './run.js';

interface Options {
  apply?: boolean;
  qualification?: string;
  format: string;
  instance: string;
}

/**
 * `pathways what-if DRAFT.json [--apply] [--qualification Q]`: what a draft change to the
 * catalogue would do, written nowhere; with --apply, the draft is then applied through the
 * validated write path (one transaction; applying it again writes nothing). A draft that
 * fails validation exits 2 naming each field inside the draft.
 */
export function register(program: Command): void {
  program
    .command('what-if')
    .description(
      'What a draft change to the catalogue would do: plans, reachability, orphans, complexity, stored learners; --apply writes it.',
    )
    .argument('<draft>', 'a catalogue draft (JSON, schema/draft.schema.json)')
    .option('--apply', 'after evaluating, apply the draft in one transaction')
    .option(
      '--qualification <id>',
      'only this qualification (re-planned when the draft touches it)',
    )
    .option('--format <format>', `output: ${ANALYSIS_FORMATS.join(', ')}`, 'text')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .action(
      guarded('what-if', async (path: string, o: Options) => {
        const fail = (message: string) => {
          process.stderr.write(`pathways what-if: ${message}\n`);
          return EXIT.usage;
        };
        const format = o.format;
        if (!isAnalysisFormat(format))
          return fail(`--format must be one of ${ANALYSIS_FORMATS.join(', ')}`);
        if (o.qualification !== undefined && !Id.safeParse(o.qualification).success)
          return fail('--qualification is not a valid id');
        let draft: unknown;
        try {
          draft = JSON.parse(await readFile(path, 'utf8'));
        } catch (err) {
          return fail(`${path}: ${err instanceof Error ? err.message : String(err)}`);
        }
        const options = o.qualification === undefined ? {} : { qualification: o.qualification };
        try {
          return await withStore(o.instance, async (store) => {
            const report = await runWhatIf(store, draft, options);
            process.stdout.write(
              format === 'json' && !o.apply
                ? `${JSON.stringify(report, null, 2)}\n`
                : format === 'json'
                  ? ''
                  : renderTable(whatIfTable(report), format),
            );
            if (!o.apply) return EXIT.ok;
            const applied = await applyWhatIfDraft(store, draft);
            if (o.format === 'json')
              process.stdout.write(`${JSON.stringify({ report, applied }, null, 2)}\n`);
            else
              process.stdout.write(
                applied.written
                  ? `\nApplied: catalogue version ${applied.version}.\n`
                  : `\nNothing to apply: the catalogue already is as the draft says (version ${applied.version}).\n`,
              );
            return EXIT.ok;
          });
        } catch (err) {
          if (err instanceof CatalogueValidationError)
            return fail(err.message.replace(/^catalogue rejected/, 'draft rejected'));
          if (err instanceof AnalyticsInputError) return fail(err.message);
          throw err;
        }
      }),
    );
}
