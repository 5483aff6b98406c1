// One error shape for every failure: {error: {code, message, requestId}}, never a stack trace.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError, type ErrorBody } from '../../errors.ts';
import type { AppEnv } from '../../app-env.ts';
import { isUnstorableText } from '../../storage/errors.ts';

/** Codes for Hono's own HTTPExceptions (malformed JSON, 415 from the OpenAPI media-type gate, ...). */
const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export interface FieldIssue {
  /** Where the value came from and its path, e.g. "json.username" or "query.limit". */
  field: string;
  message: string;
}

/** Zod issues as failing fields; only paths and messages, never the rejected values. */
export function fieldIssues(error: ZodError, target?: string): FieldIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    field: [target, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || '(root)',
    message: issue.message.slice(0, 200),
  }));
}

export const validationFailed = (fields: FieldIssue[]) =>
  new AppError('VALIDATION_FAILED', 400, 'The request is not valid.', { fields });

/**
 * The OpenAPIHono defaultHook: a failed zod parse of params/query/body becomes AppError 400.
 * Throwing (rather than answering here) lets onError add the request id and log it like any other error.
 */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }, _c: Context): void {
  if (!result.success && result.error instanceof ZodError) throw validationFailed(fieldIssues(result.error, result.target));
  if (!result.success) throw validationFailed([{ field: result.target ?? '(root)', message: 'Invalid input' }]);
}

function body(c: Context<AppEnv>, code: string, message: string, details?: unknown): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (details !== undefined) error.details = details;
  const requestId = c.get('requestId');
  if (requestId) error.requestId = requestId;
  return { error };
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const log = c.get('log');
  if (err instanceof AppError) {
    if (err.status >= 500) log?.error({ err: { name: err.name, code: err.code, message: err.message } }, 'request failed');
    return c.json(body(c, err.code, err.message, err.details), err.status, err.headers);
  }
  if (err instanceof ZodError) {
    return c.json(body(c, 'VALIDATION_FAILED', 'The request is not valid.', { fields: fieldIssues(err) }), 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    // Hono's own messages ("Malformed JSON in request body") are safe; a bare exception gets a generic one.
    const message = status >= 500 ? 'Internal server error' : err.message || code.toLowerCase().replaceAll('_', ' ');
    return c.json(body(c, code, message), status);
  }
  // A handler that read a JSON body itself (c.req.json()) and got garbage: the client's fault, not ours.
  if (err instanceof SyntaxError && /json/i.test(c.req.header('content-type') ?? '') && c.req.method !== 'GET') {
    return c.json(body(c, 'BAD_REQUEST', 'Malformed JSON in request body'), 400);
  }
  // Text PostgreSQL cannot hold (a NUL inside a card's field, say): the client's input, so 400 as on SQLite.
  if (isUnstorableText(err)) {
    return c.json(body(c, 'VALIDATION_FAILED', 'The request holds characters that cannot be stored (such as NUL).'), 400);
  }
  // Unknown: log everything server-side, tell the client nothing about internals.
  log?.error({ err }, 'unhandled error');
  return c.json(body(c, 'INTERNAL', 'Internal server error'), 500);
};

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  c.json(body(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path.slice(0, 200)}`), 404);
