// LlmEngine on the server: local ONNX models through transformers.js on onnxruntime-node, streamed and cancellable.
import { CodedError } from '@companion/core/errors';
import {
  generateOptionsSchema,
  transformersGenerate,
  type TransformersRuntime,
  type ChatMessage,
  type GenerateOptionsInput,
  type GenerationResult,
  type LlmEngine,
  type LoadProgress,
  type ModelRef,
} from '@companion/core/llm';
import type { ModelLease, ModelRegistry, ModelSource } from './model-registry.ts';

export interface OnnxNodeEngineOptions {
  registry: ModelRegistry;
  /** Maps a model reference to its folder; the caller knows the catalog and MODELS_DIR. */
  resolve: (ref: ModelRef) => ModelSource;
  /** Called once per finished generation, cancelled ones included (metrics; tests count tokens with it). */
  onFinished?: (result: GenerationResult) => void;
  /**
   * Test hook: keep generating past the end-of-turn token up to maxTokens, so a test can cancel a long generation
   * deterministically instead of racing the tiny model's ten-token reply.
   */
  ignoreEos?: boolean;
}

export class OnnxNodeEngine implements LlmEngine {
  readonly kind = 'onnx-node' as const;
  private lease: ModelLease | null = null;
  private readonly active = new Set<{ interrupt(): void }>();

  constructor(private readonly options: OnnxNodeEngineOptions) {}

  async load(ref: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    onProgress?.({ phase: 'compile', fraction: null, text: `Loading ${ref.id}` });
    // The registry shares one loaded copy between every engine and request that asks for the same files; the lease
    // keeps it from being freed while this engine holds it.
    const lease = await this.options.registry.acquire(this.options.resolve(ref));
    this.lease?.release();
    this.lease = lease;
    onProgress?.({ phase: 'ready', fraction: 1, text: 'Model ready' });
  }

  /** `signal` (beyond the LlmEngine contract) cancels like cancel(), for one request: a client that went away. */
  async generate(
    messages: ChatMessage[],
    optionsInput: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const loaded = this.lease?.loaded;
    if (!loaded) throw new CodedError('MODEL_NOT_LOADED', 'Load a model before chatting.', { recoverable: true });
    const { tf, tokenizer, model } = loaded;
    const options = generateOptionsSchema.parse(optionsInput);
    // The one loop the browser worker runs too (core/src/llm/transformers-generate.ts): same counts, seed, filter.
    const result = await transformersGenerate({
      tf: tf as unknown as TransformersRuntime,
      tokenizer,
      model,
      messages,
      options,
      onDelta,
      signal,
      onInterrupt: (interrupt, running) => (running ? this.active.add(interrupt) : this.active.delete(interrupt)),
      extra: this.options.ignoreEos ? { min_new_tokens: options.maxTokens } : undefined,
    });
    this.options.onFinished?.(result);
    return result;
  }

  cancel(): void {
    for (const i of this.active) i.interrupt();
  }

  async unload(): Promise<void> {
    // The registry owns the model (other engines may share it); this engine only lets go of its lease.
    this.cancel();
    this.lease?.release();
    this.lease = null;
  }
}
