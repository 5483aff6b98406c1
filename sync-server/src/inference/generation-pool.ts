// R3: a fixed number of concurrent generations and a bounded queue; past that, 503 SERVER_BUSY with Retry-After.
import { CodedError } from '@companion/core/errors';
import { AppError } from '../errors.ts';

export interface PoolOptions {
  /** Generations that run at once (CPU-bound: 1 on a small machine). */
  concurrency: number;
  /** Requests allowed to wait for a slot; the next one is refused at once rather than piling up. */
  maxQueue: number;
  /** Seconds a refused client is told to wait. */
  retryAfterSeconds?: number;
}

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

export function serverBusy(retryAfterSeconds: number): AppError {
  return new AppError(
    'SERVER_BUSY',
    503,
    'The server is busy generating other replies; try again shortly.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export class GenerationPool {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly retryAfter: number;

  constructor(private readonly options: PoolOptions) {
    if (!(options.concurrency >= 1) || !(options.maxQueue >= 0)) throw new Error('pool needs concurrency >= 1 and maxQueue >= 0');
    this.retryAfter = options.retryAfterSeconds ?? 2;
  }

  get stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.length };
  }

  /**
   * Resolves with a release function once a slot is free; throws SERVER_BUSY at once when the queue is full, and
   * leaves the queue (rejecting with the abort reason) if `signal` fires while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.running < this.options.concurrency) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(serverBusy(this.retryAfter));
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at !== -1) this.queue.splice(at, 1);
        reject(cancelled());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return; // releasing twice must not free a slot someone else holds
      done = true;
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
      if (next) next.grant(this.releaser());
      else this.running -= 1;
    };
  }
}

// The client is gone, so no status is ever sent for this; it only unwinds the handler.
function cancelled(): CodedError {
  return new CodedError('CANCELLED', 'The request was cancelled.', { recoverable: true });
}
