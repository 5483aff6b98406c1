// CHARX amplification: whatever the entry sizes (a few big ones, or many under the per-entry floor), everything a read
// inflates stays within a small multiple of the upload, or the read is refused as ZIP_BOMB.
import fc from 'fast-check';
import { type Zippable, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CardError } from './errors';
import { ByteBudget, DEFAULT_LIMITS } from './limits';
import { readCard } from './read';

const enc = (s: string) => new TextEncoder().encode(s);
const CARD = enc(JSON.stringify({ spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'Z', description: '', personality: '', scenario: '', first_mes: '', mes_example: '', group_only_greetings: [], tags: [], extensions: {} } }));

/** Incompressible bytes: they make the upload big, which is what let the old ratio allow 128 MB. */
const noise = (n: number) => Uint8Array.from({ length: n }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 0xff);
const NOISE = noise(2 * 1024 * 1024);

function bombZip(entries: number, entryBytes: number, padding = 0): Uint8Array {
  const files: Zippable = { 'card.json': CARD };
  // Stored, not deflated: noise does not shrink, and storing it keeps the test quick.
  if (padding > 0) files['assets/other/pad.bin'] = [NOISE.subarray(0, padding), { level: 0 }];
  const zeros = new Uint8Array(entryBytes);
  for (let i = 0; i < entries; i++) files[`assets/other/z${i}.bin`] = zeros;
  return zipSync(files, { level: 9 });
}

/** The bound every read must keep: the floor plus the ratio times the upload, never the 128 MiB ceiling by default. */
const bound = (input: number) => Math.max(DEFAULT_LIMITS.inflateFloorBytes, input * DEFAULT_LIMITS.maxInflateRatio);

function outcome(zip: Uint8Array): { inflated: number } | { refused: string } {
  const budget = new ByteBudget(zip.length);
  try {
    readCard(zip, { budget });
    return { inflated: budget.used };
  } catch (e) {
    if (e instanceof CardError) return { refused: e.code };
    throw e;
  }
}

describe('CHARX amplification', () => {
  it('refuses 120 entries of 1 MiB of zeros in a 2.2 MB zip (the reported 128 MB)', () => {
    const zip = bombZip(120, 1024 * 1024, 2 * 1024 * 1024);
    expect(zip.length).toBeLessThan(2.5 * 1024 * 1024);
    expect(outcome(zip)).toEqual({ refused: 'ZIP_BOMB' });
  }, 60_000);

  it('keeps the total within a small multiple of the upload for every entry size and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 1536 * 1024 }), fc.integer({ min: 0, max: 2 * 1024 * 1024 }), (entries, size, padding) => {
        const zip = bombZip(entries, size, padding);
        const r = outcome(zip);
        if ('refused' in r) expect(r.refused).toBe('ZIP_BOMB');
        else expect(r.inflated).toBeLessThanOrEqual(bound(zip.length));
      }),
      { numRuns: 12 },
    );
  }, 60_000);

  it('still reads a real-looking CHARX whose assets do not compress', () => {
    const zip = zipSync({ 'card.json': CARD, 'assets/icon/images/a.png': NOISE.subarray(0, 300_000), 'assets/other/b.bin': NOISE.subarray(1000, 200_000) });
    expect('inflated' in outcome(zip)).toBe(true);
  });
});
