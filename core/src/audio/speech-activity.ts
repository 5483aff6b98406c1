// Finds speech in audio with a VAD: segments, totals for upload checks, and silence trimming.
import type { PcmAudio } from './pcm';
import { toMono } from './pcm';
import type { VoiceActivityDetector } from './vad';

export interface SpeechSegment {
  readonly startSec: number;
  readonly endSec: number;
}

export interface SpeechAnalysis {
  readonly frameSec: number;
  readonly probabilities: Float32Array;
  readonly segments: readonly SpeechSegment[];
  /** Seconds inside speech segments. */
  readonly speechSec: number;
  readonly meanProbability: number;
}

export interface SegmentOptions {
  /** A frame at or above this starts speech; speech continues until it falls below `negThreshold`. */
  readonly threshold: number;
  readonly negThreshold: number;
  /** Shorter bursts are dropped (clicks, breaths). */
  readonly minSpeechSec: number;
  /** Shorter pauses do not split a segment. */
  readonly minSilenceSec: number;
}

export const DEFAULT_SEGMENT_OPTIONS: SegmentOptions = {
  threshold: 0.5,
  negThreshold: 0.35,
  minSpeechSec: 0.25,
  minSilenceSec: 0.1,
};

/** Hysteresis segmentation in the style of silero-vad's get_speech_timestamps. */
export function segmentSpeech(
  probs: Float32Array,
  frameSec: number,
  options: Partial<SegmentOptions> = {},
): SpeechSegment[] {
  const o = { ...DEFAULT_SEGMENT_OPTIONS, ...options };
  const raw: SpeechSegment[] = [];
  let start = -1;
  for (let f = 0; f <= probs.length; f++) {
    const p = f < probs.length ? probs[f]! : 0;
    if (start < 0 && p >= o.threshold) start = f;
    else if (start >= 0 && (p < o.negThreshold || f === probs.length)) {
      raw.push({ startSec: start * frameSec, endSec: f * frameSec });
      start = -1;
    }
  }
  const merged: SpeechSegment[] = [];
  for (const seg of raw) {
    const last = merged.at(-1);
    if (last && seg.startSec - last.endSec < o.minSilenceSec)
      merged[merged.length - 1] = { startSec: last.startSec, endSec: seg.endSec };
    else merged.push(seg);
  }
  return merged.filter((s) => s.endSec - s.startSec >= o.minSpeechSec);
}

export async function analyzeSpeech(
  vad: VoiceActivityDetector,
  audio: PcmAudio,
  options: Partial<SegmentOptions> = {},
): Promise<SpeechAnalysis> {
  const probabilities = await vad.speechProbabilities(toMono(audio), audio.sampleRate);
  const segments = segmentSpeech(probabilities, vad.frameSec, options);
  const sum = probabilities.reduce((s, p) => s + p, 0);
  return {
    frameSec: vad.frameSec,
    probabilities,
    segments,
    speechSec: segments.reduce((s, seg) => s + seg.endSec - seg.startSec, 0),
    meanProbability: probabilities.length > 0 ? sum / probabilities.length : 0,
  };
}

/**
 * Cuts leading and trailing non-speech, keeping `padSec` around the speech. Audio with no speech comes back
 * empty, with the analysis, so the caller can refuse a silent upload.
 */
export async function trimSilence(
  vad: VoiceActivityDetector,
  audio: PcmAudio,
  options: Partial<SegmentOptions> & { padSec?: number } = {},
): Promise<{ audio: PcmAudio; analysis: SpeechAnalysis }> {
  const analysis = await analyzeSpeech(vad, audio, options);
  const first = analysis.segments[0];
  const last = analysis.segments.at(-1);
  const length = audio.channels[0]?.length ?? 0;
  if (!first || !last)
    return {
      audio: { sampleRate: audio.sampleRate, channels: audio.channels.map(() => new Float32Array(0)) },
      analysis,
    };
  const pad = options.padSec ?? 0.15;
  const from = Math.max(0, Math.floor((first.startSec - pad) * audio.sampleRate));
  const to = Math.min(length, Math.ceil((last.endSec + pad) * audio.sampleRate));
  return { audio: { sampleRate: audio.sampleRate, channels: audio.channels.map((c) => c.slice(from, to)) }, analysis };
}
