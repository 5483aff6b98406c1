// Number spellers per XTTS language over n2words (MIT, one ESM module of ~16 KB per language, no Node built-ins),
// each imported only when its language is first spoken. Coqui uses num2words for the same job.
import { DECIMAL_POINT } from './tables';
import type { NumberSpeller } from './multilingual';

interface N2wordsModule {
  toCardinal(value: string): string;
  toOrdinal(value: string): string;
}

// Literal specifiers, so that bundlers split each language into its own chunk.
const N2WORDS: Readonly<Record<string, () => Promise<N2wordsModule>>> = {
  fr: () => import('n2words/fr-FR'),
  de: () => import('n2words/de-DE'),
  es: () => import('n2words/es-ES'),
  it: () => import('n2words/it-IT'),
  pt: () => import('n2words/pt-PT'),
  pl: () => import('n2words/pl-PL'),
  ar: () => import('n2words/ar-SA'),
  cs: () => import('n2words/cs-CZ'),
  ru: () => import('n2words/ru-RU'),
  nl: () => import('n2words/nl-NL'),
  tr: () => import('n2words/tr-TR'),
  hu: () => import('n2words/hu-HU'),
  ko: () => import('n2words/ko-KR'),
  hi: () => import('n2words/hi-IN'),
};

export const N2WORDS_LANGUAGES = Object.keys(N2WORDS);

/** A speller over one n2words module; decimals as num2words reads them where Coqui's num2words does that. */
export function n2wordsSpeller(lang: string, m: N2wordsModule): NumberSpeller {
  const point = DECIMAL_POINT[lang];
  return {
    cardinal: (digits) => m.toCardinal(digits),
    // n2words refuses a zeroth; num2words says the cardinal there.
    ordinal: (digits) => (/^0+$/.test(digits) ? m.toCardinal('0') : m.toOrdinal(digits)),
    // num2words reads the fraction digit by digit after the point word; where this table has no word (hu, ko, ar,
    // hi, tr) n2words' own reading is used, which follows that language's grammar ("tizenkettő egész öt").
    decimal: (whole, fraction) =>
      point
        ? `${m.toCardinal(whole)} ${point} ${[...fraction].map((d) => m.toCardinal(d)).join(' ')}`
        : m.toCardinal(`${whole}.${fraction}`),
  };
}

/** The speller of a language, or undefined where n2words has none (en is built in; zh and ja have their own). */
export async function loadSpeller(lang: string): Promise<NumberSpeller | undefined> {
  const load = N2WORDS[lang];
  return load ? n2wordsSpeller(lang, await load()) : undefined;
}
