// Audio that arrives in pieces (XTTS chunks from the worker): ready to play at its first piece, drained in order.

export class ChunkStream<C> {
  private buffered: C[] = [];
  private consumer: ((chunk: C) => void) | null = null;
  private closed = false;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };
  /** Settles when the producer is done (or failed); `drain` hands it on. */
  private readonly ended = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor() {
    this.ended.catch(() => undefined); // observed through drain(); never an unhandled rejection by itself
  }

  push(chunk: C): void {
    if (this.closed) return;
    if (this.consumer) this.consumer(chunk);
    else this.buffered.push(chunk);
  }

  end(error?: unknown): void {
    if (error === undefined) this.settle.resolve();
    else this.settle.reject(error);
  }

  /** Delivers what is buffered, then every later chunk as it comes; resolves when the producer ends. */
  drain(consumer: (chunk: C) => void): Promise<void> {
    this.consumer = consumer;
    const waiting = this.buffered;
    this.buffered = [];
    for (const chunk of waiting) if (!this.closed) consumer(chunk);
    return this.ended;
  }

  /** Stops delivery at once (the user interrupted); the producer is cancelled separately. */
  close(): void {
    this.closed = true;
    this.buffered = [];
    this.settle.resolve();
  }
}

/**
 * Runs a streaming producer and resolves with its stream as soon as the first chunk exists (or it ended with none),
 * so the sentence can start playing while the rest is still being made. Fails early only if nothing came.
 */
export function streamFrom<C>(produce: (onChunk: (chunk: C) => void) => Promise<unknown>): Promise<ChunkStream<C>> {
  const stream = new ChunkStream<C>();
  return new Promise((resolve, reject) => {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      resolve(stream);
    };
    produce((chunk) => {
      stream.push(chunk);
      start();
    }).then(
      () => {
        stream.end();
        start();
      },
      (error: unknown) => {
        stream.end(error);
        if (!started) reject(error);
      },
    );
  });
}
