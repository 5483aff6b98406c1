// Phoneme events with millisecond positions → a timed track of Oculus visemes.
import { phonemeVisemes, type Viseme } from './phoneme-map';

export interface PhonemeEvent {
  /** IPA ("ˈoʊ", "tʃ") or eSpeak mnemonic ("oU", "tS"); empty or "_" is a pause. */
  readonly phoneme: string;
  readonly startMs: number;
  /** Defaults to the next event's start, or the end of the audio for the last one. */
  readonly endMs?: number;
}

export interface VisemeCue {
  readonly viseme: Viseme;
  readonly startMs: number;
  readonly endMs: number;
  /** The phoneme this cue came from, for debugging and alignment checks. */
  readonly phoneme: string;
}

/** Share of a diphthong's time given to its first part: the onset is held longer than the glide. */
const DIPHTHONG_ONSET = 0.6;

function splitTimes(start: number, end: number, parts: number): number[] {
  if (parts === 1) return [start, end];
  const onset = start + (end - start) * DIPHTHONG_ONSET;
  const rest = (end - onset) / (parts - 1);
  return [start, ...Array.from({ length: parts - 1 }, (_, i) => onset + rest * i), end];
}

/**
 * Builds the track: one cue per phoneme (more for diphthongs), sorted and gap-free from the first event on,
 * with equal neighbours merged. Sounds that only colour the next one (h) take the next cue's viseme.
 */
export function visemeTrack(events: readonly PhonemeEvent[], totalMs?: number): VisemeCue[] {
  const sorted = [...events].filter((e) => Number.isFinite(e.startMs)).sort((a, b) => a.startMs - b.startMs);
  const end = totalMs ?? sorted.at(-1)?.endMs ?? (sorted.at(-1)?.startMs ?? 0) + 100;
  const raw: { viseme: Viseme | 'inherit'; startMs: number; endMs: number; phoneme: string }[] = [];
  if ((sorted[0]?.startMs ?? 0) > 0) raw.push({ viseme: 'sil', startMs: 0, endMs: sorted[0]!.startMs, phoneme: '' });
  sorted.forEach((e, i) => {
    const stop = Math.max(e.startMs, e.endMs ?? sorted[i + 1]?.startMs ?? end);
    const parts = phonemeVisemes(e.phoneme);
    const times = splitTimes(e.startMs, stop, parts.length);
    parts.forEach((v, k) => raw.push({ viseme: v, startMs: times[k]!, endMs: times[k + 1]!, phoneme: e.phoneme }));
  });
  for (let i = raw.length - 1; i >= 0; i--) {
    const cue = raw[i]!;
    if (cue.viseme === 'inherit') cue.viseme = raw[i + 1]?.viseme ?? 'sil';
  }
  return mergeEqual(raw.filter((c) => c.endMs > c.startMs) as VisemeCue[]);
}

function mergeEqual(cues: VisemeCue[]): VisemeCue[] {
  const out: VisemeCue[] = [];
  for (const cue of cues) {
    const last = out.at(-1);
    if (last && last.viseme === cue.viseme && Math.abs(last.endMs - cue.startMs) < 1e-6) {
      out[out.length - 1] = { ...last, endMs: cue.endMs, phoneme: last.phoneme + cue.phoneme };
    } else out.push({ ...cue });
  }
  return out;
}

/** The cue active at `timeMs`, or silence outside the track. */
export function visemeAt(track: readonly VisemeCue[], timeMs: number): Viseme {
  let lo = 0;
  let hi = track.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cue = track[mid]!;
    if (timeMs < cue.startMs) hi = mid - 1;
    else if (timeMs >= cue.endMs) lo = mid + 1;
    else return cue.viseme;
  }
  return 'sil';
}
