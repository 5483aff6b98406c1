import { describe, expect, it } from 'vitest';
import { readLorebook } from '../cards/read';
import { activateLore } from './engine';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('SillyTavern world info through the engine', () => {
  it('behaves as ST describes its fields: depth/role, whole words, case, disable, logic, constant', () => {
    const { book } = readLorebook(
      enc({
        entries: {
          '0': { uid: 0, key: ['Dragon'], content: 'deep', order: 1, position: 4, depth: 1, role: 1, caseSensitive: true },
          '1': { uid: 1, key: ['cat'], content: 'whole', order: 2, matchWholeWords: true },
          '2': { uid: 2, key: ['dragon'], content: 'off', order: 3, disable: true },
          '3': { uid: 3, key: ['dragon'], keysecondary: ['fire'], selective: true, selectiveLogic: 2, content: 'not any', order: 4 },
          '4': { uid: 4, key: [], content: 'always', constant: true, order: 0 },
        },
      }),
    );
    const r = activateLore({ books: [{ id: 'w', book }], messages: [{ content: 'A Dragon and a concatenated cat' }], defaultScanDepth: 2 });
    expect(r.activated.map((a) => [a.content, a.position, a.depth, a.role])).toEqual([
      ['always', 'before_char', 4, 'system'],
      ['deep', 'at_depth', 1, 'user'],
      ['whole', 'before_char', 4, 'system'],
      ['not any', 'before_char', 4, 'system'],
    ]);
    const lower = activateLore({ books: [{ id: 'w', book }], messages: [{ content: 'a dragon breathes fire' }] });
    expect(lower.activated.map((a) => a.content)).toEqual(['always']);
  });
});
