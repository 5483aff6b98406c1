// Speaking while writing: token deltas → sentences → audio with visemes, each sentence as soon as it is complete.
import { SentenceSplitter, type SplitterOptions } from '../text/sentence-splitter';
import type { SynthesisOptions, TtsEngine } from './engine';
import { envelopeMouthFrames, mouthFrames, type MouthFrame } from './mouth';
import { visemeTrack, type PhonemeEvent, type VisemeCue } from './visemes';

export interface SpokenChunk {
  readonly index: number;
  readonly text: string;
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly durationMs: number;
  readonly phonemes: readonly PhonemeEvent[];
  /** Empty when the engine gives no phoneme timings; `mouth` then follows the loudness envelope. */
  readonly visemes: readonly VisemeCue[];
  readonly mouth: readonly MouthFrame[];
}

export interface SpeakStreamOptions {
  readonly splitter?: Partial<SplitterOptions>;
  readonly synthesis?: Omit<SynthesisOptions, 'onChunk'>;
  readonly fps?: number;
}

/** A minimal async queue: the reader of deltas and the synthesiser run independently. */
class Queue<T> {
  private items: T[] = [];
  private waiting: { resolve: (v: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private closed = false;
  private failure: unknown;

  push(item: T): void {
    if (this.waiting) this.waiting.resolve({ value: item, done: false });
    else this.items.push(item);
    this.waiting = undefined;
  }

  close(error?: unknown): void {
    this.closed = true;
    this.failure = error;
    if (error !== undefined) this.waiting?.reject(error);
    else this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = undefined;
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

async function readSentences(
  deltas: AsyncIterable<string>,
  splitter: SentenceSplitter,
  queue: Queue<string>,
): Promise<void> {
  try {
    for await (const delta of deltas) for (const s of splitter.push(delta)) queue.push(s);
    for (const s of splitter.flush()) queue.push(s);
    queue.close();
  } catch (e) {
    queue.close(e ?? new Error('Delta stream failed.'));
  }
}

/**
 * Yields one SpokenChunk per sentence while the deltas keep coming; the first sentence can be heard before
 * the model has finished writing. Cancel with `synthesis.signal`.
 */
export async function* speakStream(
  deltas: AsyncIterable<string>,
  engine: TtsEngine,
  options: SpeakStreamOptions = {},
): AsyncGenerator<SpokenChunk> {
  const queue = new Queue<string>();
  void readSentences(deltas, new SentenceSplitter(options.splitter), queue);
  const fps = options.fps ?? 60;
  for (let index = 0; ; index++) {
    const next = await queue.next();
    if (next.done) return;
    if (options.synthesis?.signal?.aborted) return;
    const result = await engine.synthesize(next.value, options.synthesis);
    const visemes = result.phonemes.length > 0 ? visemeTrack(result.phonemes, result.durationMs) : [];
    const mouth =
      visemes.length > 0
        ? mouthFrames(visemes, result.durationMs, { fps })
        : envelopeMouthFrames(result.samples, result.sampleRate, { fps });
    yield {
      index,
      text: next.value,
      samples: result.samples,
      sampleRate: result.sampleRate,
      durationMs: result.durationMs,
      phonemes: result.phonemes,
      visemes,
      mouth,
    };
  }
}
