// Phoneme-timed visemes for voices that give no phonemes (XTTS): espeak-ng's timings warped onto the audio.
import { CodedError } from '../errors/index';
import {
  detectSpeechActivity,
  frameLevelsDb,
  type ActivityOptions,
  type Interval,
  type SpeechActivity,
} from './aligned-visemes-activity';
import { refineWithDtw } from './aligned-visemes-dtw';
import {
  buildPieces,
  DEFAULT_MATCH_COSTS,
  mapTime,
  matchPauses,
  type MatchCosts,
  type Timeline,
} from './aligned-visemes-warp';
import { DEFAULT_MOUTH_OPTIONS, mouthFrames, type MouthFrame, type MouthOptions } from './mouth';
import { phonemeVisemes } from './phoneme-map';
import { visemeTrack, type PhonemeEvent } from './visemes';

export type AlignmentMethod = 'dtw' | 'pauses' | 'linear';

export interface AlignOptions {
  /**
   * espeak-ng's own audio for `phonemes` (it comes with them for free). With it the reference's pauses are
   * found the same way as the target's, and `dtw` can refine the map inside each stretch of speech.
   */
  readonly reference?: { readonly samples: Float32Array; readonly sampleRate: number };
  /**
   * `pauses`: reference pauses matched to the audio's gaps, linear in between. `dtw` (needs `reference`):
   * the same, then a time warp over spectral features inside each stretch. `linear`: one stretch over the
   * speech (the naive baseline). Default: `dtw` with a reference, else `pauses`.
   */
  readonly method?: AlignmentMethod;
  readonly activity?: Partial<ActivityOptions>;
  readonly costs?: Partial<MatchCosts>;
}

export interface PhonemeAlignment {
  /** The input events with their times moved onto the target audio (same order, same phonemes). */
  readonly phonemes: PhonemeEvent[];
  readonly durationMs: number;
  /** What was done: `none` when the target has no speech (times are then scaled to its length). */
  readonly method: AlignmentMethod | 'none';
  readonly sourcePauses: number;
  readonly targetGaps: number;
  readonly matchedPauses: number;
}

function checkAudio(samples: Float32Array, sampleRate: number, what: string): void {
  if (!(samples instanceof Float32Array))
    throw new CodedError('SPEECH_ALIGN_BAD_INPUT', `The ${what} samples must be a Float32Array.`);
  if (!Number.isFinite(sampleRate) || sampleRate < 1000 || sampleRate > 384_000)
    throw new CodedError('SPEECH_ALIGN_BAD_INPUT', `The ${what} sample rate ${sampleRate} is not a usable rate.`);
}

function isPause(e: PhonemeEvent): boolean {
  const visemes = phonemeVisemes(e.phoneme);
  return visemes.length === 1 && visemes[0] === 'sil';
}

/** Pauses shorter than this in the reference's events are word-boundary markers, not silences. */
const MIN_EVENT_PAUSE_MS = 20;

/** The reference's speech span and pauses from its events: runs of pause events between sounds. */
export function timelineFromEvents(phonemes: readonly PhonemeEvent[], durationMs: number): Timeline | undefined {
  const events = [...phonemes].filter((e) => Number.isFinite(e.startMs)).sort((a, b) => a.startMs - b.startMs);
  const first = events.findIndex((e) => !isPause(e));
  if (first < 0) return undefined;
  let lastSound = events.length - 1;
  while (isPause(events[lastSound]!)) lastSound--;
  const end = events[lastSound + 1]?.startMs ?? durationMs;
  const pauses: Interval[] = [];
  for (let i = first + 1; i <= lastSound; i++) {
    if (!isPause(events[i]!)) continue;
    let j = i;
    while (j <= lastSound && isPause(events[j]!)) j++;
    const pause = { startMs: events[i]!.startMs, endMs: events[j]!.startMs };
    if (pause.endMs - pause.startMs >= MIN_EVENT_PAUSE_MS) pauses.push(pause);
    i = j;
  }
  return { speech: { startMs: events[first]!.startMs, endMs: Math.max(end, events[first]!.startMs) }, pauses };
}

function timelineFromActivity(activity: SpeechActivity): Timeline | undefined {
  return activity.speech ? { speech: activity.speech, pauses: activity.gaps } : undefined;
}

/**
 * Moves `phonemes` (espeak-ng's events for the same text, `phonemeDurationMs` long) onto `samples`, the
 * cloned voice saying that text: pauses to the audio's silent gaps, the speech between them stretched
 * piecewise-linearly (or warped with DTW), leading and trailing silence followed.
 */
export function alignPhonemesToAudio(
  phonemes: readonly PhonemeEvent[],
  phonemeDurationMs: number,
  samples: Float32Array,
  sampleRate: number,
  options: AlignOptions = {},
): PhonemeAlignment {
  checkAudio(samples, sampleRate, 'target');
  if (options.reference) checkAudio(options.reference.samples, options.reference.sampleRate, 'reference');
  const durationMs = (samples.length / sampleRate) * 1000;
  const method = options.method ?? (options.reference ? 'dtw' : 'pauses');
  if (method === 'dtw' && !options.reference)
    throw new CodedError('SPEECH_ALIGN_BAD_INPUT', 'DTW alignment needs the reference audio (options.reference).');
  const target = detectSpeechActivity(samples, sampleRate, options.activity);
  const referenceActivity = options.reference
    ? detectSpeechActivity(options.reference.samples, options.reference.sampleRate, options.activity)
    : undefined;
  const source = referenceActivity
    ? timelineFromActivity(referenceActivity)
    : timelineFromEvents(phonemes, phonemeDurationMs);
  const targetTimeline = timelineFromActivity(target);
  const sourceEndMs = Math.max(phonemeDurationMs, ...phonemes.map((p) => p.endMs ?? p.startMs));
  if (!source || !targetTimeline) {
    const scale = sourceEndMs > 0 ? durationMs / sourceEndMs : 0;
    return {
      phonemes: phonemes.map((p) => moved(p, (t) => t * scale)),
      durationMs,
      method: 'none',
      sourcePauses: source?.pauses.length ?? 0,
      targetGaps: target.gaps.length,
      matchedPauses: 0,
    };
  }
  const linear = method === 'linear';
  const src: Timeline = linear ? { speech: source.speech, pauses: [] } : source;
  const tgt: Timeline = linear ? { speech: targetTimeline.speech, pauses: [] } : targetTimeline;
  const pairs = linear ? [] : matchPauses(src, tgt, { ...DEFAULT_MATCH_COSTS, ...options.costs });
  const pieces = buildPieces(src, tgt, pairs, sourceEndMs, durationMs);
  if (method === 'dtw' && options.reference) refineWithDtw(pieces, options.reference, { samples, sampleRate });
  return {
    phonemes: phonemes.map((p) => moved(p, (t) => mapTime(pieces, t))),
    durationMs,
    method,
    sourcePauses: source.pauses.length,
    targetGaps: targetTimeline.pauses.length,
    matchedPauses: pairs.length,
  };
}

function moved(p: PhonemeEvent, map: (t: number) => number): PhonemeEvent {
  const startMs = map(p.startMs);
  return p.endMs === undefined ? { ...p, startMs } : { ...p, startMs, endMs: Math.max(startMs, map(p.endMs)) };
}

export interface AlignedMouthOptions extends MouthOptions {
  /** Below `loud - closedBelowDb` the mouth is shut whatever the phoneme says; above `loud - fullBelowDb` it is fully the viseme. */
  readonly closedBelowDb: number;
  readonly fullBelowDb: number;
  /** Time constants of the loudness gain (it opens faster than it closes, like the lips). */
  readonly gainAttackMs: number;
  readonly gainReleaseMs: number;
}

export const DEFAULT_ALIGNED_MOUTH_OPTIONS: AlignedMouthOptions = {
  ...DEFAULT_MOUTH_OPTIONS,
  closedBelowDb: 42,
  fullBelowDb: 20,
  gainAttackMs: 15,
  gainReleaseMs: 40,
};

/**
 * Mouth frames over the whole audio: shapes from the aligned phonemes' visemes, opening scaled by the audio's
 * own loudness, so a silence closes the mouth even where a phoneme would hold it open.
 */
export function alignedMouthFrames(
  phonemes: readonly PhonemeEvent[],
  samples: Float32Array,
  sampleRate: number,
  options: Partial<AlignedMouthOptions> = {},
): MouthFrame[] {
  checkAudio(samples, sampleRate, 'target');
  const o = { ...DEFAULT_ALIGNED_MOUTH_OPTIONS, ...options };
  const durationMs = (samples.length / sampleRate) * 1000;
  const frames = mouthFrames(visemeTrack(phonemes, durationMs), durationMs, o);
  const levels = frameLevelsDb(samples, sampleRate, 1000 / o.fps);
  const loud = percentile(levels, 0.95);
  const dt = 1000 / o.fps;
  let gain = 0;
  return frames.map((frame, f) => {
    const db = levels[Math.min(levels.length - 1, f)] ?? -100;
    const target = clamp01((db - (loud - o.closedBelowDb)) / (o.closedBelowDb - o.fullBelowDb));
    const tau = target > gain ? o.gainAttackMs : o.gainReleaseMs;
    gain += (target - gain) * (1 - Math.exp(-dt / tau));
    return { timeMs: frame.timeMs, open: frame.open * gain, form: frame.form };
  });
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function percentile(values: Float32Array, q: number): number {
  if (values.length === 0) return -100;
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
