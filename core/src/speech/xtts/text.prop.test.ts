import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitForXtts, charLimit } from './text-chunks';
import { cleanText, XTTS_LANGUAGES } from './text-clean';
import { buildTestVocab } from './test-vocab';
import { createXttsTokenizer, languageTag } from './tokenizer';

const tok = createXttsTokenizer(buildTestVocab().json);
const word = fc.stringMatching(/^[a-zA-Z]{1,12}$/);
const sep = fc.constantFrom(' ', '  ', ', ', '. ', '! ', '? ', '; ', '\n');
const text = fc.array(fc.tuple(word, sep), { maxLength: 120 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

describe('XTTS text properties', () => {
  it('chunks stay within the language limit and keep every non-space character in order', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...XTTS_LANGUAGES), (t, lang) => {
        const chunks = splitForXtts(t, lang);
        for (const c of chunks) expect(c.length).toBeLessThanOrEqual(charLimit(lang));
        expect(chunks.join('').replace(/\s+/g, '')).toBe(t.replace(/\s+/g, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('BPE decoding gives back the cleaned text for text within the vocabulary', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(tok.decode(tok.encode(t, 'en'))).toBe(`${languageTag('en')}${cleanText(t, 'en')}`);
      }),
      { numRuns: 300 },
    );
  });
});
