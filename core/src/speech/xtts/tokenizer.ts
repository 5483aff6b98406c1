// XTTS text tokenizer: cleaning, the language tag, [SPACE] and BPE over vocab.json (Hugging Face tokenizers format).
import { Tokenizer } from '@huggingface/tokenizers';
import { cleanText, xttsLanguageKey } from './text-clean';

export interface XttsTokenizer {
  /** Token ids of one chunk: `[lang]` then the BPE of the cleaned text, without start/stop text tokens. */
  encode(text: string, lang: string): number[];
  decode(ids: readonly number[]): string;
  /** Id of a token string (language tags, [START], [STOP], ...), or undefined. */
  tokenId(token: string): number | undefined;
  readonly vocabSize: number;
}

export class XttsTokenizerError extends Error {
  override readonly name = 'XttsTokenizerError';
  readonly code = 'XTTS_BAD_VOCAB';
}

/** The vocabulary's tag is the shared language id (`[zh-cn]`), whichever alias the caller used. */
export function languageTag(lang: string): string {
  return `[${xttsLanguageKey(lang)}]`;
}

interface VocabJson {
  model?: { type?: string; vocab?: Record<string, number> };
  added_tokens?: { id: number; content: string }[];
}

export function createXttsTokenizer(vocabJson: unknown): XttsTokenizer {
  const json = vocabJson as VocabJson;
  if (typeof json !== 'object' || json === null || json.model?.type !== 'BPE' || typeof json.model.vocab !== 'object') {
    throw new XttsTokenizerError('vocab.json is not a Hugging Face tokenizers BPE file.');
  }
  const tok = new Tokenizer(json, {});
  let vocabSize = 0;
  for (const id of Object.values(json.model.vocab)) vocabSize = Math.max(vocabSize, id + 1);
  for (const t of json.added_tokens ?? []) vocabSize = Math.max(vocabSize, t.id + 1);
  return {
    vocabSize,
    tokenId: (token) => tok.token_to_id(token),
    encode(text, lang) {
      const tag = languageTag(lang);
      if (tok.token_to_id(tag) === undefined)
        throw new XttsTokenizerError(`The vocabulary has no language tag ${tag}.`);
      const cleaned = cleanText(text, lang).replaceAll(' ', '[SPACE]');
      return tok.encode(`${tag}${cleaned}`, { add_special_tokens: false }).ids;
    },
    decode(ids) {
      return tok
        .decode([...ids], { skip_special_tokens: false })
        .replace(/\s+/g, '')
        .replaceAll('[SPACE]', ' ');
    },
  };
}
