import { describe, expect, it } from 'vitest';
import { reduceNoise } from './denoise';
import { fft } from './fft';
import { rms } from './pcm';

function noise(n: number, seed: number, amp: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2 * amp);
}

function amplitudeAt(x: Float32Array, freq: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * freq * i) / rate);
    im += x[i]! * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe('fft', () => {
  it('round-trips and finds a tone in its bin', () => {
    const n = 64;
    const re = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 5 * i) / n));
    const im = new Float64Array(n);
    const copy = re.slice();
    fft(re, im);
    expect(Math.hypot(re[5]!, im[5]!)).toBeCloseTo(n / 2, 6);
    expect(Math.hypot(re[6]!, im[6]!)).toBeCloseTo(0, 6);
    fft(re, im, true);
    re.forEach((v, i) => expect(v).toBeCloseTo(copy[i]!, 9));
  });
});

describe('reduceNoise (spectral gating)', () => {
  const rate = 16000;
  const hiss = noise(rate * 3, 42, 0.05);
  const clean = Float32Array.from({ length: rate * 3 }, (_, i) =>
    i >= rate ? 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate) : 0,
  );
  const noisy = clean.map((v, i) => v + hiss[i]!);

  it('lowers the noise floor by more than 12 dB and keeps the tone within 1 dB', () => {
    const out = reduceNoise(noisy, rate);
    expect(out.length).toBe(noisy.length);
    const before = rms(noisy.subarray(1000, rate - 1000));
    const after = rms(out.subarray(1000, rate - 1000));
    expect(20 * Math.log10(after / before)).toBeLessThan(-12);
    const toneIn = amplitudeAt(noisy.subarray(rate + 2000, rate * 3 - 2000), 440, rate);
    const toneOut = amplitudeAt(out.subarray(rate + 2000, rate * 3 - 2000), 440, rate);
    expect(Math.abs(20 * Math.log10(toneOut / toneIn))).toBeLessThan(1);
  });

  it('uses a noise clip when one is given, and leaves digital silence silent', () => {
    const out = reduceNoise(noisy, rate, { noiseClip: noise(rate, 7, 0.05) });
    expect(rms(out.subarray(1000, rate - 1000))).toBeLessThan(rms(noisy.subarray(1000, rate - 1000)) / 4);
    const silent = reduceNoise(new Float32Array(4000), rate);
    expect(silent.every((v) => v === 0)).toBe(true);
  });
});
