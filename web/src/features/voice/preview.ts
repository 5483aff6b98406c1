// A cloned voice's preview saved as a float32 WAV: exactly the samples the worker produced.
import { encodeWav } from '@companion/core/audio';

export { PREVIEW_SEED, PREVIEW_TEXT } from './preview-text';

export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

export function previewWav(samples: Float32Array, sampleRate: number): Blob {
  const bytes = encodeWav({ sampleRate, channels: [samples] }, 'float32');
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });
}
