import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMarkup } from './markup-cleaner';
import { normalizeSpeech, SentenceSplitter, type SplitterOptions } from './sentence-splitter';

const pieces = [
  'Hello',
  'there',
  'Mr.',
  'Dr.',
  'e.g.',
  'U.S.',
  '3.14',
  '1,000',
  '...',
  '…',
  '.',
  '!',
  '?',
  ',',
  ';',
  ':',
  '—',
  ' ',
  ' ',
  ' ',
  '\n',
  '*',
  '**',
  '_',
  '`',
  '```',
  '[',
  ']',
  '(',
  ')',
  '"',
  '😊',
  '👋🏽',
  'https://a.b/c',
  'x',
  'the',
  'A',
  '<think>',
  '</think>',
  '<b>',
  '<br>',
  '<',
  '>',
  '</',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 60 })
  .map((a) => a.join(''));

function cutInto(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(s.slice(prev, p));
    prev = p;
  }
  out.push(s.slice(prev));
  return out;
}

function run(deltas: string[], options: Partial<SplitterOptions>): string[] {
  const s = new SentenceSplitter(options);
  return [...deltas.flatMap((d) => s.push(d)), ...s.flush()];
}

const options = fc.record({
  actions: fc.constantFrom('skip' as const, 'speak' as const),
  firstChunkMinChars: fc.integer({ min: 1, max: 40 }),
  firstChunkMaxChars: fc.integer({ min: 5, max: 200 }),
  minChars: fc.integer({ min: 0, max: 10 }),
  maxChars: fc.integer({ min: 5, max: 300 }),
});

describe('SentenceSplitter properties', () => {
  it('joined chunks reproduce the speakable text (minus a trailing wordless tail)', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), options, (s, cuts, opts) => {
        const chunks = run(cutInto(s, cuts), opts);
        const expected = normalizeSpeech(cleanMarkup(s, { ...opts, codeBlocks: 'skip', keepEmoji: false }));
        // Chunk edges may fall where the text had no space ("word—word"), so compare without whitespace.
        const squash = (t: string) => t.replace(/\s+/g, '');
        const joined = squash(chunks.join(''));
        expect(squash(expected).startsWith(joined)).toBe(true);
        expect(/[\p{L}\p{N}]/u.test(squash(expected).slice(joined.length))).toBe(false);
        for (const c of chunks) {
          expect(c).toMatch(/[\p{L}\p{N}]/u);
          expect(expected).toContain(c);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same chunks however the text is cut into deltas', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), options, (s, cuts, opts) => {
        expect(run(cutInto(s, cuts), opts)).toEqual(run([s], opts));
      }),
      { numRuns: 1500 },
    );
  });
});
