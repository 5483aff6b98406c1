// The card-error table and the declared-type check: each reader code has its status, and only real claims count.
import { describe, expect, it } from 'vitest';
import { CardError, type CardErrorCode } from '@companion/core/cards';
import { AppError } from '../../errors.ts';
import { cardErrorToApp, withCardErrors } from './card-errors.ts';
import { checkDeclaredType } from './file-type.ts';
import { safeFileName } from './service.ts';

describe('card errors to HTTP', () => {
  const table: [CardErrorCode, number][] = [
    ['NOT_A_CARD', 422],
    ['BROKEN_PNG', 400],
    ['BROKEN_ZIP', 400],
    ['BAD_BASE64', 400],
    ['BAD_JSON', 400],
    ['ZIP_BOMB', 413],
    ['TOO_LARGE', 413],
    ['UNSAFE_PATH', 400],
    ['UNSUPPORTED', 415],
  ];
  it.each(table)('%s is %i with the code kept and a readable reason', (code, status) => {
    const e = cardErrorToApp(new CardError(code, 'detail from the reader'));
    expect(e).toBeInstanceOf(AppError);
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/^[A-Z].+: detail from the reader$/);
  });

  it('withCardErrors converts card errors only', () => {
    expect(() => withCardErrors(() => { throw new CardError('BAD_JSON', 'x'); })).toThrow(AppError);
    expect(() => withCardErrors(() => { throw new TypeError('bug'); })).toThrow(TypeError);
    expect(withCardErrors(() => 7)).toBe(7);
  });
});

describe('declared type against the bytes (U1)', () => {
  const refused = (kind: 'png' | 'json' | 'zip', d: { contentType?: string; filename?: string }) => {
    try {
      checkDeclaredType(kind, d);
      return undefined;
    } catch (e) {
      return (e as AppError).status;
    }
  };
  it('refuses specific claims that disagree', () => {
    expect(refused('png', { filename: 'a.JSON' })).toBe(415);
    expect(refused('json', { contentType: 'image/png; charset=x' })).toBe(415);
    expect(refused('zip', { filename: 'card.png' })).toBe(415);
    expect(refused('png', { contentType: 'image/jpeg' })).toBe(415);
  });
  it('accepts agreeing and generic claims', () => {
    expect(refused('png', { contentType: 'image/png', filename: 'Card.PNG' })).toBeUndefined();
    expect(refused('zip', { contentType: 'application/octet-stream', filename: 'x.charx' })).toBeUndefined();
    expect(refused('json', { contentType: 'text/plain', filename: 'card' })).toBeUndefined();
    expect(refused('json', {})).toBeUndefined();
  });
});

describe('export file names', () => {
  it('keeps only safe ASCII and never a path', () => {
    expect(safeFileName('Haru', 'png')).toBe('Haru.png');
    expect(safeFileName('../../etc/passwd', 'json')).toBe('etc_passwd.json');
    expect(safeFileName('日本語', 'charx')).toBe('character.charx');
    expect(safeFileName('a"b\r\nc', 'png')).toBe('a_b_c.png');
  });
});
