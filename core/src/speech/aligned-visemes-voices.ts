// Which espeak-ng voice speaks the reference phonemes for an XTTS sentence, per XTTS language.

/** XTTS-v2 language code → espeak-ng voice (both spellings of Chinese, as XTTS writes `zh-cn` in its vocabulary). */
export const ESPEAK_VOICE_FOR_XTTS: Readonly<Record<string, string>> = {
  en: 'en-us',
  de: 'de',
  fr: 'fr',
  es: 'es',
  it: 'it',
  // XTTS's Portuguese was trained mostly on Brazilian speech.
  pt: 'pt-br',
  pl: 'pl',
  zh: 'cmn',
  'zh-cn': 'cmn',
  ar: 'ar',
  cs: 'cs',
  ru: 'ru',
  nl: 'nl',
  tr: 'tr',
  ja: 'ja',
  hu: 'hu',
  ko: 'ko',
  hi: 'hi',
};

/** Han characters: espeak-ng's Japanese reads only kana, and spells kanji out in English ("Chinese letter"). */
const HAN = /\p{Script=Han}/u;

/**
 * The espeak-ng voice whose phoneme timings can be aligned onto an XTTS sentence in `language`, or undefined
 * where espeak-ng cannot read the text (unknown language, Japanese with kanji): then keep the envelope mouth.
 */
export function espeakVoiceForXtts(language: string, text: string): string | undefined {
  const voice = ESPEAK_VOICE_FOR_XTTS[language.toLowerCase()];
  if (voice === 'ja' && HAN.test(text)) return undefined;
  return voice;
}
