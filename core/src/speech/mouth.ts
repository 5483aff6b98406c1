// Viseme track or raw audio → per-frame mouth parameters (open 0..1, form -1 rounded .. +1 wide) for an avatar.
import type { Viseme } from './phoneme-map';
import { visemeAt, type VisemeCue } from './visemes';

export interface MouthShape {
  readonly open: number;
  readonly form: number;
}

export interface MouthFrame extends MouthShape {
  readonly timeMs: number;
}

export const VISEME_SHAPES: Record<Viseme, MouthShape> = {
  sil: { open: 0, form: 0 },
  PP: { open: 0, form: 0 },
  FF: { open: 0.1, form: 0.2 },
  TH: { open: 0.15, form: 0.1 },
  DD: { open: 0.25, form: 0.1 },
  kk: { open: 0.3, form: 0 },
  CH: { open: 0.25, form: -0.4 },
  SS: { open: 0.15, form: 0.4 },
  nn: { open: 0.2, form: 0.1 },
  RR: { open: 0.25, form: -0.3 },
  aa: { open: 0.9, form: 0.1 },
  E: { open: 0.6, form: 0.5 },
  ih: { open: 0.35, form: 0.6 },
  oh: { open: 0.7, form: -0.6 },
  ou: { open: 0.35, form: -0.9 },
};

export interface MouthOptions {
  readonly fps: number;
  /** Lips start moving towards a sound this long before it is heard (coarticulation). */
  readonly anticipationMs: number;
  /** Time constants of the one-pole smoothing, opening and closing. */
  readonly attackMs: number;
  readonly releaseMs: number;
}

export const DEFAULT_MOUTH_OPTIONS: MouthOptions = { fps: 60, anticipationMs: 20, attackMs: 25, releaseMs: 45 };

/** Lip closures (p, b, m) must be seen closed even when short, so they move faster than other shapes. */
const FAST_VISEMES: ReadonlySet<Viseme> = new Set(['PP', 'FF']);

function approach(current: number, target: number, dtMs: number, tauMs: number): number {
  return current + (target - current) * (1 - Math.exp(-dtMs / tauMs));
}

/** Samples the track at `fps` from 0 to `durationMs` (default: the end of the track), smoothed. */
export function mouthFrames(
  track: readonly VisemeCue[],
  durationMs?: number,
  options: Partial<MouthOptions> = {},
): MouthFrame[] {
  const o = { ...DEFAULT_MOUTH_OPTIONS, ...options };
  const end = durationMs ?? track.at(-1)?.endMs ?? 0;
  const dt = 1000 / o.fps;
  const frames: MouthFrame[] = [];
  let open = 0;
  let form = 0;
  for (let f = 0; f * dt <= end + 1e-9; f++) {
    const t = f * dt;
    const viseme = visemeAt(track, t + o.anticipationMs);
    const target = VISEME_SHAPES[viseme];
    const fast = FAST_VISEMES.has(viseme);
    const tauOpen = fast ? 8 : target.open > open ? o.attackMs : o.releaseMs;
    open = approach(open, target.open, dt, tauOpen);
    form = approach(form, target.form, dt, fast ? 8 : o.attackMs);
    frames.push({ timeMs: t, open, form });
  }
  return frames;
}

export interface EnvelopeOptions {
  readonly fps: number;
  /** Levels (dBFS, RMS) mapped to fully closed and fully open. */
  readonly floorDb: number;
  readonly ceilingDb: number;
  readonly attackMs: number;
  readonly releaseMs: number;
}

export const DEFAULT_ENVELOPE_OPTIONS: EnvelopeOptions = {
  fps: 60,
  floorDb: -50,
  ceilingDb: -12,
  attackMs: 20,
  releaseMs: 60,
};

/** Fallback lip-sync for audio without phoneme timings: the mouth follows the loudness envelope. */
export function envelopeMouthFrames(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<EnvelopeOptions> = {},
): MouthFrame[] {
  const o = { ...DEFAULT_ENVELOPE_OPTIONS, ...options };
  const hop = sampleRate / o.fps;
  const dt = 1000 / o.fps;
  const frames: MouthFrame[] = [];
  let open = 0;
  for (let f = 0; f * hop < samples.length; f++) {
    // A window of two hops centred on the frame time keeps short peaks from flickering the mouth.
    const from = Math.max(0, Math.round(f * hop - hop));
    const to = Math.min(samples.length, Math.round(f * hop + hop));
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
    const db = 10 * Math.log10(sum / Math.max(1, to - from) + 1e-12);
    const target = Math.max(0, Math.min(1, (db - o.floorDb) / (o.ceilingDb - o.floorDb)));
    open = approach(open, target, dt, target > open ? o.attackMs : o.releaseMs);
    frames.push({ timeMs: f * dt, open, form: 0 });
  }
  return frames;
}
