import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { catalogueToJson } from '../export/index.js';
import { readCatalogue } from '../store/index.js';
import { EXIT, guarded, withStore } from './run.js';

/** `pathways export catalogue [--out file]`: the graph as a native catalogue document. */
export function register(program: Command): void {
  program
    .command('export')
    .description(
      'Export the catalogue as a native document (pathways-catalogue/1) that imports back identically.',
    )
    .argument('<what>', 'catalogue')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .action(
      guarded('export', async (what: string, opts: { out?: string; instance: string }) => {
        if (what !== 'catalogue') {
          process.stderr.write(`pathways export: unknown "${what}" (supported: catalogue)\n`);
          return EXIT.usage;
        }
        const text = await withStore(opts.instance, async (_store, driver, { database }) =>
          catalogueToJson((await readCatalogue(driver, database)).doc),
        );
        if (opts.out) await writeFile(opts.out, text);
        else process.stdout.write(text);
        return EXIT.ok;
      }),
    );
}
