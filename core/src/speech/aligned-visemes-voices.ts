// Which espeak-ng voice speaks the reference phonemes for an XTTS sentence, per XTTS language.
import { normalizeXttsLanguage, type XttsLanguageId } from '../schemas/languages';

/** XTTS-v2 language id (the shared list in core/src/schemas/languages.ts) → espeak-ng voice; a test checks every id has one. */
export const ESPEAK_VOICE_FOR_XTTS: Readonly<Record<XttsLanguageId, string>> = {
  en: 'en-us',
  de: 'de',
  fr: 'fr',
  es: 'es',
  it: 'it',
  // XTTS's Portuguese was trained mostly on Brazilian speech.
  pt: 'pt-br',
  pl: 'pl',
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
  const id = normalizeXttsLanguage(language);
  const voice = id && ESPEAK_VOICE_FOR_XTTS[id];
  if (voice === 'ja' && HAN.test(text)) return undefined;
  return voice;
}
