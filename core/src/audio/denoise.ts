// Noise reduction by stationary spectral gating: bins below a per-frequency noise threshold are attenuated.
import { fft } from './fft';

export interface DenoiseOptions {
  /** A bin counts as signal when it is this many standard deviations above the noise mean (in dB). */
  readonly thresholdStd: number;
  /** How far gated bins are pulled down; a floor rather than zero avoids "musical noise". */
  readonly reductionDb: number;
  /** Share of the quietest frames taken as the noise profile when no noise clip is given. */
  readonly noiseQuantile: number;
  /** Mask smoothing: frames averaged over time, bins dilated over frequency (half-widths). */
  readonly smoothFrames: number;
  readonly smoothBins: number;
  /** A sample of the noise alone (room tone), if the caller has one. */
  readonly noiseClip?: Float32Array;
}

export const DEFAULT_DENOISE_OPTIONS: DenoiseOptions = {
  thresholdStd: 3,
  reductionDb: 18,
  noiseQuantile: 0.1,
  smoothFrames: 2,
  smoothBins: 1,
};

interface Stft {
  size: number;
  hop: number;
  window: Float64Array;
  frames: { re: Float64Array; im: Float64Array }[];
}

function stft(x: Float32Array, size: number): Stft {
  const hop = size / 4;
  const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
  const frames: Stft['frames'] = [];
  for (let start = -size + hop; start < x.length; start += hop) {
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let i = 0; i < size; i++) re[i] = (x[start + i] ?? 0) * window[i]!;
    fft(re, im);
    frames.push({ re, im });
  }
  return { size, hop, window, frames };
}

/**
 * Each bin's level in dB after averaging power over a 3x3 neighbourhood (frames x bins): this steadies the
 * noise estimate, so random peaks of the noise do not open the gate, while a tone (3 bins wide under the
 * Hann window) keeps its level.
 */
function levels(frames: Stft['frames'], bins: number): Float64Array[] {
  // Power summed over neighbouring bins first, then over neighbouring frames: two cheap passes.
  const across = frames.map((f) => {
    const power = new Float64Array(bins);
    for (let b = 0; b < bins; b++) power[b] = f.re[b]! ** 2 + f.im[b]! ** 2;
    const sum = new Float64Array(bins);
    for (let b = 0; b < bins; b++) sum[b] = power[b]! + (power[b - 1] ?? 0) + (power[b + 1] ?? 0);
    return sum;
  });
  return across.map((row, t) => {
    const prev = across[t - 1];
    const next = across[t + 1];
    const frameCount = 1 + (prev ? 1 : 0) + (next ? 1 : 0);
    const out = new Float64Array(bins);
    for (let b = 0; b < bins; b++) {
      const binCount = b === 0 || b === bins - 1 ? 2 : 3;
      const sum = row[b]! + (prev?.[b] ?? 0) + (next?.[b] ?? 0);
      out[b] = 10 * Math.log10(sum / (frameCount * binCount) + 1e-20);
    }
    return out;
  });
}

/** Mean and standard deviation of each bin's level (dB) over the noise frames. */
function noiseProfile(noise: Float64Array[], bins: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(bins);
  const std = new Float64Array(bins);
  const n = Math.max(1, noise.length);
  for (let b = 0; b < bins; b++) {
    const m = noise.reduce((s, row) => s + row[b]!, 0) / n;
    mean[b] = m;
    std[b] = Math.sqrt(noise.reduce((s, row) => s + (row[b]! - m) ** 2, 0) / n);
  }
  return { mean, std };
}

function quietestFrames(level: Float64Array[], share: number): Float64Array[] {
  const energy = level.map((row, i) => ({ i, e: row.reduce((s, v) => s + 10 ** (v / 10), 0) }));
  // Digital silence (zero padding, muted stretches) would make the noise floor -200 dB and gate nothing.
  const bins = level[0]?.length ?? 1;
  const withSignal = energy.filter((x) => x.e > bins * 1e-18);
  const pool = withSignal.length > 0 ? withSignal : energy;
  pool.sort((a, b) => a.e - b.e);
  return pool.slice(0, Math.max(1, Math.floor(pool.length * share))).map((x) => level[x.i]!);
}

/**
 * Dilates the mask across neighbouring bins (a tone or harmonic spreads over a few bins under the window),
 * then averages over neighbouring frames so gains do not flicker ("musical noise").
 */
function smoothMask(mask: Float32Array[], bins: number, rt: number, rb: number): Float32Array[] {
  const dilated = mask.map((row) =>
    Float32Array.from({ length: bins }, (_, b) => {
      let m = 0;
      for (let d = -rb; d <= rb; d++) m = Math.max(m, row[b + d] ?? 0);
      return m;
    }),
  );
  return dilated.map((_, t) => {
    const out = new Float32Array(bins);
    let n = 0;
    for (let dt = -rt; dt <= rt; dt++) {
      const row = dilated[t + dt];
      if (!row) continue;
      n++;
      for (let b = 0; b < bins; b++) out[b] = out[b]! + row[b]!;
    }
    for (let b = 0; b < bins; b++) out[b] = out[b]! / n;
    return out;
  });
}

/** Frame size about 32 ms, as a power of two. */
function frameSize(sampleRate: number): number {
  return 2 ** Math.max(7, Math.round(Math.log2(0.032 * sampleRate)));
}

/** Reduces steady background noise (hiss, hum, fans) in mono audio; speech and tones above it pass. */
export function reduceNoise(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<DenoiseOptions> = {},
): Float32Array {
  const o = { ...DEFAULT_DENOISE_OPTIONS, ...options };
  const size = frameSize(sampleRate);
  const bins = size / 2 + 1;
  const spec = stft(samples, size);
  const level = levels(spec.frames, bins);
  const noise = o.noiseClip ? levels(stft(o.noiseClip, size).frames, bins) : quietestFrames(level, o.noiseQuantile);
  const { mean, std } = noiseProfile(noise, bins);
  const rawMask = level.map((row) =>
    Float32Array.from({ length: bins }, (_, b) => (row[b]! > mean[b]! + o.thresholdStd * std[b]! ? 1 : 0)),
  );
  const mask = smoothMask(rawMask, bins, o.smoothFrames, o.smoothBins);
  const floor = 10 ** (-o.reductionDb / 20);
  return overlapAdd(spec, mask, floor, samples.length);
}

function overlapAdd(spec: Stft, mask: Float32Array[], floor: number, length: number): Float32Array {
  const { size, hop, window } = spec;
  const out = new Float64Array(length);
  const norm = new Float64Array(length);
  spec.frames.forEach((f, t) => {
    for (let b = 0; b <= size / 2; b++) {
      const g = floor + (1 - floor) * mask[t]![b]!;
      f.re[b] = f.re[b]! * g;
      f.im[b] = f.im[b]! * g;
      if (b > 0 && b < size / 2) {
        f.re[size - b] = f.re[b]!;
        f.im[size - b] = -f.im[b]!;
      }
    }
    fft(f.re, f.im, true);
    const start = -size + hop + t * hop;
    for (let i = 0; i < size; i++) {
      const at = start + i;
      if (at < 0 || at >= length) continue;
      out[at] = out[at]! + f.re[i]! * window[i]!;
      norm[at] = norm[at]! + window[i]! ** 2;
    }
  });
  return Float32Array.from(out, (v, i) => (norm[i]! > 1e-9 ? v / norm[i]! : 0));
}
