// Refines the time map inside each stretch of speech with dynamic time warping over normalised cepstra.
import type { Interval } from './aligned-visemes-activity';
import type { Piece } from './aligned-visemes-warp';
import { melSpectrogram } from './xtts/mel';

export interface DtwOptions {
  readonly frameMs: number;
  /** Cepstral coefficients c1..cN (c0, the loudness, is left out: voices differ in level, not in timing). */
  readonly coefficients: number;
  /** The path may stray this share of a stretch (at least `minBandFrames`) from its diagonal. */
  readonly band: number;
  readonly minBandFrames: number;
  /** Extra cost of a horizontal or vertical step, in units of the median frame distance. 0 works best: a detour
   * already costs more cells than the diagonal (measured on the known-answer cases, bench/speech-visemes-align.ts). */
  readonly stepPenalty: number;
}

export const DEFAULT_DTW_OPTIONS: DtwOptions = {
  frameMs: 10,
  coefficients: 12,
  band: 0.25,
  minBandFrames: 8,
  stepPenalty: 0,
};

interface Features {
  /** Frame-major, `dims` per frame, one frame per `hopMs`. */
  readonly data: Float32Array;
  readonly frames: number;
  readonly dims: number;
  readonly hopMs: number;
}

const MEL_BANDS = 26;
const MAX_CELLS = 2_000_000;

/** MFCC (c1..cN) of the whole signal, each coefficient normalised to zero mean and unit variance over it. */
export function cepstra(samples: Float32Array, sampleRate: number, o: DtwOptions = DEFAULT_DTW_OPTIONS): Features {
  const hop = Math.max(1, Math.round((sampleRate * o.frameMs) / 1000));
  const winLength = Math.round(sampleRate * 0.025);
  const nFft = 2 ** Math.ceil(Math.log2(winLength));
  const signal = samples.length > 0 ? samples : new Float32Array(1);
  const mel = melSpectrogram(
    signal,
    { nFft, hop, winLength, window: 'hamming' },
    { sampleRate, nFft, nMels: MEL_BANDS, fMin: 80, fMax: Math.min(7600, sampleRate / 2), norm: null },
  );
  const frames = mel.frames;
  const dims = o.coefficients;
  const data = new Float32Array(frames * dims);
  const logMel = new Float64Array(MEL_BANDS);
  // Bands more than 50 dB under the loudest are floored: espeak's digital silence and a cloned voice's hiss
  // (or a band a voice hardly uses) should not look more different than the sounds themselves.
  let peak = 0;
  for (const v of mel.data) peak = Math.max(peak, v);
  const floor = Math.max(peak * 1e-5, 1e-12);
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < MEL_BANDS; m++) logMel[m] = Math.log(mel.data[m * frames + t]! + floor);
    for (let c = 1; c <= dims; c++) {
      let acc = 0;
      for (let m = 0; m < MEL_BANDS; m++) acc += logMel[m]! * Math.cos((Math.PI * c * (m + 0.5)) / MEL_BANDS);
      data[t * dims + c - 1] = acc;
    }
  }
  normalise(data, frames, dims);
  return { data, frames, dims, hopMs: (hop / sampleRate) * 1000 };
}

function normalise(data: Float32Array, frames: number, dims: number): void {
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    let sq = 0;
    for (let t = 0; t < frames; t++) sum += data[t * dims + d]!;
    const mean = sum / Math.max(1, frames);
    for (let t = 0; t < frames; t++) sq += (data[t * dims + d]! - mean) ** 2;
    const sd = Math.sqrt(sq / Math.max(1, frames)) || 1;
    for (let t = 0; t < frames; t++) data[t * dims + d] = (data[t * dims + d]! - mean) / sd;
  }
}

/** The frames whose centres fall inside `intervals`, in order (the stretch with its unmatched gaps cut out). */
function framesIn(f: Features, intervals: readonly Interval[]): number[] {
  const out: number[] = [];
  for (const x of intervals) {
    const from = Math.ceil(x.startMs / f.hopMs);
    const to = Math.min(f.frames, Math.ceil(x.endMs / f.hopMs));
    for (let t = Math.max(0, from); t < to; t++) out.push(t);
  }
  return out;
}

function distance(a: Features, i: number, b: Features, j: number): number {
  let s = 0;
  for (let d = 0; d < a.dims; d++) {
    const x = a.data[i * a.dims + d]! - b.data[j * b.dims + d]!;
    s += x * x;
  }
  return Math.sqrt(s);
}

/**
 * The warp (cumulative source ms → cumulative target ms) of one stretch: a banded DTW path, reduced to the
 * mean target frame per source frame and kept monotone.
 */
export function dtwWarp(
  src: Features,
  srcFrames: readonly number[],
  tgt: Features,
  tgtFrames: readonly number[],
  o: DtwOptions = DEFAULT_DTW_OPTIONS,
): [number, number][] | undefined {
  const n = srcFrames.length;
  const m = tgtFrames.length;
  // Past this a stretch (about 14 s each side without a pause) keeps its linear map rather than take ~30 MB.
  if (n < 3 || m < 3 || n * m > MAX_CELLS) return undefined;
  const band = Math.max(o.minBandFrames, Math.round(o.band * Math.max(n, m)));
  const dist = new Float32Array(n * m).fill(Infinity);
  const sampleDistances: number[] = [];
  for (let i = 0; i < n; i++) {
    const centre = (i * (m - 1)) / Math.max(1, n - 1);
    for (let j = Math.max(0, Math.floor(centre - band)); j <= Math.min(m - 1, Math.ceil(centre + band)); j++) {
      dist[i * m + j] = distance(src, srcFrames[i]!, tgt, tgtFrames[j]!);
      if ((i + j) % 7 === 0) sampleDistances.push(dist[i * m + j]!);
    }
  }
  sampleDistances.sort((a, b) => a - b);
  const penalty = o.stepPenalty * (sampleDistances[sampleDistances.length >> 1] ?? 1);
  const acc = new Float64Array(n * m).fill(Infinity);
  const move = new Uint8Array(n * m); // 0 diagonal, 1 from (i-1, j), 2 from (i, j-1)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const d = dist[i * m + j]!;
      if (!Number.isFinite(d)) continue;
      if (i === 0 && j === 0) {
        acc[0] = d;
        continue;
      }
      const diag = i > 0 && j > 0 ? acc[(i - 1) * m + j - 1]! : Infinity;
      const up = i > 0 ? acc[(i - 1) * m + j]! + penalty : Infinity;
      const left = j > 0 ? acc[i * m + j - 1]! + penalty : Infinity;
      const best = Math.min(diag, up, left);
      acc[i * m + j] = d + best;
      move[i * m + j] = best === diag ? 0 : best === up ? 1 : 2;
    }
  }
  if (!Number.isFinite(acc[n * m - 1]!)) return undefined;
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  for (let i = n - 1, j = m - 1; i >= 0 && j >= 0;) {
    sum[i]! += j;
    count[i]! += 1;
    const step = move[i * m + j]!;
    if (i === 0 && j === 0) break;
    if (step === 0) [i, j] = [i - 1, j - 1];
    else if (step === 1) i--;
    else j--;
  }
  const warp: [number, number][] = [[0, 0]];
  let last = 0;
  for (let i = 0; i < n; i++) {
    // Frame i covers [i, i+1) of the stretch; its centre maps to the centre of its mean target frame.
    const j = Math.max(last, count[i]! > 0 ? sum[i]! / count[i]! : last);
    last = j;
    warp.push([(i + 0.5) * src.hopMs, (j + 0.5) * tgt.hopMs]);
  }
  warp.push([n * src.hopMs, m * tgt.hopMs]);
  return warp;
}

/** Replaces the linear warp of every speech piece by a DTW one (scaled to the piece's exact lengths). */
export function refineWithDtw(
  pieces: Piece[],
  reference: { readonly samples: Float32Array; readonly sampleRate: number },
  target: { readonly samples: Float32Array; readonly sampleRate: number },
  options: Partial<DtwOptions> = {},
): void {
  const o = { ...DEFAULT_DTW_OPTIONS, ...options };
  const src = cepstra(reference.samples, reference.sampleRate, o);
  const tgt = cepstra(target.samples, target.sampleRate, o);
  for (const piece of pieces) {
    if (piece.kind !== 'speech') continue;
    const warp = dtwWarp(src, framesIn(src, piece.source), tgt, framesIn(tgt, piece.target), o);
    const [uEnd, vEnd] = piece.warp.at(-1)!;
    const last = warp?.at(-1);
    if (!warp || !last || last[0] <= 0 || last[1] <= 0) continue;
    piece.warp = warp.map(([u, v]) => [Math.min(uEnd, (u * uEnd) / last[0]), Math.min(vEnd, (v * vEnd) / last[1])]);
  }
}
