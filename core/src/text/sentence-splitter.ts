// Streaming sentence/clause splitter for speech: token deltas in, speakable chunks out as soon as each is complete.
import { CLOSERS, endOfMarks, HARD_MARKS, judgeHard, judgeSoft, SOFT_MARKS } from './boundaries';
import { DEFAULT_CLEANER_OPTIONS, MarkupCleaner, type CleanerOptions } from './markup-cleaner';

export interface SplitterOptions extends CleanerOptions {
  /** The first chunk may end at a soft boundary (, ; : —) once it has this many characters: a fast start. */
  readonly firstChunkMinChars: number;
  /** The first chunk is cut (at a soft boundary or a space) once it grows past this. */
  readonly firstChunkMaxChars: number;
  /** A later chunk shorter than this is held and joined to the next. */
  readonly minChars: number;
  /** A sentence longer than this is cut at a soft boundary, else at a space. */
  readonly maxChars: number;
}

export const DEFAULT_SPLITTER_OPTIONS: SplitterOptions = {
  ...DEFAULT_CLEANER_OPTIONS,
  firstChunkMinChars: 12,
  firstChunkMaxChars: 80,
  minChars: 2,
  maxChars: 240,
};

const HAS_WORD = /[\p{L}\p{N}]/u;

/** Whitespace collapsed and no space before punctuation (left behind when an emoji or action is removed). */
export function normalizeSpeech(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ (?=[.,!?;:…])/g, '')
    .trim();
}

const collapse = normalizeSpeech;

/** Push token deltas; each call returns the chunks completed by it. Call flush() at the end of the stream. */
export class SentenceSplitter {
  private readonly options: SplitterOptions;
  private readonly cleaner: MarkupCleaner;
  private buffer = '';
  private emitted = 0;

  constructor(options: Partial<SplitterOptions> = {}) {
    this.options = { ...DEFAULT_SPLITTER_OPTIONS, ...options };
    this.cleaner = new MarkupCleaner(this.options);
  }

  push(delta: string): string[] {
    this.buffer += this.cleaner.push(delta);
    return this.drain(false);
  }

  flush(): string[] {
    this.buffer += this.cleaner.flush();
    const chunks = this.drain(true);
    const rest = collapse(this.buffer);
    this.buffer = '';
    if (HAS_WORD.test(rest)) chunks.push(rest);
    return chunks;
  }

  private drain(final: boolean): string[] {
    const chunks: string[] = [];
    for (;;) {
      const cut = this.findCut(final);
      if (cut === undefined) return chunks;
      const chunk = collapse(this.buffer.slice(0, cut));
      this.buffer = this.buffer.slice(cut);
      if (chunk.length > 0) {
        chunks.push(chunk);
        this.emitted++;
      }
    }
  }

  /** Index just after the next complete chunk, or undefined to wait for more text. */
  private findCut(final: boolean): number | undefined {
    const text = this.buffer;
    const first = this.emitted === 0;
    const maxChars = first ? this.options.firstChunkMaxChars : this.options.maxChars;
    const minChars = first ? 1 : this.options.minChars;
    let lastSoft = -1;
    let lastSpace = -1;
    let seenWord = false;
    for (let i = 0; i < text.length; i++) {
      if (i > maxChars && (lastSoft > 0 || lastSpace > 0)) return lastSoft > 0 ? lastSoft : lastSpace;
      const ch = text[i]!;
      if (ch === '\n') {
        if (seenWord) return i + 1;
        continue;
      }
      if (/\s/.test(ch)) {
        if (seenWord) lastSpace = i + 1;
        continue;
      }
      seenWord ||= HAS_WORD.test(ch);
      if (HARD_MARKS.includes(ch)) {
        const j = endOfMarks(text, i);
        const verdict = judgeHard(text, i, j, final);
        if (verdict === 'undecided') return undefined;
        if (verdict === 'boundary' && this.bigEnough(text, j, minChars)) return j;
        i = j - 1;
        continue;
      }
      if (SOFT_MARKS.includes(ch)) {
        const verdict = judgeSoft(text, i, final);
        if (verdict === 'undecided' && first) return undefined;
        if (verdict === 'boundary') {
          let j = i + 1;
          while (j < text.length && CLOSERS.includes(text[j]!)) j++;
          if (first && i + 1 >= this.options.firstChunkMinChars && this.bigEnough(text, j, 1)) return j;
          if (seenWord) lastSoft = j;
        }
      }
    }
    return undefined;
  }

  private bigEnough(text: string, end: number, minChars: number): boolean {
    const chunk = collapse(text.slice(0, end));
    return chunk.length >= minChars && HAS_WORD.test(chunk);
  }
}

/** Splits a whole text at once; the same chunks as streaming it in any pieces. */
export function splitSentences(text: string, options: Partial<SplitterOptions> = {}): string[] {
  const splitter = new SentenceSplitter(options);
  return [...splitter.push(text), ...splitter.flush()];
}
