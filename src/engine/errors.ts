/** A request the engine cannot interpret (an unknown id, a target of the wrong kind). */
export class EngineInputError extends Error {
  constructor(
    readonly module: string,
    /** What is wrong, without the module name. */
    readonly detail: string,
    /** Path of the offending field in the request, when there is one. */
    readonly path: (string | number)[] = [],
    /** 'unknown-id' when the request names something the catalogue does not have. */
    readonly kind: 'unknown-id' | 'invalid' = 'invalid',
  ) {
    super(`${module}: ${detail}`);
    this.name = 'EngineInputError';
  }
}
