// The two XTTS mel front ends (conditioning 80-band log mel at 22,050 Hz; speaker 64-band power mel at 16 kHz).
import { fft } from '../../audio/fft';

export type WindowKind = 'hann' | 'hamming';

/** Periodic windows, as torch.hann_window / torch.hamming_window build them by default. */
export function makeWindow(kind: WindowKind, length: number): Float64Array {
  const w = new Float64Array(length);
  const [a, b] = kind === 'hann' ? [0.5, 0.5] : [0.54, 0.46];
  for (let n = 0; n < length; n++) w[n] = a - b * Math.cos((2 * Math.PI * n) / length);
  return w;
}

export interface StftOptions {
  readonly nFft: number;
  readonly hop: number;
  readonly winLength: number;
  readonly window: WindowKind;
}

/** Index into a signal mirrored at both ends without repeating the edge sample (numpy/torch 'reflect'). */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - k;
  return k;
}

/**
 * Power spectrogram |X|² of a centred STFT (reflect padding n_fft/2, window centred in n_fft), frame-major:
 * result[t * bins + k], bins = n_fft/2 + 1, frames = 1 + floor(len / hop).
 */
export function stftPower(signal: Float32Array, o: StftOptions): { data: Float32Array; frames: number; bins: number } {
  if (signal.length === 0) throw new RangeError('Empty signal.');
  const bins = o.nFft / 2 + 1;
  const frames = 1 + Math.floor(signal.length / o.hop);
  const win = makeWindow(o.window, o.winLength);
  const winOffset = Math.floor((o.nFft - o.winLength) / 2);
  const pad = o.nFft / 2;
  const out = new Float32Array(frames * bins);
  const re = new Float64Array(o.nFft);
  const im = new Float64Array(o.nFft);
  for (let t = 0; t < frames; t++) {
    re.fill(0);
    im.fill(0);
    const base = t * o.hop - pad + winOffset;
    for (let j = 0; j < o.winLength; j++) re[winOffset + j] = signal[reflectIndex(base + j, signal.length)]! * win[j]!;
    fft(re, im);
    for (let k = 0; k < bins; k++) out[t * bins + k] = re[k]! * re[k]! + im[k]! * im[k]!;
  }
  return { data: out, frames, bins };
}

export const hzToMelHtk = (f: number): number => 2595 * Math.log10(1 + f / 700);
export const melToHzHtk = (m: number): number => 700 * (10 ** (m / 2595) - 1);

export interface MelOptions {
  readonly sampleRate: number;
  readonly nFft: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
  /** 'slaney' scales each triangle to unit area (librosa/torchaudio norm="slaney"); null leaves peaks at 1. */
  readonly norm: 'slaney' | null;
}

/** Triangular HTK-scale filters as torchaudio.functional.melscale_fbanks builds them: result[m * bins + k]. */
export function melFilterbank(o: MelOptions): Float32Array {
  const bins = o.nFft / 2 + 1;
  const freqs = Array.from({ length: bins }, (_, k) => (k * o.sampleRate) / 2 / (bins - 1));
  const mMin = hzToMelHtk(o.fMin);
  const mMax = hzToMelHtk(o.fMax);
  const pts = Array.from({ length: o.nMels + 2 }, (_, i) => melToHzHtk(mMin + ((mMax - mMin) * i) / (o.nMels + 1)));
  const fb = new Float32Array(o.nMels * bins);
  for (let m = 0; m < o.nMels; m++) {
    const [lo, mid, hi] = [pts[m]!, pts[m + 1]!, pts[m + 2]!];
    const scale = o.norm === 'slaney' ? 2 / (hi - lo) : 1;
    for (let k = 0; k < bins; k++) {
      const f = freqs[k]!;
      const v = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      fb[m * bins + k] = v * scale;
    }
  }
  return fb;
}

/** Mel power, band-major ([nMels, frames], the layout of a [1, nMels, T] tensor). */
export function melSpectrogram(
  signal: Float32Array,
  stft: StftOptions,
  mel: MelOptions,
  fb = melFilterbank(mel),
): { data: Float32Array; frames: number } {
  const spec = stftPower(signal, stft);
  const { frames, bins } = spec;
  const out = new Float32Array(mel.nMels * frames);
  for (let m = 0; m < mel.nMels; m++) {
    const row = fb.subarray(m * bins, (m + 1) * bins);
    let first = 0;
    while (first < bins && row[first] === 0) first++;
    let last = bins - 1;
    while (last > first && row[last] === 0) last--;
    for (let t = 0; t < frames; t++) {
      let acc = 0;
      const at = t * bins;
      for (let k = first; k <= last; k++) acc += row[k]! * spec.data[at + k]!;
      out[m * frames + t] = acc;
    }
  }
  return { data: out, frames };
}

export const CONDITIONING_RATE = 22050;
export const SPEAKER_RATE = 16000;
const COND_STFT: StftOptions = { nFft: 2048, hop: 256, winLength: 1024, window: 'hann' };
const COND_MEL: MelOptions = {
  sampleRate: CONDITIONING_RATE,
  nFft: 2048,
  nMels: 80,
  fMin: 0,
  fMax: 8000,
  norm: 'slaney',
};
const SPK_STFT: StftOptions = { nFft: 512, hop: 160, winLength: 400, window: 'hamming' };
// XTTS's speaker encoder uses torchaudio's MelSpectrogram defaults here: HTK scale, no area normalisation.
const SPK_MEL: MelOptions = { sampleRate: SPEAKER_RATE, nFft: 512, nMels: 64, fMin: 0, fMax: 8000, norm: null };

/** Conditioning-encoder input: ln(max(mel, 1e-5)) / mel_stats[band], [80, T], from 22,050 Hz mono audio. */
export function conditioningMel(
  samples22k: Float32Array,
  melStats: Float32Array,
): { data: Float32Array; frames: number } {
  if (melStats.length !== COND_MEL.nMels) throw new RangeError(`mel_stats must have ${COND_MEL.nMels} values.`);
  const mel = melSpectrogram(samples22k, COND_STFT, COND_MEL);
  for (let m = 0; m < COND_MEL.nMels; m++) {
    const s = melStats[m]!;
    for (let t = 0; t < mel.frames; t++) {
      const i = m * mel.frames + t;
      mel.data[i] = Math.log(Math.max(mel.data[i]!, 1e-5)) / s;
    }
  }
  return mel;
}

/** y[n] = x[n] - c·x[n-1] with x[-1] = x[1] (reflect padding, as XTTS's PreEmphasis module does). */
export function preEmphasis(x: Float32Array, coef = 0.97): Float32Array {
  const y = new Float32Array(x.length);
  for (let n = 0; n < x.length; n++) {
    const prev = n > 0 ? x[n - 1]! : (x[1] ?? 0);
    y[n] = x[n]! - coef * prev;
  }
  return y;
}

/** Speaker-encoder input: pre-emphasised 16 kHz audio → 64-band linear power mel, [64, T] (log is in the graph). */
export function speakerMel(samples16k: Float32Array): { data: Float32Array; frames: number } {
  return melSpectrogram(preEmphasis(samples16k), SPK_STFT, SPK_MEL);
}
