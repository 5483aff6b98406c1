// One lip-sync alignment: espeak-ng's phoneme timings warped onto a cloned voice's audio (core/speech aligned-visemes).
import {
  alignedMouthFrames,
  alignPhonemesToAudio,
  visemeTrack,
  type AlignmentMethod,
  type MouthFrame,
  type PhonemeEvent,
  type VisemeCue,
} from '@companion/core/speech';

export interface AlignJob {
  /** espeak-ng's phoneme events for the text and the length of its audio. */
  phonemes: PhonemeEvent[];
  referenceDurationMs: number;
  /** espeak-ng's own audio for those events: its pauses are found like the target's, and DTW compares the two. */
  reference: { samples: Float32Array; sampleRate: number };
  /** The cloned voice saying the same text. */
  samples: Float32Array;
  sampleRate: number;
  fps: number;
}

export interface AlignedSpeech {
  visemes: VisemeCue[];
  mouth: MouthFrame[];
  /** `none`: the audio has no speech to align to (the times were only scaled). */
  method: AlignmentMethod | 'none';
}

/** Synchronous and CPU-bound (DTW: about 30 ms per second of audio), so the server runs it in align-worker.ts. */
export function alignSpeech(job: AlignJob): AlignedSpeech {
  const aligned = alignPhonemesToAudio(job.phonemes, job.referenceDurationMs, job.samples, job.sampleRate, { reference: job.reference });
  return {
    method: aligned.method,
    visemes: visemeTrack(aligned.phonemes, aligned.durationMs),
    mouth: alignedMouthFrames(aligned.phonemes, job.samples, job.sampleRate, { fps: job.fps }),
  };
}
