// The one place where the card readers' typed errors become HTTP answers with a clear reason (U1-U3).
import { CardError, type CardErrorCode } from '@companion/core/cards';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../../errors.ts';

/*
 * Decided here rather than taken from core, so the server owns its HTTP contract; typed as a full record so a
 * new reader code fails the build until it has a status. 400: the bytes are damaged; 413: too big, or decoding
 * would blow up past the allowance (zip bomb); 415: not a type we read; 422: a well-formed file that is not a card.
 */
const STATUS: Readonly<Record<CardErrorCode, ContentfulStatusCode>> = {
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

const PREFIX: Readonly<Record<CardErrorCode, string>> = {
  NOT_A_CARD: 'The file is not a character card',
  BROKEN_PNG: 'The PNG file is damaged',
  BROKEN_ZIP: 'The CHARX (zip) file is damaged',
  BAD_BASE64: 'The card data inside the PNG is not valid base64',
  BAD_JSON: 'The card JSON is not valid',
  ZIP_BOMB: 'The file would expand to far more data than it holds',
  TOO_LARGE: 'The file is too large',
  UNSAFE_PATH: 'The CHARX file holds an unsafe path',
  UNSUPPORTED: 'Unsupported file type',
};

export function cardErrorToApp(error: CardError): AppError {
  return new AppError(error.code, STATUS[error.code], `${PREFIX[error.code]}: ${error.message.slice(0, 300)}`);
}

/** Runs a card read or write; card errors become 4xx, anything else is rethrown as it is. */
export function withCardErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CardError) throw cardErrorToApp(error);
    throw error;
  }
}
