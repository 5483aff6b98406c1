// Splits long text into chunks within XTTS's per-language character limit, at sentence boundaries first.
import { XTTS_CHAR_LIMITS, collapseWhitespace, xttsLanguageKey } from './text-clean';

const SENTENCE_END = /(?<=[.!?…。！？])\s+|(?<=[。！？])/u;
const CLAUSE_END = /(?<=[,;:，、；：])\s*/u;

/** Character limit per chunk for a language (250 when unknown). */
export function charLimit(lang: string): number {
  return XTTS_CHAR_LIMITS[xttsLanguageKey(lang)] ?? 250;
}

/** Cuts a piece longer than `limit` at clause marks, then spaces, then hard at the limit. */
function cutLong(piece: string, limit: number): string[] {
  if (piece.length <= limit) return [piece];
  for (const sep of [CLAUSE_END, /\s+/u]) {
    const parts = piece.split(sep).filter((p) => p.length > 0);
    if (parts.length > 1) return pack(parts, limit, sep === CLAUSE_END ? ' ' : ' ');
  }
  const out: string[] = [];
  for (let i = 0; i < piece.length; i += limit) out.push(piece.slice(i, i + limit));
  return out;
}

/** Greedily joins parts with `joiner` while the result stays within `limit`. */
function pack(parts: string[], limit: number, joiner: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const part of parts.flatMap((p) => cutLong(p, limit))) {
    const next = cur ? `${cur}${joiner}${part}` : part;
    if (next.length <= limit) cur = next;
    else {
      if (cur) out.push(cur);
      cur = part;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Sentence-first chunks, each at most charLimit(lang) characters, whitespace collapsed. */
export function splitForXtts(text: string, lang: string, limit = charLimit(lang)): string[] {
  const clean = collapseWhitespace(text);
  if (!clean) return [];
  const key = xttsLanguageKey(lang);
  const joiner = key === 'zh-cn' || key === 'ja' ? '' : ' ';
  return pack(
    clean.split(SENTENCE_END).filter((s) => s.length > 0),
    limit,
    joiner,
  );
}
