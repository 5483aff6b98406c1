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
  | 'AUDIO_DECODE_FAILED'
  | 'AUDIO_WRONG_TYPE'
  | 'AUDIO_SILENT';

/** The HTTP status a server should answer with for each code (all client errors). */
export const AUDIO_ERROR_STATUS: Record<AudioErrorCode, number> = {
  AUDIO_TRUNCATED: 422,
  AUDIO_MALFORMED: 422,
  AUDIO_UNSUPPORTED_FORMAT: 415,
  AUDIO_TOO_LONG: 422,
  AUDIO_TOO_SHORT: 422,
  AUDIO_BAD_SAMPLE_RATE: 422,
  AUDIO_BAD_CHANNELS: 422,
  AUDIO_TOO_LARGE: 413,
  AUDIO_DECODE_FAILED: 422,
  AUDIO_WRONG_TYPE: 415,
  AUDIO_SILENT: 422,
};

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
