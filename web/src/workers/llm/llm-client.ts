// Main-thread handle on the LLM worker: typed calls, coded errors, and a fresh worker after a crash (C4).
import * as Comlink from 'comlink';
import { CodedError } from '@companion/core/errors';
import type {
  ChatMessage,
  GenerateOptionsInput,
  GenerationResult,
  LlmEngineKind,
  LoadProgress,
  ModelRef,
} from '@companion/core/llm';
import { installCodedErrorTransfer } from '../comlink-errors';
import type { LlmWorkerApi } from './llm.worker';

/** What the client needs of a Worker; tests pass a MessagePort-backed fake. */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export const createLlmWorker = (): WorkerLike =>
  new Worker(new URL('./llm.worker.ts', import.meta.url), { type: 'module', name: 'llm' });

interface Live {
  worker: WorkerLike;
  api: Comlink.Remote<LlmWorkerApi>;
  crashed: Promise<never>;
}

export class LlmClient {
  private live: Live | null = null;
  private lastLoad: { kind: LlmEngineKind; model: ModelRef } | null = null;
  /** Counts restarts so the UI can say "the model crashed and was reloaded". */
  restarts = 0;
  private tokenSource: (() => Promise<string | null>) | null = null;

  constructor(private readonly spawn: () => WorkerLike = createLlmWorker) {
    installCodedErrorTransfer();
  }

  async load(kind: LlmEngineKind, model: ModelRef, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const live = this.ensureWorker();
    await this.guard(live, live.api.load(kind, model, onProgress ? Comlink.proxy(onProgress) : undefined));
    this.lastLoad = { kind, model };
  }

  /** Every delta has reached `onDelta` by the time this resolves (the worker waits for them); `text` is the final reply. */
  async generate(
    messages: ChatMessage[],
    options: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult> {
    let live = this.live;
    if (!live) {
      // The worker died since the last load: start a new one and load the same model again.
      if (!this.lastLoad)
        throw new CodedError('MODEL_NOT_LOADED', 'Load a model before chatting.', { recoverable: true });
      live = this.ensureWorker();
      await this.guard(live, live.api.load(this.lastLoad.kind, this.lastLoad.model));
    }
    return this.guard(live, live.api.generate(messages, options, onDelta ? Comlink.proxy(onDelta) : undefined));
  }

  /** Counts with the loaded model's tokenizer; null without a model or where the engine cannot count. */
  async countTokens(texts: readonly string[]): Promise<number[] | null> {
    const live = this.live;
    if (!live) return null;
    return this.guard(live, live.api.countTokens([...texts]));
  }

  async cancel(): Promise<void> {
    await this.live?.api.cancel();
  }

  /** Where the remote engine gets its bearer token; kept across worker restarts. */
  async setAccessTokenSource(source: (() => Promise<string | null>) | null): Promise<void> {
    this.tokenSource = source;
    const existing = this.live;
    // A new worker gets the source in ensureWorker(); a running one is told here.
    if (existing) await existing.api.setAccessTokenSource(source ? Comlink.proxy(source) : null);
    else this.ensureWorker();
  }

  dispose(): void {
    this.live?.worker.terminate();
    this.live = null;
  }

  private ensureWorker(): Live {
    if (this.live) return this.live;
    const worker = this.spawn();
    const api = Comlink.wrap<LlmWorkerApi>(worker);
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        if (this.live?.worker === worker) {
          this.live = null;
          this.restarts += 1;
        }
        worker.terminate();
        const message = (event as ErrorEvent).message || 'The model worker stopped unexpectedly.';
        reject(new CodedError('WORKER_CRASHED', message, { recoverable: true }));
      });
    });
    crashed.catch(() => undefined); // handled per call in guard()
    this.live = { worker, api, crashed };
    // A restarted worker must still reach the user's server as the user.
    if (this.tokenSource) void api.setAccessTokenSource(Comlink.proxy(this.tokenSource));
    return this.live;
  }

  /** A call to a dead worker never settles, so every call races the crash signal. */
  private guard<T>(live: Live, call: Promise<T>): Promise<T> {
    return Promise.race([call, live.crashed]);
  }
}
