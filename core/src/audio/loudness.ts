// Integrated loudness per ITU-R BS.1770-4 / EBU R128 (K-weighting, 400 ms gated blocks) and normalisation to a LUFS target.
import type { PcmAudio } from './pcm';
import { peak } from './pcm';

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

// K-weighting as two RBJ biquads recomputed for any sample rate (the spec lists 48 kHz coefficients only);
// these parameters reproduce the 48 kHz coefficients to within 0.01 dB (as in pyloudnorm).
function highShelf(rate: number): Biquad {
  const a = 10 ** (4 / 40);
  const w0 = (2 * Math.PI * 1500) / rate;
  const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w0);
  const sq = 2 * Math.sqrt(a) * alpha;
  const a0 = a + 1 - (a - 1) * cos + sq;
  return {
    b0: (a * (a + 1 + (a - 1) * cos + sq)) / a0,
    b1: (-2 * a * (a - 1 + (a + 1) * cos)) / a0,
    b2: (a * (a + 1 + (a - 1) * cos - sq)) / a0,
    a1: (2 * (a - 1 - (a + 1) * cos)) / a0,
    a2: (a + 1 - (a - 1) * cos - sq) / a0,
  };
}

function highPass(rate: number): Biquad {
  const w0 = (2 * Math.PI * 38) / rate;
  const alpha = Math.sin(w0) / (2 * 0.5);
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  return {
    b0: (1 + cos) / 2 / a0,
    b1: -(1 + cos) / a0,
    b2: (1 + cos) / 2 / a0,
    a1: (-2 * cos) / a0,
    a2: (1 - alpha) / a0,
  };
}

function filter(x: Float32Array | Float64Array, f: Biquad): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i]!;
    const y0 = f.b0 * x0 + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
    y[i] = y0;
    x2 = x1;
    x1 = x0;
    y2 = y1;
    y1 = y0;
  }
  return y;
}

function kWeightedSquares(channel: Float32Array, rate: number): Float64Array {
  const stage1 = filter(channel, highShelf(rate));
  const stage2 = filter(stage1, highPass(rate));
  for (let i = 0; i < stage2.length; i++) stage2[i] = stage2[i]! * stage2[i]!;
  return stage2;
}

const ABSOLUTE_GATE = -70;
const toLufs = (meanSquare: number): number => -0.691 + 10 * Math.log10(meanSquare);

/** Integrated loudness in LUFS; -Infinity for silence or audio shorter than one 400 ms block. */
export function integratedLoudness(audio: PcmAudio): number {
  const rate = audio.sampleRate;
  const block = Math.round(0.4 * rate);
  const hop = Math.round(0.1 * rate); // 75 % overlap
  const squares = audio.channels.map((c) => kWeightedSquares(c, rate));
  const length = squares[0]?.length ?? 0;
  const blocks: number[] = [];
  for (let start = 0; start + block <= length; start += hop) {
    let z = 0;
    for (const sq of squares) {
      let sum = 0;
      for (let i = start; i < start + block; i++) sum += sq[i]!;
      z += sum / block; // channel weights are 1 for mono and stereo
    }
    blocks.push(z);
  }
  const absolute = blocks.filter((z) => toLufs(z) > ABSOLUTE_GATE);
  if (absolute.length === 0) return -Infinity;
  const relativeGate = toLufs(absolute.reduce((s, z) => s + z, 0) / absolute.length) - 10;
  const gated = absolute.filter((z) => toLufs(z) > relativeGate);
  return toLufs(gated.reduce((s, z) => s + z, 0) / gated.length);
}

export interface NormalizeOptions {
  /** Target integrated loudness; -16 LUFS suits speech on phones and laptops (EBU R128 broadcast is -23). */
  readonly targetLufs: number;
  /** Gain is limited so the sample peak stays at or below this (dBFS). Sample peak, not true peak. */
  readonly peakCeilingDb: number;
  /** Never amplify more than this, so near-silence is not blown up into hiss. */
  readonly maxGainDb: number;
}

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = { targetLufs: -16, peakCeilingDb: -1, maxGainDb: 30 };

/** Scales audio towards the target loudness; returns the audio and the gain applied in dB. */
export function normalizeLoudness(
  audio: PcmAudio,
  options: Partial<NormalizeOptions> = {},
): { audio: PcmAudio; gainDb: number; loudness: number } {
  const o = { ...DEFAULT_NORMALIZE_OPTIONS, ...options };
  const loudness = integratedLoudness(audio);
  if (!Number.isFinite(loudness)) return { audio, gainDb: 0, loudness };
  const maxPeak = Math.max(...audio.channels.map(peak));
  const peakRoomDb = maxPeak > 0 ? o.peakCeilingDb - 20 * Math.log10(maxPeak) : Infinity;
  const gainDb = Math.min(o.targetLufs - loudness, peakRoomDb, o.maxGainDb);
  const g = 10 ** (gainDb / 20);
  return {
    audio: { sampleRate: audio.sampleRate, channels: audio.channels.map((c) => c.map((s) => s * g)) },
    gainDb,
    loudness,
  };
}
