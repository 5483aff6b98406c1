// A cloned voice as stored on this device: XTTS voice bytes, the model that made them, and the sample they came from.
import type { XttsHost, XttsQuant } from '../workers/tts/xtts-source';

/** The model a voice was cloned with: a voice only fits the model (dimensions, weights) it came from. */
export interface VoiceModelRef {
  host: XttsHost;
  repo: string;
  revision: string;
  quant: XttsQuant;
  gptFile: string;
  folder?: string;
}

export interface StoredVoice {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** XTTS language code the voice speaks by default (`en`, `de`, `zh-cn`, ...). */
  language: string;
  model: VoiceModelRef;
  /** core/speech/xtts voice bytes (conditioning latents and speaker embedding). */
  voice: Uint8Array;
  /** The reference sample as mono PCM, kept so the voice can be cloned again when the model changes. */
  sample: { sampleRate: number; samples: Float32Array };
}
