import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './bytes';
import { CardError } from './errors';

describe('base64', () => {
  it('round-trips any bytes, with line breaks and without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(decodeBase64(text)).toEqual(bytes);
        expect(decodeBase64(text.replace(/(.{16})/g, '$1\r\n'))).toEqual(bytes);
        expect(decodeBase64(text.replace(/=+$/, ''))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses characters outside the alphabet and data after padding', () => {
    for (const bad of ['ab$d', 'ab=c', 'a', 'abcd=e']) expect(() => decodeBase64(bad)).toThrow(CardError);
    expect(decodeBase64('-_8=')).toEqual(decodeBase64('+/8='));
  });
});
