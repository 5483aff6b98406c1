// The one list of XTTS-v2 language ids: the voice catalog validates against it, the text cleaner, chunker and
// tokenizer key their rules by it, and the app offers it. Ids are XTTS's own (`zh-cn`, as in its vocabulary's
// `[zh-cn]` tag); `zh` is accepted as an alias because older voices were stored with it.
import { z } from 'zod';

export interface XttsLanguage {
  readonly id: string;
  /** English name, for lists a user picks from. */
  readonly name: string;
  /** Coqui's per-chunk character limit for the language (its tokenizer's `char_limits`). */
  readonly charLimit: number;
}

export const XTTS_LANGUAGE_LIST = [
  { id: 'en', name: 'English', charLimit: 250 },
  { id: 'es', name: 'Spanish', charLimit: 239 },
  { id: 'fr', name: 'French', charLimit: 273 },
  { id: 'de', name: 'German', charLimit: 253 },
  { id: 'it', name: 'Italian', charLimit: 213 },
  { id: 'pt', name: 'Portuguese', charLimit: 203 },
  { id: 'pl', name: 'Polish', charLimit: 224 },
  { id: 'tr', name: 'Turkish', charLimit: 226 },
  { id: 'ru', name: 'Russian', charLimit: 182 },
  { id: 'nl', name: 'Dutch', charLimit: 251 },
  { id: 'cs', name: 'Czech', charLimit: 186 },
  { id: 'ar', name: 'Arabic', charLimit: 166 },
  { id: 'zh-cn', name: 'Chinese (Mandarin)', charLimit: 82 },
  { id: 'ja', name: 'Japanese', charLimit: 71 },
  { id: 'hu', name: 'Hungarian', charLimit: 224 },
  { id: 'ko', name: 'Korean', charLimit: 95 },
  { id: 'hi', name: 'Hindi', charLimit: 150 },
] as const satisfies readonly XttsLanguage[];

export type XttsLanguageId = (typeof XTTS_LANGUAGE_LIST)[number]['id'];
export const XTTS_LANGUAGE_IDS: readonly XttsLanguageId[] = XTTS_LANGUAGE_LIST.map((l) => l.id);

/** Other spellings seen in stored voices and requests, mapped to the id. */
const ALIASES: Readonly<Record<string, XttsLanguageId>> = { zh: 'zh-cn', 'zh-hans': 'zh-cn', cmn: 'zh-cn' };

/** The language id for `lang` (case-insensitive, aliases resolved), or undefined when XTTS does not speak it. */
export function normalizeXttsLanguage(lang: string): XttsLanguageId | undefined {
  const l = lang.trim().toLowerCase();
  return ALIASES[l] ?? XTTS_LANGUAGE_IDS.find((id) => id === l);
}

export const xttsLanguageSchema = z.enum(XTTS_LANGUAGE_LIST.map((l) => l.id) as [XttsLanguageId, ...XttsLanguageId[]]);
