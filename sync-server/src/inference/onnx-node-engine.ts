// LlmEngine on the server: local ONNX models through transformers.js on onnxruntime-node, streamed and cancellable.
import { CodedError } from '@companion/core/errors';
import {
  GenerationClock,
  generateOptionsSchema,
  type ChatMessage,
  type GenerateOptionsInput,
  type GenerationResult,
  type LlmEngine,
  type LoadProgress,
  type ModelRef,
} from '@companion/core/llm';
import type { ModelLease, ModelRegistry, ModelSource } from './model-registry.ts';
import { ReplyFilter } from '@companion/core/llm';
import { holdSampler, type CausalLM } from './transformers-runtime.ts';

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
    const inputs = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, return_dict: true }) as {
      input_ids: { dims: number[] };
    };
    const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
    const clock = new GenerationClock();
    const filter = new ReplyFilter(options.stop);
    const interrupt = new tf.InterruptableStoppingCriteria();
    const emit = (text: string) => {
      if (text && onDelta) onDelta(text);
    };
    const onAbort = () => interrupt.interrupt();
    if (signal?.aborted) interrupt.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.active.add(interrupt);
    const streamer = new tf.TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      token_callback_function: (tokens: unknown) => {
        const n = Array.isArray(tokens) || ArrayBuffer.isView(tokens) ? (tokens as ArrayLike<unknown>).length : 1;
        for (let i = 0; i < Math.max(1, n); i += 1) clock.token();
      },
      callback_function: (text: string) => {
        emit(filter.push(text));
        if (filter.stopped) interrupt.interrupt();
      },
    });
    const sampling = options.temperature > 0;
    // Only sampled runs touch the shared random generator (a seed makes them repeatable); greedy runs skip the lock.
    const releaseSampler = sampling && !interrupt.interrupted ? await holdSampler(tf, options.seed) : () => undefined;
    try {
      if (!interrupt.interrupted) {
        await model.generate({
          ...inputs,
          max_new_tokens: options.maxTokens,
          ...(this.options.ignoreEos ? { min_new_tokens: options.maxTokens } : {}),
          do_sample: sampling,
          temperature: sampling ? options.temperature : 1,
          top_p: options.topP,
          streamer,
          stopping_criteria: interrupt,
        } as Parameters<CausalLM['generate']>[0]);
      }
    } catch (error) {
      throw new CodedError('GENERATION_FAILED', 'The model failed while generating.', { recoverable: true, cause: error });
    } finally {
      releaseSampler();
      this.active.delete(interrupt);
      signal?.removeEventListener('abort', onAbort);
    }
    emit(filter.flush());
    const cancelled = interrupt.interrupted && !filter.stopped;
    const result: GenerationResult = {
      text: filter.text,
      finishReason: cancelled
        ? 'cancelled'
        : !filter.stopped && clock.completionTokens >= options.maxTokens
          ? 'length'
          : 'stop',
      usage: { promptTokens, completionTokens: clock.completionTokens },
      timings: clock.finish(),
    };
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
