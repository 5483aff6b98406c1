// Sample-rate conversion by Kaiser-windowed sinc interpolation (band-limited; anti-aliased when downsampling).
import type { PcmAudio } from './pcm';

export interface ResampleOptions {
  /** Zero crossings of the sinc on each side: 8 is quick, 16 (default) is transparent for speech. */
  readonly zeroCrossings?: number;
  /** Kaiser window beta; 8.6 gives about 85 dB of stop-band attenuation. */
  readonly beta?: number;
}

/** Table resolution: filter values per input sample, linearly interpolated between. */
const TABLE_STEPS = 512;
/** Passband edge as a share of the lower Nyquist frequency, leaving room for the transition band. */
const ROLLOFF = 0.94;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** h(x) for x in [0, width] input samples, sampled TABLE_STEPS times per sample. */
function buildTable(cutoff: number, width: number, beta: number): Float32Array {
  const size = Math.ceil(width * TABLE_STEPS) + 2;
  const table = new Float32Array(size);
  const norm = besselI0(beta);
  for (let i = 0; i < size; i++) {
    const x = i / TABLE_STEPS;
    if (x > width) break;
    const arg = cutoff * x;
    const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    const r = x / width;
    table[i] = cutoff * sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm);
  }
  return table;
}

/** Resamples one channel. Output length is round(n * toRate / fromRate). */
export function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  options: ResampleOptions = {},
): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('Sample rates must be positive.');
  if (fromRate === toRate) return samples.slice();
  const ratio = toRate / fromRate;
  const cutoff = Math.min(1, ratio) * ROLLOFF;
  const width = (options.zeroCrossings ?? 16) / cutoff;
  const table = buildTable(cutoff, width, options.beta ?? 8.6);
  const outLength = Math.round(samples.length * ratio);
  const out = new Float32Array(outLength);
  const reach = Math.floor(width);
  for (let n = 0; n < outLength; n++) {
    const t = n / ratio;
    const centre = Math.floor(t);
    // Taps one input sample apart are TABLE_STEPS apart in the table with the same fraction, so the
    // interpolation fraction is computed once per side instead of once per tap.
    out[n] =
      side(samples, table, centre, -1, t - centre, reach) + side(samples, table, centre + 1, 1, centre + 1 - t, reach);
  }
  return out;
}

/** Sum over taps start, start+dir, ... whose distance from the output time begins at `dist` (0..1). */
function side(
  samples: Float32Array,
  table: Float32Array,
  start: number,
  dir: 1 | -1,
  dist: number,
  reach: number,
): number {
  const pos = dist * TABLE_STEPS;
  const base = Math.floor(pos);
  const frac = pos - base;
  let acc = 0;
  for (let j = 0, k = start, i = base; j <= reach; j++, k += dir, i += TABLE_STEPS) {
    if (k < 0 || k >= samples.length) {
      if ((dir < 0 && k < 0) || (dir > 0 && k >= samples.length)) break;
      continue;
    }
    if (i + 1 >= table.length) break;
    const a = table[i]!;
    acc += samples[k]! * (a + (table[i + 1]! - a) * frac);
  }
  return acc;
}

export function resampleAudio(audio: PcmAudio, toRate: number, options?: ResampleOptions): PcmAudio {
  if (audio.sampleRate === toRate) return audio;
  return { sampleRate: toRate, channels: audio.channels.map((c) => resample(c, audio.sampleRate, toRate, options)) };
}
