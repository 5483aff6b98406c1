import { describe, expect, it } from 'vitest';
import { integratedLoudness, normalizeLoudness } from './loudness';
import { peak } from './pcm';

function sine(freq: number, rate: number, seconds: number, amp: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate),
  );
}

describe('integrated loudness (BS.1770)', () => {
  it.each([48000, 44100, 22050, 16000])('reads a full-scale 997 Hz sine as -3.01 LUFS at %i Hz', (rate) => {
    // Within 0.1 LU: the bilinear shelf warps a little as 1.5 kHz nears Nyquist at low rates.
    expect(Math.abs(integratedLoudness({ sampleRate: rate, channels: [sine(997, rate, 3, 1)] }) + 3.01)).toBeLessThan(
      0.1,
    );
  });

  it('scales with level and adds channels', () => {
    const rate = 48000;
    expect(integratedLoudness({ sampleRate: rate, channels: [sine(997, rate, 3, 0.1)] })).toBeCloseTo(-23.01, 1);
    const stereo = integratedLoudness({
      sampleRate: rate,
      channels: [sine(997, rate, 3, 0.1), sine(997, rate, 3, 0.1)],
    });
    expect(stereo).toBeCloseTo(-20, 1);
  });

  it('gates out silence: a tone with long silence reads like the tone alone', () => {
    const rate = 16000;
    const tone = sine(997, rate, 2, 0.1);
    const padded = new Float32Array(rate * 10);
    padded.set(tone, rate * 4);
    // Blocks straddling the tone's edges pass the relative gate and pull the figure down slightly.
    const gated = integratedLoudness({ sampleRate: rate, channels: [padded] });
    expect(gated).toBeGreaterThan(-24);
    expect(gated).toBeLessThan(-22.9);
    expect(integratedLoudness({ sampleRate: rate, channels: [new Float32Array(rate)] })).toBe(-Infinity);
  });
});

describe('normalizeLoudness', () => {
  it('brings quiet speech-like audio to the target', () => {
    const rate = 22050;
    const quiet = { sampleRate: rate, channels: [sine(300, rate, 2, 0.02)] };
    const { audio, gainDb } = normalizeLoudness(quiet, { targetLufs: -16 });
    expect(gainDb).toBeGreaterThan(0);
    expect(integratedLoudness(audio)).toBeCloseTo(-16, 0);
  });

  it('never pushes the sample peak over the ceiling', () => {
    const rate = 22050;
    const spiky = sine(300, rate, 2, 0.01);
    spiky[1000] = 0.9;
    const { audio } = normalizeLoudness(
      { sampleRate: rate, channels: [spiky] },
      { targetLufs: -10, peakCeilingDb: -1 },
    );
    expect(peak(audio.channels[0]!)).toBeLessThanOrEqual(10 ** (-1 / 20) + 1e-6);
  });

  it('leaves silence alone', () => {
    const silent = { sampleRate: 8000, channels: [new Float32Array(8000)] };
    expect(normalizeLoudness(silent).gainDb).toBe(0);
  });
});
