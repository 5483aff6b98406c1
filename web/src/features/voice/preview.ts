// The preview a cloned voice speaks: fixed text and seed, so the same voice always sounds the same in the preview,
// and the samples can be saved as a float32 WAV (exactly what the worker produced).
import { encodeWav } from '@companion/core/audio';

export const PREVIEW_TEXT = 'Hello! This is my new voice. How do I sound?';
export const PREVIEW_SEED = 1;

export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

export function previewWav(samples: Float32Array, sampleRate: number): Blob {
  const bytes = encodeWav({ sampleRate, channels: [samples] }, 'float32');
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });
}
