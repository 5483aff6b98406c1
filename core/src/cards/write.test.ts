import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeBase64, utf8 } from './bytes';
import { CardError } from './errors';
import { decodeTextChunk, readPngChunks, textChunkKeyword } from './png';
import { defaultPortrait } from './portrait';
import { readCard, readCardJson, readLorebook } from './read';
import { enc, names, pngWith, tEXt, v3 } from './test-helpers';
import { exportCard, writeCardJson, writeCardPng, writeCharx, writeLorebookJson } from './write';


const chunkJson = (png: Uint8Array, keyword: string): Record<string, unknown> => {
  const chunk = readPngChunks(png).find((c) => textChunkKeyword(c) === keyword)!;
  return JSON.parse(utf8(decodeBase64(decodeTextChunk(chunk)!.text))) as Record<string, unknown>;
};

const bookCard = () =>
  readCardJson(
    JSON.stringify(
      v3('Ann', {
        nickname: 'Annie',
        character_book: { entries: [{ keys: ['k'], content: '@@depth 2\n@@role user\nLore.', extensions: { st: 1 }, enabled: true, insertion_order: 0, use_regex: true }] },
      }),
    ),
  ).card;

describe('PNG export', () => {
  it('writes V2 JSON in chara and V3 JSON in ccv3, with valid CRCs', () => {
    const png = writeCardPng(bookCard());
    expect(() => readPngChunks(png)).not.toThrow(); // every CRC is checked on read
    expect(chunkJson(png, 'chara')).toMatchObject({ spec: 'chara_card_v2', spec_version: '2.0' });
    expect(chunkJson(png, 'ccv3')).toMatchObject({ spec: 'chara_card_v3', spec_version: '3.0' });
  });

  it('drops decorators and V3-only fields from the V2 copy only', () => {
    const png = writeCardPng(bookCard());
    const v2 = chunkJson(png, 'chara').data as Record<string, unknown>;
    const v2Entry = (v2.character_book as { entries: Record<string, unknown>[] }).entries[0]!;
    expect(v2Entry.content).toBe('Lore.');
    expect(v2Entry).not.toHaveProperty('use_regex');
    expect(v2).not.toHaveProperty('nickname');
    expect(v2).not.toHaveProperty('group_only_greetings');
    const v3d = chunkJson(png, 'ccv3').data as Record<string, unknown>;
    expect((v3d.character_book as { entries: Record<string, unknown>[] }).entries[0]!.content).toBe('@@depth 2\n@@role user\nLore.');
    expect(v3d.nickname).toBe('Annie');
  });

  it('embeds into the card picture, replacing old card chunks and keeping the rest (APNG chunks too)', () => {
    const actl = { type: 'acTL', data: new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]) };
    const source = pngWith([actl, tEXt('chara', 'old'), tEXt('Comment', 'keep me')], 1);
    const png = writeCardPng(bookCard(), source);
    const types = readPngChunks(png).map((c) => c.type + ':' + (textChunkKeyword(c) ?? ''));
    expect(types).toEqual(['IHDR:', 'acTL:', 'tEXt:Comment', 'IDAT:', 'tEXt:chara', 'tEXt:ccv3', 'IEND:']);
  });

  it('draws a portrait when the card picture is not a PNG (a WebP icon from a CHARX)', () => {
    const card = { ...readCardJson(JSON.stringify(v3('Webby'))).card, image: new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4]) };
    expect(readCard(writeCardPng(card)).card.data.name).toBe('Webby');
  });

  it('draws a default portrait when the card has no picture', () => {
    const card = readCardJson(JSON.stringify(v3('Nobody'))).card;
    const png = writeCardPng(card);
    const ihdr = readPngChunks(png)[0]!;
    expect(ihdr.type).toBe('IHDR');
    expect(new DataView(ihdr.data.buffer, ihdr.data.byteOffset).getUint32(0)).toBe(256);
    expect(readCard(png).card.data.name).toBe('Nobody');
    expect(defaultPortrait('a')).not.toEqual(defaultPortrait('b'));
  });
});

describe('JSON export', () => {
  it('writes V3 by default and V2 on request, unknown keys kept', () => {
    const card = readCardJson(JSON.stringify({ ...v3('A', { mystery: 1 }), top: 2 })).card;
    expect(JSON.parse(writeCardJson(card))).toMatchObject({ spec: 'chara_card_v3', top: 2, data: { mystery: 1, group_only_greetings: [] } });
    expect(JSON.parse(writeCardJson(card, 'v2'))).toMatchObject({ spec: 'chara_card_v2', top: 2, data: { mystery: 1 } });
  });

  it('exports a V1 card as V2 and V3 keeping its extra top-level fields', () => {
    const v1 = { name: 'Old', description: 'd', personality: 'p', scenario: 's', first_mes: 'f', mes_example: 'm', avatar: 'none', chat: 'Old - 2023', talkativeness: '0.5' };
    const card = readCardJson(JSON.stringify(v1)).card;
    for (const flavour of ['v2', 'v3'] as const) {
      const back = readCardJson(writeCardJson(card, flavour)).card;
      expect(back.data).toEqual(card.data);
      expect(back.extraTop).toEqual({ avatar: 'none', chat: 'Old - 2023', talkativeness: '0.5' });
    }
  });

  it('exports lorebooks with tool-specific fields inside extensions, not at entry level', () => {
    const wi = { entries: { '1': { uid: 1, key: ['a'], content: 'c', order: 5, position: 4, depth: 1, sticky: 2, matchWholeWords: true, vectorized: false } } };
    const { book } = readLorebook(enc(JSON.stringify(wi)));
    const out = JSON.parse(writeLorebookJson(book)) as { spec: string; data: { entries: Record<string, unknown>[] } };
    expect(out.spec).toBe('lorebook_v3');
    const entry = out.data.entries[0]!;
    const standard = ['keys', 'content', 'extensions', 'enabled', 'insertion_order', 'case_sensitive', 'use_regex', 'constant', 'selective', 'secondary_keys', 'name', 'priority', 'id', 'comment', 'position'];
    expect(Object.keys(entry).filter((k) => !standard.includes(k))).toEqual([]);
    expect(entry.extensions).toMatchObject({ position: 4, depth: 1, sticky: 2, match_whole_words: true, vectorized: false });
    expect(readLorebook(enc(writeLorebookJson(book))).book).toEqual(book);
  });
});

describe('CHARX', () => {
  it('writes card.json and assets and reads them back', () => {
    const card = readCardJson(JSON.stringify(v3('Zed'))).card;
    card.files = [{ path: 'assets/other/audio/hello.mp3', bytes: new Uint8Array([1, 2, 3]) }];
    card.image = defaultPortrait('Zed', 16);
    const back = readCard(writeCharx(card)).card;
    expect(back.source.container).toBe('charx');
    expect(back.data.name).toBe('Zed');
    expect(back.files.map((f) => f.path).sort()).toEqual(['assets/icon/images/main.png', 'assets/other/audio/hello.mp3']);
    expect(back.image).toEqual(card.image);
    expect(back.data.assets).toEqual([{ type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png', extra: {} }]);
  });

  it('packs a PNG-imported card with its picture as the icon, without the old card chunks', () => {
    const fromPng = readCard(writeCardPng(bookCard())).card;
    const back = readCard(writeCharx(fromPng)).card;
    expect(back.data.name).toBe('Ann');
    expect(readPngChunks(back.image!).some((c) => textChunkKeyword(c) === 'ccv3')).toBe(false);
  });

  it('exportCard gives bytes, type and extension for each format', () => {
    const card = bookCard();
    for (const format of ['png', 'json', 'charx'] as const) {
      const out = exportCard(card, format);
      expect(out.ext).toBe(format);
      expect(readCard(out.bytes).card.data.name).toBe('Ann');
    }
  });

  const zipCode = (files: Record<string, Uint8Array>, limits = {}): string => {
    try {
      readCard(zipSync(files), { limits });
      return 'no error';
    } catch (e) {
      return e instanceof CardError ? e.code : String(e);
    }
  };

  it('refuses zips without card.json and paths that leave the archive', () => {
    expect(zipCode({ 'x.json': enc('{}') })).toBe('NOT_A_CARD');
    expect(zipCode({ 'card.json': enc(JSON.stringify(v3('A'))), '../evil.txt': enc('x') })).toBe('UNSAFE_PATH');
    expect(zipCode({ 'card.json': enc(JSON.stringify(v3('A'))), 'assets/../../evil': enc('x') })).toBe('UNSAFE_PATH');
    expect(zipCode({ 'card.json': enc(JSON.stringify(v3('A'))), '/etc/passwd': enc('x') })).toBe('UNSAFE_PATH');
  });

  it('refuses zip bombs: ratio, total size and entry count', () => {
    const card = enc(JSON.stringify(v3('A')));
    expect(zipCode({ 'card.json': card, 'assets/x/bomb.bin': new Uint8Array(3_000_000) })).toBe('ZIP_BOMB');
    expect(zipCode({ 'card.json': card, ...names(30) }, { maxZipEntries: 20 })).toBe('ZIP_BOMB');
    expect(zipCode({ 'card.json': card, 'a.bin': new Uint8Array(5000).fill(7) }, { inflateFloorBytes: 1000, maxInflateRatio: 2 })).toBe('ZIP_BOMB');
  });

  it('refuses an entry that inflates past its declared size', () => {
    const zip = zipSync({ 'card.json': enc(JSON.stringify(v3('A'))), 'assets/a.bin': new Uint8Array(50_000).fill(1) });
    // Lower the declared size in the central directory: the stream now "lies" about its size.
    const dv = new DataView(zip.buffer, zip.byteOffset);
    const eocd = zip.length - 22;
    let at = dv.getUint32(eocd + 16, true);
    for (let i = 0; i < 2; i++) {
      const nameLen = dv.getUint16(at + 28, true);
      if (utf8(zip.subarray(at + 46, at + 46 + nameLen)) === 'assets/a.bin') dv.setUint32(at + 24, 100, true);
      at += 46 + nameLen + dv.getUint16(at + 30, true) + dv.getUint16(at + 32, true);
    }
    let err: unknown;
    try {
      readCard(zip);
    } catch (e) {
      err = e;
    }
    expect((err as CardError).code).toBe('ZIP_BOMB');
  });

  it('checks entry CRCs', () => {
    const zip = zipSync({ 'card.json': enc(JSON.stringify(v3('A'))) }, { level: 0 });
    zip[40] = (zip[40] ?? 0) ^ 1; // inside the stored card.json bytes
    expect(() => readCard(zip)).toThrow(expect.objectContaining({ code: 'BROKEN_ZIP' }));
  });
});
