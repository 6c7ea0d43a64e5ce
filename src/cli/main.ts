import { Command, CommanderError } from 'commander';

import { installProcessHandlers } from './run.js';

/**
 * `pathways`: each group of sub-commands lives in its own module exporting
 * `register(program)`, called here.
 *
 * Exit codes scripts can rely on: 0 success; 1 the request could not be satisfied (an
 * infeasible plan, a rejected import); 2 usage or configuration error (missing Java, bad
 * arguments); 3 the database is unreachable.
 */
installProcessHandlers();

const program = new Command()
  .name('pathways')
  .description('Stackability and pathway planning for micro-credentials, on a Neo4j graph.')
  .showHelpAfterError()
  // Usage errors exit 2 like every other usage error of the CLI (commander's own default is 1).
  .exitOverride();

type Register = (program: Command) => void;
/** Each group's module, loaded when needed: a `plan` need not load the importers or the API. */
const groups: [string[], () => Promise<{ register: Register }>][] = [
  [['up'], () => import('./up.js')],
  [['db'], () => import('./db.js')],
  [['import'], () => import('./import.js')],
  [['export'], () => import('./export.js')],
  [['plan', 'audit', 'ladder', 'match'], () => import('./planning.js')],
  [['analyse'], () => import('./analyse.js')],
  [['what-if'], () => import('./whatIf.js')],
  [['serve'], () => import('./serve.js')],
  [['keys'], () => import('./keys.js')],
  [['mcp'], () => import('./mcp.js')],
];
// The named command's group alone; every group for `--help`, no command or an unknown one
// (so help lists them all and a misspelt command gets its suggestion), in this order.
const named = groups.filter(([commands]) => commands.includes(process.argv[2] ?? ''));
for (const [, load] of named.length ? named : groups) (await load()).register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  process.exitCode = err.exitCode === 0 ? 0 : 2;
}
