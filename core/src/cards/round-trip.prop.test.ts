import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, toUtf8, utf8 } from './bytes';
import { decodeTextChunk, readPngChunks, textChunkKeyword } from './png';
import { readCard, readCardJson, readLorebook } from './read';
import { bookArb, v2CardArb, v3CardArb } from './test-arbitraries';
import { defaultPortrait } from './portrait';
import type { Card } from './types';
import { writeCardJson, writeCardPng, writeCharx, writeLorebookJson } from './write';

const RUNS = { numRuns: 100 };
const SMALL_PNG = defaultPortrait('x', 8);
const essence = (c: Card) => ({ data: c.data, extraTop: c.extraTop });
const imported = (raw: unknown): Card => readCardJson(JSON.stringify(raw)).card;

describe('lossless round trips (import → export → import)', { timeout: 60_000 }, () => {
  it('V3 JSON keeps everything', () => {
    fc.assert(fc.property(v3CardArb, (raw) => {
      const a = imported(raw);
      expect(essence(readCardJson(writeCardJson(a, 'v3')).card)).toEqual(essence(a));
    }), RUNS);
  });

  it('V2 JSON keeps everything a V2 card holds', () => {
    fc.assert(fc.property(v2CardArb, (raw) => {
      const a = imported(raw);
      const b = readCardJson(writeCardJson(a, 'v2')).card;
      expect(essence(b)).toEqual(essence(a));
      expect(b.source.spec).toBe('chara_card_v2');
    }), RUNS);
  });

  it('V2 cards survive V3 export too', () => {
    fc.assert(fc.property(v2CardArb, (raw) => {
      const a = imported(raw);
      expect(essence(readCardJson(writeCardJson(a, 'v3')).card)).toEqual(essence(a));
    }), RUNS);
  });

  it('PNG keeps everything (ccv3), and its chara chunk is the V2 projection', () => {
    fc.assert(fc.property(v3CardArb, (raw) => {
      const a = imported(raw);
      const png = writeCardPng(a, SMALL_PNG);
      const b = readCard(png).card;
      expect(essence(b)).toEqual(essence(a));
      const chara = readPngChunks(png).find((c) => textChunkKeyword(c) === 'chara')!;
      const v2 = readCardJson(utf8(decodeBase64(decodeTextChunk(chara)!.text))).card;
      expect(essence(v2)).toEqual(essence(readCardJson(writeCardJson(a, 'v2')).card));
      const again = readCard(writeCardPng(b, png)).card;
      expect(essence(again)).toEqual(essence(a));
    }), { numRuns: 40 });
  });

  it('CHARX keeps the card and its files', () => {
    const file = fc.record({ path: fc.constantFrom('assets/other/a.bin', 'assets/icon/images/x.webp', 'assets/ai/ü.txt'), bytes: fc.uint8Array({ maxLength: 64 }) });
    fc.assert(fc.property(v3CardArb, fc.uniqueArray(file, { selector: (f) => f.path, maxLength: 3 }), (raw, files) => {
      const a = { ...imported(raw), files };
      const b = readCard(writeCharx(a)).card;
      expect(essence(b)).toEqual(essence(a));
      expect(b.files).toEqual(files);
    }), { numRuns: 40 });
  });

  it('lorebook_v3 files keep everything', () => {
    fc.assert(fc.property(bookArb(true), (raw) => {
      const a = readLorebook(toUtf8(JSON.stringify({ spec: 'lorebook_v3', data: raw }))).book;
      expect(readLorebook(toUtf8(writeLorebookJson(a))).book).toEqual(a);
    }), RUNS);
  });

  it('model → V3 object → model is the identity on imported cards (exports are stable)', () => {
    fc.assert(fc.property(v3CardArb, (raw) => {
      const a = imported(raw);
      const once = writeCardJson(a, 'v3');
      expect(writeCardJson(readCardJson(once).card, 'v3')).toBe(once);
    }), RUNS);
  });
});
