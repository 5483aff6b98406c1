import { describe, expect, it } from 'vitest';
import { crc32 } from './crc';
import { toUtf8 } from './bytes';

describe('crc32', () => {
  it('matches known PNG and zip values', () => {
    expect(crc32(toUtf8('IEND'))).toBe(0xae426082);
    expect(crc32(toUtf8('123456789'))).toBe(0xcbf43926);
  });
});
