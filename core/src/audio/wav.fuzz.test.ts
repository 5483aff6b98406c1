// U3: thousands of random and mutated WAV inputs each end with a result or a typed error, bounded in size.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../macros/rng';
import { AudioError } from './errors';
import { decodeWav } from './wav-read';
import { encodeWav, type WavEncoding } from './wav-write';

const prng = seededRandom;

const ENCODINGS: WavEncoding[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32'];

function seedFile(rand: () => number): Uint8Array {
  const channels = 1 + Math.floor(rand() * 2);
  const frames = Math.floor(rand() * 300);
  const rate = [8000, 16000, 22050, 44100, 48000][Math.floor(rand() * 5)]!;
  const chans = Array.from({ length: channels }, () => Float32Array.from({ length: frames }, () => rand() * 2 - 1));
  return encodeWav({ sampleRate: rate, channels: chans }, ENCODINGS[Math.floor(rand() * ENCODINGS.length)]!);
}

function mutate(input: Uint8Array, rand: () => number): Uint8Array {
  let bytes = input.slice();
  const view = () => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ops = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < ops; k++) {
    const choice = Math.floor(rand() * 7);
    const at = Math.floor(rand() * Math.max(1, bytes.length - 4));
    if (choice === 0 && bytes.length > 0) bytes[at] = Math.floor(rand() * 256);
    else if (choice === 1 && bytes.length >= at + 4) view().setUint32(at, 0xffffffff, true);
    else if (choice === 2 && bytes.length >= 44)
      view().setUint32([4, 16, 40][Math.floor(rand() * 3)]!, Math.floor(rand() * 2 ** 32), true);
    else if (choice === 3) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
    else if (choice === 4) {
      const zeroChunk = new Uint8Array([0x6a, 0x75, 0x6e, 0x6b, 0, 0, 0, 0]); // "junk" of size 0
      bytes = new Uint8Array([...bytes.subarray(0, 12), ...zeroChunk, ...bytes.subarray(12)]);
    } else if (choice === 5 && bytes.length >= 44)
      view().setUint16([20, 22, 32, 34][Math.floor(rand() * 4)]!, Math.floor(rand() * 65536), true);
    else bytes = Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
  }
  return bytes;
}

describe('WAV reader fuzzing (U3)', () => {
  it('returns audio or a typed AudioError for 5,000 mutated inputs, with output bounded by input size', () => {
    const rand = prng(20261122);
    const codes = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const input = mutate(seedFile(rand), rand);
      try {
        const audio = decodeWav(input);
        const outBytes = audio.channels.reduce((s, c) => s + c.byteLength, 0);
        // float32 output from 8-bit input is the worst case: 4 bytes per input byte.
        expect(outBytes).toBeLessThanOrEqual(4 * input.length);
        codes.set('ok', (codes.get('ok') ?? 0) + 1);
      } catch (e) {
        if (!(e instanceof AudioError))
          throw new Error(`input ${i} threw an untyped error: ${String(e)}`, { cause: e });
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
    }
    // The mutations must exercise both paths, or the test proves nothing.
    expect(codes.get('ok') ?? 0).toBeGreaterThan(100);
    expect(codes.size).toBeGreaterThan(3);
  });

  it('survives purely random bytes behind a valid RIFF/WAVE signature', () => {
    const rand = prng(7);
    for (let i = 0; i < 3000; i++) {
      const body = Uint8Array.from({ length: Math.floor(rand() * 512) }, () => Math.floor(rand() * 256));
      const input = new Uint8Array([...new TextEncoder().encode('RIFF\xff\xff\xff\xffWAVE'), ...body]);
      try {
        decodeWav(input);
      } catch (e) {
        expect(e).toBeInstanceOf(AudioError);
      }
    }
  });
});
