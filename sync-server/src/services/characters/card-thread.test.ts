// The card thread reads uploads like readCard does, keeps the readers' typed errors, and leaves the event loop free:
// a timer loop beside three large CHARX reads at once counts stalls (late ticks), rather than timing the reads.
import { type Zippable, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { CardError, readCard } from '@companion/core/cards';
import { createCardThread } from './card-thread.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const CARD = enc(JSON.stringify({ spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'Threaded', description: 'd', personality: '', scenario: '', first_mes: '', mes_example: '', group_only_greetings: [], tags: [], extensions: {} } }));

function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('card thread', () => {
  const reader = createCardThread();
  afterAll(() => reader.close());
  const letters = 'etaoin shrdlu ';
  // Random words: they deflate about 2:1, so reading means inflating 6 MB (about a second on this machine's main thread).
  const big = zipSync({ 'card.json': CARD, 'assets/other/book.txt': noise(6 * 1024 * 1024).map((b) => letters.charCodeAt(b % letters.length)) });

  it('answers what readCard answers', async () => {
    const small = zipSync({ 'card.json': CARD, 'assets/other/a.bin': noise(5000) });
    const [ours, direct] = [await reader.read(small, 25 * 1024 * 1024), readCard(small)];
    expect(ours.card.data).toEqual(direct.card.data);
    expect(ours.card.files.map((f) => [f.path, [...f.bytes]])).toEqual(direct.card.files.map((f) => [f.path, [...f.bytes]]));
  });

  it('keeps the readers typed errors', async () => {
    const files: Zippable = { 'card.json': CARD };
    for (let i = 0; i < 40; i++) files[`assets/other/z${i}.bin`] = new Uint8Array(1024 * 1024);
    await expect(reader.read(zipSync(files), 25 * 1024 * 1024)).rejects.toMatchObject({ code: 'ZIP_BOMB' });
    await expect(reader.read(enc('not a card'), 1000)).rejects.toBeInstanceOf(CardError);
  }, 60_000);

  it('leaves the event loop free while three large CHARX files are inflated', async () => {
    await reader.read(big, 25 * 1024 * 1024); // warm-up: the worker's first run compiles its code
    let running = true;
    const lateTicks: number[] = [];
    const probe = (async () => {
      while (running) {
        const started = performance.now();
        await new Promise((r) => setTimeout(r, 5));
        const late = performance.now() - started - 5;
        if (late > 200) lateTicks.push(late);
      }
    })();
    const results = await Promise.all([0, 1, 2].map(() => reader.read(big, 25 * 1024 * 1024)));
    running = false;
    await probe;
    expect(results.map((r) => r.card.files[0]?.bytes.byteLength)).toEqual([6 * 1024 * 1024, 6 * 1024 * 1024, 6 * 1024 * 1024]);
    expect(lateTicks.length, `late ticks (ms): ${lateTicks.map((ms) => ms.toFixed(0)).join(', ')}`).toBeLessThanOrEqual(1);
  }, 60_000);
});
