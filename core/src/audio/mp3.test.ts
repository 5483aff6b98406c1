import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AudioError } from './errors';
import { decodeMp3, encodeMp3 } from './mp3';
import { readMp3Info } from './mpeg-header';
import { sniffType } from './sniff';

function tone(freq: number, rate: number, seconds: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => 0.4 * Math.sin((2 * Math.PI * freq * i) / rate),
  );
}

function dominantFrequency(x: Float32Array, rate: number, candidates: number[]): number {
  const power = (f: number) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      re += x[i]! * Math.cos((2 * Math.PI * f * i) / rate);
      im += x[i]! * Math.sin((2 * Math.PI * f * i) / rate);
    }
    return re * re + im * im;
  };
  return candidates.reduce((best, f) => (power(f) > power(best) ? f : best));
}

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('MP3 encode and decode', { timeout: 60_000 }, () => {
  it('round-trips mono speech-rate audio with its pitch and length', async () => {
    const mp3 = await encodeMp3({ sampleRate: 22050, channels: [tone(440, 22050, 2)] }, { kbps: 64 });
    expect(sniffType(mp3)).toBe('mp3');
    const info = readMp3Info(mp3);
    expect(info).toMatchObject({ sampleRate: 22050, channels: 1, bitrateKbps: 64 });
    expect(info.durationSec).toBeGreaterThan(1.9);
    expect(info.durationSec).toBeLessThan(2.2);
    const decoded = await decodeMp3(mp3);
    expect(decoded.channels).toHaveLength(1);
    const seconds = decoded.channels[0]!.length / decoded.sampleRate;
    expect(seconds).toBeGreaterThan(1.95);
    expect(seconds).toBeLessThan(2.15);
    expect(dominantFrequency(decoded.channels[0]!.subarray(4000, 30000), 22050, [220, 330, 440, 550, 880])).toBe(440);
  });

  it('encodes with LAME WASM bytes supplied by the caller (the browser path under a strict CSP)', async () => {
    const wasmPath = createRequire(import.meta.url).resolve('wasm-media-encoders/wasm/mp3');
    const wasm = new Uint8Array(await readFile(wasmPath));
    const mp3 = await encodeMp3({ sampleRate: 16000, channels: [tone(440, 16000, 1)] }, { wasm });
    expect(readMp3Info(mp3).sampleRate).toBe(16000);
  });

  it('keeps two channels apart, and resamples rates LAME cannot take', async () => {
    const mp3 = await encodeMp3(
      { sampleRate: 20000, channels: [tone(300, 20000, 1), tone(1200, 20000, 1)] },
      { kbps: 96 },
    );
    const decoded = await decodeMp3(mp3);
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels).toHaveLength(2);
    const mid = (c: Float32Array) => c.subarray(3000, 18000);
    expect(dominantFrequency(mid(decoded.channels[0]!), 22050, [300, 1200])).toBe(300);
    expect(dominantFrequency(mid(decoded.channels[1]!), 22050, [300, 1200])).toBe(1200);
  });
});

describe('MP3 limits and hostile input (U2)', { timeout: 60_000 }, () => {
  const quiet = vi.spyOn(console, 'error');
  beforeAll(() => quiet.mockImplementation(() => {}));
  afterAll(() => quiet.mockRestore());

  it('refuses a file whose header says it is too long, before decoding', async () => {
    const mp3 = await encodeMp3({ sampleRate: 16000, channels: [tone(200, 16000, 3)] });
    await expect(decodeMp3(mp3, { maxDurationSec: 1 })).rejects.toMatchObject({ code: 'AUDIO_TOO_LONG' });
  });

  it('stops decoding when the output passes the limit even if a Xing tag lies', async () => {
    const mp3 = await encodeMp3({ sampleRate: 16000, channels: [tone(200, 16000, 6)] });
    // Put a Xing tag claiming one frame into the first frame's side-info area (MPEG-2 mono: offset 4 + 9).
    const lying = mp3.slice();
    lying.set([0x58, 0x69, 0x6e, 0x67, 0, 0, 0, 1, 0, 0, 0, 1], 13);
    expect(readMp3Info(lying).durationSec).toBeLessThan(0.1);
    await expect(decodeMp3(lying, { maxDurationSec: 2 })).rejects.toMatchObject({ code: 'AUDIO_TOO_LONG' });
  });

  it('gives typed errors for non-MP3 input and ID3 tags with nothing after them', async () => {
    await expect(decodeMp3(new TextEncoder().encode('hello world, not audio at all'))).rejects.toMatchObject({
      code: 'AUDIO_MALFORMED',
    });
    const id3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3]);
    await expect(decodeMp3(id3)).rejects.toMatchObject({ code: 'AUDIO_TRUNCATED' });
  });

  // The timeout is a hang guard, not a speed check: each input creates a WASM decoder, slow on a busy CI box.
  it('returns audio or a typed error for 200 mutated files, with output bounded', { timeout: 60_000 }, async () => {
    const base = await encodeMp3({ sampleRate: 16000, channels: [tone(300, 16000, 1)] });
    let seed = 99;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 200; n++) {
      let bytes = base.slice();
      for (let k = 0; k < 1 + rand() * 20; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      if (rand() < 0.3) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
      try {
        const out = await decodeMp3(bytes, { maxDurationSec: 3 });
        expect(out.channels[0]!.length).toBeLessThanOrEqual(16000 * 4 * 2);
      } catch (e) {
        expect(e).toBeInstanceOf(AudioError);
      }
    }
  });
});
