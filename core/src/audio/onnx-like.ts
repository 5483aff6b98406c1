// The slice of an ONNX Runtime session this project needs, so onnxruntime-node and onnxruntime-web both fit.
export interface TensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface InferenceSessionLike {
  // Method syntax on purpose: parameters are then compared bivariantly, so a real ort session (whose feeds
  // are its own Tensor class) is accepted where this interface is asked for.
  run(feeds: Record<string, TensorLike>): Promise<Record<string, TensorLike>>;
}

export type TensorFactory = (
  type: 'float32' | 'int64',
  data: Float32Array | BigInt64Array,
  dims: readonly number[],
) => TensorLike;

/** A session plus the runtime's Tensor constructor (feeds must be the runtime's own Tensor objects). */
export interface OnnxRuntimeLike {
  readonly session: InferenceSessionLike;
  readonly tensor: TensorFactory;
}

export function float32Output(outputs: Record<string, TensorLike>, name: string): Float32Array {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`Model output "${name}" is missing or not float32.`);
  return t.data;
}
