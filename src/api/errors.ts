// One error shape for the whole API: { error: { code, message, details? } }. Internal failures
// never leak messages or stacks.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import type { Logger } from '../log.ts';

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_implemented'
  | 'internal';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'this key cannot access that resource') => new ApiError(403, 'forbidden', message);

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details !== undefined ? { details } : {}) } };
}

/** Hono onError handler: typed errors keep their status; anything else is a 500 with no detail. */
export function errorHandler(log?: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ApiError) return c.json(body(err.code, err.message, err.details), err.status);
    if (err instanceof ZodError) {
      const issues = err.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
      return c.json(body('validation_failed', 'request is invalid', issues), 400);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json(
        body(
          status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'validation_failed',
          err.message || 'request failed',
        ),
        status,
      );
    }
    // log.ts keeps an error's class, driver code and frames, never its message (SQL values, callers).
    log?.error('api request failed', { path: c.req.path, method: c.req.method, error: err });
    return c.json(body('internal', 'internal error'), 500);
  };
}
