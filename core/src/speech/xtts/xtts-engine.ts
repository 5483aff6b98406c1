// XTTS behind the shared TtsEngine contract: cloned voices by id, streamed chunks through onChunk.
import { cloneVoiceId, clonedVoiceIdOf } from '../voice-ids';
import { TtsError, type SynthesisOptions, type SynthesisResult, type TtsEngine, type TtsVoice } from '../engine';
import type { SpeakOptions, XttsModel } from './model';
import type { XttsVoice } from './voice';

export interface XttsEngineOptions {
  /** Looks up a cloned voice by the id after `clone:` (the app's store: IndexedDB or the server database). */
  readonly getVoice: (id: string) => Promise<XttsVoice | undefined>;
  readonly listVoices?: () => Promise<readonly { id: string; name: string }[]>;
  readonly language?: string;
  /** Extra generation options (sampling, seed, streamEvery) applied to every call. */
  readonly speak?: Omit<SpeakOptions, 'signal' | 'language'>;
}

export const XTTS_ENGINE_ID = 'xtts';

/**
 * XTTS has no rate or pitch control of its own; a rate or pitch other than 1 is ignored rather than faked by
 * resampling, which would change the cloned timbre. It gives no phoneme timings, so visemes come from the
 * amplitude envelope (core/speech/mouth.ts).
 */
export function createXttsEngine(model: XttsModel, o: XttsEngineOptions): TtsEngine {
  return {
    id: XTTS_ENGINE_ID,
    async listVoices(): Promise<readonly TtsVoice[]> {
      const voices = (await o.listVoices?.()) ?? [];
      return voices.map((v) => ({
        id: cloneVoiceId(v.id),
        name: v.name,
        languages: [o.language ?? 'en'],
        engine: XTTS_ENGINE_ID,
      }));
    },
    async synthesize(text: string, s: SynthesisOptions = {}): Promise<SynthesisResult> {
      const id = clonedVoiceIdOf(s.voice) ?? undefined;
      const voice = id === undefined ? undefined : await o.getVoice(id);
      if (!voice) throw new TtsError('TTS_UNKNOWN_VOICE', `Unknown XTTS voice ${s.voice ?? '(none)'}.`);
      const parts: Float32Array[] = [];
      const rate = model.config.sampleRate;
      for await (const c of model.speak(text, voice, { ...o.speak, language: o.language ?? 'en', signal: s.signal })) {
        parts.push(c.samples);
        s.onChunk?.({ samples: c.samples, sampleRate: rate, startMs: (c.startSample / rate) * 1000, phonemes: [] });
      }
      const samples = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      parts.reduce((at, p) => (samples.set(p, at), at + p.length), 0);
      return { samples, sampleRate: rate, phonemes: [], words: [], durationMs: (samples.length / rate) * 1000 };
    },
    dispose() {
      // Sessions belong to whoever created the model; they release them.
    },
  };
}
