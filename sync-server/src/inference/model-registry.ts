// Loads each local model once (keyed by folder and dtype) and shares it between engines and requests.
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

export class ModelRegistry {
  private readonly models = new Map<string, Promise<LoadedModel>>();
  /** How many times a model was actually loaded from disk; tests assert reuse with it. */
  loads = 0;

  get(source: ModelSource): Promise<LoadedModel> {
    const key = `${source.dir}\u0000${source.dtype}`;
    let entry = this.models.get(key);
    if (!entry) {
      entry = this.load(source);
      this.models.set(key, entry);
      // A failed load is not cached: the files may be fixed (or finish downloading) and the next request retries.
      entry.catch(() => this.models.delete(key));
    }
    return entry;
  }

  loaded(source: ModelSource): boolean {
    return this.models.has(`${source.dir}\u0000${source.dtype}`);
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
    const all = [...this.models.values()];
    this.models.clear();
    await Promise.allSettled(all.map(async (p) => (await p).model.dispose()));
  }
}
