import { describe, expect, it } from 'vitest';
import { encodeWav } from '@companion/core/audio';
import { decodeSample } from './decode-sample';

const never = async () => {
  throw new Error('the browser decoder must not be used for WAV');
};

describe('decodeSample', () => {
  it('reads WAV exactly with its own rate and averages stereo to mono', async () => {
    const left = Float32Array.from([0.5, -0.25, 0.75, 0]);
    const right = Float32Array.from([0.25, -0.75, 0.25, 1]);
    const wav = encodeWav({ sampleRate: 22050, channels: [left, right] }, 'float32');
    const got = await decodeSample(wav, never);
    expect(got).toMatchObject({ sampleRate: 22050, channels: 2, decoder: 'wav' });
    expect([...got.samples]).toEqual([0.375, -0.5, 0.5, 0.5]);
  });

  it('hands other formats to the browser and keeps its rate', async () => {
    const mp3ish = Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
    const got = await decodeSample(mp3ish, async (buffer) => {
      expect(new Uint8Array(buffer)).toEqual(mp3ish);
      return { sampleRate: 48000, channels: [Float32Array.from([0.1, 0.2])] };
    });
    expect(got).toMatchObject({ sampleRate: 48000, channels: 1, decoder: 'browser' });
    expect(got.samples).toEqual(Float32Array.from([0.1, 0.2]));
  });

  it('refuses broken WAV, undecodable files and huge files with coded errors', async () => {
    const wav = encodeWav({ sampleRate: 22050, channels: [new Float32Array(100)] });
    const broken = wav.slice(0, 30);
    await expect(decodeSample(broken, never)).rejects.toMatchObject({ code: 'SAMPLE_UNREADABLE' });
    await expect(decodeSample(Uint8Array.from([1, 2, 3]), async () => Promise.reject(new Error('EncodingError')))).rejects.toMatchObject({
      code: 'SAMPLE_UNREADABLE',
    });
    await expect(decodeSample(new Uint8Array(26 * 1024 * 1024), never)).rejects.toMatchObject({ code: 'SAMPLE_TOO_LARGE' });
  });
});
