// Builders shared by the card tests: PNGs with chosen chunks, text chunks of each kind, small cards.
import { zlibSync } from 'fflate';
import { concatBytes, encodeBase64, toUtf8 } from './bytes';
import { type PngChunk, readPngChunks, writePngChunks } from './png';
import { defaultPortrait } from './portrait';

export const enc = (s: string): Uint8Array => toUtf8(s);
export const b64json = (v: unknown): string => encodeBase64(toUtf8(JSON.stringify(v)));

export function tEXt(keyword: string, text: string): PngChunk {
  return { type: 'tEXt', data: concatBytes([enc(keyword), new Uint8Array([0]), enc(text)]) };
}

export function zTXt(keyword: string, text: string): PngChunk {
  return { type: 'zTXt', data: concatBytes([enc(keyword), new Uint8Array([0, 0]), zlibSync(enc(text))]) };
}

export function iTXt(keyword: string, text: string, compressed: boolean): PngChunk {
  const body = compressed ? zlibSync(enc(text)) : enc(text);
  return { type: 'iTXt', data: concatBytes([enc(keyword), new Uint8Array([0, compressed ? 1 : 0, 0]), enc('en'), new Uint8Array([0]), new Uint8Array([0]), body]) };
}

/** The default portrait's chunks with `extra` inserted at `at` (index into [IHDR, IDAT, IEND]). */
export function pngWith(extra: PngChunk[], at = 2): Uint8Array {
  const chunks = readPngChunks(defaultPortrait('test', 8));
  chunks.splice(at, 0, ...extra);
  return writePngChunks(chunks);
}

export const v2 = (name: string, more: Record<string, unknown> = {}) => ({
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: { name, description: `${name} desc`, first_mes: 'hi', extensions: {}, ...more },
});

export const v3 = (name: string, more: Record<string, unknown> = {}) => ({
  spec: 'chara_card_v3',
  spec_version: '3.0',
  data: { name, description: `${name} desc`, first_mes: 'hi', extensions: {}, group_only_greetings: [], ...more },
});
export function names(n: number): Record<string, Uint8Array> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`assets/other/f${i}.txt`, new Uint8Array([i & 255])]));
}
