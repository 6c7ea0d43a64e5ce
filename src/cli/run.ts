import { ZodError } from 'zod';
import { EngineInputError } from '../engine/errors.js';
import { CatalogueValidationError, formatPath } from '../model/index.js';
import {
  InstanceConfigError,
  MissingToolError,
  Neo4jStartError,
  PortInUseError,
  RuntimeFetchError,
} from '../neo4j-server/index.js';
import { databaseLost, DatabaseUnavailableError, NotFoundError } from '../service/errors.js';
import type { Driver } from 'neo4j-driver';
import {
  openStore,
  unavailable,
  withCatalogueStore,
  type DatabaseOption,
  type Store,
} from '../service/store.js';
import { readSettings } from '../settings.js';
import { ImportRejectedError } from '../importers/problems.js';
import { TransactionTooLargeError } from '../store/escoWriter.js';

/** Exit codes scripts can rely on (see main.ts). */
export const EXIT = { ok: 0, unsatisfied: 1, usage: 2, unavailable: 3 } as const;

/** The exit code and message for a failure the CLI knows; undefined for a bug. */
export function describeFailure(err: unknown): { code: number; message: string } | undefined {
  if (err instanceof ZodError)
    return {
      code: EXIT.usage,
      message: err.issues
        .map(
          (i) =>
            `${formatPath(i.path.map((k) => (typeof k === 'symbol' ? String(k) : k)))}: ${i.message}`,
        )
        .join('\n'),
    };
  if (err instanceof CatalogueValidationError || err instanceof ImportRejectedError)
    return { code: EXIT.unsatisfied, message: err.message };
  if (err instanceof TransactionTooLargeError)
    return { code: EXIT.unsatisfied, message: err.message };
  if (err instanceof NotFoundError || err instanceof EngineInputError)
    return { code: EXIT.usage, message: err.message };
  if (
    err instanceof MissingToolError ||
    err instanceof PortInUseError ||
    err instanceof InstanceConfigError
  )
    return { code: EXIT.usage, message: err.message };
  if (err instanceof Neo4jStartError || err instanceof DatabaseUnavailableError)
    return { code: EXIT.unavailable, message: err.message };
  // A driver error that escaped withStore (which names the server): still exit 3.
  const lost = databaseLost(err);
  if (lost !== undefined)
    return { code: EXIT.unavailable, message: `Neo4j is unreachable (${lost}).` };
  if (err instanceof RuntimeFetchError) return { code: EXIT.unsatisfied, message: err.message };
  if (err instanceof Error && 'code' in err && err.code === 'ENOENT')
    return { code: EXIT.usage, message: err.message };
  return undefined;
}

/** Wraps a command action: known failures print one message and set the exit code. */
export function guarded<A extends unknown[]>(
  command: string,
  action: (...args: A) => Promise<number>,
) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = await action(...args);
    } catch (err) {
      const known = describeFailure(err);
      if (!known) throw err;
      process.stderr.write(`pathways ${command}: ${known.message}\n`);
      process.exitCode = known.code;
    }
  };
}

/**
 * Runs `work` with the store open (the local instance, or NEO4J_URI) and ready, closing it
 * after; `work` also gets the driver and the database option (see withCatalogueStore), so no
 * command spells them out. Neo4j lost in the middle of `work` (a transaction included)
 * becomes the same DatabaseUnavailableError, naming the server, as Neo4j down at the start.
 */
export async function withStore<T>(
  instance: string,
  work: (store: Store, driver: Driver, options: DatabaseOption) => Promise<T>,
  options: { log?: (message: string) => void } = {},
): Promise<T> {
  const store = await openStore(readSettings(), { instance, log: options.log });
  try {
    return await withCatalogueStore(store, (driver, db) => work(store, driver, db));
  } catch (err) {
    throw unavailable(err, store.connection.uri);
  } finally {
    await store.close().catch(() => undefined); // closing a driver whose server died
  }
}

/**
 * Once per process, before any command runs: output piped into a command that stops
 * reading (`pathways plan ... | head -1`) is not an error. The rest of the output is dropped
 * and the command finishes its work (an import still commits) with its own exit code,
 * instead of dying on EPIPE with a stack trace. And a driver error that reaches no command's
 * catch (a rejected promise nobody awaited) still ends as exit 3 in one line.
 */
export function installProcessHandlers(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
      throw err;
    });
  }
  process.on('unhandledRejection', (err) => {
    throw err; // to the handler below, as Node does without a listener
  });
  process.on('uncaughtException', (err) => {
    const known = describeFailure(err);
    if (known?.code === EXIT.unavailable) {
      process.stderr.write(`pathways: ${known.message}\n`);
      process.exit(known.code);
    }
    // A bug: its stack, as Node would print it.
    process.stderr.write(`${err.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
