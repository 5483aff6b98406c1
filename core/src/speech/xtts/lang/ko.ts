// Korean for XTTS: Hangul → Latin letters as Coqui does it (hangul_romanize's `academic` rule, BSD-2-Clause, by
// Jeong YunWon), and num2words-style ordinals ("3번째" → "세 번째").
//
// The scheme is a letter-for-letter transliteration with Revised Romanization letters: each precomposed syllable
// (U+AC00..U+D7A3) is decomposed arithmetically, index = code - 0xAC00, initial = index / 588, vowel =
// (index / 28) % 21, final = index % 28 (Unicode §3.12), and the three letters are written in sequence. A hyphen
// goes before a syllable that follows another syllable when it starts with the silent ㅇ, or when the previous
// final and this initial could be split into letters in more than one way ("os-so", not "osso").

const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'l', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const VOWELS = [
  'a',
  'ae',
  'ya',
  'yae',
  'eo',
  'e',
  'yeo',
  'ye',
  'o',
  'wa',
  'wae',
  'oe',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'eu',
  'ui',
  'i',
];
const FINALS = [
  '',
  'g',
  'kk',
  'gs',
  'n',
  'nj',
  'nh',
  'd',
  'l',
  'lg',
  'lm',
  'lb',
  'ls',
  'lt',
  'lp',
  'lh',
  'm',
  'b',
  'bs',
  's',
  'ss',
  'ng',
  'j',
  'ch',
  'k',
  't',
  'p',
  'h',
];
const SILENT_INITIAL = 11;
const FIRST = 0xac00;
const LAST = 0xd7a3;

/** Final+initial letter strings that split into (final, initial) in two or more ways. */
const AMBIGUOUS = ((): Set<string> => {
  const out = new Set<string>();
  const finals = new Set(FINALS);
  const initials = new Set(INITIALS);
  for (const f of FINALS) {
    for (const i of INITIALS) {
      const joined = f + i;
      let splits = 0;
      for (let k = 0; k < joined.length; k++) {
        if (finals.has(joined.slice(0, k)) && initials.has(joined.slice(k))) splits++;
      }
      if (splits > 1) out.add(joined);
    }
  }
  return out;
})();

interface Syllable {
  readonly initial: number;
  readonly vowel: number;
  readonly final: number;
}

function syllable(ch: string): Syllable | undefined {
  const code = ch.codePointAt(0)!;
  if (code < FIRST || code > LAST) return undefined;
  const index = code - FIRST;
  return { initial: Math.floor(index / 588), vowel: Math.floor(index / 28) % 21, final: index % 28 };
}

/** Hangul syllables → Latin letters; everything else is kept as it is. */
export function romanizeHangul(text: string): string {
  let out = '';
  let previous: Syllable | undefined;
  for (const ch of text) {
    const s = syllable(ch);
    if (!s) {
      out += ch;
      previous = undefined;
      continue;
    }
    if (previous && (s.initial === SILENT_INITIAL || AMBIGUOUS.has(FINALS[previous.final]! + INITIALS[s.initial]!))) {
      out += '-';
    }
    out += INITIALS[s.initial]! + VOWELS[s.vowel]! + FINALS[s.final]!;
    previous = s;
  }
  return out;
}

// Native Korean numerals in their attributive forms, which counters such as 번째 take.
const NATIVE_ONES = ['', '한', '두', '세', '네', '다섯', '여섯', '일곱', '여덟', '아홉'];
const NATIVE_TENS = ['', '열', '스물', '서른', '마흔', '쉰', '예순', '일흔', '여든', '아흔'];

/**
 * Ordinals as num2words writes Korean ones: "첫 번째", then native numerals below a hundred ("스무 번째",
 * "스물한 번째"), Sino-Korean from there on, each followed by 번째.
 */
export function koreanOrdinal(digits: string, cardinal: (d: string) => string): string {
  const n = Number(digits);
  if (n === 1) return '첫 번째';
  if (!Number.isSafeInteger(n) || n <= 0 || n >= 100) return `${cardinal(digits)} 번째`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const word = n === 20 ? '스무' : NATIVE_TENS[tens]! + NATIVE_ONES[ones]!;
  return `${word} 번째`;
}
