// Decides whether a punctuation mark in clean text ends a sentence: abbreviations, initials, numbers, ellipses.
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'rev',
  'hon',
  'fr',
]);
const ABBREVIATIONS = new Set([
  'vs',
  'etc',
  'approx',
  'no',
  'nos',
  'fig',
  'figs',
  'vol',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'min',
  'max',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'ca',
  'cf',
  'al',
  'ed',
  'eds',
]);
// Abbreviations that may end a sentence when the next word is capitalised ("... and so on, etc. Then ...").
const MAY_END = new Set(['etc', 'inc', 'ltd', 'co', 'corp', 'al']);

export const HARD_MARKS = '.!?…';
export const CLOSERS = `"'”’)]»`;
export const SOFT_MARKS = ',;:—–';

export type Verdict = 'boundary' | 'none' | 'undecided';

/** The word (letters, digits and inner dots) ending just before index `end`. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}\p{N}.'’]/u.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}

function isLower(ch: string): boolean {
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Where the run of end marks and closing quotes starting at `i` ends. */
export function endOfMarks(text: string, i: number): number {
  let j = i;
  while (j < text.length && HARD_MARKS.includes(text[j]!)) j++;
  while (j < text.length && CLOSERS.includes(text[j]!)) j++;
  return j;
}

/** Judges the hard-mark run text[i..j) given what follows; `final` means nothing more will arrive. */
export function judgeHard(text: string, i: number, j: number, final: boolean): Verdict {
  if (j === text.length) return final ? 'boundary' : 'undecided';
  if (!/\s/.test(text[j]!)) return 'none'; // 3.14, example.com, "?!"
  let k = j;
  while (k < text.length && /[ \t]/.test(text[k]!)) k++;
  if (k === text.length) return final ? 'boundary' : 'undecided';
  const next = text[k]!;
  if (next === '\n') return 'boundary';
  const marks = text.slice(i, j);
  if (/[!?]/.test(marks)) return 'boundary';
  if (marks.includes('…') || marks.startsWith('..')) return isUpper(next) ? 'boundary' : 'none';
  return judgePeriod(text, i, next);
}

function judgePeriod(text: string, i: number, next: string): Verdict {
  const word = wordBefore(text, i);
  const bare = word.replace(/^['’]+/, '').toLowerCase();
  if (TITLES.has(bare)) return 'none'; // "Dr. Smith"
  if (/^\p{Lu}$/u.test(word)) return 'none'; // an initial: "J. R. R. Tolkien"
  if (bare.includes('.')) return 'none'; // e.g., i.e., U.S., a.m.
  if (ABBREVIATIONS.has(bare)) return MAY_END.has(bare) && isUpper(next) ? 'boundary' : 'none';
  return isLower(next) ? 'none' : 'boundary';
}

/** A soft mark counts only with whitespace after it (not "1,000" or "10:30"); dashes count regardless. */
export function judgeSoft(text: string, i: number, final: boolean): Verdict {
  const ch = text[i]!;
  if (i + 1 === text.length) return final ? 'boundary' : 'undecided'; // a closing quote may follow
  if (ch === '—') return 'boundary';
  const next = text[i + 1]!;
  if (ch === '–') return /\s/.test(text[i - 1] ?? '') && /\s/.test(next) ? 'boundary' : 'none';
  return /\s/.test(next) ? 'boundary' : 'none';
}
