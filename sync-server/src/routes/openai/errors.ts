// Errors on /v1 in a shape both OpenAI clients and this app's clients read: {error: {message, type, code, param}}.
import type { ErrorHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { onError } from '../../middleware/errors/index.ts';

/** OpenAI's error `type` for an HTTP status. */
export function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return status === 503 ? 'overloaded_error' : 'server_error';
  return 'invalid_request_error';
}

/**
 * The app's error body is {error: {code, message, details?, requestId?}}; /v1 adds OpenAI's `type` and `param`
 * to the same object. Nothing is renamed, so a client of either kind finds the fields it reads. The app's onError
 * still builds the body (logging, request id, hidden internals); this only decorates it.
 */
export const openAiOnError: ErrorHandler<AppEnv> = async (err, c) => {
  const res = await onError(err, c);
  const body = (await res.clone().json()) as { error: Record<string, unknown> };
  const fields = Array.isArray((body.error.details as { fields?: unknown } | undefined)?.fields)
    ? (body.error.details as { fields: Array<{ field: string }> }).fields
    : [];
  body.error.type = openAiErrorType(res.status);
  // OpenAI names the offending parameter; validation failures know it ("json.messages.0.role" → "messages.0.role").
  body.error.param = fields[0]?.field.replace(/^json\./, '') ?? null;
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status: res.status, headers });
};

