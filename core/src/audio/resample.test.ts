import { describe, expect, it } from 'vitest';
import { rms } from './pcm';
import { resample } from './resample';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate),
  );
}

/** Amplitude of `freq` in `x` by correlation (Goertzel-like), ignoring the edges where the filter ramps. */
function amplitudeAt(x: Float32Array, freq: number, rate: number): number {
  const from = Math.floor(x.length * 0.1);
  const to = Math.floor(x.length * 0.9);
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * freq * i) / rate);
    im += x[i]! * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

describe('resample', () => {
  it.each([
    [44100, 16000],
    [22050, 16000],
    [16000, 48000],
    [8000, 22050],
    [48000, 44100],
  ])('keeps a 1 kHz tone at the same pitch and level from %i to %i Hz', (from, to) => {
    const out = resample(tone(1000, from, 0.5), from, to);
    expect(out.length).toBe(Math.round(0.5 * to));
    expect(amplitudeAt(out, 1000, to)).toBeGreaterThan(0.49);
    expect(amplitudeAt(out, 1000, to)).toBeLessThan(0.51);
    // Nearly all energy stays in the tone: little distortion or imaging.
    const clean = tone(1000, to, 0.5);
    const mid = (a: Float32Array) => a.subarray(Math.floor(a.length * 0.1), Math.floor(a.length * 0.9));
    const err = mid(out).map((v, i) => v - mid(clean)[i]!);
    expect(rms(err) / rms(mid(clean))).toBeLessThan(0.01);
  });

  it('removes content above the new Nyquist frequency instead of aliasing it', () => {
    const out = resample(tone(10000, 44100, 0.5), 44100, 16000);
    // A 10 kHz tone would alias to 6 kHz at 16 kHz; it must be at least 40 dB down.
    expect(amplitudeAt(out, 6000, 16000)).toBeLessThan(0.005);
    expect(rms(out.subarray(800, -800))).toBeLessThan(0.005);
  });

  it('returns a copy for equal rates and handles empty input', () => {
    const x = tone(440, 16000, 0.01);
    const y = resample(x, 16000, 16000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
    expect(resample(new Float32Array(0), 8000, 16000)).toHaveLength(0);
  });
});
