/** A request the engine cannot interpret (an unknown id, a target of the wrong kind). */
export class EngineInputError extends Error {
  constructor(
    readonly module: string,
    message: string,
    /** Path of the offending field in the request, when there is one. */
    readonly path: (string | number)[] = [],
  ) {
    super(`${module}: ${message}`);
    this.name = 'EngineInputError';
  }
}
