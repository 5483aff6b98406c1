// Typed, code-first errors for card and lorebook files, so the server can map each to a 4xx with a clear reason.

export type CardErrorCode =
  | 'NOT_A_CARD'
  | 'BROKEN_PNG'
  | 'BROKEN_ZIP'
  | 'BAD_BASE64'
  | 'BAD_JSON'
  | 'ZIP_BOMB'
  | 'TOO_LARGE'
  | 'UNSAFE_PATH'
  | 'UNSUPPORTED';

/** HTTP status the server should answer for each code. */
export const CARD_ERROR_STATUS: Readonly<Record<CardErrorCode, number>> = {
  NOT_A_CARD: 422,
  BROKEN_PNG: 400,
  BROKEN_ZIP: 400,
  BAD_BASE64: 400,
  BAD_JSON: 400,
  ZIP_BOMB: 413,
  TOO_LARGE: 413,
  UNSAFE_PATH: 400,
  UNSUPPORTED: 415,
};

export class CardError extends Error {
  readonly code: CardErrorCode;
  readonly status: number;
  constructor(code: CardErrorCode, message: string) {
    super(message);
    this.name = 'CardError';
    this.code = code;
    this.status = CARD_ERROR_STATUS[code];
  }
}

export function isCardError(e: unknown): e is CardError {
  return e instanceof CardError;
}
