import { describe, expect, it } from 'vitest';
import { approxTokenizer, cachedTokenizer } from './index';

describe('approxTokenizer', () => {
  it('counts nothing for empty or blank text', () => {
    expect(approxTokenizer.count('')).toBe(0);
    expect(approxTokenizer.count('  \n\t')).toBe(0);
  });

  it('grows with text and counts punctuation and CJK per character', () => {
    expect(approxTokenizer.count('hello')).toBe(2);
    expect(approxTokenizer.count('hi, you!')).toBe(4);
    expect(approxTokenizer.count('日本語')).toBe(3);
    expect(approxTokenizer.count('😀')).toBe(1);
    const a = approxTokenizer.count('word '.repeat(10));
    expect(approxTokenizer.count('word '.repeat(20))).toBe(a * 2);
  });

  it('caches through to the inner tokenizer once per text', () => {
    let calls = 0;
    const t = cachedTokenizer({ count: (s) => (calls++, s.length) });
    expect(t.count('abc') + t.count('abc')).toBe(6);
    expect(calls).toBe(1);
  });
});
