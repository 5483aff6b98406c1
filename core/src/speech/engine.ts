// The TTS engine contract shared by espeak-ng, XTTS and remote engines, in the browser worker and the server.
import type { PhonemeEvent } from './visemes';

export interface TtsVoice {
  /** Stable id to pass back as `voice` (for espeak-ng, its identifier such as "gmw/en-US"). */
  readonly id: string;
  readonly name: string;
  /** BCP 47-ish language tags, most specific first. */
  readonly languages: readonly string[];
  readonly engine: string;
}

export interface SpeechChunk {
  /** Mono samples in [-1, 1]. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Where this chunk starts in the utterance. */
  readonly startMs: number;
  /** Phonemes that start inside this chunk, with times relative to the utterance start. */
  readonly phonemes: readonly PhonemeEvent[];
}

export interface SynthesisOptions {
  readonly voice?: string;
  /** Speed multiplier: 1 is the voice's normal rate. */
  readonly rate?: number;
  /** Pitch multiplier: 1 is the voice's normal pitch. */
  readonly pitch?: number;
  readonly signal?: AbortSignal;
  /** Called with each piece of audio as soon as it exists, for streaming playback. */
  readonly onChunk?: (chunk: SpeechChunk) => void;
}

export interface SynthesisResult {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly phonemes: readonly PhonemeEvent[];
  readonly words: readonly { readonly textOffset: number; readonly length: number; readonly startMs: number }[];
  readonly durationMs: number;
}

export interface TtsEngine {
  readonly id: string;
  listVoices(): Promise<readonly TtsVoice[]>;
  synthesize(text: string, options?: SynthesisOptions): Promise<SynthesisResult>;
  dispose(): void;
}

export type TtsErrorCode = 'TTS_UNKNOWN_VOICE' | 'TTS_ABORTED' | 'TTS_ENGINE_FAILED' | 'TTS_TEXT_TOO_LONG';

export class TtsError extends Error {
  override readonly name = 'TtsError';
  constructor(
    readonly code: TtsErrorCode,
    message: string,
    readonly recoverable = true,
  ) {
    super(message);
  }
}
