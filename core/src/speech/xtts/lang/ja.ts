// Japanese for XTTS. Coqui romanises with cutlet, which needs MeCab and a UniDic dictionary (12-20 MB, and more
// again as WASM) to read kanji and to split words. That is too heavy to fetch in a browser before speaking, so
// this port romanises kana with wanakana (MIT, ~16 KB gzipped) and reads numbers itself; kanji stay as they are
// and become [UNK] in the real vocabulary. See the README for what that costs.
import { toRomaji } from 'wanakana';
import { collapseWhitespace } from './multilingual';

const DIGITS = ['zero', 'ichi', 'ni', 'san', 'yon', 'go', 'roku', 'nana', 'hachi', 'kyuu'];
// Sound changes of 百 and 千 after some digits (sanbyaku, roppyaku, happyaku; sanzen, hassen).
const HUNDREDS: Readonly<Record<number, string>> = { 1: 'hyaku', 3: 'sanbyaku', 6: 'roppyaku', 8: 'happyaku' };
const THOUSANDS: Readonly<Record<number, string>> = { 1: 'sen', 3: 'sanzen', 8: 'hassen' };
/** 万, 億, 兆, 京: Japanese groups digits by four. */
const MYRIADS = ['', 'man', 'oku', 'chou', 'kei'];

function below10000(n: number, beforeMyriad: boolean): string[] {
  const parts: string[] = [];
  const th = Math.floor(n / 1000);
  const h = Math.floor(n / 100) % 10;
  const t = Math.floor(n / 10) % 10;
  const o = n % 10;
  // 一千万 is "issen man"; a bare 千 is "sen".
  if (th) parts.push(th === 1 && beforeMyriad && n === 1000 ? 'issen' : (THOUSANDS[th] ?? `${DIGITS[th]!}sen`));
  if (h) parts.push(HUNDREDS[h] ?? `${DIGITS[h]!}hyaku`);
  if (t) parts.push(t === 1 ? 'juu' : `${DIGITS[t]!}juu`);
  if (o) parts.push(DIGITS[o]!);
  return parts;
}

/** A whole number read in Japanese, in Hepburn without macrons as cutlet writes ("nisen nijuu yon"). */
export function japaneseNumber(digits: string): string {
  const d = digits.replace(/^0+(?=\d)/, '');
  if (/^0+$/.test(d)) return DIGITS[0]!;
  if (d.length > MYRIADS.length * 4) return [...d].map((c) => DIGITS[Number(c)]!).join(' ');
  const groups: number[] = [];
  for (let end = d.length; end > 0; end -= 4) groups.unshift(Number(d.slice(Math.max(0, end - 4), end)));
  const words: string[] = [];
  groups.forEach((group, i) => {
    const myriad = groups.length - 1 - i;
    if (!group) return;
    const parts = below10000(group, myriad > 0);
    // 一万 and 一億 say their "ichi"; the unit joins the group's last word ("nijuuman").
    words.push(myriad > 0 ? `${group === 1 ? 'ichi' : parts.join(' ')}${MYRIADS[myriad]!}` : parts.join(' '));
  });
  return words.join(' ');
}

const CURRENCY: Readonly<Record<string, string>> = { '¥': 'en', '￥': 'en', $: 'doru', '€': 'yuuro', '£': 'pondo' };
/** Symbols left without a number: cutlet's path has no symbol table, but their Latin-free forms would be [UNK]. */
const SYMBOL_WORDS: Readonly<Record<string, string>> = { ...CURRENCY, '°': 'do' };

function readNumber(whole: string, fraction: string | undefined): string {
  const w = japaneseNumber(whole);
  return fraction ? `${w} ten ${[...fraction].map((c) => DIGITS[Number(c)]!).join(' ')}` : w;
}

let warnedAboutKanji = false;

/**
 * Kana → romaji (wanakana: Hepburn, を as "wo", long katakana vowels doubled), numbers and currency read in
 * Japanese, Japanese brackets dropped, lower-cased. Kanji are left in place; the first time some are seen a warning
 * is logged once, since XTTS will skip them.
 */
export function cleanJapanese(text: string): string {
  let t = text
    .normalize('NFKC')
    .replace(/[「」『』【】"]/g, '')
    .replaceAll('・', ' ');
  t = t
    .replace(
      /([¥￥$€£])\s?(\d+)(?:\.(\d+))?/g,
      (_, s: string, w: string, f?: string) => ` ${readNumber(w, f)} ${CURRENCY[s]!} `,
    )
    .replace(/(\d+)(?:\.(\d+))?\s?円/g, (_, w: string, f?: string) => ` ${readNumber(w, f)} en `)
    .replace(/(\d+)(?:\.(\d+))?/g, (_, w: string, f?: string) => ` ${readNumber(w, f)} `)
    .replace(/[¥￥$€£°]/g, (c) => ` ${SYMBOL_WORDS[c]!} `);
  t = toRomaji(t);
  if (!warnedAboutKanji && /\p{Script=Han}/u.test(t)) {
    warnedAboutKanji = true;
    console.warn('XTTS: kanji are not romanised in this build (no MeCab dictionary); they are skipped when spoken.');
  }
  return collapseWhitespace(t.toLowerCase());
}
