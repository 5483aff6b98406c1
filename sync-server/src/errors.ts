// Code-first errors: an UPPER_SNAKE code, an HTTP status and a message safe to show a client.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, such as Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError('VALIDATION_FAILED', 400, message, details);
export const unauthorized = (message = 'Authentication required') => new AppError('UNAUTHORIZED', 401, message);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', 403, message);
export const notFound = (message = 'Not found') => new AppError('NOT_FOUND', 404, message);
export const conflict = (message: string) => new AppError('CONFLICT', 409, message);

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}
