import { Command, Option } from 'commander';

import {
  boltProbe,
  InstanceConfigError,
  localInstance,
  neo4jStatus,
  startNeo4j,
  stopNeo4j,
} from '../neo4j-server/index.js';
import { readSettings } from '../settings.js';
import { clearDatabase, readCatalogue } from '../store/index.js';
import { setAsideMessages } from '../store/storedCatalogue.js';
import { guarded, withStore } from './run.js';

interface InstanceOptions {
  instance: string;
}

const instanceOption = (): Option =>
  new Option('--instance <name>', 'local Neo4j instance (.neo4j/instances/<name>)').default(
    'default',
  );

/** `pathways db start|stop|status`: the local Neo4j server of this checkout. */
export function register(program: Command): void {
  const db = program
    .command('db')
    .description(
      'Manage the local Neo4j server (fetched from Maven Central on first start). ' +
        'With NEO4J_URI set, the product uses that server instead.',
    );

  db.command('start')
    .description('Start the local Neo4j (no-op when it is already running) and wait for Bolt.')
    .addOption(instanceOption())
    .option('--timeout <seconds>', 'how long to wait for Bolt', '120')
    .action(
      guarded('db', async (opts: InstanceOptions & { timeout: string }) => {
        const settings = readSettings();
        if (settings.external) {
          process.stdout.write(
            `NEO4J_URI is set: using the Neo4j at ${settings.external.uri}; no local server started.\n`,
          );
          return 0;
        }
        const timeoutSeconds = Number(opts.timeout);
        if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
          throw new InstanceConfigError(`--timeout must be a positive number of seconds.`);
        }
        const instance = await localInstance(settings.home, opts.instance);
        const t0 = Date.now();
        const local = await startNeo4j(settings.home, instance, {
          timeoutMs: timeoutSeconds * 1000,
          log: (message) => process.stderr.write(`${message}\n`),
        });
        const took = ((Date.now() - t0) / 1000).toFixed(1);
        process.stdout.write(
          local.alreadyRunning
            ? `Neo4j "${instance.name}" is already running at ${local.uri} (pid ${local.pid}).\n`
            : `Neo4j "${instance.name}" started at ${local.uri} (pid ${local.pid}, ${took} s).\n`,
        );
        return 0;
      }),
    );

  db.command('stop')
    .description('Stop the local Neo4j (no-op when it is not running).')
    .addOption(instanceOption())
    .option(
      '--kill',
      'kill it at once (SIGKILL), as a crash would; it recovers at the next start (for outage tests)',
    )
    .action(
      guarded('db', async (opts: InstanceOptions & { kill?: boolean }) => {
        const settings = readSettings();
        const instance = await localInstance(settings.home, opts.instance);
        const result = await stopNeo4j(settings.home, instance, { kill: opts.kill === true });
        const how = opts.kill ? ', killed' : result.killed ? ', killed after the timeout' : '';
        process.stdout.write(
          result.stopped
            ? `Neo4j "${instance.name}" stopped (pid ${result.pid}${how}).\n`
            : `Neo4j "${instance.name}" is not running.\n`,
        );
        return 0;
      }),
    );

  db.command('status')
    .description('Show whether the Neo4j in use is running; exit 0 if it is, 1 if not.')
    .addOption(instanceOption())
    .option('--json', 'print the status as JSON')
    .action(
      guarded('db', async (opts: InstanceOptions & { json?: boolean }) => {
        const settings = readSettings();
        const print = (fields: Record<string, string | number | boolean | null>): void => {
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(fields)}\n`);
            return;
          }
          for (const [key, value] of Object.entries(fields)) {
            process.stdout.write(
              `${`${key}:`.padEnd(10)}${value === null ? '-' : String(value)}\n`,
            );
          }
        };
        if (settings.external) {
          const problem = await boltProbe(settings.external, 5000);
          print({
            server: 'external (NEO4J_URI)',
            uri: settings.external.uri,
            running: problem === undefined,
            ...(problem === undefined ? {} : { error: problem }),
          });
          return problem === undefined ? 0 : 1;
        }
        const instance = await localInstance(settings.home, opts.instance);
        const status = await neo4jStatus(settings.home, instance);
        const state = status.running
          ? status.boltReachable
            ? 'running'
            : 'starting (Bolt not answering yet)'
          : 'stopped';
        print({
          instance: status.instance,
          state,
          running: status.running && status.boltReachable,
          pid: status.pid ?? null,
          uri: status.uri,
          bolt: status.boltReachable,
        });
        if (!status.running && status.boltReachable) {
          process.stderr.write(
            `Note: a Bolt server answers on port ${instance.port}, but it is not the Pathways instance "${instance.name}".\n`,
          );
        }
        return status.running && status.boltReachable ? 0 : 1;
      }),
    );

  db.command('check')
    .description(
      'Read the whole stored catalogue as planning does and list every record, rule or reference ' +
        'it sets aside because the current schemas reject it (written by an older version or ' +
        'edited by hand), so it can be repaired; exit 0 if none, 1 if any.',
    )
    .addOption(instanceOption())
    .option('--json', 'print what is set aside as JSON')
    .action(
      guarded('db', async (opts: InstanceOptions & { json?: boolean }) => {
        const read = await withStore(opts.instance, (_store, driver, { database }) =>
          readCatalogue(driver, database, { warn: () => undefined }),
        );
        const { setAside, setAsideRecords, droppedReferences } = read;
        const count = setAside.length + setAsideRecords.length + droppedReferences.length;
        if (opts.json)
          process.stdout.write(
            `${JSON.stringify({ version: read.version, epoch: read.epoch, records: setAsideRecords, rules: setAside, references: droppedReferences })}\n`,
          );
        else if (count === 0)
          process.stdout.write(
            `Catalogue version ${read.version}: every stored record is valid; nothing is set aside.\n`,
          );
        else
          process.stdout.write(
            `Catalogue version ${read.version}: ${count} stored item${count === 1 ? '' : 's'} set aside; replace or delete each to repair it:\n` +
              setAsideMessages(read)
                .map((m) => `  ${m}\n`)
                .join(''),
          );
        return count === 0 ? 0 : 1;
      }),
    );

  db.command('clear')
    .description(
      'Delete every node and relationship (catalogue, learners, keys); the schema stays.',
    )
    .addOption(instanceOption())
    .requiredOption('--yes', 'confirm that everything stored is to be deleted')
    .action(
      guarded('db', async (opts: InstanceOptions) => {
        const uri = await withStore(opts.instance, async (store, driver, { database }) => {
          await clearDatabase(driver, database);
          return store.connection.uri;
        });
        process.stdout.write(`Deleted all data in ${uri}.\n`);
        return 0;
      }),
    );
}
