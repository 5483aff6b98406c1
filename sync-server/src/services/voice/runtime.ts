// Node runtimes for speech: Silero VAD (real weights from @ricky0123/vad-web) and XTTS, both on onnxruntime-node, loaded lazily.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createSileroVad, type TensorFactory, type VoiceActivityDetector } from '@companion/core/audio';
import { XttsModel, type XttsSession } from '@companion/core/speech/xtts';
import type * as OrtModule from 'onnxruntime-node';

const require = createRequire(import.meta.url);

type Ort = typeof OrtModule;
let ort: Promise<Ort> | undefined;
// Imported on first use: a server that never checks an upload or clones a voice never loads the native runtime.
const loadOrt = (): Promise<Ort> => (ort ??= import('onnxruntime-node'));

const tensorOf =
  (o: Ort): TensorFactory =>
  (type, data, dims) =>
    new o.Tensor(type, data, [...dims]);

/** Silero VAD v5 with the weights the npm package ships (MIT model). */
export async function loadSileroVad(): Promise<VoiceActivityDetector> {
  const o = await loadOrt();
  const session = await o.InferenceSession.create(require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
  return createSileroVad({ session, tensor: tensorOf(o) });
}

/**
 * An XTTS-v2 ONNX folder (metadata.json, vocab.json, the four graphs, embeddings) on onnxruntime-node. `gptFile` picks
 * the GPT graph (`gpt_model_int8.onnx` for the int8 variant; default `gpt_model.onnx`).
 */
export async function loadXttsModel(dir: string, opts: { gptFile?: string } = {}): Promise<XttsModel> {
  const o = await loadOrt();
  return XttsModel.load({
    ...(opts.gptFile ? { gptFile: opts.gptFile } : {}),
    readFile: async (p) => new Uint8Array(await readFile(join(dir, p))),
    // Paths, not bytes, so external-data weights next to the graph load too.
    createSession: async (_graph, file) => (await o.InferenceSession.create(join(dir, file))) as unknown as XttsSession,
    tensor: tensorOf(o),
  });
}
