// Typed, code-first errors for audio parsing and processing, safe to show to a client.
export type AudioErrorCode =
  | 'AUDIO_TRUNCATED'
  | 'AUDIO_MALFORMED'
  | 'AUDIO_UNSUPPORTED_FORMAT'
  | 'AUDIO_TOO_LONG'
  | 'AUDIO_TOO_SHORT'
  | 'AUDIO_BAD_SAMPLE_RATE'
  | 'AUDIO_BAD_CHANNELS'
  | 'AUDIO_TOO_LARGE'
  | 'AUDIO_DECODE_FAILED';

export class AudioError extends Error {
  override readonly name = 'AudioError';
  constructor(
    readonly code: AudioErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAudioError(e: unknown): e is AudioError {
  return e instanceof AudioError;
}
