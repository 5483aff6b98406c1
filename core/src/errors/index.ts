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
