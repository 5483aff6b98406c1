// Maps IPA and eSpeak ASCII phoneme mnemonics to the 15 Oculus visemes, splitting diphthongs into parts.
export const OCULUS_VISEMES = [
  'sil',
  'PP',
  'FF',
  'TH',
  'DD',
  'kk',
  'CH',
  'SS',
  'nn',
  'RR',
  'aa',
  'E',
  'ih',
  'oh',
  'ou',
] as const;
export type Viseme = (typeof OCULUS_VISEMES)[number];

/** `inherit`: the lips take the shape of what follows (h, glottal stop). */
type Target = Viseme | 'inherit';

// Longest symbols first matter only for multi-character entries; lookups below try 2 characters, then 1.
const IPA: Record<string, Target> = {
  p: 'PP',
  b: 'PP',
  m: 'PP',
  ɱ: 'FF',
  f: 'FF',
  v: 'FF',
  θ: 'TH',
  ð: 'TH',
  t: 'DD',
  d: 'DD',
  ɾ: 'DD',
  ʈ: 'DD',
  ɖ: 'DD',
  k: 'kk',
  g: 'kk',
  ɡ: 'kk',
  q: 'kk',
  x: 'kk',
  ɣ: 'kk',
  χ: 'kk',
  tʃ: 'CH',
  dʒ: 'CH',
  ʃ: 'CH',
  ʒ: 'CH',
  ɕ: 'CH',
  ʑ: 'CH',
  ç: 'CH',
  ts: 'SS',
  dz: 'SS',
  s: 'SS',
  z: 'SS',
  n: 'nn',
  l: 'nn',
  ɫ: 'nn',
  ŋ: 'nn',
  ɲ: 'nn',
  ʎ: 'nn',
  ɬ: 'nn',
  r: 'RR',
  ɹ: 'RR',
  ɻ: 'RR',
  ʁ: 'RR',
  ʀ: 'RR',
  ɚ: 'RR',
  ɝ: 'RR',
  a: 'aa',
  ɑ: 'aa',
  æ: 'aa',
  ʌ: 'aa',
  ɐ: 'aa',
  ɒ: 'oh',
  ɶ: 'aa',
  e: 'E',
  ɛ: 'E',
  ə: 'E',
  ɜ: 'E',
  œ: 'E',
  ø: 'E',
  ɘ: 'E',
  ɵ: 'E',
  i: 'ih',
  ɪ: 'ih',
  j: 'ih',
  y: 'ih',
  ɨ: 'ih',
  ʏ: 'ih',
  o: 'oh',
  ɔ: 'oh',
  ɤ: 'oh',
  u: 'ou',
  ʊ: 'ou',
  w: 'ou',
  ɯ: 'ou',
  ʉ: 'ou',
  ɥ: 'ou',
  h: 'inherit',
  ɦ: 'inherit',
  ʔ: 'inherit',
};

// eSpeak's ASCII mnemonics (Kirshenbaum-like) for the symbols that differ from IPA.
const MNEMONIC: Record<string, string> = {
  '@': 'ə',
  '3': 'ɜ',
  a: 'a',
  A: 'ɑ',
  '0': 'ɒ',
  V: 'ʌ',
  E: 'ɛ',
  I: 'ɪ',
  O: 'ɔ',
  U: 'ʊ',
  Q: 'ɒ',
  tS: 'tʃ',
  dZ: 'dʒ',
  S: 'ʃ',
  Z: 'ʒ',
  T: 'θ',
  D: 'ð',
  N: 'ŋ',
  r: 'ɹ',
  R: 'ɹ',
  C: 'ç',
  X: 'x',
  '?': 'ʔ',
};

const SILENCE = /^[\s_|.,;:!?-]*$/;
const DROP = /[ˈˌːˑ'`0-9%=^]|\p{M}/gu; // stress, length, tone digits and combining diacritics

function fromMnemonic(p: string): string {
  let out = '';
  for (let i = 0; i < p.length;) {
    const two = p.slice(i, i + 2);
    if (MNEMONIC[two] !== undefined) {
      out += MNEMONIC[two];
      i += 2;
    } else {
      out += MNEMONIC[p[i]!] ?? p[i]!;
      i++;
    }
  }
  return out;
}

/** The visemes a phoneme string makes, in order (a diphthong like "aɪ" gives two). Unknown symbols are skipped. */
export function phonemeVisemes(phoneme: string): Target[] {
  // eSpeak mnemonics are ASCII with capitals and digits; lower-case ASCII letters mean the same in both notations.
  const marks = /^[\x20-\x7e]*$/.test(phoneme) && /[A-Z0-9@&?]/.test(phoneme) ? fromMnemonic(phoneme) : phoneme;
  const ipa = marks.replace(DROP, '');
  if (SILENCE.test(ipa)) return ['sil'];
  const out: Target[] = [];
  for (let i = 0; i < ipa.length;) {
    const two = IPA[ipa.slice(i, i + 2)];
    if (two !== undefined) {
      out.push(two);
      i += 2;
      continue;
    }
    const one = IPA[ipa[i]!];
    if (one !== undefined) out.push(one);
    i++;
  }
  return out.length > 0 ? dedupe(out) : ['sil'];
}

function dedupe(items: Target[]): Target[] {
  return items.filter((v, i) => i === 0 || v !== items[i - 1]);
}
