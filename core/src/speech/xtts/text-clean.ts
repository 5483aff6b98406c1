// XTTS text cleaning per language, mirroring Coqui's tokenizer preprocessing. English is built in; every other
// language loads its number words (n2words) or script converter (pinyin-pro, hangul romanisation, wanakana) late,
// through prepareXttsLanguage, so that only the languages actually spoken are ever fetched.
import { CodedError } from '../../errors';
import { collapseWhitespace, multilingualClean, type NumberSpeller } from './lang/multilingual';
import { ENGLISH_SPELLER } from './numbers-en';
import { normalizeXttsLanguage, XTTS_LANGUAGE_IDS, XTTS_LANGUAGE_LIST } from '../../schemas/languages';

export { collapseWhitespace } from './lang/multilingual';

/** Languages XTTS-v2 knows (the shared list), with the per-chunk character limits of Coqui's tokenizer. */
export const XTTS_CHAR_LIMITS: Readonly<Record<string, number>> = Object.fromEntries(XTTS_LANGUAGE_LIST.map((l) => [l.id, l.charLimit]));

export const XTTS_LANGUAGES: readonly string[] = XTTS_LANGUAGE_IDS;

/** The shared id for `lang` (`zh` → `zh-cn`), or `lang` itself when XTTS does not know it (then it gets the generic rules). */
export const xttsLanguageKey = (lang: string): string => normalizeXttsLanguage(lang) ?? lang;

type Cleaner = (text: string) => string;

const ready = new Map<string, Cleaner>([['en', (t) => multilingualClean(t, 'en', ENGLISH_SPELLER)]]);
const loading = new Map<string, Promise<void>>();

async function loadCleaner(lang: string): Promise<Cleaner | undefined> {
  const { loadSpeller } = await import('./lang/spellers');
  switch (lang) {
    case 'zh-cn':
      return (await import('./lang/zh')).cleanChinese;
    case 'ja':
      return (await import('./lang/ja')).cleanJapanese;
    case 'ko': {
      const [ko, base] = await Promise.all([import('./lang/ko'), loadSpeller('ko')]);
      const speller: NumberSpeller = { ...base!, ordinal: (d) => ko.koreanOrdinal(d, base!.cardinal) };
      return (t) => ko.romanizeHangul(multilingualClean(t, 'ko', speller));
    }
    default: {
      const speller = await loadSpeller(lang);
      return speller && ((t) => multilingualClean(t, lang, speller));
    }
  }
}

/**
 * Loads what cleaning `lang` needs (its number words, pinyin, romanisation), once; call it before encoding text in
 * that language. Unknown languages resolve without loading anything. A failed load (a chunk the browser could not
 * fetch) throws XTTS_LANGUAGE_LOAD_FAILED and is tried again on the next call.
 */
export function prepareXttsLanguage(language: string): Promise<void> {
  const lang = xttsLanguageKey(language);
  if (ready.has(lang) || !XTTS_LANGUAGES.includes(lang)) return Promise.resolve();
  let p = loading.get(lang);
  if (!p) {
    p = loadCleaner(lang).then(
      (cleaner) => {
        if (cleaner) ready.set(lang, cleaner);
      },
      (cause: unknown) => {
        loading.delete(lang);
        throw new CodedError('XTTS_LANGUAGE_LOAD_FAILED', `Could not load the text cleaner for "${lang}".`, {
          recoverable: true,
          cause,
        });
      },
    );
    loading.set(lang, p);
  }
  return p;
}

/** True once `lang` cleans fully (always for English). */
export function isXttsLanguagePrepared(lang: string): boolean {
  return ready.has(xttsLanguageKey(lang));
}

/**
 * Cleans text the way XTTS was trained on it (Coqui's multilingual_cleaners and its zh/ja/ko transliteration).
 * Before prepareXttsLanguage(lang) has finished, other languages than English get everything but their number
 * words and script conversion: quotes dropped, lower case, abbreviations, symbols and whitespace; digits stay.
 */
export function cleanText(text: string, language: string): string {
  const lang = xttsLanguageKey(language);
  const t = text.normalize('NFC').replace(/[“”„]/g, '"').replace(/[‘’]/g, "'");
  const cleaner = ready.get(lang);
  if (cleaner) return cleaner(t);
  return lang === 'ja' ? collapseWhitespace(t.toLowerCase()) : multilingualClean(t, lang, undefined);
}
