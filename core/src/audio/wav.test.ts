import { describe, expect, it } from 'vitest';
import { AudioError } from './errors';
import { decodeWav, readWavInfo } from './wav-read';
import { encodeWav, pcm16Bytes, wavStreamHeader, type WavEncoding } from './wav-write';

function sine(n: number, freq: number, rate: number, amp = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof AudioError ? e.code : `untyped: ${String(e)}`;
  }
}

describe('WAV round trip', () => {
  const tolerance: Record<WavEncoding, number> = {
    pcm8: 1 / 100,
    pcm16: 1 / 30000,
    pcm24: 1e-6,
    pcm32: 1e-8,
    float32: 1e-7,
  };
  for (const encoding of Object.keys(tolerance) as WavEncoding[]) {
    for (const channels of [1, 2]) {
      it(`${encoding}, ${channels} channel(s)`, () => {
        const chans = Array.from({ length: channels }, (_, c) => sine(1001, 440 * (c + 1), 22050));
        const bytes = encodeWav({ sampleRate: 22050, channels: chans }, encoding);
        const decoded = decodeWav(bytes);
        expect(decoded.sampleRate).toBe(22050);
        expect(decoded.channels).toHaveLength(channels);
        expect(decoded.info.truncated).toBe(false);
        for (let c = 0; c < channels; c++) {
          const got = decoded.channels[c]!;
          expect(got.length).toBe(1001);
          const maxErr = got.reduce((m, x, i) => Math.max(m, Math.abs(x - chans[c]![i]!)), 0);
          expect(maxErr).toBeLessThan(tolerance[encoding]);
        }
      });
    }
  }

  it('reads WAVE_FORMAT_EXTENSIBLE float and skips unknown chunks', () => {
    const samples = sine(64, 1000, 48000);
    const plain = encodeWav({ sampleRate: 48000, channels: [samples] }, 'float32');
    const fmt = new Uint8Array(8 + 40);
    const v = new DataView(fmt.buffer);
    fmt.set([0x66, 0x6d, 0x74, 0x20]);
    v.setUint32(4, 40, true);
    v.setUint16(8, 0xfffe, true);
    v.setUint16(10, 1, true);
    v.setUint32(12, 48000, true);
    v.setUint32(16, 48000 * 4, true);
    v.setUint16(20, 4, true);
    v.setUint16(22, 32, true);
    v.setUint16(24, 22, true);
    v.setUint16(26, 32, true);
    v.setUint16(32, 3, true); // sub-format GUID starts with the IEEE float tag
    const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]); // odd size + pad byte
    const data = plain.subarray(36);
    const bytes = new Uint8Array([...plain.subarray(0, 12), ...list, ...fmt, ...data]);
    const decoded = decodeWav(bytes);
    expect(decoded.info.sampleFormat).toBe('float');
    expect(Array.from(decoded.channels[0]!)).toEqual(Array.from(samples));
  });

  it('clamps a data chunk that claims more than the file holds (streamed WAVs say 0xFFFFFFFF)', () => {
    const bytes = encodeWav({ sampleRate: 16000, channels: [sine(100, 300, 16000)] });
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    const decoded = decodeWav(bytes);
    expect(decoded.info.truncated).toBe(true);
    expect(decoded.channels[0]!.length).toBe(100);
  });
});

describe('streamed WAV', () => {
  it('a stream header followed by PCM chunks reads back as the whole audio', () => {
    const a = sine(500, 300, 16000);
    const b = sine(700, 300, 16000);
    const bytes = new Uint8Array([...wavStreamHeader(16000), ...pcm16Bytes([a]), ...pcm16Bytes([b])]);
    const decoded = decodeWav(bytes);
    expect(decoded.info.truncated).toBe(true);
    expect(decoded.channels[0]!.length).toBe(1200);
    expect(Math.abs(decoded.channels[0]![700]! - b[200]!)).toBeLessThan(1e-4);
  });
});

describe('WAV header caps (U2)', () => {
  const make = (rate: number, channels: number, frames: number): Uint8Array =>
    encodeWav({ sampleRate: rate, channels: Array.from({ length: channels }, () => new Float32Array(frames)) });

  it('refuses rates outside 8-48 kHz and more than two channels before decoding', () => {
    expect(codeOf(() => readWavInfo(make(96000, 1, 10)))).toBe('AUDIO_BAD_SAMPLE_RATE');
    expect(codeOf(() => readWavInfo(make(4000, 1, 10)))).toBe('AUDIO_BAD_SAMPLE_RATE');
    expect(codeOf(() => readWavInfo(make(16000, 3, 10)))).toBe('AUDIO_BAD_CHANNELS');
    expect(codeOf(() => readWavInfo(make(8000, 2, 10)))).toBeUndefined();
  });

  it('refuses audio longer than the limit', () => {
    expect(codeOf(() => decodeWav(make(8000, 1, 8000 * 3), { maxDurationSec: 2 }))).toBe('AUDIO_TOO_LONG');
  });

  it('gives typed errors for non-WAV, truncated and unsupported input', () => {
    expect(codeOf(() => readWavInfo(new Uint8Array([1, 2, 3])))).toBe('AUDIO_TRUNCATED');
    expect(codeOf(() => readWavInfo(new TextEncoder().encode('RIFF\0\0\0\0AVI LIST')))).toBe('AUDIO_MALFORMED');
    const bytes = make(16000, 1, 10);
    expect(codeOf(() => readWavInfo(bytes.subarray(0, 30)))).toBe('AUDIO_TRUNCATED');
    const adpcm = bytes.slice();
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expect(codeOf(() => readWavInfo(adpcm))).toBe('AUDIO_UNSUPPORTED_FORMAT');
  });
});
