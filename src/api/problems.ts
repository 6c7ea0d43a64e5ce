import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { EngineInputError } from '../engine/errors.js';
import { CatalogueValidationError, formatPath, type Problem } from '../model/index.js';
import {
  ConflictError,
  databaseLost,
  DatabaseUnavailableError,
  formatProblem,
  ImportRejectedError,
  NotFoundError,
  UnknownCredentialsError,
} from '../service/errors.js';

/**
 * RFC 9457 problem details: every error the API returns is `application/problem+json` with a
 * `type` URI naming the kind of problem, so clients branch on `type`, not on prose.
 */

type FieldError = NonNullable<Problem['errors']>[number];

/** An error that already knows its HTTP answer. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

export const problemType = (kind: string) => `https://pathways.dev/problems/${kind}`;

/** A zod failure on one part of the request, every issue with its field path. */
export function invalidRequest(where: FieldError['in'], error: z.ZodError): HttpProblem {
  const errors = error.issues.map((i) => ({
    in: where,
    path: formatPath(i.path),
    message: i.message,
  }));
  return new HttpProblem(
    400,
    'invalid-request',
    'The request is not valid',
    errors.map((e) => `${e.in} ${e.path}: ${e.message}`).join('; '),
    { errors },
  );
}

export const notFound = (detail: string, errors?: FieldError[]) =>
  new HttpProblem(404, 'not-found', 'Not found', detail, errors ? { errors } : {});

/** The HTTP form of any error thrown while handling a request. */
export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof NotFoundError)
    return notFound(
      err.message,
      err.path.length
        ? [{ in: 'body', path: formatPath(err.path), message: err.message }]
        : undefined,
    );
  if (err instanceof ConflictError)
    return new HttpProblem(409, 'conflict', 'Conflict', err.message);
  if (err instanceof UnknownCredentialsError)
    return notFound(
      err.message,
      err.missing.map((m) => ({
        in: 'body',
        path: formatPath(['holdings', m.index, 'credential']),
        message: `unknown credential "${m.id}"`,
      })),
    );
  if (err instanceof EngineInputError)
    return new HttpProblem(
      err.kind === 'unknown-id' ? 404 : 400,
      err.kind === 'unknown-id' ? 'not-found' : 'invalid-request',
      err.kind === 'unknown-id' ? 'Not found' : 'The request is not valid',
      err.detail,
      { errors: [{ in: 'body', path: formatPath(err.path), message: err.detail }] },
    );
  if (err instanceof CatalogueValidationError)
    return new HttpProblem(
      422,
      'invalid-catalogue',
      'The catalogue document is not valid; nothing was written',
      `${err.issues.length} problem(s)`,
      {
        errors: err.issues.map((i) => ({
          in: 'body',
          path: formatPath(i.path),
          message: i.message,
        })),
      },
    );
  if (err instanceof ImportRejectedError)
    return new HttpProblem(
      422,
      'import-rejected',
      'The import was rejected; nothing was written',
      err.problems.map(formatProblem).join('; '),
    );
  if (err instanceof DatabaseUnavailableError || databaseLost(err) !== undefined)
    return new HttpProblem(
      503,
      'database-unavailable',
      'The database is unavailable',
      'Neo4j cannot be reached; retry shortly.',
      { headers: { 'Retry-After': '5' } },
    );
  const status = (err as { status?: unknown; type?: unknown }).status;
  const type = (err as { type?: unknown }).type;
  // body-parser's errors carry a status and a type.
  if (type === 'entity.too.large')
    return new HttpProblem(413, 'body-too-large', 'The request body is too large');
  if (type === 'entity.parse.failed')
    return new HttpProblem(
      400,
      'malformed-json',
      'The request body is not valid JSON',
      (err as Error).message,
    );
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported encoding',
      (err as Error).message,
    );
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new HttpProblem(status, 'bad-request', 'Bad request', (err as Error).message);
  return new HttpProblem(500, 'internal', 'Internal error', 'The error has been logged.');
}

export function sendProblem(res: Response, problem: HttpProblem): void {
  const body: Problem = {
    type: problemType(problem.kind),
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    instance: res.req.originalUrl.split('?')[0],
    requestId: res.locals.requestId,
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
  };
  for (const [name, value] of Object.entries(problem.extra.headers ?? {}))
    res.setHeader(name, value);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}

/** The last middleware: turns whatever was thrown into problem+json, logging server faults. */
export const problemHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const problem = toProblem(err);
  if (problem.status >= 500 && problem.kind === 'internal')
    res.locals.log.error({ err }, 'request failed');
  res.locals.problem = problem.kind;
  if (res.headersSent) {
    res.end();
    return;
  }
  sendProblem(res, problem);
};
