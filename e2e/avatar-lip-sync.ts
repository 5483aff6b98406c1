// Reads the avatar's frame probe out of the page and measures lip-sync: the audio times at which the mouth parameter
// crossed between closed and open, against the crossings of the mouth tracks the speech player scheduled.
import type { Page } from '@playwright/test';

export interface ProbeDump {
  samples: { audioTime: number | null; wanted: number; parameter: number | null; at: number }[];
  frameMs: number[];
  tracks: { startTime: number; durationMs: number; mouth: { timeMs: number; open: number }[] }[];
}

export async function readProbe(page: Page): Promise<ProbeDump> {
  return page.evaluate(() => {
    type Avatar = {
      probe: { drain(): Omit<ProbeDump, 'tracks'> };
      link: { drainHistory(): ProbeDump['tracks'] };
    };
    const el = document.querySelector('[data-testid=avatar-canvas]') as unknown as { companionAvatar?: Avatar } | null;
    if (!el?.companionAvatar) return { samples: [], frameMs: [], tracks: [] };
    const { samples, frameMs } = el.companionAvatar.probe.drain();
    // Frames are plain objects; copy what is needed (the page's arrays may be large).
    const tracks = el.companionAvatar.link.drainHistory().map((t) => ({ startTime: t.startTime, durationMs: t.durationMs, mouth: t.mouth.map((f) => ({ timeMs: f.timeMs, open: f.open })) }));
    return { samples, frameMs, tracks };
  });
}

/** Open/closed threshold on the mouth's openness (0..1). */
const THRESHOLD = 0.3;

function expectedOpen(tracks: ProbeDump['tracks'], t: number): number {
  const track = tracks.find((k) => t >= k.startTime && t < k.startTime + k.durationMs / 1000);
  if (!track) return 0;
  const ms = (t - track.startTime) * 1000;
  const f = track.mouth;
  let i = 0;
  while (i + 1 < f.length && f[i + 1]!.timeMs <= ms) i++;
  const a = f[i]!;
  const b = f[i + 1] ?? a;
  const k = b.timeMs > a.timeMs ? (ms - a.timeMs) / (b.timeMs - a.timeMs) : 0;
  return a.open + (b.open - a.open) * Math.max(0, Math.min(1, k));
}

interface Crossing {
  time: number;
  up: boolean;
}

function expectedCrossings(tracks: ProbeDump['tracks']): Crossing[] {
  const out: Crossing[] = [];
  for (const track of tracks) {
    let prev = 0;
    for (let ms = 0; ms <= track.durationMs; ms += 0.5) {
      const t = track.startTime + ms / 1000;
      const v = expectedOpen([track], t);
      if ((prev < THRESHOLD) !== (v < THRESHOLD)) out.push({ time: t, up: v >= THRESHOLD });
      prev = v;
    }
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

export interface LipSyncResult {
  transitions: number;
  /** Audio time of the crossing, interpolated between the two frames around it, minus the scheduled crossing. */
  p50ErrorMs: number;
  p95ErrorMs: number;
  maxErrorMs: number;
  /** Audio time of the first frame showing the new state minus the scheduled crossing (includes the frame interval). */
  p50FrameLagMs: number;
  p95FrameLagMs: number;
  /** Transitions first shown on the frame right after their scheduled crossing (none skipped or late by a frame). */
  withinOneFrame: number;
  /** The largest difference between the parameter the model had and the scheduled track at that frame's audio time. */
  maxValueError: number;
  frames: number;
  frameIntervalP50Ms: number;
  frameIntervalMaxMs: number;
  /** The avatar's own work per frame (update and draw), p50 and p95. */
  frameCostP50Ms: number;
  frameCostP95Ms: number;
  tracks: number;
  speechMs: number;
}

export function measureLipSync(dumps: ProbeDump[]): LipSyncResult {
  const tracks = dumps.flatMap((d) => d.tracks);
  const samples = dumps.flatMap((d) => d.samples).filter((s): s is typeof s & { audioTime: number; parameter: number } => s.audioTime !== null && s.parameter !== null);
  const expected = expectedCrossings(tracks);
  const errors: number[] = [];
  const lags: number[] = [];
  let withinOneFrame = 0;
  let maxValueError = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const inSpeech = tracks.some((k) => b.audioTime >= k.startTime && b.audioTime < k.startTime + k.durationMs / 1000);
    if (inSpeech) maxValueError = Math.max(maxValueError, Math.abs(b.parameter - expectedOpen(tracks, b.audioTime)));
    if ((a.parameter < THRESHOLD) === (b.parameter < THRESHOLD) || b.audioTime <= a.audioTime || !inSpeech) continue;
    const up = b.parameter >= THRESHOLD;
    const k = (THRESHOLD - a.parameter) / (b.parameter - a.parameter);
    const at = a.audioTime + k * (b.audioTime - a.audioTime);
    // The scheduled crossing this one belongs to: the nearest of the same direction.
    const match = expected.filter((e) => e.up === up).reduce<Crossing | null>((best, e) => (!best || Math.abs(e.time - at) < Math.abs(best.time - at) ? e : best), null);
    if (!match || Math.abs(match.time - at) > 0.25) continue;
    errors.push(Math.abs(at - match.time) * 1000);
    lags.push((b.audioTime - match.time) * 1000);
    // The crossing lies between this frame and the one before: the mouth changed on the first frame it could.
    if (match.time > a.audioTime - 0.0005 && match.time <= b.audioTime + 0.0005) withinOneFrame++;
  }
  const intervals = samples.slice(1).map((s, i) => s.at - samples[i]!.at);
  return {
    transitions: errors.length,
    p50ErrorMs: round(pct(errors, 50)),
    p95ErrorMs: round(pct(errors, 95)),
    maxErrorMs: round(Math.max(...errors)),
    p50FrameLagMs: round(pct(lags, 50)),
    p95FrameLagMs: round(pct(lags, 95)),
    withinOneFrame,
    maxValueError: round(maxValueError, 4),
    frames: samples.length,
    frameIntervalP50Ms: round(pct(intervals, 50)),
    frameIntervalMaxMs: round(Math.max(...intervals)),
    frameCostP50Ms: round(pct(dumps.flatMap((d) => d.frameMs), 50)),
    frameCostP95Ms: round(pct(dumps.flatMap((d) => d.frameMs), 95)),
    tracks: tracks.length,
    speechMs: round(tracks.reduce((sum, t) => sum + t.durationMs, 0)),
  };
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
