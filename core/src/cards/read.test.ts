import { describe, expect, it } from 'vitest';
import { decodeBase64, utf8 } from './bytes';
import { CardError } from './errors';
import { decodeTextChunk, readPngChunks, writePngChunks } from './png';
import { readAny, readCard, readCardJson, readLorebook } from './read';
import { b64json, enc, iTXt, pngWith, tEXt, v2, v3, zTXt } from './test-helpers';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof CardError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('JSON cards', () => {
  it('reads a flat V1 card and never leaves a field null', () => {
    const { card } = readCardJson(JSON.stringify({ name: 'Ann', description: null, personality: 'kind', scenario: 's', first_mes: 'hi', mes_example: '' }));
    expect(card.source.spec).toBe('chara_card_v1');
    expect(card.data.name).toBe('Ann');
    expect(card.data.description).toBe('');
    expect(card.data.personality).toBe('kind');
    expect(card.data.alternate_greetings).toEqual([]);
  });

  it('reads V2 and V3 and remembers spec and version', () => {
    expect(readCardJson(JSON.stringify(v2('A'))).card.source).toEqual({ spec: 'chara_card_v2', specVersion: '2.0', container: 'json' });
    const { card, warnings } = readCardJson(JSON.stringify(v3('B', { nickname: 'Bee' })));
    expect(card.source.spec).toBe('chara_card_v3');
    expect(card.data.nickname).toBe('Bee');
    expect(warnings).toEqual([]);
  });

  it('parses spec_version as a number: newer versions import with a warning, older ones without', () => {
    const newer = readCardJson(JSON.stringify({ ...v3('A'), spec_version: '3.10' }));
    expect(newer.card.data.name).toBe('A');
    expect(newer.warnings.join()).toMatch(/newer/);
    expect(readCardJson(JSON.stringify({ ...v3('A'), spec_version: 3 })).warnings).toEqual([]);
    expect(readCardJson(JSON.stringify({ ...v2('A'), spec_version: '2.5' })).warnings.join()).toMatch(/newer/);
    expect(readCardJson(JSON.stringify({ ...v2('A'), spec_version: '1.9' })).warnings).toEqual([]);
    const v4 = readCardJson(JSON.stringify({ ...v3('A'), spec: 'chara_card_v4', spec_version: '4.0' }));
    expect(v4.card.source.spec).toBe('chara_card_v3');
    expect(v4.warnings.join()).toMatch(/newer/);
  });

  it('keeps unknown fields at every level', () => {
    const raw = v3('A', {
      future: { x: [1, 2] },
      extensions: { depth_prompt: { prompt: 'p' }, companion: { voiceId: 'v1' } },
      character_book: { entries: [{ keys: ['k'], content: 'c', extensions: { st: 1 }, enabled: true, insertion_order: 0, odd: true }], extensions: { b: 2 }, weird: 3 },
    });
    const { card } = readCardJson(JSON.stringify({ ...raw, create_date: 'today' }));
    expect(card.extraTop).toEqual({ create_date: 'today' });
    expect(card.data.extra).toEqual({ future: { x: [1, 2] } });
    expect(card.data.extensions).toEqual({ depth_prompt: { prompt: 'p' }, companion: { voiceId: 'v1' } });
    expect(card.data.character_book?.extra).toEqual({ weird: 3 });
    expect(card.data.character_book?.entries[0]?.extra).toEqual({ odd: true });
    expect(card.data.character_book?.entries[0]?.extensions).toEqual({ st: 1 });
  });

  it('keeps a __proto__ key as data without touching prototypes', () => {
    const { card } = readCardJson('{"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"A","__proto__":{"polluted":1}}}');
    expect(Object.getOwnPropertyNames(card.data.extra)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what is not a card with a typed code', () => {
    expect(code(() => readCardJson('{"name": 1'))).toBe('BAD_JSON');
    expect(code(() => readCardJson('[1,2]'))).toBe('NOT_A_CARD');
    expect(code(() => readCardJson('{"hello":"world"}'))).toBe('NOT_A_CARD');
    expect(code(() => readCardJson('{"spec":"chara_card_v2","data":"x"}'))).toBe('NOT_A_CARD');
    expect(code(() => readCardJson('{"spec":"something_else","data":{}}'))).toBe('UNSUPPORTED');
    expect(code(() => readCardJson(`{"name":"a","description":"b","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`))).toBe('BAD_JSON');
    expect(readCardJson(`{"name":"a","description":"b","x":${'['.repeat(30)}${']'.repeat(30)}}`).card.extraTop.x).toBeDefined();
    expect(code(() => readCard(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])))).toBe('UNSUPPORTED');
    expect(code(() => readCard(enc('{"a":1}'), { limits: { maxInputBytes: 3 } }))).toBe('TOO_LARGE');
  });
});

describe('PNG cards', () => {
  it('reads chara (V2) alone and ccv3 (V3) alone', () => {
    expect(readCard(pngWith([tEXt('chara', b64json(v2('Two')))])).card.data.name).toBe('Two');
    const { card } = readCard(pngWith([tEXt('ccv3', b64json(v3('Three')))]));
    expect(card.data.name).toBe('Three');
    expect(card.source).toMatchObject({ spec: 'chara_card_v3', container: 'png' });
  });

  it('prefers ccv3 when both chunks are present, in either order', () => {
    const a = pngWith([tEXt('chara', b64json(v2('Old'))), tEXt('ccv3', b64json(v3('New')))]);
    const b = pngWith([tEXt('ccv3', b64json(v3('New'))), tEXt('chara', b64json(v2('Old')))]);
    expect(readCard(a).card.data.name).toBe('New');
    expect(readCard(b).card.data.name).toBe('New');
  });

  it('falls back to chara with a warning when ccv3 is broken', () => {
    const r = readCard(pngWith([tEXt('ccv3', '!!!'), tEXt('chara', b64json(v2('Old')))]));
    expect(r.card.data.name).toBe('Old');
    expect(r.warnings.join()).toMatch(/ccv3/);
  });

  it('reads zTXt and iTXt (compressed or not) and odd chunk orders', () => {
    expect(readCard(pngWith([zTXt('chara', b64json(v2('Z')))])).card.data.name).toBe('Z');
    expect(readCard(pngWith([iTXt('chara', b64json(v2('I')), true)])).card.data.name).toBe('I');
    expect(readCard(pngWith([iTXt('ccv3', b64json(v3('Ü')), false)])).card.data.name).toBe('Ü');
    // Text before the image data rather than after it.
    expect(readCard(pngWith([tEXt('Comment', 'x'), tEXt('chara', b64json(v2('Early')))], 1)).card.data.name).toBe('Early');
  });

  it('decodes text chunks exactly', () => {
    const chunks = readPngChunks(pngWith([iTXt('k', 'héllo', true)]));
    expect(decodeTextChunk(chunks[2]!)).toEqual({ keyword: 'k', text: 'héllo', chunkType: 'iTXt' });
  });

  it('checks CRCs', () => {
    const png = pngWith([tEXt('chara', b64json(v2('A')))]);
    const bad = png.slice();
    bad[bad.length - 20] = (bad[bad.length - 20] ?? 0) ^ 1; // inside the tEXt chunk before IEND
    expect(code(() => readCard(bad))).toBe('BROKEN_PNG');
  });

  it('names bad base64, bad JSON, missing chunks and truncation', () => {
    expect(code(() => readCard(pngWith([tEXt('chara', 'e30=*')])))).toBe('BAD_BASE64');
    expect(code(() => readCard(pngWith([tEXt('chara', 'bm90IGpzb24=')])))).toBe('BAD_JSON');
    expect(code(() => readCard(pngWith([tEXt('Comment', 'x')])))).toBe('NOT_A_CARD');
    const png = pngWith([tEXt('chara', b64json(v2('A')))]);
    expect(code(() => readCard(png.subarray(0, png.length - 5)))).toBe('BROKEN_PNG');
  });

  it('accepts raw JSON in a text chunk (some tools write it)', () => {
    expect(readCard(pngWith([tEXt('chara', JSON.stringify(v2('Raw')))])).card.data.name).toBe('Raw');
  });

  it('keeps the PNG as the card picture', () => {
    const png = pngWith([tEXt('chara', b64json(v2('A')))]);
    expect(readCard(png).card.image).toEqual(png);
  });

  it('refuses a zTXt bomb', () => {
    const huge = zTXt('chara', 'A'.repeat(2_000_000));
    expect(code(() => readCard(pngWith([huge])))).toBe('ZIP_BOMB');
  });

  it('round-trips the chunk list byte for byte', () => {
    const png = pngWith([tEXt('a', 'b'), zTXt('c', 'd')]);
    expect(writePngChunks(readPngChunks(png))).toEqual(png);
    expect(utf8(decodeBase64(b64json({ a: 'ü' })))).toBe('{"a":"ü"}');
  });
});

describe('lorebook files', () => {
  it('reads lorebook_v3', () => {
    const r = readLorebook(enc(JSON.stringify({ spec: 'lorebook_v3', data: { name: 'W', entries: [{ keys: ['k'], content: 'c', extensions: {}, enabled: true, insertion_order: 3 }] } })));
    expect(r.format).toBe('lorebook_v3');
    expect(r.book.entries[0]?.insertion_order).toBe(3);
  });

  it('reads SillyTavern world info with its fields under extensions', () => {
    const wi = {
      name: 'World',
      entries: {
        '7': { uid: 7, key: ['dragon'], keysecondary: ['fire'], comment: 'Dragons', content: 'Big.', constant: false, selective: true, selectiveLogic: 3, order: 50, position: 4, depth: 2, role: 1, disable: true, probability: 40, useProbability: true, group: 'g', sticky: 2, cooldown: 3, delay: 1, matchWholeWords: true, caseSensitive: true, excludeRecursion: true, preventRecursion: true, unknownThing: 'kept' },
      },
    };
    const { book, format } = readLorebook(enc(JSON.stringify(wi)));
    expect(format).toBe('world_info');
    const e = book.entries[0]!;
    expect(e).toMatchObject({ id: 7, keys: ['dragon'], secondary_keys: ['fire'], comment: 'Dragons', insertion_order: 50, enabled: false, selective: true, position: 'after_char', case_sensitive: true });
    expect(e.extensions).toMatchObject({ selectiveLogic: 3, position: 4, depth: 2, role: 1, probability: 40, group: 'g', sticky: 2, cooldown: 3, delay: 1, match_whole_words: true, exclude_recursion: true, prevent_recursion: true, unknownThing: 'kept' });
    expect(e.extra).toEqual({});
  });

  it('readAny tells cards from lorebooks', () => {
    expect(readAny(enc(JSON.stringify(v2('A')))).kind).toBe('card');
    expect(readAny(enc(JSON.stringify({ spec: 'lorebook_v3', data: { entries: [] } }))).kind).toBe('lorebook');
  });
});
