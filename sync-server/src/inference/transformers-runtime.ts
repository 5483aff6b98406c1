// The one place that touches transformers.js's global `env`: configured once, on first use, for local files only.
import type * as TransformersModule from '@huggingface/transformers';

export type Transformers = typeof TransformersModule;
export type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
export type CausalLM = Awaited<ReturnType<Transformers['AutoModelForCausalLM']['from_pretrained']>>;

let loading: Promise<Transformers> | null = null;

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
