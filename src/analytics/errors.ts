import type { z } from 'zod';
import { credentialOf, providerOf, type CatalogueGraph } from '../graph/index.js';
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

/** Refuses a `provider` option the catalogue does not have as a provider (an unknown id). */
export function requireProvider(module: string, graph: CatalogueGraph, id: string | undefined) {
  if (id !== undefined && !providerOf(graph, id))
    throw new AnalyticsInputError(
      module,
      `provider "${id}" is not in the catalogue`,
      ['provider'],
      'unknown-id',
    );
}

/** Refuses a `qualification` option that is not a qualification of the catalogue (an unknown id). */
export function requireQualification(
  module: string,
  graph: CatalogueGraph,
  id: string | undefined,
) {
  if (id !== undefined && !credentialOf(graph, id)?.qualification)
    throw new AnalyticsInputError(
      module,
      `"${id}" is not a qualification of the catalogue`,
      ['qualification'],
      'unknown-id',
    );
}
