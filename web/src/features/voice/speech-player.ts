// Plays synthesised sentences back to back without gaps, and stops at once when the user interrupts.
import type { SpokenSentence } from '../../workers/tts/tts.worker';
import type { SpeechEvents } from './speech-events';

export interface AudioContextLike {
  readonly currentTime: number;
  readonly state: string;
  resume(): Promise<void>;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBuffer;
  createBufferSource(): AudioBufferSourceNode;
  readonly destination: AudioNode;
}

export class SpeechPlayer {
  private nextStart = 0;
  private sources: AudioBufferSourceNode[] = [];

  constructor(
    private readonly context: AudioContextLike,
    private readonly events?: SpeechEvents,
  ) {}

  /** Schedules a sentence right after the previous one; returns when (in context seconds) it starts. */
  enqueue(sentence: SpokenSentence): number {
    if (this.context.state === 'suspended') void this.context.resume();
    const buffer = this.context.createBuffer(1, sentence.samples.length, sentence.sampleRate);
    buffer.copyToChannel(sentence.samples as Float32Array<ArrayBuffer>, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    // A little lead time so the first sentence is not clipped while the context wakes up.
    const start = Math.max(this.nextStart, this.context.currentTime + 0.05);
    source.start(start);
    source.onended = () => {
      this.sources = this.sources.filter((s) => s !== source);
    };
    this.sources.push(source);
    this.nextStart = start + buffer.duration;
    this.events?.scheduled({
      startTime: start,
      context: this.context,
      mouth: sentence.mouth,
      durationMs: buffer.duration * 1000,
      mouthSource: sentence.mouthSource ?? 'loudness',
    });
    return start;
  }

  /** Silences everything queued, for interruptions and Stop. */
  stop(): void {
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // Already ended.
      }
    }
    this.sources = [];
    this.nextStart = 0;
    this.events?.stopped();
  }

  get speaking(): boolean {
    return this.sources.length > 0;
  }
}
