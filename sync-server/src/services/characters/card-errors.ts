// The one place where the card readers' typed errors become HTTP answers with a clear reason (U1-U3).
import { CardError, type CardErrorCode } from '@companion/core/cards';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../../errors.ts';

// The status comes from core's CARD_ERROR_STATUS (a full record, so a new reader code fails the build until it
// has one): 400 damaged bytes; 413 too big or a zip bomb; 415 not a type we read; 422 well-formed but not a card.

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
  return new AppError(error.code, error.status as ContentfulStatusCode, `${PREFIX[error.code]}: ${error.message.slice(0, 300)}`);
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
