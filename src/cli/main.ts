import { Command, CommanderError } from 'commander';

import { register as registerAnalyse } from './analyse.js';
import { register as registerDb } from './db.js';
import { register as registerExport } from './export.js';
import { register as registerImport } from './import.js';
import { register as registerKeys } from './keys.js';
import { register as registerPlanning } from './planning.js';
import { installProcessHandlers } from './run.js';
import { register as registerServe } from './serve.js';
import { register as registerUp } from './up.js';
import { register as registerWhatIf } from './whatIf.js';

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

registerUp(program);
registerDb(program);
registerImport(program);
registerExport(program);
registerPlanning(program);
registerAnalyse(program);
registerWhatIf(program);
registerServe(program);
registerKeys(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  process.exitCode = err.exitCode === 0 ? 0 : 2;
}
