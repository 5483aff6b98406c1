// Voice activity detection: the detector interface, Silero VAD over an ONNX session, and an energy fallback.
import { float32Output, type OnnxRuntimeLike, type TensorLike } from './onnx-like';
import { resample } from './resample';

/** Speech probability per frame for mono audio at any rate. */
export interface VoiceActivityDetector {
  /** Length of one probability frame in seconds. */
  readonly frameSec: number;
  speechProbabilities(samples: Float32Array, sampleRate: number): Promise<Float32Array>;
}

const SILERO_RATE = 16000;
const SILERO_FRAME = 512;
/** Silero v5/v6 see the last 64 samples of the previous frame too (as in silero-vad's own OnnxWrapper). */
const SILERO_CONTEXT = 64;

/**
 * Silero VAD v5/v6 (`input` f32[1, 576], `state` f32[2, 1, 128], `sr` int64 → `output` f32[1, 1], `stateN`).
 * The weights ship in `@ricky0123/vad-web/dist/silero_vad_v5.onnx` (MIT model, ISC package).
 */
export function createSileroVad(runtime: OnnxRuntimeLike): VoiceActivityDetector {
  const { session, tensor } = runtime;
  const sr = tensor('int64', BigInt64Array.from([BigInt(SILERO_RATE)]), []);
  return {
    frameSec: SILERO_FRAME / SILERO_RATE,
    async speechProbabilities(samples, sampleRate) {
      const audio = sampleRate === SILERO_RATE ? samples : resample(samples, sampleRate, SILERO_RATE, { zeroCrossings: 8 });
      const frames = Math.ceil(audio.length / SILERO_FRAME);
      const probs = new Float32Array(frames);
      let state: TensorLike = tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
      const input = new Float32Array(SILERO_CONTEXT + SILERO_FRAME);
      for (let f = 0; f < frames; f++) {
        input.copyWithin(0, SILERO_FRAME, SILERO_FRAME + SILERO_CONTEXT); // keep the previous frame's tail
        input.fill(0, SILERO_CONTEXT);
        input.set(audio.subarray(f * SILERO_FRAME, (f + 1) * SILERO_FRAME), SILERO_CONTEXT);
        const out = await session.run({ input: tensor('float32', input.slice(), [1, input.length]), state, sr });
        probs[f] = float32Output(out, 'output')[0] ?? 0;
        state = out['stateN'] ?? state;
      }
      return probs;
    },
  };
}

/** A detector from loudness alone: for tests, or when the model cannot be loaded. Not robust to noise. */
export function createEnergyVad(options: { thresholdDb?: number; frameSec?: number } = {}): VoiceActivityDetector {
  const frameSec = options.frameSec ?? 0.032;
  const threshold = options.thresholdDb ?? -40;
  return {
    frameSec,
    async speechProbabilities(samples, sampleRate) {
      const hop = Math.max(1, Math.round(frameSec * sampleRate));
      const probs = new Float32Array(Math.ceil(samples.length / hop));
      for (let f = 0; f < probs.length; f++) {
        let sum = 0;
        const frame = samples.subarray(f * hop, (f + 1) * hop);
        for (const s of frame) sum += s * s;
        const db = 10 * Math.log10(sum / Math.max(1, frame.length) + 1e-12);
        probs[f] = 1 / (1 + Math.exp(-(db - threshold) / 2));
      }
      return probs;
    },
  };
}
