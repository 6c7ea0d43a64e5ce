import type { z } from 'zod';
import { formatPath } from '../model/index.js';

/**
 * Bad input to an analytics module (an unknown id, options of the wrong shape, a requisite
 * cycle): the message starts with the module's name, so a caller several layers up still
 * knows which computation refused and why.
 */
export class AnalyticsInputError extends Error {
  constructor(
    readonly module: string,
    /** What is wrong, without the module name. */
    readonly detail: string,
    /** Path of the offending option, when there is one. */
    readonly path: (string | number)[] = [],
    /** 'unknown-id' when the options name something the catalogue does not have. */
    readonly kind: 'unknown-id' | 'invalid' = 'invalid',
  ) {
    super(`analytics/${module}: ${detail}`);
    this.name = 'AnalyticsInputError';
  }
}

/** Validates a module's options with its zod schema; every problem named with its field. */
export function parseOptions<S extends z.ZodType>(
  module: string,
  schema: S,
  options: unknown,
): z.output<S> {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0]!;
  const keys = (path: readonly PropertyKey[]) =>
    path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  throw new AnalyticsInputError(
    module,
    `invalid options: ${issues
      .map((i) => `${formatPath(['options', ...keys(i.path)])}: ${i.message}`)
      .join('; ')}`,
    keys(first.path),
  );
}
