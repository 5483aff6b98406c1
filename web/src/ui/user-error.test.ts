import { describe, expect, it } from 'vitest';
import { CodedError } from '@companion/core/errors';
import { userMessage } from './user-error';

describe('userMessage', () => {
  it("keeps a coded error's own message and code", () => {
    expect(userMessage(new CodedError('MODEL_NOT_LOADED', 'Load a model first.'))).toEqual({
      code: 'MODEL_NOT_LOADED',
      message: 'Load a model first.',
    });
  });
  it('never shows an internal exception', () => {
    const shown = userMessage(new TypeError("Cannot read properties of undefined (reading 'tokenizer_class')"));
    expect(shown.code).toBe('UNEXPECTED');
    expect(shown.message).not.toContain('tokenizer_class');
  });
  it('turns a quota error into advice', () => {
    expect(userMessage(new DOMException('full', 'QuotaExceededError')).code).toBe('STORAGE_FULL');
  });
  it('does not trust a lower-case or odd code', () => {
    expect(userMessage({ code: 'ERR_bad', message: 'x' }).code).toBe('UNEXPECTED');
  });
});
