/** An id in a request that the catalogue or the learner store does not know. */
export class NotFoundError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Neo4j cannot be reached (down, wrong address, starting up). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The request conflicts with what is stored (e.g. deleting a credential still referred to). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
