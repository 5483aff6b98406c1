import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileKey, isMatcher, scanText } from './matcher';
import { isNativeSafe } from './regex-safety';

const atom = fc.constantFrom('a', 'b', 'ab', '[ab]', '\\s', '.', '(?:a|b)', 'c');
const quant = fc.constantFrom('', '', '?', '*', '+', '{1,3}');
const pattern = fc.array(fc.tuple(atom, quant).map(([a, q]) => a + q), { minLength: 1, maxLength: 5 }).map((p) => p.join(''));

describe('native and RE2 regex paths', () => {
  it('agree on every pattern the native path accepts', () => {
    fc.assert(
      fc.property(pattern, fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'A'), maxLength: 30 }), fc.boolean(), (p, input, ci) => {
        fc.pre(isNativeSafe(p));
        const key = compileKey(`/${p}/${ci ? 'i' : ''}`, { caseSensitive: false, wholeWords: false, useRegex: false });
        expect(isMatcher(key)).toBe(true);
        const re2 = RE2JS.compile(p, ci ? RE2JS.CASE_INSENSITIVE : 0);
        if (isMatcher(key)) expect(key.test(scanText(input))).toBe(re2.test(input));
      }),
      { numRuns: 400 },
    );
  });
});
