// Properties of cleaning in every language once prepared: it never throws, spells out every digit, and leaves only
// what the script's tokenizer path can encode where that is checkable (pinyin, romanised Hangul and kana).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanText, prepareXttsLanguage, XTTS_LANGUAGES } from './text-clean';

const chars = (s: string) => fc.constantFrom(...s);
const PUNCT = ' ,.!?;:%$€£¥&@#°-()"\'“”。，、！？「」';
const pieces = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.stringMatching(/^-?\d{1,20}([.,]\d{1,6})?$/),
  fc.stringMatching(/^[$€£¥]\d{1,9}([.,]\d{1,3})?$/),
  fc.stringMatching(/^\d{1,9}([.,]\d{1,3})?[$€£¥%°]$/),
  fc.stringMatching(/^\d{1,4}(st|nd|rd|th|er|e|º|ª|\.|-й|번째|번)$/),
  fc.string({ unit: chars(PUNCT), maxLength: 3 }),
);
const mixed = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(' '));

const HAN = '你好世界中国人民银行绿色的吗我们去有名士兵在秒内年月日';
const HANGUL = '안녕하세요한국어배터리잔량이입니다옷소밝힣가병사명의있었다';
const KANA =
  'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだでどばびぶべぼぱぴぷぺぽゃゅょっアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダデドバビブベボパピプペポャュョッー';
const script = (s: string) =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: chars(s), minLength: 1, maxLength: 6 }),
        fc.stringMatching(/^\d{1,8}$/),
        fc.string({ unit: chars(PUNCT), maxLength: 2 }),
      ),
      { maxLength: 10 },
    )
    .map((p) => p.join(' '));

describe('cleaning properties, all languages prepared', () => {
  beforeAll(async () => {
    await Promise.all(XTTS_LANGUAGES.map((l) => prepareXttsLanguage(l)));
  });

  it('never throws and leaves no digits, in any language', () => {
    fc.assert(
      fc.property(mixed, fc.constantFrom(...XTTS_LANGUAGES), (t, lang) => {
        const out = cleanText(t, lang);
        // Chinese keeps digits only as pinyin tone numbers.
        expect(lang === 'zh-cn' ? out.replace(/[a-z]+[1-5]/g, '') : out).not.toMatch(/[0-9]/);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/\s{2}/);
      }),
      { numRuns: 600 },
    );
  });

  it('Chinese becomes pinyin syllables with tone numbers 1-5, commas and spaces only', () => {
    fc.assert(
      fc.property(script(HAN), (t) => {
        expect(cleanText(t, 'zh')).toMatch(/^[a-z1-5, ]*$/);
        expect(cleanText(t, 'zh')).not.toMatch(/\p{Script=Han}/u);
      }),
      { numRuns: 300 },
    );
  });

  it('Korean leaves no Hangul: syllables become Latin letters and hyphens', () => {
    fc.assert(
      fc.property(script(HANGUL), (t) => {
        const out = cleanText(t, 'ko');
        expect(out).not.toMatch(/\p{Script=Hangul}/u);
        expect(out.replace(/[^\p{L}]/gu, '')).toMatch(/^[a-z]*$/);
      }),
      { numRuns: 300 },
    );
  });

  it('Japanese kana become romaji: no kana left, only ASCII', () => {
    fc.assert(
      fc.property(script(KANA), (t) => {
        const out = cleanText(t, 'ja');
        expect(out).not.toMatch(/[\p{Script=Hiragana}\p{Script=Katakana}]/u);
        expect(out).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 300 },
    );
  });
});
