// Turns anything thrown into what a user may read: the coded error's own message, never an internal exception.
export interface UserFacingError {
  code: string;
  message: string;
}

const GENERIC = 'Something went wrong on this device. Try again; if it keeps happening, reload the page.';

/** Coded errors (ours, also across the worker boundary) carry a message written for users; other errors do not. */
export function userMessage(error: unknown): UserFacingError {
  if (typeof error === 'object' && error !== null) {
    const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && typeof message === 'string' && message)
      return { code, message };
    if (name === 'QuotaExceededError')
      return {
        code: 'STORAGE_FULL',
        message:
          'This device is out of space for the app. Free some space (remove a model or old chats) and try again.',
      };
    if (name === 'AbortError') return { code: 'CANCELLED', message: 'Stopped.' };
  }
  return { code: 'UNEXPECTED', message: GENERIC };
}
