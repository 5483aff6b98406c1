// Speaking while writing: streamed reply text → sentences → speech, each sentence as soon as it is complete.
import { SentenceSplitter } from '@companion/core/text';

export interface SpokenLogEntry {
  index: number;
  text: string;
  /** Milliseconds from the start of the reply until this sentence's audio was ready to play. */
  readyAfterMs: number;
}

/** `T` is a sentence made ready to play: synthesised audio, or just the text for the browser's own voices. */
export interface SpokenRepliesDeps<T> {
  speak(text: string): Promise<T>;
  /** May return a promise (streamed audio still arriving): the next sentence plays only after it settles. */
  play(sentence: T): unknown;
  stopPlayback(): void;
  onSpoken?(entry: SpokenLogEntry): void;
  onError?(error: unknown): void;
  now?: () => number;
}

export class SpokenReplies<T> {
  private splitter = new SentenceSplitter();
  private chain: Promise<void> = Promise.resolve();
  private index = 0;
  private startedAt = 0;
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly deps: SpokenRepliesDeps<T>) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** A new reply begins: anything still speaking from the last one is cut off. */
  start(): void {
    this.stop();
    this.startedAt = this.now();
  }

  push(delta: string): void {
    for (const sentence of this.splitter.push(delta)) this.say(sentence);
  }

  finish(): Promise<void> {
    for (const sentence of this.splitter.flush()) this.say(sentence);
    return this.chain;
  }

  stop(): void {
    this.generation += 1;
    this.splitter = new SentenceSplitter();
    this.chain = Promise.resolve();
    this.index = 0;
    this.deps.stopPlayback();
  }

  private say(text: string): void {
    const generation = this.generation;
    const index = this.index++;
    // Synthesis of the next sentence starts at once; playback keeps the order of the chain.
    const audio = this.deps.speak(text);
    this.chain = this.chain.then(async () => {
      try {
        const sentence = await audio;
        if (generation !== this.generation) return; // interrupted meanwhile
        const playing = this.deps.play(sentence);
        this.deps.onSpoken?.({ index, text, readyAfterMs: this.now() - this.startedAt });
        await playing;
      } catch (error) {
        if (generation === this.generation) this.deps.onError?.(error);
      }
    });
  }
}
