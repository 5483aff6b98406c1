// XTTS text cleaning per language, mirroring Coqui's tokenizer preprocessing where this port implements it.
import { expandNumbersEn } from './numbers-en';

/** Languages XTTS-v2 knows, with the per-chunk character limits of Coqui's tokenizer. */
export const XTTS_CHAR_LIMITS: Readonly<Record<string, number>> = {
  en: 250,
  de: 253,
  fr: 273,
  es: 239,
  it: 213,
  pt: 203,
  pl: 224,
  zh: 82,
  ar: 166,
  cs: 186,
  ru: 182,
  nl: 251,
  tr: 226,
  ja: 71,
  hu: 224,
  ko: 95,
  hi: 150,
};

export const XTTS_LANGUAGES = Object.keys(XTTS_CHAR_LIMITS);

const ABBREVIATIONS_EN: [RegExp, string][] = (
  [
    ['mrs', 'misess'],
    ['mr', 'mister'],
    ['dr', 'doctor'],
    ['st', 'saint'],
    ['co', 'company'],
    ['jr', 'junior'],
    ['maj', 'major'],
    ['gen', 'general'],
    ['drs', 'doctors'],
    ['rev', 'reverend'],
    ['lt', 'lieutenant'],
    ['hon', 'honorable'],
    ['sgt', 'sergeant'],
    ['capt', 'captain'],
    ['esq', 'esquire'],
    ['ltd', 'limited'],
    ['col', 'colonel'],
    ['ft', 'fort'],
  ] as const
).map(([a, b]) => [new RegExp(`\\b${a}\\.`, 'gi'), b]);

/** Symbols spelled out per language (Coqui's _symbols_multilingual, for the languages listed). */
const SYMBOLS: Record<string, [string, string][]> = {
  en: [
    ['&', ' and '],
    ['@', ' at '],
    ['%', ' percent '],
    ['#', ' hash '],
    ['$', ' dollar '],
    ['£', ' pound '],
    ['°', ' degree '],
  ],
  es: [
    ['&', ' y '],
    ['@', ' arroba '],
    ['%', ' por ciento '],
    ['#', ' numeral '],
    ['$', ' dolar '],
    ['£', ' libra '],
    ['°', ' grados '],
  ],
  fr: [
    ['&', ' et '],
    ['@', ' arobase '],
    ['%', ' pour cent '],
    ['#', ' dièse '],
    ['$', ' dollar '],
    ['£', ' livre '],
    ['°', ' degrés '],
  ],
  de: [
    ['&', ' und '],
    ['@', ' at '],
    ['%', ' prozent '],
    ['#', ' raute '],
    ['$', ' dollar '],
    ['£', ' pfund '],
    ['°', ' grad '],
  ],
  pt: [
    ['&', ' e '],
    ['@', ' arroba '],
    ['%', ' por cento '],
    ['#', ' cardinal '],
    ['$', ' dólar '],
    ['£', ' libra '],
    ['°', ' graus '],
  ],
  it: [
    ['&', ' e '],
    ['@', ' chiocciola '],
    ['%', ' per cento '],
    ['#', ' cancelletto '],
    ['$', ' dollaro '],
    ['£', ' sterlina '],
    ['°', ' gradi '],
  ],
  nl: [
    ['&', ' en '],
    ['@', ' bij '],
    ['%', ' procent '],
    ['#', ' hekje '],
    ['$', ' dollar '],
    ['£', ' pond '],
    ['°', ' graden '],
  ],
};

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function expandSymbols(text: string, lang: string): string {
  let out = text;
  for (const [sym, word] of SYMBOLS[lang] ?? []) out = out.split(sym).join(word);
  return out;
}

/**
 * Cleans text the way XTTS was trained on it. English: abbreviations, numbers, currencies, ordinals and symbols
 * spelled out, lower-cased, whitespace collapsed. Other languages: symbols (where tabled), lower-casing and
 * whitespace only; digits stay digits (Coqui uses num2words there, which this port does not carry).
 */
export function cleanText(text: string, lang: string): string {
  let t = text.normalize('NFC').replace(/[“”„]/g, '"').replace(/[‘’]/g, "'");
  if (lang === 'en') {
    for (const [re, word] of ABBREVIATIONS_EN) t = t.replace(re, word);
    t = expandNumbersEn(t);
  }
  t = expandSymbols(t, lang);
  return collapseWhitespace(t.toLocaleLowerCase(lang === 'tr' ? 'tr' : 'en'));
}
