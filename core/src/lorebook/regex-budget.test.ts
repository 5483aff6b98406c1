// Regex keys from cards and users: linear-time engine only, and a per-activation work budget with a warning past it.
import { describe, expect, it } from 'vitest';
import { activateLore } from './engine';
import { compileCost, compileKey, DEFAULT_REGEX_LIMITS, isMatcher, regexWeight, scanText } from './matcher';
import { book as makeBook, entry } from './test-helpers';
import type { LoreBookInput } from './types';

const EVIL = [
  'a{0,16}a{0,16}a{0,16}a{0,16}a{0,16}b',
  '(a+)+$',
  '(a|a)*b',
  '(a|aa)+c',
  '(x+x+)+y',
  '(.*a){12}b',
  '^(a?){25}a{25}$',
  '(\\w+\\s?)+$',
];

const book = (keys: string[]): LoreBookInput => ({ id: 'b', book: makeBook(keys.map((k, i) => entry(i, [k], `LORE ${i}`, { insertion_order: i }))) });

describe('regex keys run in linear time', () => {
  it.each(EVIL)('%s on 10,000 adversarial characters ends (RE2, no backtracking)', (p) => {
    const key = compileKey(`/${p}/`, { caseSensitive: false, wholeWords: false, useRegex: false });
    expect(isMatcher(key)).toBe(true);
    if (!isMatcher(key)) return;
    for (const text of ['a'.repeat(10_000) + '!', 'x'.repeat(5000), 'word '.repeat(2000) + '!']) expect(typeof key.test(scanText(text))).toBe('boolean');
  });

  it('keeps regex semantics: matches, flags and a bounded input window', () => {
    const k = compileKey('/drag(on|oon)s?/i', { caseSensitive: true, wholeWords: false, useRegex: false });
    expect(isMatcher(k) && k.test(scanText('Two DRAGOONS'))).toBe(true);
    expect(isMatcher(k) && k.test(scanText('a drake'))).toBe(false);
    const v3 = compileKey('col(ou)?r', { caseSensitive: false, wholeWords: false, useRegex: true });
    expect(isMatcher(v3) && v3.test(scanText('COLOUR'))).toBe(true);
    // Backreferences cannot be linear: refused, matching nothing.
    expect(isMatcher(compileKey('/(a)\\1/', { caseSensitive: false, wholeWords: false, useRegex: false }))).toBe(false);
  });

  it('weighs counted repetition by its bound', () => {
    expect(regexWeight('a{0,1000}')).toBeGreaterThan(1000);
    expect(regexWeight('dragon')).toBeLessThan(20);
  });
});

describe('regex work budget per activation', () => {
  it('stops 200 heavy keys on a 10,000-character chat within the budget, and says so', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `/a{0,16}a{0,16}a{0,16}a{0,16}a{0,16}b${i}/`);
    const r = activateLore({ books: [book(keys)], messages: [{ role: 'user', content: 'a'.repeat(10_000) }] });
    expect(r.activated).toEqual([]);
    expect(r.warnings.some((w) => w.includes('regex keys did more work than allowed'))).toBe(true);
    // Only as many keys ran as the budget pays for: the work is bounded by keys × text, never more.
    const perKey = regexWeight('a{0,16}a{0,16}a{0,16}a{0,16}a{0,16}b100') * 10_000;
    expect(Math.floor(DEFAULT_REGEX_LIMITS.maxRegexWork / perKey)).toBeLessThan(200);
  });

  it('within the budget every regex key still matches; past it the rest match nothing', () => {
    const keys = ['/dragon/', '/castle/', '/knight/'];
    const messages = [{ role: 'user' as const, content: 'a dragon, a castle and a knight' }];
    const all = activateLore({ books: [book(keys)], messages });
    expect(all.activated).toHaveLength(3);
    expect(all.warnings).toEqual([]);
    // Compiling and one test of the first key: the second key's compilation is not paid for.
    const cost = compileCost(regexWeight('dragon')) + regexWeight('dragon') * messages[0]!.content.length;
    const one = activateLore({ books: [book(keys)], messages, regexLimits: { maxRegexWork: cost } });
    expect(one.activated.map((a) => a.content)).toEqual(['LORE 0']);
    expect(one.warnings.join()).toContain('regex keys did more work than allowed');
  });

  it('plain keys are not limited by the regex budget', () => {
    const r = activateLore({ books: [book(['dragon', '/x{0,16}y/'])], messages: [{ role: 'user', content: 'dragon' }], regexLimits: { maxRegexWork: 1 } });
    expect(r.activated.map((a) => a.content)).toEqual(['LORE 0']);
  });
});
