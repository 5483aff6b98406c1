// Errors from upstream providers: a code and a safe message naming the provider, never its key or raw body.
import { CodedError } from '@companion/core/errors';

export function upstreamHttpError(provider: string, status: number): CodedError {
  const hint = status === 401 || status === 403 ? ' (check its API key in the server configuration)' : '';
  return new CodedError('PROVIDER_ERROR', `Provider "${provider}" answered HTTP ${status}${hint}.`, {
    recoverable: status === 429 || status >= 500,
    details: { provider, status },
  });
}

export function upstreamUnreachable(provider: string, cause: unknown): CodedError {
  return new CodedError('PROVIDER_UNREACHABLE', `Provider "${provider}" could not be reached.`, { recoverable: true, cause });
}

export function upstreamProtocolError(provider: string, what: string): CodedError {
  return new CodedError('PROVIDER_ERROR', `Provider "${provider}" sent an unexpected reply: ${what}.`, { recoverable: true });
}

export const isAbort = (error: unknown): boolean => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
