// The ONNX session slice XTTS needs: core/audio's InferenceSessionLike plus the optional name lists both runtimes expose.
import type { InferenceSessionLike, TensorFactory, TensorLike } from '../../audio/onnx-like';
import { TtsError } from '../engine';

/** onnxruntime-node and -web sessions both have inputNames/outputNames; stubs may leave them out. */
export interface XttsSession extends InferenceSessionLike {
  readonly inputNames?: readonly string[];
  readonly outputNames?: readonly string[];
}

export type XttsGraph = 'conditioning_encoder' | 'speaker_encoder' | 'gpt_model' | 'hifigan_vocoder';

export interface XttsRuntime {
  readonly conditioning: XttsSession;
  readonly speaker: XttsSession;
  readonly gpt: XttsSession;
  readonly vocoder: XttsSession;
  readonly tensor: TensorFactory;
}

/** The output at `index` in the graph's declared order, else by `fallbackName`; must be float32. */
export function outputAt(
  session: XttsSession,
  outputs: Record<string, TensorLike>,
  index: number,
  fallbackName: string,
): TensorLike & { data: Float32Array } {
  const name = session.outputNames?.[index] ?? fallbackName;
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array))
    throw new TtsError('TTS_ENGINE_FAILED', `XTTS graph output ${name} is missing or not float32.`, false);
  return t as TensorLike & { data: Float32Array };
}

/** The graph's only (or first) float32 output. */
export function firstOutput(
  session: XttsSession,
  outputs: Record<string, TensorLike>,
  fallbackName: string,
): Float32Array {
  return outputAt(session, outputs, 0, session.outputNames ? fallbackName : (Object.keys(outputs)[0] ?? fallbackName))
    .data;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TtsError('TTS_ABORTED', 'Speech generation was cancelled.');
}
