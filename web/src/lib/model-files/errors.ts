// The coded errors a model-file download can end in; each says whether trying again can help.
import { CodedError } from '@companion/core/errors';

export type ModelFileErrorCode =
  | 'DOWNLOAD_ABORTED' // the caller's signal fired
  | 'DOWNLOAD_FAILED' // network cut or HTTP refusal after the retries
  | 'MODEL_FILE_NOT_FOUND' // the host has no such file (404/410)
  | 'MODEL_CORRUPTED' // wrong size or sha256 (C3), downloaded or cached; nothing of it is kept
  | 'STORAGE_FULL' // not enough browser storage left for the download
  | 'MODEL_FILE_BAD_PATH'; // a repo, revision or path that is not a plain relative name

const RECOVERABLE: Record<ModelFileErrorCode, boolean> = {
  DOWNLOAD_ABORTED: true,
  DOWNLOAD_FAILED: true,
  MODEL_FILE_NOT_FOUND: false,
  // A re-download usually fixes it: a truncated cache entry, a corrupting proxy, a flipped bit.
  MODEL_CORRUPTED: true,
  // Recoverable by the user: free space, then try again.
  STORAGE_FULL: true,
  MODEL_FILE_BAD_PATH: false,
};

export function modelFileError(
  code: ModelFileErrorCode,
  message: string,
  details?: Record<string, unknown>,
  recoverable = RECOVERABLE[code],
): CodedError {
  return new CodedError(code, message, { recoverable, details });
}

export function abortedError(path: string): CodedError {
  return modelFileError('DOWNLOAD_ABORTED', `The download of ${path} was cancelled.`, { path });
}

/** Throws DOWNLOAD_ABORTED when the signal has fired (checked between steps; fetch and reads also watch it). */
export function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw abortedError(path);
}
