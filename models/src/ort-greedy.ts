// A bare greedy decoding loop on an onnxruntime session with the optimum KV-cache contract: the reference that
// tests check fixtures with and that benchmarks compare the project's generation loop against.
import type { InferenceSession, Tensor as OrtTensor, TypedTensor } from 'onnxruntime-common';

/** onnxruntime-node and onnxruntime-web export the same Tensor class shape; callers pass theirs in. */
export type TensorCtor = new (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: readonly number[]) => OrtTensor;

export interface GreedyOptions {
  Tensor: TensorCtor;
  layers: number;
  kvHeads: number;
  headDim: number;
  maxNewTokens: number;
  /** Stop after any of these (included in the result); ignored until minNewTokens are produced. */
  eosIds?: number[];
  minNewTokens?: number;
  /** Called after each new token, e.g. to record time to first token. */
  onToken?: (id: number, step: number) => void;
  /** Test hook: drop the cache between steps, to prove a model depends on it. */
  dropCache?: boolean;
}

export interface GreedyResult {
  tokens: number[];
  /** Milliseconds: the prompt step (prefill, including the first token) and the later steps. */
  prefillMs: number;
  decodeMs: number;
}

function argmaxLast(logits: TypedTensor<'float32'>): number {
  const dims = logits.dims;
  const vocab = dims[2] ?? 0;
  const seq = dims[1] ?? 0;
  const data = logits.data;
  const base = (seq - 1) * vocab;
  let best = 0;
  let bestVal = -Infinity;
  for (let i = 0; i < vocab; i++) {
    const v = data[base + i] ?? -Infinity;
    if (v > bestVal) {
      bestVal = v;
      best = i;
    }
  }
  return best;
}

export async function ortGreedy(session: InferenceSession, promptIds: number[], o: GreedyOptions): Promise<GreedyResult> {
  const { Tensor } = o;
  const ids = (values: number[]): OrtTensor => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
  const emptyCache = (): Record<string, OrtTensor> => {
    const feeds: Record<string, OrtTensor> = {};
    for (let l = 0; l < o.layers; l++) {
      for (const kind of ['key', 'value']) {
        feeds[`past_key_values.${l}.${kind}`] = new Tensor('float32', new Float32Array(0), [1, o.kvHeads, 0, o.headDim]);
      }
    }
    return feeds;
  };
  let cache = emptyCache();
  let step: number[] = promptIds;
  let pastLen = 0;
  const tokens: number[] = [];
  let prefillMs = 0;
  const t0 = performance.now();
  while (tokens.length < o.maxNewTokens) {
    const total = pastLen + step.length;
    const out = await session.run({
      input_ids: ids(step),
      attention_mask: ids(new Array<number>(total).fill(1)),
      position_ids: ids(step.map((_, i) => pastLen + i)),
      ...cache,
    });
    const logits = out.logits as TypedTensor<'float32'> | undefined;
    if (!logits) throw new Error('model has no logits output');
    const next = argmaxLast(logits);
    tokens.push(next);
    if (tokens.length === 1) prefillMs = performance.now() - t0;
    o.onToken?.(next, tokens.length - 1);
    if (o.dropCache) {
      cache = emptyCache();
      pastLen = 0;
    } else {
      cache = {};
      for (let l = 0; l < o.layers; l++) {
        for (const kind of ['key', 'value']) {
          const present = out[`present.${l}.${kind}`];
          if (!present) throw new Error(`model has no present.${l}.${kind} output`);
          cache[`past_key_values.${l}.${kind}`] = present;
        }
      }
      pastLen = total;
    }
    step = [next];
    if (o.eosIds?.includes(next) && tokens.length >= (o.minNewTokens ?? 0)) break;
  }
  return { tokens, prefillMs, decodeMs: performance.now() - t0 - prefillMs };
}
