// One gate for uploaded voice audio: type from the bytes (U1), size and header caps before decoding (U2), speech present.
import { AudioError } from './errors';
import { resolveLimits, type AudioLimits } from './limits';
import { decodeMp3 } from './mp3';
import type { PcmAudio } from './pcm';
import { durationSeconds } from './pcm';
import { sniffType, type SniffedType } from './sniff';
import { analyzeSpeech, type SpeechAnalysis } from './speech-activity';
import type { VoiceActivityDetector } from './vad';
import { decodeWav } from './wav-read';

export interface AudioUploadPolicy {
  readonly allowed: readonly ('wav' | 'mp3')[];
  readonly maxBytes: number;
  readonly minDurationSec: number;
  readonly maxDurationSec: number;
  /** Least speech (by the VAD) the sample must hold; checked only when a detector is given. */
  readonly minSpeechSec: number;
  readonly limits?: Partial<Omit<AudioLimits, 'maxDurationSec'>>;
}

/** `POST /api/tts/clone`: WAV, 3-30 s, at most 10 MB. */
export const CLONE_SAMPLE_POLICY: AudioUploadPolicy = {
  allowed: ['wav'],
  maxBytes: 10 * 1024 * 1024,
  minDurationSec: 3,
  maxDurationSec: 30,
  minSpeechSec: 2,
};
/** `POST /api/voice/upload`: WAV or MP3, 10-300 s, at most 10 MB. */
export const VOICE_SAMPLE_POLICY: AudioUploadPolicy = {
  allowed: ['wav', 'mp3'],
  maxBytes: 10 * 1024 * 1024,
  minDurationSec: 10,
  maxDurationSec: 300,
  minSpeechSec: 5,
};

export interface InspectedUpload {
  readonly type: SniffedType;
  readonly audio: PcmAudio;
  readonly durationSec: number;
  readonly speech?: SpeechAnalysis;
}

/** Throws AudioError (see AUDIO_ERROR_STATUS for the HTTP status) or returns the decoded audio. */
export async function inspectAudioUpload(
  bytes: Uint8Array,
  policy: AudioUploadPolicy,
  vad?: VoiceActivityDetector,
): Promise<InspectedUpload> {
  if (bytes.length > policy.maxBytes)
    throw new AudioError('AUDIO_TOO_LARGE', `The file is larger than ${policy.maxBytes} bytes.`);
  const type = sniffType(bytes);
  if (!(policy.allowed as readonly string[]).includes(type)) {
    throw new AudioError(
      'AUDIO_WRONG_TYPE',
      `Expected ${policy.allowed.join(' or ')} audio; the file's bytes say ${type}.`,
    );
  }
  const limits = { ...resolveLimits(policy.limits), maxDurationSec: policy.maxDurationSec };
  const audio = type === 'wav' ? decodeWav(bytes, limits) : await decodeMp3(bytes, limits);
  const durationSec = durationSeconds(audio);
  if (durationSec > policy.maxDurationSec)
    throw new AudioError(
      'AUDIO_TOO_LONG',
      `Audio is ${durationSec.toFixed(1)} s; the most is ${policy.maxDurationSec} s.`,
    );
  if (durationSec < policy.minDurationSec)
    throw new AudioError(
      'AUDIO_TOO_SHORT',
      `Audio is ${durationSec.toFixed(1)} s; at least ${policy.minDurationSec} s is needed.`,
    );
  if (!vad) return { type, audio, durationSec };
  const speech = await analyzeSpeech(vad, audio);
  if (speech.speechSec < policy.minSpeechSec) {
    throw new AudioError(
      'AUDIO_SILENT',
      `Only ${speech.speechSec.toFixed(1)} s of speech was found; at least ${policy.minSpeechSec} s is needed.`,
    );
  }
  return { type, audio, durationSec, speech };
}
