// Node-only test fixtures for speech: Silero VAD (real weights) on onnxruntime-node, and one shared espeak-ng engine.
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { createSileroVad, type SileroOptions, type VoiceActivityDetector } from '../../src/audio/index';
import { createEspeakEngine, type EspeakTtsEngine } from '../../src/speech/espeak/index';

const require = createRequire(import.meta.url);

export const SILERO_V5_PATH = require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');

let vad: Promise<VoiceActivityDetector> | undefined;

/** A fresh detector with its own options (the shared one uses the defaults). */
export async function sileroVadWith(options: SileroOptions): Promise<VoiceActivityDetector> {
  const session = await ort.InferenceSession.create(SILERO_V5_PATH);
  return createSileroVad({ session, tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]) }, options);
}
let espeak: Promise<EspeakTtsEngine> | undefined;

export function sileroVad(): Promise<VoiceActivityDetector> {
  vad ??= ort.InferenceSession.create(SILERO_V5_PATH).then((session) =>
    createSileroVad({ session, tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]) }),
  );
  return vad;
}

export function espeakEngine(): Promise<EspeakTtsEngine> {
  espeak ??= createEspeakEngine();
  return espeak;
}
