import { describe, expect, it } from 'vitest';
import { StreamingVocoder, type VocodeFn } from './vocoder-stream';

const HOP = 8;
const WIDTH = 2;

/** A stand-in HiFi-GAN: smooth per call, with an end effect (the last token fades) a later call does not have. */
const vocode: VocodeFn = async (lat, n) => {
  const out = new Float32Array(n * HOP);
  for (let i = 0; i < out.length; i++) {
    const tok = Math.floor(i / HOP);
    const edge = Math.min(1, (out.length - i) / HOP);
    out[i] = Math.sin(i / 5) * (0.5 + 0.1 * lat[tok * WIDTH]!) * edge;
  }
  return out;
};

const latent = (i: number) => Float32Array.from([Math.sin(i), 0]);

async function stream(tokens: number, every: number, overlap: number, contextTokens?: number) {
  const v = new StreamingVocoder(vocode, { width: WIDTH, hop: HOP, overlap, contextTokens });
  const chunks: Float32Array[] = [];
  for (let i = 0; i < tokens; i++) {
    v.push(latent(i));
    if ((i + 1) % every === 0) chunks.push(await v.flush(false));
  }
  chunks.push(await v.flush(true));
  return chunks;
}

const concat = (parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

describe('StreamingVocoder', () => {
  it('emits exactly tokens × hop samples in chunks that hold back the overlap', async () => {
    const chunks = await stream(23, 5, 12);
    expect(concat(chunks).length).toBe(23 * HOP);
    expect(chunks.map((c) => c.length)).toEqual([5 * HOP - 12, 5 * HOP, 5 * HOP, 5 * HOP, 3 * HOP + 12]);
  });

  it('matches one-shot vocoding away from the joins and has no step at them', async () => {
    const all = Array.from({ length: 23 }, (_, i) => latent(i));
    const whole = await vocode(concat(all), 23);
    const chunks = await stream(23, 5, 12);
    const out = concat(chunks);
    let at = 0;
    const joins: number[] = [];
    for (const c of chunks.slice(0, -1)) joins.push((at += c.length));
    for (let i = 0; i < out.length; i++) {
      const nearJoin = joins.some((j) => i >= j && i < j + 12);
      const inFinalFade = i >= out.length - HOP;
      if (!nearJoin && !inFinalFade) expect(out[i]).toBeCloseTo(whole[i]!, 6);
    }
    const maxStep = (a: Float32Array, from: number, to: number) => {
      let m = 0;
      for (let i = Math.max(1, from); i < to; i++) m = Math.max(m, Math.abs(a[i]! - a[i - 1]!));
      return m;
    };
    const interior = maxStep(whole, 1, whole.length - HOP);
    for (const j of joins) expect(maxStep(out, j - 1, j + 13)).toBeLessThanOrEqual(interior * 1.5);
    // Without the cross-fade the end effect of each call shows up as a step at the join.
    const hard = concat(await stream(23, 5, 0));
    const hardJoins = [1, 2, 3, 4].map((k) => k * 5 * HOP);
    expect(Math.max(...hardJoins.map((j) => maxStep(hard, j, j + 1)))).toBeGreaterThan(interior * 2);
  });

  it('learns the hop from the first vocoder call when metadata gives none', async () => {
    const v = new StreamingVocoder(vocode, { width: WIDTH, overlap: 12 });
    const parts: Float32Array[] = [];
    for (let i = 0; i < 13; i++) {
      v.push(latent(i));
      if ((i + 1) % 5 === 0) parts.push(await v.flush(false));
    }
    parts.push(await v.flush(true));
    expect(concat(parts).length).toBe(13 * HOP);
    expect(await new StreamingVocoder(vocode, { width: WIDTH }).flush(true)).toHaveLength(0);
  });

  it('handles a vocoder whose samples per token are not an integer (real XTTS: about 1115)', async () => {
    const ragged: VocodeFn = async (lat, n) => (await vocode(lat, n)).subarray(0, Math.floor(n * 6.7));
    const v = new StreamingVocoder(ragged, { width: WIDTH, overlap: 10 });
    const parts: Float32Array[] = [];
    for (let i = 0; i < 23; i++) {
      v.push(latent(i));
      if ((i + 1) % 5 === 0) parts.push(await v.flush(false));
    }
    parts.push(await v.flush(true));
    expect(concat(parts).length).toBe(Math.floor(23 * 6.7));
    const windowed = new StreamingVocoder(ragged, { width: WIDTH, overlap: 10, contextTokens: 3 });
    for (let i = 0; i < 23; i++) {
      windowed.push(latent(i));
      if ((i + 1) % 5 === 0) await windowed.flush(false);
    }
    await windowed.flush(true);
    expect(Math.abs(windowed.samplesOut - Math.floor(23 * 6.7))).toBeLessThanOrEqual(2);
  });

  it('bounds the re-vocoded context when asked and rejects wrong widths', async () => {
    const seen: number[] = [];
    const v = new StreamingVocoder(async (l, n) => (seen.push(n), vocode(l, n)), {
      width: WIDTH,
      hop: HOP,
      overlap: 4,
      contextTokens: 2,
    });
    for (let i = 0; i < 12; i++) {
      v.push(latent(i));
      if ((i + 1) % 4 === 0) await v.flush(false);
    }
    expect(Math.max(...seen)).toBeLessThanOrEqual(4 + 2 + 1);
    expect(() => v.push(new Float32Array(3))).toThrow(RangeError);
  });
});
