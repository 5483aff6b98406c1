// Token counting: the active model's tokenizer when one is given, else a fast approximation.

export interface Tokenizer {
  count(text: string): number;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39;
}

/**
 * Approximates BPE tokenizers of current chat models: runs of ASCII letters and digits cost about one token
 * per four characters, each punctuation mark one, each other character (CJK, emoji, accented letters) one,
 * and whitespace nothing of its own. It errs on the high side, so budgets are not overrun.
 */
export const approxTokenizer: Tokenizer = {
  count(text: string): number {
    let tokens = 0;
    let run = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isWordChar(c)) {
        run++;
        continue;
      }
      if (run > 0) tokens += Math.ceil(run / 4);
      run = 0;
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (c >= 0xdc00 && c <= 0xdfff) continue; // the second half of a surrogate pair was counted with the first
      tokens += 1;
    }
    return tokens + (run > 0 ? Math.ceil(run / 4) : 0);
  },
};

/** Wraps a tokenizer with a cache: prompt assembly counts the same texts many times. */
export function cachedTokenizer(inner: Tokenizer, maxEntries = 5000): Tokenizer {
  const cache = new Map<string, number>();
  return {
    count(text: string): number {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      const n = inner.count(text);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(text, n);
      return n;
    },
  };
}
