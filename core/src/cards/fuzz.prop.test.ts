// U3: the PNG, zlib and zip readers meet random and mutated files; each must end with a typed error or a card.
import fc from 'fast-check';
import { zipSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatBytes } from './bytes';
import { crc32 } from './crc';
import { CardError } from './errors';
import { ByteBudget, DEFAULT_LIMITS, type ReadLimits } from './limits';
import { PNG_SIGNATURE, readPngChunks, writePngChunks } from './png';
import { readAny, readCard, readLorebook } from './read';
import { b64json, enc, iTXt, pngWith, tEXt, v2, v3, zTXt } from './test-helpers';

/** Strict limits so "allocates at most a small multiple of the input" is checked, not just "under 128 MiB". */
const STRICT: ReadLimits = { ...DEFAULT_LIMITS, inflateFloorBytes: 0, maxInflateRatio: 8 };

function attempt(bytes: Uint8Array): void {
  const budget = new ByteBudget(bytes.length, STRICT);
  try {
    readCard(bytes, { limits: STRICT, budget });
  } catch (e) {
    if (!(e instanceof CardError)) throw new Error(`untyped error ${String(e)} for input of ${bytes.length} bytes`, { cause: e });
  }
  expect(budget.used).toBeLessThanOrEqual(8 * bytes.length);
}

const CARD_PNG = pngWith([tEXt('chara', b64json(v2('A'))), zTXt('ccv3', b64json(v3('B'))), iTXt('Comment', 'hi', true)]);
const CARD_ZIP = zipSync({ 'card.json': enc(JSON.stringify(v3('Z'))), 'assets/icon/images/main.png': CARD_PNG, 'assets/other/t.txt': enc('hello '.repeat(50)) });

const u32 = fc.oneof(fc.constant(0xffffffff), fc.constant(0x7fffffff), fc.constant(0), fc.nat());

/** Byte-level mutations: flips, overwrites with lying 32-bit sizes, truncation, insertion, deletion. */
function mutate(base: Uint8Array) {
  return fc
    .array(
      fc.oneof(
        fc.record({ k: fc.constant('flip' as const), at: fc.nat(), v: fc.integer({ min: 1, max: 255 }) }),
        fc.record({ k: fc.constant('u32' as const), at: fc.nat(), v: u32, le: fc.boolean() }),
        fc.record({ k: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ k: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 32 }) }),
        fc.record({ k: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((ops) => {
      let b: Uint8Array = base.slice();
      for (const op of ops) {
        const at = b.length === 0 ? 0 : op.at % b.length;
        if (op.k === 'flip') b[at] = (b[at] ?? 0) ^ op.v;
        else if (op.k === 'u32' && at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, op.v, op.le);
        else if (op.k === 'cut') b = b.slice(0, at);
        else if (op.k === 'insert') b = concatBytes([b.subarray(0, at), op.bytes, b.subarray(at)]);
        else if (op.k === 'delete') b = concatBytes([b.subarray(0, at), b.subarray(at + op.n)]);
      }
      return b;
    });
}

/** zTXt payloads that inflate to 1 KB, 100 KB and 4 MB from a few KB at most. */
const BOMBS = [1000, 100_000, 4_000_000].map((n) => concatBytes([enc('chara'), new Uint8Array([0, 0]), zlibSync(new Uint8Array(n))]));

/** Chunk-level mutations that keep CRCs valid, so the deeper readers (zTXt, iTXt, base64, JSON) are reached. */
const chunkMutation = fc.record({
  index: fc.nat(),
  type: fc.constantFrom('tEXt', 'zTXt', 'iTXt', 'IDAT', 'acTL', 'IEND', 'ABCD'),
  data: fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((d) => concatBytes([enc('chara'), new Uint8Array([0, 0]), d])),
    fc.uint8Array({ maxLength: 64 }).map((d) => concatBytes([enc('ccv3'), new Uint8Array([0, 0]), zlibSync(d)])),
    fc.constantFrom(...BOMBS),
    fc.constant(new Uint8Array(0)),
  ),
});

describe('U3 fuzzing', { timeout: 60_000 }, () => {
  it('random bytes, with and without a PNG or zip signature', () => {
    const prefix = fc.constantFrom(new Uint8Array(0), PNG_SIGNATURE, new Uint8Array([0x50, 0x4b, 3, 4]), new Uint8Array([0x50, 0x4b, 5, 6]), enc('{'));
    fc.assert(fc.property(prefix, fc.uint8Array({ maxLength: 2048 }), (p, rest) => attempt(concatBytes([p, rest]))), { numRuns: 1500 });
  });

  it('mutated PNG cards (lying sizes, 0xFFFFFFFF, truncation, insertions)', () => {
    fc.assert(fc.property(mutate(CARD_PNG), attempt), { numRuns: 1500 });
  });

  it('PNG cards with replaced or added chunks whose CRCs are right', () => {
    const chunks = readPngChunks(CARD_PNG);
    fc.assert(
      fc.property(fc.array(chunkMutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (muts, replace) => {
        const list = [...chunks];
        for (const m of muts) list.splice(1 + (m.index % (list.length - 1)), replace ? 1 : 0, { type: m.type, data: m.data });
        attempt(writePngChunks(list));
      }),
      { numRuns: 600 },
    );
  });

  it('mutated CHARX zips (sizes, counts and offsets that lie, truncation)', () => {
    fc.assert(fc.property(mutate(CARD_ZIP), attempt), { numRuns: 1500 });
  });

  it('random JSON shapes, as cards and as lorebooks', () => {
    const shaped = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ spec: fc.constantFrom('chara_card_v2', 'chara_card_v3', 'lorebook_v3', 'chara_card_v9'), spec_version: fc.jsonValue(), data: fc.jsonValue({ maxDepth: 3 }) }),
      fc.record({ entries: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))) }),
      fc.record({ name: fc.jsonValue(), description: fc.jsonValue(), character_book: fc.jsonValue({ maxDepth: 3 }) }),
    );
    fc.assert(
      fc.property(shaped, (value) => {
        const bytes = enc(JSON.stringify(value) ?? 'null');
        for (const read of [readAny, readLorebook]) {
          try {
            read(bytes);
          } catch (e) {
            if (!(e instanceof CardError)) throw new Error(`untyped error ${String(e)}`, { cause: e });
          }
        }
      }),
      { numRuns: 800 },
    );
  });

  it('zip entries whose CRC matches but whose sizes lie', () => {
    const body = new Uint8Array(20_000).fill(65);
    const base = zipSync({ 'card.json': enc(JSON.stringify(v3('A'))), 'assets/a.bin': body });
    fc.assert(
      fc.property(u32, u32, (size, comp) => {
        const zip = base.slice();
        const dv = new DataView(zip.buffer, zip.byteOffset);
        const cd = dv.getUint32(zip.length - 22 + 16, true);
        const second = cd + 46 + dv.getUint16(cd + 28, true) + dv.getUint16(cd + 30, true) + dv.getUint16(cd + 32, true);
        dv.setUint32(second + 24, size, true);
        dv.setUint32(second + 20, comp, true);
        expect(crc32(body)).toBe(dv.getUint32(second + 16, true));
        attempt(zip);
      }),
      { numRuns: 300 },
    );
  });
});
