// The TTS Web Worker: synthesises speech (espeak-ng for now) and its mouth track off the UI thread.
import '../../lib/zod-csp';
import * as Comlink from 'comlink';
import { CodedError } from '@companion/core/errors';
import { envelopeMouthFrames, mouthFrames, visemeTrack, type MouthFrame, type TtsEngine, type TtsVoice } from '@companion/core/speech';
import { installCodedErrorTransfer } from '../comlink-errors';

installCodedErrorTransfer();

export const ESPEAK_DATA_URL = '/speech/espeak-ng.data';

export interface SpokenSentence {
  samples: Float32Array;
  sampleRate: number;
  durationMs: number;
  mouth: MouthFrame[];
}

let engine: Promise<TtsEngine> | null = null;

async function loadEspeak(): Promise<TtsEngine> {
  // 24 MB of voice data, fetched once from our origin; the service worker keeps it for offline use.
  const response = await fetch(ESPEAK_DATA_URL);
  if (!response.ok) throw new CodedError('TTS_ASSET_MISSING', `Could not fetch the espeak-ng voice data (${response.status}).`, { recoverable: true });
  const data = await response.arrayBuffer();
  // The GPL-3.0 engine is its own chunk, loaded only when this voice is used.
  const { createEspeakEngine } = await import('@companion/core/speech/espeak');
  return createEspeakEngine({ data });
}

const api = {
  async init(): Promise<void> {
    engine ??= loadEspeak().catch((error: unknown) => {
      engine = null;
      throw error;
    });
    await engine;
  },
  async listVoices(): Promise<readonly TtsVoice[]> {
    await api.init();
    return (await (engine as Promise<TtsEngine>)).listVoices();
  },
  async speak(text: string, options: { voice?: string; rate?: number; pitch?: number; fps?: number } = {}): Promise<SpokenSentence> {
    await api.init();
    const tts = await (engine as Promise<TtsEngine>);
    const result = await tts.synthesize(text, { voice: options.voice, rate: options.rate, pitch: options.pitch });
    const fps = options.fps ?? 60;
    const visemes = result.phonemes.length > 0 ? visemeTrack(result.phonemes, result.durationMs) : [];
    const mouth = visemes.length > 0 ? mouthFrames(visemes, result.durationMs, { fps }) : envelopeMouthFrames(result.samples, result.sampleRate, { fps });
    const spoken: SpokenSentence = { samples: result.samples, sampleRate: result.sampleRate, durationMs: result.durationMs, mouth: [...mouth] };
    // Transfer, don't copy, the audio buffer.
    return Comlink.transfer(spoken, [result.samples.buffer as ArrayBuffer]);
  },
};

export type TtsWorkerApi = typeof api;
Comlink.expose(api);
