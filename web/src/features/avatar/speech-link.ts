// Connects speech playback events to the lip-sync scheduler and samples it on the clock of the audio being played.
import type { ScheduledSpeech, SpeechEvents } from '../voice/speech-events';
import { LipSyncScheduler, REST, type MouthSource, type MouthValue } from './lip-sync';

export class AvatarSpeechLink {
  private readonly scheduler = new LipSyncScheduler();
  private context: { readonly currentTime: number } | null = null;
  private source: MouthSource | null = null;
  /** The tracks scheduled lately, for measuring lip-sync in tests (bounded: a long chat must not grow it). */
  private history: { startTime: number; durationMs: number; mouth: readonly { timeMs: number; open: number }[] }[] = [];

  constructor(private readonly onSource: (source: MouthSource | null) => void = () => undefined) {}

  connect(events: SpeechEvents | undefined): () => void {
    if (!events) return () => undefined;
    return events.subscribe({ onScheduled: (s) => this.schedule(s), onStop: () => this.stop() });
  }

  schedule(speech: ScheduledSpeech): void {
    this.context = speech.context;
    this.history.push({ startTime: speech.startTime, durationMs: speech.durationMs, mouth: speech.mouth });
    if (this.history.length > 64) this.history.shift();
    this.scheduler.schedule({ startTime: speech.startTime, frames: speech.mouth, durationMs: speech.durationMs, source: speech.mouthSource });
    if (speech.mouthSource !== this.source) this.onSource((this.source = speech.mouthSource));
  }

  drainHistory() {
    const out = this.history;
    this.history = [];
    return out;
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Called once per rendered frame; the clock is the AudioContext's, never the wall clock. */
  sample(): { value: MouthValue; audioTime: number | null } {
    if (!this.context) return { value: REST, audioTime: null };
    const audioTime = this.context.currentTime;
    return { value: this.scheduler.sample(audioTime), audioTime };
  }
}
