// The one place that touches transformers.js's global `env`: configured once, on first use, for local files only.
import type * as TransformersModule from '@huggingface/transformers';

export type Transformers = typeof TransformersModule;
export type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
export type CausalLM = Awaited<ReturnType<Transformers['AutoModelForCausalLM']['from_pretrained']>>;

import { SamplerLock } from './sampler-lock.ts';

let loading: Promise<Transformers> | null = null;
const samplerLock = new SamplerLock();

/**
 * transformers.js keeps its settings in one mutable module-level object shared by every caller in the process.
 * The settings below are the same for every model and request (models are loaded by absolute folder path, which
 * transformers.js reads directly without consulting localModelPath), so they are set exactly once here and never
 * per request. The import is lazy: a server without local models never pays for onnxruntime-node.
 */
export function loadTransformers(): Promise<Transformers> {
  loading ??= import('@huggingface/transformers').then((tf) => {
    tf.env.allowRemoteModels = false;
    tf.env.allowLocalModels = true;
    // No copies into a cache folder: the model store already is the cache.
    tf.env.useFSCache = false;
    tf.env.useBrowserCache = false;
    return tf;
  });
  return loading;
}

/**
 * Holds transformers.js's global sampler for one sampling generation: seeded, it is seeded here and held
 * alone, then reseeded from OS entropy so later unseeded runs are not predictable from a user's seed.
 * Call the returned function when the generation ends.
 */
export async function holdSampler(tf: Transformers, seed: number | undefined): Promise<() => void> {
  const release = await samplerLock.acquire(seed !== undefined);
  if (seed === undefined) return release;
  tf.random.seed(seed);
  return () => {
    tf.random.seed();
    release();
  };
}
