// The one transformers.js generation loop, for the browser worker (onnxruntime-web) and the server (onnxruntime-node):
// chat template, streamed text through the reply filter, token counting, seeded sampling and cancellation, so both
// sides give the same text, counts and finish reason for the same model, prompt and options.
import { CodedError } from '../errors';
import { GenerationClock } from './generation-clock';
import { ReplyFilter } from './output-filters';
import { SamplerLock } from './sampler-lock';
import type { ChatMessage, GenerateOptions, GenerationResult } from './types';

/** What the loop needs of transformers.js, structurally, so core does not depend on the library itself. */
export interface TransformersRuntime {
  TextStreamer: new (tokenizer: never, options: never) => unknown;
  InterruptableStoppingCriteria: new () => Interrupt;
  random: { seed(seed?: number): void };
}
export interface Interrupt {
  interrupt(): void;
  readonly interrupted: boolean;
}
export interface TransformersTokenizer {
  apply_chat_template(messages: never, options: never): unknown;
}
export interface TransformersCausalLM {
  generate(args: never): Promise<unknown>;
}

export interface TransformersGenerateInput {
  tf: TransformersRuntime;
  tokenizer: TransformersTokenizer;
  model: TransformersCausalLM;
  messages: ChatMessage[];
  options: GenerateOptions;
  onDelta?: ((delta: string) => void) | undefined;
  /** Cancels like the interrupt: a client that went away, a Stop button. */
  signal?: AbortSignal | undefined;
  /** Told when the run starts (true) and ends (false), with its interrupt: an engine's cancel() calls it meanwhile. */
  onInterrupt?: ((interrupt: Interrupt, running: boolean) => void) | undefined;
  /** Extra `generate` arguments (tests: `min_new_tokens` to run past the end of turn). */
  extra?: Record<string, unknown> | undefined;
  /** Holds the library's one random generator for a sampled run; defaults to a lock per runtime object. */
  sampler?: SamplerHold | undefined;
}

export type SamplerHold = (tf: TransformersRuntime, seed: number | undefined) => Promise<() => void>;

/**
 * Holds transformers.js's global sampler for one sampled generation: seeded, it is seeded here and held alone,
 * then reseeded from entropy so later unseeded runs are not predictable from a user's seed. One lock per runtime
 * (module) object, because the generator is that module's.
 */
const locks = new WeakMap<object, SamplerLock>();
export const holdSampler: SamplerHold = async (tf, seed) => {
  let lock = locks.get(tf);
  if (!lock) locks.set(tf, (lock = new SamplerLock()));
  const release = await lock.acquire(seed !== undefined);
  if (seed === undefined) return release;
  tf.random.seed(seed);
  return () => {
    tf.random.seed();
    release();
  };
};

/** Tokens a streamer's token callback got: a list (or typed array) of ids, or one. */
function tokenCount(tokens: unknown): number {
  const n = Array.isArray(tokens) || ArrayBuffer.isView(tokens) ? (tokens as ArrayLike<unknown>).length : 1;
  return Math.max(1, n);
}

/** The arguments transformers.js's generate() gets for these options (greedy when temperature is 0). */
export function samplingArgs(options: GenerateOptions): Record<string, unknown> {
  const sampling = options.temperature > 0;
  return {
    max_new_tokens: options.maxTokens,
    do_sample: sampling,
    temperature: sampling ? options.temperature : 1,
    top_p: options.topP,
    top_k: options.topK,
    repetition_penalty: options.repetitionPenalty,
  };
}

export async function transformersGenerate(i: TransformersGenerateInput): Promise<GenerationResult> {
  const { tf, options } = i;
  const applyTemplate = i.tokenizer.apply_chat_template.bind(i.tokenizer) as (m: ChatMessage[], o: Record<string, unknown>) => { input_ids: { dims: number[] } };
  const inputs = applyTemplate(i.messages, { add_generation_prompt: true, return_dict: true });
  const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
  const clock = new GenerationClock();
  const filter = new ReplyFilter(options.stop);
  const interrupt = new tf.InterruptableStoppingCriteria();
  const emit = (text: string) => {
    if (text && i.onDelta) i.onDelta(text);
  };
  const onAbort = () => interrupt.interrupt();
  if (i.signal?.aborted) interrupt.interrupt();
  i.signal?.addEventListener('abort', onAbort, { once: true });
  i.onInterrupt?.(interrupt, true);
  const Streamer = tf.TextStreamer as unknown as new (tokenizer: unknown, o: Record<string, unknown>) => unknown;
  const streamer = new Streamer(i.tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    token_callback_function: (tokens: unknown) => {
      for (let k = tokenCount(tokens); k > 0; k -= 1) clock.token();
    },
    callback_function: (text: string) => {
      emit(filter.push(text));
      if (filter.stopped) interrupt.interrupt();
    },
  });
  // Only sampled runs touch the shared random generator (a seed makes them repeatable); greedy runs skip the lock.
  const sampling = options.temperature > 0;
  const releaseSampler = sampling && !interrupt.interrupted ? await (i.sampler ?? holdSampler)(tf, options.seed) : () => undefined;
  try {
    if (!interrupt.interrupted) {
      const generate = i.model.generate.bind(i.model) as (a: Record<string, unknown>) => Promise<unknown>;
      await generate({ ...inputs, ...samplingArgs(options), ...i.extra, streamer, stopping_criteria: interrupt });
    }
  } catch (error) {
    throw new CodedError('GENERATION_FAILED', 'The model failed while generating.', { recoverable: true, cause: error });
  } finally {
    releaseSampler();
    i.onInterrupt?.(interrupt, false);
    i.signal?.removeEventListener('abort', onAbort);
  }
  emit(filter.flush());
  const cancelled = interrupt.interrupted && !filter.stopped;
  return {
    text: filter.text,
    finishReason: cancelled ? 'cancelled' : !filter.stopped && clock.completionTokens >= options.maxTokens ? 'length' : 'stop',
    usage: { promptTokens, completionTokens: clock.completionTokens },
    timings: clock.finish(),
  };
}
