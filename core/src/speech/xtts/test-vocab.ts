// A small XTTS-style vocab.json (HF tokenizers BPE) for tests and generated stub models; real users load the real one.
import { XTTS_LANGUAGES } from './text-clean';

export interface TestVocabOptions {
  /** Pad with filler tokens up to this many ids (the real vocabulary has 6681). */
  readonly size?: number;
}

const CHARS = [...'abcdefghijklmnopqrstuvwxyz.,!?\'"-:;()àâçéèêëîïôùûüäößñáíóúãõ'];
/** Enough merges that common English words become a few tokens, so round-trip tests exercise BPE merging. */
const MERGES: [string, string][] = [
  ['t', 'h'],
  ['h', 'e'],
  ['i', 'n'],
  ['e', 'r'],
  ['a', 'n'],
  ['o', 'u'],
  ['th', 'e'],
  ['in', 'g'],
  ['o', 'n'],
  ['e', 'n'],
  ['a', 't'],
  ['e', 's'],
  ['o', 'r'],
  ['l', 'l'],
  ['h', 'e'],
  ['e', 'l'],
  ['el', 'l'],
  ['l', 'o'],
  ['w', 'or'],
  ['wor', 'l'],
  ['worl', 'd'],
  ['he', 'll'],
  ['hell', 'o'],
  ['an', 'd'],
  ['t', 'o'],
  ['i', 's'],
];

export function buildTestVocab(o: TestVocabOptions = {}): { json: Record<string, unknown>; size: number } {
  const vocab: Record<string, number> = {};
  const added: { id: number; content: string }[] = [];
  let next = 0;
  const special = (t: string): void => {
    vocab[t] = next;
    added.push({ id: next++, content: t });
  };
  special('[STOP]');
  special('[UNK]');
  special('[SPACE]');
  for (const c of CHARS) vocab[c] = next++;
  const merges: string[] = [];
  for (const [a, b] of MERGES) {
    if (vocab[a + b] !== undefined) continue;
    vocab[a + b] = next++;
    merges.push(`${a} ${b}`);
  }
  special('[START]');
  for (const lang of XTTS_LANGUAGES) special(`[${lang === 'zh' ? 'zh-cn' : lang}]`);
  for (let i = 0; next < (o.size ?? 0); i++) vocab[`<filler_${i}>`] = next++;
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.map((t) => ({
      ...t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '[UNK]',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      vocab,
      merges,
    },
  };
  return { json, size: next };
}
