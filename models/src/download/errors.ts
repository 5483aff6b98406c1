// Code-first download errors: an UPPER_SNAKE code, whether retrying can help, and a safe message.

export type DownloadErrorCode =
  | 'NOT_FOUND' // the source has no such file (HTTP 404/410)
  | 'HTTP_ERROR' // another refusal by the source
  | 'NETWORK' // connection failed or was cut; the .part file keeps what arrived
  | 'SIZE_MISMATCH' // the file is longer or shorter than expected (C3)
  | 'HASH_MISMATCH' // the file's sha256 is not the expected one (C3)
  | 'UNSAFE_PATH' // a repo or file path that would leave the store
  | 'UNKNOWN_MODEL' // no such catalog id or quantisation
  | 'ABORTED';

export class DownloadError extends Error {
  readonly code: DownloadErrorCode;
  readonly recoverable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: DownloadErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DownloadError';
    this.code = code;
    this.recoverable = code === 'NETWORK' || (code === 'HTTP_ERROR' && Number(details.status) >= 500);
    this.details = details;
  }
}
