// Loads each local model once (keyed by folder and dtype), shares it between requests, and keeps at most a few.
import { CodedError } from '@companion/core/errors';
import { loadTransformers, type CausalLM, type Tokenizer, type Transformers } from './transformers-runtime.ts';

export interface LoadedModel {
  tf: Transformers;
  tokenizer: Tokenizer;
  model: CausalLM;
}

export interface ModelSource {
  /** Absolute folder in Hugging Face layout (config.json, tokenizer.json, onnx/model*.onnx). */
  dir: string;
  /** transformers.js dtype (fp32, fp16, q8, q4, q4f16 ...). */
  dtype: string;
}

/** A model in use; release() when the generation using it is over. */
export interface ModelLease {
  loaded: LoadedModel;
  release(): void;
}

interface Entry {
  promise: Promise<LoadedModel>;
  refs: number;
  lastUsed: number;
}

export class ModelRegistry {
  private readonly entries = new Map<string, Entry>();
  private tick = 0;
  /** How many times a model was actually loaded from disk; tests assert reuse with it. */
  loads = 0;

  /** `maxLoaded`: models kept in memory; the least recently used idle one is freed past it (one in use never is). */
  constructor(private readonly maxLoaded = 2) {}

  async acquire(source: ModelSource): Promise<ModelLease> {
    const key = `${source.dir}\u0000${source.dtype}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const promise = this.load(source);
      const created: Entry = { promise, refs: 0, lastUsed: 0 };
      entry = created;
      this.entries.set(key, created);
      // A failed load is not kept: the files may be fixed (or finish downloading) and the next request retries.
      promise.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
    }
    entry.refs += 1;
    entry.lastUsed = ++this.tick;
    this.evict();
    const held = entry;
    let loaded: LoadedModel;
    try {
      loaded = await held.promise;
    } catch (error) {
      held.refs -= 1;
      throw error;
    }
    let released = false;
    return {
      loaded,
      release: () => {
        if (released) return;
        released = true;
        held.refs -= 1;
        held.lastUsed = ++this.tick;
        this.evict();
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    while (this.entries.size > this.maxLoaded) {
      let victim: [string, Entry] | undefined;
      for (const e of this.entries) if (e[1].refs === 0 && (!victim || e[1].lastUsed < victim[1].lastUsed)) victim = e;
      if (!victim) return; // everything is in use: stay over the limit until something is released
      this.entries.delete(victim[0]);
      void victim[1].promise.then((m) => m.model.dispose()).catch(() => undefined);
    }
  }

  private async load(source: ModelSource): Promise<LoadedModel> {
    this.loads += 1;
    const tf = await loadTransformers();
    try {
      const tokenizer = await tf.AutoTokenizer.from_pretrained(source.dir, { local_files_only: true });
      const model = await tf.AutoModelForCausalLM.from_pretrained(source.dir, {
        local_files_only: true,
        device: 'cpu',
        dtype: source.dtype as 'fp32',
      });
      return { tf, tokenizer, model };
    } catch (error) {
      // The path stays in the server log only; clients see the model id from the caller's message.
      throw new CodedError('MODEL_LOAD_FAILED', 'The model could not be loaded on the server.', { recoverable: true, cause: error });
    }
  }

  async disposeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map(async (e) => (await e.promise).model.dispose()));
  }
}
