import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readSettings } from '../settings.js';
import { credentialCount, importCatalogue } from '../store/index.js';
import { formatSummary, progressPrinter } from './import.js';
import { EXIT, guarded, withStore } from './run.js';
import { apiConfigOf, serveDefaults, serveUntilSignal } from './serve.js';

/**
 * `pathways up`: the product on its embedded default. Starts the local Neo4j (fetching it on
 * first use), applies migrations, loads the seed catalogue when the graph has no credentials
 * yet (or always with --reseed; the import is idempotent), and says what to try next.
 */
export function register(program: Command): void {
  program
    .command('up')
    .description(
      'Start the local Neo4j, apply migrations and load the seed catalogue if the graph is empty.',
    )
    .option('--reseed', 'import the seed catalogue even when the graph already has one')
    .option('--serve', 'then serve the HTTP API (and /docs) until interrupted')
    .option('--port <port>', 'with --serve: TCP port on 127.0.0.1', process.env.PORT ?? '8080')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .action(
      guarded(
        'up',
        async (o: { reseed?: boolean; serve?: boolean; port: string; instance: string }) => {
          const settings = readSettings();
          const log = (m: string) => process.stderr.write(`${m}\n`);
          return withStore(
            o.instance,
            async (store, driver, db) => {
              const existing = await credentialCount(driver, db);
              if (existing === 0 || o.reseed) {
                const seed = JSON.parse(
                  await readFile(`${settings.home}/seed/catalogue.json`, 'utf8'),
                ) as unknown;
                const summary = await importCatalogue(driver, seed, {
                  ...db,
                  onProgress: progressPrinter(),
                });
                process.stdout.write(`Seed catalogue loaded.\n${formatSummary(summary)}\n`);
              } else {
                process.stdout.write(
                  `The graph already holds ${existing} credentials; seed not reloaded (use --reseed).\n`,
                );
              }
              process.stdout.write(
                [
                  '',
                  `Pathways is up: Neo4j at ${store.connection.uri}${store.connection.embedded ? ' (local)' : ''}.`,
                  ...(o.serve
                    ? []
                    : ['Serve the HTTP API with `node bin/pathways.js serve` (or `npm start`).']),
                  'Try:',
                  '  node bin/pathways.js audit --learner learner-partway --qualification smtu:cert-data-analytics',
                  '  node bin/pathways.js plan --learner learner-new --qualification smtu:hdip-data-analytics --alternatives 1',
                  '  node bin/pathways.js db stop',
                  '',
                ].join('\n'),
              );
              if (o.serve) {
                const { host, port, config } = apiConfigOf(serveDefaults(o.port));
                await serveUntilSignal(store, config, host, port);
              }
              return EXIT.ok;
            },
            { log },
          );
        },
      ),
    );
}
