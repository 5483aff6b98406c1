// Chinese for XTTS, as Coqui's tokenizer prepares it: numbers read out in Chinese (its zh_num2words TextNorm),
// every punctuation mark turned into a comma, then pinyin with tone numbers (pypinyin TONE3, neutral tone 5, ü as
// v) joined without spaces. pinyin-pro (MIT, ~140 KB gzipped with its dictionary) stands in for pypinyin; this
// module is imported only when Chinese is spoken.
import { pinyin } from 'pinyin-pro';
import { collapseWhitespace, expandSymbols } from './multilingual';

const DIGITS = '零一二三四五六七八九';
/** Units of the "mid" numbering system: 十 百 千 万, then 亿 and beyond every four places. */
const UNITS: readonly (readonly [number, string])[] = [
  [44, '载'],
  [40, '正'],
  [36, '涧'],
  [32, '沟'],
  [28, '穰'],
  [24, '秭'],
  [20, '垓'],
  [16, '京'],
  [12, '兆'],
  [8, '亿'],
  [4, '万'],
  [3, '千'],
  [2, '百'],
  [1, '十'],
];

type NumberSymbol = { digit: number } | { power: number; char: string };

/** Symbols of a digit string with units: "105" → 一 百 零 五 (zeros inside a number are read once). */
function withUnits(value: string): NumberSymbol[] {
  const stripped = value.replace(/^0+/, '');
  if (!stripped) return [];
  if (stripped.length === 1) {
    const d = { digit: Number(stripped) };
    return value.length !== stripped.length ? [{ digit: 0 }, d] : [d];
  }
  const [power, char] = UNITS.find(([p]) => p < stripped.length)!;
  return [...withUnits(value.slice(0, -power)), { power, char }, ...withUnits(stripped.slice(-power))];
}

/**
 * A number in Chinese characters, as zh_num2words' num2chn writes it: "12" → 十二, "12.5" → 十二点五, "20000" →
 * 两万 (两 before units above 十). `units: false` reads the digits one by one (years, long numbers): 二零二四.
 */
export function hanziNumber(value: string, units = true): string {
  const [whole = '', fraction = ''] = value.split('.');
  const symbols: NumberSymbol[] =
    units && whole.length > 1 ? withUnits(whole) : [...whole].map((c) => ({ digit: Number(c) }));
  let out = '';
  symbols.forEach((s, i) => {
    if ('char' in s) {
      out += s.char;
      return;
    }
    const next = symbols[i + 1];
    const previous = symbols[i - 1];
    const liang =
      units &&
      s.digit === 2 &&
      next !== undefined &&
      'power' in next &&
      next.power !== 1 &&
      (previous === undefined || ('power' in previous && previous.power !== 1));
    out += liang ? '两' : DIGITS[s.digit]!;
  });
  if (fraction) out += `点${[...fraction].map((c) => DIGITS[Number(c)]!).join('')}`;
  if (out.startsWith('点')) out = `零${out}`;
  // 10-19 drop their leading 一: 十二, not 一十二.
  if (out.length >= 2 && out[0] === '一' && out[1] === '十') out = out.slice(1);
  return out;
}

/**
 * Measure words after which zh_num2words reads a number as a quantity rather than digit by digit: a common subset
 * of its list (which has no 人 or 次, so "1000人" is read 一零零零人 there, and here).
 */
const QUANTIFIERS =
  '(?:[千毫微]克|[千分厘毫微]米|[个只条张本件位名家户层页回场座辆首双对杯瓶碗盒箱袋斤两分钱寸尺丈里升斗口头岁年月日天周时秒刻季块片根支道面粒颗堆群队])';
const CURRENCY_UNIT = '(?:(?:亿|千万|百万|万|千|百)?[元块]|[角毛分]|亿|千万|百万|万|千|百)';
const NUMBER = '\\d+(?:\\.\\d+)?';

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const CHINESE_PUNCTUATION =
  '！？｡。＂＃＄％＆＇（）＊＋，－／：；＜＝＞＠［＼］＾＿｀｛｜｝～｟｠｢｣､、〃《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟〰〾〿–—‘’‛“”„‟…‧﹏·〈〉';
const PUNCTUATION = new Set([...ASCII_PUNCTUATION, ...CHINESE_PUNCTUATION]);

const CURRENCY_WORDS: Readonly<Record<string, string>> = { $: '美元', '€': '欧元', '£': '英镑', '¥': '元' };

/**
 * zh_num2words' normalisation, in its order: dates, money, fractions, percentages, quantities, long digit strings
 * (read one by one), plain numbers; then every punctuation mark becomes a comma. Currency symbols, which Coqui's
 * pipeline turns into commas, are read as 美元 / 欧元 / 英镑 / 元 first (what its own disabled test expects).
 * Phone-number rules are left out: they are long digit strings and read digit by digit all the same.
 */
export function normalizeChineseNumbers(text: string): string {
  let t = text
    .replace(
      new RegExp(`([$€£¥])\\s?(${NUMBER})`, 'g'),
      (_, s: string, n: string) => hanziNumber(n) + CURRENCY_WORDS[s]!,
    )
    .replace(
      new RegExp(`(${NUMBER})\\s?([$€£¥])`, 'g'),
      (_, n: string, s: string) => hanziNumber(n) + CURRENCY_WORDS[s]!,
    )
    // Lone € and ¥ are neither punctuation nor in Coqui's symbol table: it passes them on as [UNK].
    .replace(/[€¥]/g, (c) => CURRENCY_WORDS[c]!);
  t = t
    .replace(
      /(?<!\d)(?:([089]\d|(?:19|20)\d{2})年)?(\d{1,2})月(?:(\d{1,2})([日号]))?/g,
      (_, y: string | undefined, m: string, d: string | undefined, dayMark: string | undefined) =>
        `${y ? `${hanziNumber(y, false)}年` : ''}${hanziNumber(m)}月${d ? hanziNumber(d) + dayMark! : ''}`,
    )
    .replace(/(?<!\d)((?:[089]\d|(?:19|20)\d{2}))年/g, (_, y: string) => `${hanziNumber(y, false)}年`)
    .replace(new RegExp(`(${NUMBER})(?=[多余几]?${CURRENCY_UNIT})`, 'g'), (n: string) => hanziNumber(n))
    .replace(/(\d+)\/(\d+)/g, (_, a: string, b: string) => `${hanziNumber(b)}分之${hanziNumber(a)}`)
    .replace(new RegExp(`(${NUMBER})[%％]`, 'g'), (_, n: string) => `百分之${hanziNumber(n)}`)
    .replace(new RegExp(`(${NUMBER})(?=[多余几]?${QUANTIFIERS})`, 'g'), (n: string) => hanziNumber(n))
    .replace(/\d{4,32}/g, (n) => hanziNumber(n, false))
    .replace(new RegExp(NUMBER, 'g'), (n) => hanziNumber(n))
    // P2P, B2B: a 2 between Latin letters was a letter, not a number.
    .replace(/([a-z]+)二([a-z]+)/gi, '$12$2');
  return [...t].map((c) => (PUNCTUATION.has(c) ? ',' : c)).join('');
}

/** Han characters → pinyin with tone numbers, neutral tone 5 and ü as v, syllables joined without spaces. */
export function toPinyin(text: string): string {
  return text.replace(/\p{Script=Han}+/gu, (run) =>
    pinyin(run, { toneType: 'num', type: 'array', v: true })
      .map((syllable) => syllable.replace(/0$/, '5'))
      .join(''),
  );
}

/** Coqui's Chinese path: multilingual_cleaners with zh_num2words, then pypinyin. */
export function cleanChinese(text: string): string {
  let t = text.replaceAll('"', '').toLowerCase();
  t = normalizeChineseNumbers(t);
  t = collapseWhitespace(expandSymbols(t, 'zh'));
  return toPinyin(t);
}
