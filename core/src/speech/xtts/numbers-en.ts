// English number words (cardinals, ordinals, decimals, currencies) for XTTS text cleaning, as num2words writes them.
import type { NumberSpeller } from './lang/multilingual';
import type { CurrencyCode } from './lang/tables';

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'];

function below1000(n: number): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h > 0) parts.push(`${ONES[h]!} hundred`);
  if (r > 0) {
    if (h > 0) parts.push('and');
    if (r < 20) parts.push(ONES[r]!);
    else parts.push(r % 10 ? `${TENS[Math.floor(r / 10)]!}-${ONES[r % 10]!}` : TENS[r / 10]!);
  }
  return parts.join(' ');
}

/** Cardinal words for a non-negative integer given as digits (num2words style: "one hundred and five"). */
export function cardinal(digits: string): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  // Beyond quadrillions, read digit by digit rather than invent scale words.
  if (clean.length > 18) return [...clean].map((d) => ONES[Number(d)]!).join(' ');
  let n = BigInt(clean);
  if (n === 0n) return 'zero';
  const groups: string[] = [];
  const last = Number(n % 1000n);
  for (let s = 0; n > 0n; s++, n /= 1000n) {
    const g = Number(n % 1000n);
    if (g > 0) groups.unshift(SCALES[s] ? `${below1000(g)} ${SCALES[s]!}` : below1000(g));
  }
  // num2words joins a final group under a hundred with "and": "two thousand and twenty-four".
  if (groups.length > 1 && last > 0 && last < 100) groups[groups.length - 1] = `and ${groups[groups.length - 1]!}`;
  return groups.join(' ');
}

const ORDINAL_FIX: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

export function ordinal(digits: string): string {
  const words = cardinal(digits);
  const m = /([a-z]+)$/.exec(words);
  if (!m) return words;
  const last = m[1]!;
  const fixed = ORDINAL_FIX[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return words.slice(0, words.length - last.length) + fixed;
}

/** "3.14" → "three point one four". */
export function decimal(intPart: string, frac: string): string {
  return `${cardinal(intPart)} point ${[...frac].map((d) => ONES[Number(d)]!).join(' ')}`;
}

// num2words' English currency names (its euro is "euro" in the plural too: Coqui's own test reads "twenty euro").
const CURRENCIES: Record<CurrencyCode, [string, string, string, string]> = {
  USD: ['dollar', 'dollars', 'cent', 'cents'],
  GBP: ['pound', 'pounds', 'penny', 'pence'],
  EUR: ['euro', 'euro', 'cent', 'cents'],
  JPY: ['yen', 'yen', 'sen', 'sen'],
};

/** "$5.50" → "five dollars, fifty cents"; "$1" → "one dollar" (whole amounts drop num2words' "zero cents"). */
export function currency(code: CurrencyCode, whole: string, cents: number): string {
  const names = CURRENCIES[code];
  const units = BigInt(whole || '0');
  const parts = [`${cardinal(whole || '0')} ${units === 1n ? names[0] : names[1]}`];
  if (cents > 0) parts.push(`${cardinal(String(cents))} ${cents === 1 ? names[2] : names[3]}`);
  return parts.join(', ');
}

/** English for the multilingual cleaner: num2words' forms, without loading anything. */
export const ENGLISH_SPELLER: NumberSpeller = {
  cardinal: (digits) => (digits.startsWith('-') ? `minus ${cardinal(digits.slice(1))}` : cardinal(digits)),
  ordinal,
  decimal,
  currency,
};
