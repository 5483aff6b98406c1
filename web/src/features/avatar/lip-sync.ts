// Lip-sync against the audio clock: each sentence's mouth track is placed at the AudioContext time its audio starts,
// and the mouth is sampled from `audioContext.currentTime` every frame, so it cannot drift from what is heard.
import type { MouthFrame } from '@companion/core/speech';

export interface MouthValue {
  readonly open: number;
  readonly form: number;
}

export const REST: MouthValue = { open: 0, form: 0 };

/** Where a track's mouth came from: phoneme timings (espeak-ng, aligned visemes) or the audio's loudness. */
export type MouthSource = 'phonemes' | 'loudness';

export interface ScheduledTrack {
  /** Context seconds at which the sentence's first sample is heard. */
  readonly startTime: number;
  /** Mouth frames from the start of the sentence (already smoothed: coarticulation happens when they are made). */
  readonly frames: readonly MouthFrame[];
  readonly durationMs: number;
  readonly source: MouthSource;
}

/** Between two tracks (a pause while the next sentence is synthesised) the mouth eases closed rather than snapping. */
const RELEASE_MS = 45;

export class LipSyncScheduler {
  private tracks: ScheduledTrack[] = [];
  private last: MouthValue = REST;
  private lastTime = Number.NEGATIVE_INFINITY;

  schedule(track: ScheduledTrack): void {
    if (track.frames.length === 0 && track.durationMs <= 0) return;
    this.tracks.push(track);
    this.tracks.sort((a, b) => a.startTime - b.startTime);
  }

  /** Stop: everything scheduled is dropped and the very next sample is the rest shape. */
  stop(): void {
    this.tracks = [];
    this.last = REST;
    this.lastTime = Number.NEGATIVE_INFINITY;
  }

  /** The source of the track playing (or next) at `time`, for the UI's "lip-sync: …" note. */
  sourceAt(time: number): MouthSource | null {
    return this.trackAt(time)?.source ?? this.tracks.find((t) => t.startTime > time)?.source ?? null;
  }

  get pending(): number {
    return this.tracks.length;
  }

  /** The mouth at audio time `time` (context seconds). Tracks that have ended are forgotten. */
  sample(time: number): MouthValue {
    // Finished tracks go, so a long reply does not make sampling slower.
    while (this.tracks.length > 0 && end(this.tracks[0]!) < time - RELEASE_MS / 1000) this.tracks.shift();
    const track = this.trackAt(time);
    let value: MouthValue;
    if (track) value = frameAt(track, (time - track.startTime) * 1000);
    else {
      // Outside speech: ease from the last value towards rest with the release time constant.
      const dtMs = Math.max(0, (time - this.lastTime) * 1000);
      const k = Number.isFinite(dtMs) ? Math.exp(-dtMs / RELEASE_MS) : 0;
      value = { open: this.last.open * k, form: this.last.form * k };
      if (value.open < 1e-3) value = REST;
    }
    this.last = value;
    this.lastTime = time;
    return value;
  }

  private trackAt(time: number): ScheduledTrack | undefined {
    return this.tracks.find((t) => time >= t.startTime && time < end(t));
  }
}

function end(track: ScheduledTrack): number {
  return track.startTime + track.durationMs / 1000;
}

/** Linear interpolation between the track's frames, so a 60 fps track sampled at 144 Hz stays smooth. */
export function frameAt(track: Pick<ScheduledTrack, 'frames'>, ms: number): MouthValue {
  const frames = track.frames;
  if (frames.length === 0) return REST;
  let lo = 0;
  let hi = frames.length - 1;
  if (ms <= frames[0]!.timeMs) return pick(frames[0]!);
  if (ms >= frames[hi]!.timeMs) return pick(frames[hi]!);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (frames[mid]!.timeMs <= ms) lo = mid;
    else hi = mid;
  }
  const a = frames[lo]!;
  const b = frames[hi]!;
  const t = (ms - a.timeMs) / Math.max(1e-9, b.timeMs - a.timeMs);
  return { open: a.open + (b.open - a.open) * t, form: a.form + (b.form - a.form) * t };
}

function pick(f: MouthFrame): MouthValue {
  return { open: f.open, form: f.form };
}
