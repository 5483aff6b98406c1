// Test audio for the voice routes: real speech (Haru clips, else espeak-ng), silence, and broken files.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav, encodeWav, mono, resample, toMono } from '@companion/core/audio';
import { createEspeakEngine } from '@companion/core/speech/espeak';
import { sharedAsset } from '../../../test/shared-assets.ts';

const HARU = sharedAsset('assets/live2d/Haru/sounds', 'espeak-ng speech stands in for the Haru clips.');
export const haruClips = HARU ? readdirSync(HARU).filter((f) => f.endsWith('.wav')).sort() : [];

/** Who speaks in speechWav: Haru's clips (shared assets present) or espeak-ng. */
export const speechSource = haruClips.length > 0 ? 'haru' : 'espeak';

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Real speech of at least `minSec` at 22,050 Hz: the Haru clips repeated (when present), else espeak-ng reading. */
export async function speechWav(minSec: number): Promise<{ bytes: Uint8Array; source: string }> {
  const rate = 22050;
  let parts: Float32Array[];
  let source: string;
  if (haruClips.length > 0) {
    parts = haruClips.map((f) => {
      const w = decodeWav(new Uint8Array(readFileSync(join(HARU!, f))));
      return resample(toMono(w), w.sampleRate, rate);
    });
    source = 'haru';
  } else {
    const e = await createEspeakEngine();
    parts = [(await e.synthesize('The quick brown fox jumps over the lazy dog, and then it runs back home to sleep.')).samples];
    source = 'espeak';
  }
  const all: Float32Array[] = [];
  let n = 0;
  while (n < minSec * rate) {
    for (const p of parts) {
      all.push(p);
      n += p.length;
    }
  }
  return { bytes: encodeWav(mono(concat(all), rate)), source };
}

export const silenceWav = (sec: number, rate = 16000): Uint8Array => encodeWav(mono(new Float32Array(Math.round(sec * rate)), rate));
