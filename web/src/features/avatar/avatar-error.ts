// Avatar failures the user sees: a code for tests and logs, and a message that says what to do.
export type AvatarErrorCode =
  | 'WEBGL_UNAVAILABLE'
  | 'RUNTIME_MISSING'
  | 'RUNTIME_INVALID'
  | 'CORE_MISSING'
  | 'CORE_INVALID'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_UNSUPPORTED'
  | 'ZIP_BROKEN';

export class AvatarError extends Error {
  constructor(
    readonly code: AvatarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AvatarError';
  }
}
