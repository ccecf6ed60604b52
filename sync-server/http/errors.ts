// HTTP errors as `{ "error": { "code", "message" } }` with the right status, whatever went wrong.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { parseWith } from '@pos/shared';
import { ChangeFailedError } from '../store/errors';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Validates a request body or query with a core schema; a 400 names the bad field. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'request body',
): z.infer<S> {
  const parsed = parseWith(schema, value);
  if (!parsed.ok) throw new HttpError(400, 'invalid_request', `${what}: ${parsed.error}`);
  return parsed.value;
}

/**
 * A route this server lacks, with a code of its own: a client tells it from a record the server
 * lacks (`not_found`), as it must when this server is older than the client. Older servers said
 * `not_found` here, with the same message: clients read that too.
 */
export const notFound: RequestHandler = (request, _response, next) => {
  next(
    new HttpError(404, 'no_such_endpoint', `no such endpoint: ${request.method} ${request.path}`),
  );
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    let status = 500;
    let code = 'internal';
    let message = 'the server failed; the error is in its log';
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (error instanceof HttpError) {
      ({ status, code, message } = error);
    } else if (bodyError.type === 'entity.parse.failed') {
      [status, code, message] = [
        400,
        'invalid_json',
        `request body is not valid JSON: ${bodyError.message}`,
      ];
    } else if (bodyError.type === 'entity.too.large') {
      [status, code, message] = [413, 'too_large', 'request body is too large'];
    } else if (
      typeof bodyError.status === 'number' &&
      bodyError.status >= 400 &&
      bodyError.status < 500
    ) {
      [status, code, message] = [
        bodyError.status,
        'bad_request',
        bodyError.message ?? 'bad request',
      ];
    } else {
      logger.error({ err: error, method: request.method, path: request.path }, 'request failed');
      // A fault in the server, but one that says what was (not) kept: worth telling the caller.
      if (error instanceof ChangeFailedError) [code, message] = ['change_failed', error.message];
    }
    response.status(status).json({ error: { code, message } });
  };
}
