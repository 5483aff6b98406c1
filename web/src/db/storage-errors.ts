// A full disk in IndexedDB, however the browser or Dexie wraps it, becomes one clear STORAGE_FULL error.
import { CodedError } from '@companion/core/errors';

export const STORAGE_FULL_MESSAGE =
  'Your device is out of space for this app: the change could not be saved. Free some space (remove a model or old chats) and try again. Nothing already saved was lost.';

function isQuotaError(e: unknown, depth = 0): boolean {
  if (depth > 4 || typeof e !== 'object' || e === null) return false;
  const err = e as { name?: unknown; inner?: unknown; cause?: unknown };
  if (err.name === 'QuotaExceededError') return true;
  // Dexie reports a transaction aborted by the quota as AbortError with the real error as `inner`.
  return isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1);
}

/** STORAGE_FULL for quota errors (direct or wrapped); anything else is returned unchanged. */
export function mapStorageError(e: unknown): unknown {
  if (e instanceof CodedError || !isQuotaError(e)) return e;
  return new CodedError('STORAGE_FULL', STORAGE_FULL_MESSAGE, { recoverable: true, cause: e });
}
