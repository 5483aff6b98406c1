import { describe, expect, it } from 'vitest';
import { cardinal, currency, ordinal } from './numbers-en';
import { splitForXtts, charLimit } from './text-chunks';
import { cleanText } from './text-clean';
import { buildTestVocab } from './test-vocab';
import { createXttsTokenizer, languageTag, XttsTokenizerError } from './tokenizer';

describe('English cleaning', () => {
  it.each([
    ['Dr. Smith met Mrs. Jones at St. Mary.', 'doctor smith met misess jones at saint mary.'],
    ['It costs $5.50, not £1.', 'it costs five dollars, fifty cents, not one pound.'],
    ['The 1st, 2nd, 3rd and 21st.', 'the first, second, third and twenty-first.'],
    ['Pi is 3.14 and 1,000,000 is big.', 'pi is three point one four and one million is big.'],
    ['Tom & Jerry @ home: 50%!', 'tom and jerry at home: fifty percent !'],
    ['  Lots   of\n\tspace  ', 'lots of space'],
    ['Year 2024, -7 degrees', 'year two thousand and twenty-four, minus seven degrees'],
  ])('%s', (input, expected) => {
    expect(cleanText(input, 'en')).toBe(expected);
  });

  it('spells numbers num2words-style', () => {
    expect(cardinal('0')).toBe('zero');
    expect(cardinal('105')).toBe('one hundred and five');
    expect(cardinal('1000001')).toBe('one million and one');
    expect(ordinal('12')).toBe('twelfth');
    expect(ordinal('40')).toBe('fortieth');
    // num2words' English euro has no plural (Coqui's test: "20€" → "twenty euro").
    expect(currency('EUR', '2', 1)).toBe('two euro, one cent');
    expect(cleanText('That will be 20.15€ sir.', 'en')).toBe('that will be twenty euro, fifteen cents sir.');
    expect(cleanText('Pages 5-7, I said "ok".', 'en')).toBe('pages five-seven, i said ok.');
  });

  it('other languages before their cleaner is loaded: lower case, symbols, whitespace', () => {
    expect(cleanText('Bonjour  Café & Thé', 'fr')).toBe('bonjour café et thé');
    expect(cleanText('İSTANBUL', 'tr')).toBe('istanbul');
    expect(cleanText('Привет  МИР', 'ru')).toBe('привет мир');
  });
});

describe('chunking', () => {
  it('keeps short text whole and splits long text at sentences within the language limit', () => {
    expect(splitForXtts('Hello there. How are you?', 'en')).toEqual(['Hello there. How are you?']);
    const sentence = 'This sentence is about forty characters. ';
    const chunks = splitForXtts(sentence.repeat(20), 'en');
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(250);
      expect(c.endsWith('.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(sentence.repeat(20).trim());
  });

  it('cuts a sentence longer than the limit at commas, then spaces, then hard', () => {
    const long = Array.from({ length: 40 }, (_, i) => `clause ${i}`).join(', ');
    for (const c of splitForXtts(long, 'ja')) expect(c.length).toBeLessThanOrEqual(charLimit('ja'));
    const word = 'x'.repeat(200);
    expect(splitForXtts(word, 'zh').every((c) => c.length <= 82)).toBe(true);
    expect(splitForXtts('  ', 'en')).toEqual([]);
  });
});

describe('BPE tokenizer', () => {
  const { json } = buildTestVocab();
  const tok = createXttsTokenizer(json);

  it('prefixes the language tag, replaces spaces with [SPACE] and merges', () => {
    const ids = tok.encode('Hello world', 'en');
    expect(ids[0]).toBe(tok.tokenId('[en]'));
    expect(ids).toContain(tok.tokenId('[SPACE]'));
    expect(ids).toContain(tok.tokenId('hello'));
    expect(ids.length).toBe(4);
    expect(tok.encode('hi', 'zh')[0]).toBe(tok.tokenId('[zh-cn]'));
    expect(languageTag('zh')).toBe('[zh-cn]');
  });

  it('round-trips cleaned text', () => {
    for (const text of ['The quick brown fox, 3 times!', 'Is it "ok"? Yes: and then; more.', 'Ça va très bien']) {
      const lang = text.startsWith('Ça') ? 'fr' : 'en';
      expect(tok.decode(tok.encode(text, lang))).toBe(`${languageTag(lang)}${cleanText(text, lang)}`);
    }
  });

  it('maps unknown characters to [UNK] and refuses languages and files it cannot handle', () => {
    expect(() => tok.encode('hello', 'xx')).toThrow(XttsTokenizerError);
    expect(tok.encode('a✓b', 'en')).toContain(tok.tokenId('[UNK]'));
    expect(() => createXttsTokenizer({ model: { type: 'WordPiece' } })).toThrow(XttsTokenizerError);
    expect(() => createXttsTokenizer(null)).toThrow(XttsTokenizerError);
  });
});
