// Caps on what an uploaded or decoded audio file may claim, checked against the header before decoding (U2).
import { AudioError } from './errors';

export interface AudioLimits {
  readonly minSampleRate: number;
  readonly maxSampleRate: number;
  readonly maxChannels: number;
  /** Longest audio, in seconds, that will be decoded. */
  readonly maxDurationSec: number;
}

export const DEFAULT_AUDIO_LIMITS: AudioLimits = {
  minSampleRate: 8000,
  maxSampleRate: 48000,
  maxChannels: 2,
  maxDurationSec: 600,
};

export function resolveLimits(limits?: Partial<AudioLimits>): AudioLimits {
  return { ...DEFAULT_AUDIO_LIMITS, ...limits };
}

/** Throws the matching AudioError when the format claims more than the limits allow. */
export function checkFormat(sampleRate: number, channels: number, durationSec: number, limits: AudioLimits): void {
  if (!Number.isInteger(sampleRate) || sampleRate < limits.minSampleRate || sampleRate > limits.maxSampleRate) {
    throw new AudioError(
      'AUDIO_BAD_SAMPLE_RATE',
      `Sample rate ${sampleRate} Hz is outside ${limits.minSampleRate}-${limits.maxSampleRate} Hz.`,
    );
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > limits.maxChannels) {
    throw new AudioError('AUDIO_BAD_CHANNELS', `${channels} channels; at most ${limits.maxChannels} are accepted.`);
  }
  if (durationSec > limits.maxDurationSec) {
    throw new AudioError(
      'AUDIO_TOO_LONG',
      `Audio is ${durationSec.toFixed(1)} s long; the limit is ${limits.maxDurationSec} s.`,
    );
  }
}
