import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick';

function naive(patterns: string[], text: string): string[] {
  const out: string[] = [];
  patterns.forEach((p, id) => {
    if (p === '') return;
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) out.push(`${id}@${at}`);
  });
  return out.sort();
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested keys', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    const found: string[] = [];
    ac.search('ushers', (id, at) => found.push(`${id}@${at}`));
    expect(found.sort()).toEqual(['0@2', '1@1', '3@2']);
  });

  it('agrees with indexOf on random keys and texts', () => {
    const small = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(small, { maxLength: 6 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 }), (patterns, text) => {
        const found: string[] = [];
        new AhoCorasick(patterns).search(text, (id, at) => found.push(`${id}@${at}`));
        expect(found.sort()).toEqual(naive(patterns, text));
      }),
      { numRuns: 300 },
    );
  });
});
