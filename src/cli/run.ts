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
import { DatabaseUnavailableError, NotFoundError } from '../service/errors.js';
import { openStore, type Store } from '../service/store.js';
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

/** Runs `work` with the store open (the local instance, or NEO4J_URI), closing it after. */
export async function withStore<T>(
  instance: string,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(readSettings(), { instance });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
