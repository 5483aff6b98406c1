import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUtf8 } from './bytes';
import { readLorebook } from './read';
import { extensions, text } from './test-arbitraries';
import { writeLorebookJson } from './write';

const stEntry = fc.record(
  {
    uid: fc.nat(10_000),
    key: fc.array(text, { maxLength: 3 }),
    keysecondary: fc.array(text, { maxLength: 2 }),
    comment: text,
    content: text,
    constant: fc.boolean(),
    selective: fc.boolean(),
    selectiveLogic: fc.integer({ min: 0, max: 3 }),
    order: fc.integer({ min: 0, max: 1000 }),
    position: fc.integer({ min: 0, max: 7 }),
    disable: fc.boolean(),
    probability: fc.integer({ min: 0, max: 100 }),
    useProbability: fc.boolean(),
    depth: fc.nat(20),
    group: text,
    groupOverride: fc.boolean(),
    groupWeight: fc.nat(100),
    sticky: fc.nat(10),
    cooldown: fc.nat(10),
    delay: fc.nat(10),
    matchWholeWords: fc.option(fc.boolean(), { nil: null }),
    caseSensitive: fc.option(fc.boolean(), { nil: null }),
    excludeRecursion: fc.boolean(),
    preventRecursion: fc.boolean(),
    role: fc.integer({ min: 0, max: 2 }),
    someFutureField: fc.jsonValue({ maxDepth: 1 }),
    extensions,
  },
  { requiredKeys: ['uid', 'key', 'content'] },
);

describe('SillyTavern world info', { timeout: 60_000 }, () => {
  it('imports into a lorebook that round-trips through lorebook_v3 with every ST field under extensions', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.nat(999).map(String), stEntry, { maxKeys: 4 }), (entries) => {
        const { book } = readLorebook(toUtf8(JSON.stringify({ entries, name: 'W' })));
        expect(book.entries).toHaveLength(Object.keys(entries).length);
        for (const e of book.entries) expect(e.extra).toEqual({});
        expect(readLorebook(toUtf8(writeLorebookJson(book))).book).toEqual(book);
      }),
      { numRuns: 150 },
    );
  });
});
