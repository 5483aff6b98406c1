// Code-first errors that survive worker and network boundaries: a code, a safe message, a recoverable flag.

export interface SerializedError {
  code: string;
  message: string;
  /** True when retrying (or restarting a worker) may succeed; false for bad input or unsupported devices. */
  recoverable: boolean;
  details?: unknown;
}

export class CodedError extends Error {
  readonly code: string;
  readonly recoverable: boolean;
  readonly details?: unknown;

  constructor(code: string, message: string, options: { recoverable?: boolean; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodedError';
    this.code = code;
    this.recoverable = options.recoverable ?? false;
    this.details = options.details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, recoverable: this.recoverable, details: this.details };
  }
}

/** Turns anything thrown into a SerializedError; unknown errors become INTERNAL and keep only their message. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof CodedError) return error.toJSON();
  if (isSerializedError(error)) return { ...error };
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'CANCELLED', message: 'The operation was cancelled.', recoverable: true };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, recoverable: false };
}

export function deserializeError(value: SerializedError): CodedError {
  return new CodedError(value.code, value.message, { recoverable: value.recoverable, details: value.details });
}

export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.recoverable === 'boolean';
}

/**
 * A CodedError from a failed HTTP answer of our server (`{error: {code, message}}`), else from its status line.
 * 5xx and 429 are recoverable (try again later); other 4xx are not (the request itself must change).
 */
export async function errorFromResponse(response: Response): Promise<CodedError> {
  const recoverable = response.status >= 500 || response.status === 429;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') {
      const message = typeof body.error.message === 'string' ? body.error.message : response.statusText;
      return new CodedError(body.error.code, message, { recoverable });
    }
  } catch {
    // Not JSON, or not our error format: fall back to the status line.
  }
  return new CodedError(`HTTP_${response.status}`, response.statusText || 'Request failed', { recoverable });
}
