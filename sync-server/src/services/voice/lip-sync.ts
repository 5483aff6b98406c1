// Lip sync for cloned voices: espeak-ng speaks the sentence (never played) and its phoneme timings are warped onto
// the XTTS audio; whatever cannot be aligned keeps the loudness-envelope mouth, and says why.
import { CodedError } from '@companion/core/errors';
import {
  envelopeMouthFrames,
  TtsError,
  espeakVoiceForXtts,
  type MouthFrame,
  type SynthesisResult,
  type TtsEngine,
  type VisemeCue,
} from '@companion/core/speech';
import type { Aligner } from './align-thread.ts';

/** Where a mouth track comes from: the engine's own phonemes (espeak-ng), aligned espeak timings, or loudness. */
export type MouthSource = 'phonemes' | 'aligned' | 'envelope';

/** Why a cloned voice's speech kept the envelope mouth. */
export interface LipSyncFallback {
  /**
   * LIP_SYNC_UNSUPPORTED: espeak-ng cannot read the text in the voice's language (Japanese with kanji);
   * LIP_SYNC_NO_SPEECH: no audio, or no phonemes (nothing speakable) to align; LIP_SYNC_FAILED: espeak-ng or the alignment failed.
   */
  code: 'LIP_SYNC_UNSUPPORTED' | 'LIP_SYNC_NO_SPEECH' | 'LIP_SYNC_FAILED';
  message: string;
}

/** A whole sentence's lip sync: times from the start of its first piece. */
export interface SentenceLipSync {
  durationMs: number;
  mouthSource: 'aligned' | 'envelope';
  /** Empty with the envelope. */
  visemes: VisemeCue[];
  mouth: MouthFrame[];
  fallback?: LipSyncFallback;
}

export interface LipSyncDeps {
  /** espeak-ng itself, not behind the pool: the caller already holds a slot (a second one could wait forever). */
  espeak: () => Promise<TtsEngine>;
  aligner: () => Promise<Aligner>;
}

export interface PendingLipSync {
  /** Aligns the reference onto the cloned audio of the same text; never rejects (failures become the envelope). */
  finish(samples: Float32Array, sampleRate: number, fps: number): Promise<SentenceLipSync>;
}

const fallback = (code: LipSyncFallback['code'], message: string): LipSyncFallback => ({ code, message });
/** Coded errors (espeak-ng's, the alignment's) say what went wrong in words fit for a client; anything else does not. */
const reason = (e: unknown): string => (e instanceof CodedError || e instanceof TtsError ? e.message : 'unexpected error');

/**
 * Starts espeak-ng's reference for `text` now, on an espeak-ng thread, so it is ready by the time XTTS has spoken the
 * sentence. Call it inside the sentence's pool slot: each slot then asks espeak-ng for at most one thing at a time,
 * and there is one espeak-ng thread per slot, so a reference never waits behind another request's speech.
 */
export function startLipSync(deps: LipSyncDeps, text: string, language: string): PendingLipSync {
  const voice = espeakVoiceForXtts(language, text);
  const reference: Promise<SynthesisResult | LipSyncFallback> =
    voice === undefined
      ? Promise.resolve(fallback('LIP_SYNC_UNSUPPORTED', `espeak-ng cannot read this "${language}" text (it reads Japanese kana only), so the mouth follows the loudness.`))
      : deps
          .espeak()
          // Rate 1 and the sentence as written: the timings are warped anyway, and only espeak's own rhythm is wanted.
          .then((engine) => engine.synthesize(text, { voice }))
          .catch((e: unknown) => fallback('LIP_SYNC_FAILED', `espeak-ng could not speak the reference: ${reason(e)}`));
  return {
    async finish(samples, sampleRate, fps) {
      const durationMs = (samples.length / sampleRate) * 1000;
      const envelope = (why: LipSyncFallback): SentenceLipSync => ({
        durationMs,
        mouthSource: 'envelope',
        visemes: [],
        mouth: samples.length > 0 ? envelopeMouthFrames(samples, sampleRate, { fps }) : [],
        fallback: why,
      });
      const ref = await reference;
      if ('code' in ref) return envelope(ref);
      if (samples.length === 0 || ref.phonemes.length === 0) return envelope(fallback('LIP_SYNC_NO_SPEECH', 'There is nothing to align: no audio or no phonemes.'));
      try {
        const aligner = await deps.aligner();
        const aligned = await aligner.align({
          phonemes: [...ref.phonemes],
          referenceDurationMs: ref.durationMs,
          reference: { samples: ref.samples, sampleRate: ref.sampleRate },
          samples,
          sampleRate,
          fps,
        });
        // method 'none' (no speech-like level changes: steady hiss or silence) still gives espeak's timings scaled over
        // the audio, and the mouth is gated by the audio's level, so it is kept: no worse than the envelope there.
        return { durationMs, mouthSource: 'aligned', visemes: aligned.visemes, mouth: aligned.mouth };
      } catch (e) {
        return envelope(fallback('LIP_SYNC_FAILED', `The alignment failed: ${reason(e)}`));
      }
    },
  };
}
