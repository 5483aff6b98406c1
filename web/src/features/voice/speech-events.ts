// A small observer API on speech playback, so the avatar can follow what is actually heard (lip-sync) and
// return to rest the moment it stops.
import type { MouthFrame } from '@companion/core/speech';

export type MouthSource = 'phonemes' | 'loudness';

export interface ScheduledSpeech {
  /** Context seconds at which this sentence (or chunk) starts to be heard. */
  readonly startTime: number;
  /** The clock `startTime` belongs to: sample `context.currentTime` to know where playback is. */
  readonly context: { readonly currentTime: number };
  readonly mouth: readonly MouthFrame[];
  readonly durationMs: number;
  readonly mouthSource: MouthSource;
}

export interface SpeechObserver {
  onScheduled?(speech: ScheduledSpeech): void;
  /** Playback was cut off (Stop, a new reply, leaving the chat). */
  onStop?(): void;
}

export class SpeechEvents {
  private readonly observers = new Set<SpeechObserver>();

  subscribe(observer: SpeechObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  scheduled(speech: ScheduledSpeech): void {
    for (const o of this.observers) o.onScheduled?.(speech);
  }

  stopped(): void {
    for (const o of this.observers) o.onStop?.();
  }
}
