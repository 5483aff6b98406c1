// Coqui's multilingual_cleaners for XTTS: lower-case, numbers, abbreviations, symbols, whitespace, in that order.
// Number words come from an injected speller (English built in, the others from n2words, loaded late).
import {
  ABBREVIATIONS,
  ABBREVIATIONS_WITHOUT_DOT,
  COMMA_THOUSANDS,
  CURRENCY_JOIN,
  CURRENCY_NAMES,
  CURRENCY_OF_SYMBOL,
  ORDINAL_SUFFIX,
  SYMBOLS,
  currencyForm,
  type CurrencyCode,
} from './tables';

/** Number words of one language. Inputs are ASCII digit strings; `cardinal` also takes a leading '-'. */
export interface NumberSpeller {
  cardinal(digits: string): string;
  ordinal(digits: string): string;
  /** "12", "5" → "twelve point five"; the fraction has no trailing zeros (num2words reads a float). */
  decimal(whole: string, fraction: string): string;
  /** A whole currency phrase, for spellers that know their own ("five dollars, fifty cents"). */
  currency?(code: CurrencyCode, whole: string, cents: number): string;
}

/** Letters and digits of any script: JS `\b` only knows ASCII, Coqui's Python regexes know Unicode. */
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}_])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}_])';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const abbreviationRules = new Map<string, [RegExp, string][]>();
function abbreviationsOf(lang: string): [RegExp, string][] {
  let rules = abbreviationRules.get(lang);
  if (!rules) {
    rules = [
      ...(ABBREVIATIONS[lang] ?? []).map(
        ([a, b]) => [new RegExp(`${NOT_AFTER_WORD}${escape(a)}\\.`, 'giu'), b] as [RegExp, string],
      ),
      ...(ABBREVIATIONS_WITHOUT_DOT[lang] ?? []).map(
        ([a, b]) => [new RegExp(`${NOT_AFTER_WORD}${escape(a)}${NOT_BEFORE_WORD}`, 'giu'), b] as [RegExp, string],
      ),
    ];
    abbreviationRules.set(lang, rules);
  }
  return rules;
}

export function expandAbbreviations(text: string, lang: string): string {
  let out = text;
  for (const [re, word] of abbreviationsOf(lang)) out = out.replace(re, word);
  return out;
}

export function expandSymbols(text: string, lang: string): string {
  let out = text;
  for (const [sym, word] of SYMBOLS[lang] ?? []) out = out.split(sym).join(word);
  return out;
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Past this many digits n2words' scale words run out (it prints "undefined"), so the digits are read one by one. */
const MAX_SPELLED_DIGITS = 15;

/** Wraps a speller so that huge numbers are read digit by digit and leading zeros do not reach it. */
export function guardSpeller(s: NumberSpeller): NumberSpeller {
  const whole = (digits: string): string | undefined => {
    const d = digits.replace(/^0+(?=\d)/, '');
    return d.length > MAX_SPELLED_DIGITS ? [...d].map((c) => s.cardinal(c)).join(' ') : undefined;
  };
  return {
    cardinal: (digits) => {
      const negative = digits.startsWith('-');
      const d = (negative ? digits.slice(1) : digits).replace(/^0+(?=\d)/, '');
      if (d.length > MAX_SPELLED_DIGITS) return `${negative ? `${s.cardinal('-1').split(' ')[0]!} ` : ''}${whole(d)!}`;
      return s.cardinal(negative ? `-${d}` : d);
    },
    ordinal: (digits) => whole(digits) ?? s.ordinal(digits.replace(/^0+(?=\d)/, '')),
    decimal: (w, f) => (w.replace(/^0+(?=\d)/, '').length > MAX_SPELLED_DIGITS ? `${whole(w)!} ${f}` : s.decimal(w, f)),
    currency: s.currency,
  };
}

/** "20,15" or "1.234.5" → whole and cents, the last separator being the decimal point (as Coqui's float() reads it). */
function parseAmount(raw: string): { whole: string; cents: number; integer: boolean } {
  const m = /^(.*?)(?:[.,](\d+))?$/.exec(raw)!;
  const whole = (m[1] ?? '').replace(/\D/g, '') || '0';
  const frac = m[2] ?? '';
  const cents = Number(frac.padEnd(2, '0').slice(0, 2));
  return { whole, cents, integer: cents === 0 };
}

/** Masculine "one" before a currency word where the cardinal form differs ("un dólar", "ein Euro"). */
const ONE_BEFORE_NOUN: Readonly<Record<string, [RegExp, string]>> = {
  es: [/(^|\s)uno$/u, '$1un'],
  it: [/(^|\s)uno$/u, '$1un'],
  de: [/eins$/u, 'ein'],
};

function spellCurrency(lang: string, s: NumberSpeller, code: CurrencyCode, raw: string): string {
  const { whole, cents, integer } = parseAmount(raw);
  if (s.currency) return s.currency(code, whole, cents);
  const names = CURRENCY_NAMES[lang]?.[code];
  if (!names) return `${s.cardinal(whole)} ${raw}`;
  const fix = ONE_BEFORE_NOUN[lang];
  const count = (digits: string): string => (fix ? s.cardinal(digits).replace(fix[0], fix[1]) : s.cardinal(digits));
  const units = `${count(whole)} ${currencyForm(names.unit, BigInt(whole), lang)}`;
  // Coqui drops the "zero cents" num2words writes for whole amounts.
  if (integer) return units;
  const sub = `${count(String(cents))} ${currencyForm(names.sub, BigInt(cents), lang)}`;
  return `${units}${CURRENCY_JOIN[lang] ?? ', '}${sub}`;
}

const CURRENCY_RE = /([$€£¥])\s?(\d[\d.,]*\d|\d)|(\d[\d.,]*\d|\d)\s?([$€£¥])/g;
const ordinalRules = new Map<string, RegExp>();

/** Coqui's expand_numbers_multilingual for every language but Chinese (and Japanese, which Coqui leaves alone). */
export function expandNumbers(text: string, lang: string, speller: NumberSpeller): string {
  const s = guardSpeller(speller);
  let t = COMMA_THOUSANDS.has(lang)
    ? text.replace(/\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b/g, (m) => m.replaceAll(',', ''))
    : text.replace(/\b\d{1,3}(?:\.\d{3})+(?:,\d+)?\b/g, (m) => m.replaceAll('.', ''));
  t = t.replace(CURRENCY_RE, (_, sym1: string | undefined, a1: string | undefined, a2: string, sym2: string) =>
    spellCurrency(lang, s, CURRENCY_OF_SYMBOL[sym1 ?? sym2]!, a1 ?? a2),
  );
  t = t.replace(/(\d+)[.,](\d+)/g, (_, w: string, f: string) => s.decimal(w, f.replace(/0+$/, '') || '0'));
  const suffix = ORDINAL_SUFFIX[lang];
  if (suffix) {
    let re = ordinalRules.get(lang);
    if (!re) ordinalRules.set(lang, (re = new RegExp(`(\\d+)${suffix}`, 'gu')));
    t = t.replace(re, (_, d: string) => s.ordinal(d));
  }
  // A minus sign only where it cannot be a dash between two numbers ("5-7").
  t = t.replace(/(^|[\s(])-(\d+)/g, (_, before: string, d: string) => `${before}${s.cardinal(`-${d}`)}`);
  return t.replace(/\d+/g, (d) => s.cardinal(d));
}

/**
 * Coqui's multilingual_cleaners: drop double quotes, lower-case (Turkish dotted capitals first), spell out numbers
 * when a speller is loaded, then abbreviations and symbols, then collapse whitespace. Number words are lower-cased
 * too (num2words' German "Komma" / "Euro" reach Coqui's tokenizer capitalised; lower case is always in the vocab).
 */
export function multilingualClean(text: string, lang: string, speller: NumberSpeller | undefined): string {
  let t = text.replaceAll('"', '');
  if (lang === 'tr') t = t.replaceAll('İ', 'i').replaceAll('Ö', 'ö').replaceAll('Ü', 'ü');
  t = t.toLowerCase();
  if (speller) t = expandNumbers(t, lang, speller).toLowerCase();
  t = expandAbbreviations(t, lang);
  t = expandSymbols(t, lang);
  return collapseWhitespace(t);
}
