import { describe, expect, it } from 'vitest';
import {
  conditioningMel,
  hzToMelHtk,
  makeWindow,
  melFilterbank,
  melToHzHtk,
  preEmphasis,
  speakerMel,
  stftPower,
  type StftOptions,
} from './mel';

function naivePower(signal: Float32Array, o: StftOptions): Float32Array {
  const bins = o.nFft / 2 + 1;
  const frames = 1 + Math.floor(signal.length / o.hop);
  const win = makeWindow(o.window, o.winLength);
  const off = Math.floor((o.nFft - o.winLength) / 2);
  // Explicit reflect padding, then a plain O(n²) DFT.
  const pad = o.nFft / 2;
  const padded = new Float64Array(signal.length + 2 * pad);
  for (let i = 0; i < padded.length; i++) {
    const j = i - pad;
    padded[i] = signal[j < 0 ? -j : j >= signal.length ? 2 * (signal.length - 1) - j : j]!;
  }
  const out = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < bins; k++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < o.winLength; n++) {
        const x = padded[t * o.hop + off + n]! * win[n]!;
        const a = (-2 * Math.PI * k * (off + n)) / o.nFft;
        re += x * Math.cos(a);
        im += x * Math.sin(a);
      }
      out[t * bins + k] = re * re + im * im;
    }
  }
  return out;
}

function sine(hz: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

describe('STFT', () => {
  it('matches a naive DFT (window shorter than n_fft, reflect padding)', () => {
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const signal = Float32Array.from({ length: 300 }, rnd);
    for (const o of [
      { nFft: 64, hop: 16, winLength: 40, window: 'hamming' },
      { nFft: 128, hop: 32, winLength: 128, window: 'hann' },
    ] as const) {
      const fast = stftPower(signal, o);
      const slow = naivePower(signal, o);
      expect(fast.frames).toBe(1 + Math.floor(300 / o.hop));
      for (let i = 0; i < slow.length; i++) expect(fast.data[i]!).toBeCloseTo(slow[i]!, 3);
    }
  });

  it('builds periodic windows as torch does', () => {
    const hann = makeWindow('hann', 4);
    expect([...hann].map((v) => +v.toFixed(6))).toEqual([0, 0.5, 1, 0.5]);
    expect(makeWindow('hamming', 4)[0]).toBeCloseTo(0.08, 10);
  });
});

describe('mel filterbank', () => {
  it('uses the HTK mel scale', () => {
    expect(hzToMelHtk(1000)).toBeCloseTo(999.985, 2);
    expect(melToHzHtk(hzToMelHtk(4321))).toBeCloseTo(4321, 6);
  });

  it('gives slaney-normalised triangles unit area and plain ones unit peaks', () => {
    const o = { sampleRate: 22050, nFft: 2048, nMels: 80, fMin: 0, fMax: 8000 } as const;
    const binHz = 22050 / 2048;
    const slaney = melFilterbank({ ...o, norm: 'slaney' });
    const plain = melFilterbank({ ...o, norm: null });
    const bins = 1025;
    for (const m of [20, 40, 79]) {
      const area = slaney.subarray(m * bins, (m + 1) * bins).reduce((a, b) => a + b, 0) * binHz;
      expect(area).toBeGreaterThan(0.9);
      expect(area).toBeLessThan(1.1);
      expect(Math.max(...plain.subarray(m * bins, (m + 1) * bins))).toBeGreaterThan(0.8);
    }
    expect(slaney.every((v) => v >= 0)).toBe(true);
    // Nothing above fmax.
    const above = Math.ceil(8000 / binHz) + 1;
    for (let m = 0; m < 80; m++) expect(plain[m * bins + above]).toBe(0);
  });
});

function peakBand(mel: { data: Float32Array; frames: number }, bands: number): number {
  const t = Math.floor(mel.frames / 2);
  let best = 0;
  for (let m = 1; m < bands; m++) if (mel.data[m * mel.frames + t]! > mel.data[best * mel.frames + t]!) best = m;
  return best;
}

function bandNearest(hz: number, nMels: number, fMax: number): number {
  const step = hzToMelHtk(fMax) / (nMels + 1);
  return Math.round(hzToMelHtk(hz) / step) - 1;
}

describe('XTTS front ends', () => {
  it('conditioning mel: a 1 kHz sine peaks in the band centred nearest 1 kHz, log-scaled per band', () => {
    const stats = new Float32Array(80).fill(1);
    const mel = conditioningMel(sine(1000, 22050, 0.5), stats);
    expect(mel.frames).toBe(1 + Math.floor(11025 / 256));
    expect(Math.abs(peakBand(mel, 80) - bandNearest(1000, 80, 8000))).toBeLessThanOrEqual(1);
    // Silence floors at ln(1e-5), divided by mel_stats.
    const quiet = conditioningMel(new Float32Array(4096), new Float32Array(80).fill(2));
    expect(quiet.data[0]).toBeCloseTo(Math.log(1e-5) / 2, 5);
  });

  it('speaker mel: 64 bands at 16 kHz, hop 160, 3 kHz sine peaks at its band', () => {
    const mel = speakerMel(sine(3000, 16000, 0.5));
    expect(mel.frames).toBe(1 + Math.floor(8000 / 160));
    expect(mel.data.length).toBe(64 * mel.frames);
    expect(Math.abs(peakBand(mel, 64) - bandNearest(3000, 64, 8000))).toBeLessThanOrEqual(1);
  });

  it('pre-emphasis subtracts 0.97 of the previous sample (reflected at the start)', () => {
    expect([...preEmphasis(Float32Array.from([1, 2, 3]))].map((v) => +v.toFixed(4))).toEqual([
      1 - 1.94,
      2 - 0.97,
      3 - 1.94,
    ]);
  });

  it('refuses mel_stats of the wrong size and empty audio', () => {
    expect(() => conditioningMel(new Float32Array(100), new Float32Array(10))).toThrow(RangeError);
    expect(() => speakerMel(new Float32Array(0))).toThrow(RangeError);
  });
});
