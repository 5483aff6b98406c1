import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoreEntry } from '../cards/types';
import { seededRandom } from '../macros/rng';
import { activateLore } from './engine';
import { book, entry } from './test-helpers';
import type { LoreBookInput } from './types';

const word = fc.constantFrom('king', 'queen', 'crown', 'dragon', 'gold', 'sword', 'Castle', 'ring');
const entryArb = (i: number) =>
  fc
    .record({
      keys: fc.array(word, { maxLength: 2 }),
      secondary: fc.array(word, { maxLength: 2 }),
      content: fc.array(word, { maxLength: 4 }).map((w) => w.join(' ')),
      enabled: fc.boolean(),
      constant: fc.boolean(),
      selective: fc.boolean(),
      order: fc.integer({ min: 0, max: 5 }),
      priority: fc.integer({ min: 0, max: 3 }),
      logic: fc.integer({ min: 0, max: 3 }),
      probability: fc.constantFrom(100, 100, 50, 0),
      group: fc.constantFrom('', '', 'g1', 'g2'),
      whole: fc.boolean(),
      caseSensitive: fc.boolean(),
    })
    .map(
      (r): LoreEntry =>
        entry(i, r.keys, r.content, {
          enabled: r.enabled,
          constant: r.constant,
          selective: r.selective,
          secondary_keys: r.secondary,
          insertion_order: r.order,
          priority: r.priority,
          case_sensitive: r.caseSensitive,
          extensions: { selectiveLogic: r.logic, probability: r.probability, group: r.group, match_whole_words: r.whole },
        }),
    );
const entries = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entryArb(i))));
const books = fc.tuple(entries, entries, fc.boolean(), fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }));
const messages = fc.array(fc.array(word, { maxLength: 5 }).map((w) => ({ content: w.join(' ') })), { maxLength: 5 });

describe('lorebook engine invariants', () => {
  it('only enabled entries with content fire, once each, in insertion order, within budget, deterministically', () => {
    fc.assert(
      fc.property(books, messages, fc.nat(), ([a, b, recursive, budget], msgs, seed) => {
        const input = (s: number) => ({
          books: [
            { id: 'char', book: book(a, { recursive_scanning: recursive }), isCharacter: true },
            { id: 'world', book: book(b, { recursive_scanning: recursive }) },
          ] as LoreBookInput[],
          messages: msgs,
          tokenBudget: budget,
          random: seededRandom(s),
        });
        const r = activateLore(input(seed));
        const uids = r.activated.map((x) => x.uid);
        expect(new Set(uids).size).toBe(uids.length);
        for (const x of r.activated) {
          expect(x.entry.enabled).toBe(true);
          expect(x.content.trim()).not.toBe('');
          if (x.reason.type === 'key' && x.reason.source === 'message') {
            const text = msgs[x.reason.messageIndex!]!.content;
            const cs = x.entry.case_sensitive;
            expect((cs ? text : text.toLowerCase()).includes(cs ? x.reason.key : x.reason.key.toLowerCase())).toBe(true);
          }
        }
        for (let i = 1; i < r.activated.length; i++) {
          const [p, q] = [r.activated[i - 1]!, r.activated[i]!];
          expect(p.order < q.order || (p.order === q.order && (p.bookId === q.bookId || p.bookId === 'char'))).toBe(true);
        }
        if (budget !== undefined && budget > 0) expect(r.tokens).toBeLessThanOrEqual(budget);
        expect(activateLore(input(seed))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
