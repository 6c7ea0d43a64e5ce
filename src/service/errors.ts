// Errors raised below the service layer that callers map to answers (the API to 409/422),
// re-exported so that the API reaches the store and the importers only through here.
export { formatProblem, ImportRejectedError } from '../importers/problems.js';
export { UnknownCredentialsError } from '../store/learners.js';

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

/** Driver error codes that mean the server is gone or was never there. */
const LOST_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  // The server is shutting down or the database is stopping: it refuses or ends work.
  'Neo.TransientError.General.DatabaseUnavailable',
]);
/** Socket errors (Node's `code`) of a connection that failed or broke. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Driver errors without a telling code: the pool gave up or was closed under a query. */
const LOST_MESSAGES = /connection acquisition timed out|pool is closed|connection was closed/i;

/**
 * Why `err` means Neo4j cannot be reached: down at the start, lost in the middle of a
 * command or a transaction, refusing connections; undefined when it means anything else.
 * The one place driver errors are classified as "database unavailable" (CLI exit 3, API 503),
 * so no command needs its own check. The reason is one short clause, never a stack: the
 * driver's own messages run to several sentences with advice about encryption settings.
 */
export function databaseLost(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return e.message;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (
      SOCKET_CODES.has(code) ||
      LOST_CODES.has(code) ||
      (e.name === 'Neo4jError' && LOST_MESSAGES.test(e.message))
    )
      return shortReason(e.message);
  }
  return undefined;
}

/** "Caused by: connect ECONNREFUSED 127.0.0.1:7687" when the driver gives one, else its first sentence. */
function shortReason(message: string): string {
  const cause = /Caused by: ([^\n]+)/.exec(message)?.[1];
  const first = (cause ?? message).split('\n')[0]!.trim();
  const sentence = /^(.*?[^.]\.)(\s|$)/.exec(first)?.[1] ?? first;
  return sentence.replace(/\.$/, '').slice(0, 160);
}
