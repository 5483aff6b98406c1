// PNG/APNG chunk reader and writer: lengths checked before any allocation, CRCs verified and written.
import { concatBytes, indexOfByte, latin1, toUtf8, utf8, view } from './bytes';
import { crc32 } from './crc';
import { CardError } from './errors';
import { inflateBounded } from './inflate';
import { type ByteBudget, DEFAULT_LIMITS, type ReadLimits } from './limits';

export const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

export interface PngChunk {
  type: string;
  /** A view into the input, not a copy. */
  data: Uint8Array;
}

export interface PngText {
  keyword: string;
  text: string;
  chunkType: 'tEXt' | 'zTXt' | 'iTXt';
}

export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function isChunkType(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i] ?? 0;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** Splits a PNG into chunks up to IEND. Every size is checked against what is left before it is used. */
export function readPngChunks(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): PngChunk[] {
  if (!isPng(bytes)) throw new CardError('NOT_A_CARD', 'not a PNG file');
  const dv = view(bytes);
  const chunks: PngChunk[] = [];
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > bytes.length) throw new CardError('BROKEN_PNG', 'PNG ends before its IEND chunk');
    const length = dv.getUint32(at);
    if (length > 0x7fffffff || length > bytes.length - at - 12) {
      throw new CardError('BROKEN_PNG', `chunk at ${at} claims ${length} bytes, more than the file holds`);
    }
    if (!isChunkType(bytes, at + 4)) throw new CardError('BROKEN_PNG', `bad chunk type at ${at + 4}`);
    const type = latin1(bytes.subarray(at + 4, at + 8));
    const stored = dv.getUint32(at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== stored) {
      throw new CardError('BROKEN_PNG', `CRC mismatch in ${type} chunk at ${at}`);
    }
    if (chunks.length === 0 && type !== 'IHDR') throw new CardError('BROKEN_PNG', 'PNG does not start with IHDR');
    chunks.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    if (chunks.length > limits.maxPngChunks) throw new CardError('TOO_LARGE', 'too many PNG chunks');
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

function inflateText(data: Uint8Array, limits: ReadLimits, budget?: ByteBudget): Uint8Array {
  return inflateBounded(data, {
    max: limits.maxTextBytes,
    zlib: true,
    budget,
    brokenCode: 'BROKEN_PNG',
    overCode: 'ZIP_BOMB',
  });
}

/** Decodes a tEXt, zTXt or iTXt chunk; other chunk types give undefined. */
export function decodeTextChunk(chunk: PngChunk, limits: ReadLimits = DEFAULT_LIMITS, budget?: ByteBudget): PngText | undefined {
  const { type, data } = chunk;
  if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') return undefined;
  const nul = indexOfByte(data, 0, 0, Math.min(data.length, 80));
  if (nul < 1) throw new CardError('BROKEN_PNG', `${type} chunk has no keyword`);
  const keyword = latin1(data.subarray(0, nul));
  if (type === 'tEXt') {
    budget?.take(data.length - nul, 'TOO_LARGE');
    return { keyword, text: latin1(data.subarray(nul + 1)), chunkType: type };
  }
  if (type === 'zTXt') {
    if (data[nul + 1] !== 0) throw new CardError('BROKEN_PNG', 'zTXt uses an unknown compression method');
    return { keyword, text: latin1(inflateText(data.subarray(nul + 2), limits, budget)), chunkType: type };
  }
  const compressed = data[nul + 1];
  if (compressed === undefined || data[nul + 2] === undefined) throw new CardError('BROKEN_PNG', 'iTXt chunk is cut short');
  if (compressed === 1 && data[nul + 2] !== 0) throw new CardError('BROKEN_PNG', 'iTXt uses an unknown compression method');
  const langEnd = indexOfByte(data, 0, nul + 3);
  const transEnd = langEnd < 0 ? -1 : indexOfByte(data, 0, langEnd + 1);
  if (transEnd < 0) throw new CardError('BROKEN_PNG', 'iTXt chunk is cut short');
  const body = data.subarray(transEnd + 1);
  const raw = compressed === 1 ? inflateText(body, limits, budget) : body;
  if (compressed !== 1) budget?.take(raw.length * 2, 'TOO_LARGE');
  return { keyword, text: utf8(raw), chunkType: type };
}

function encodeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = view(out);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function writePngChunks(chunks: readonly PngChunk[]): Uint8Array {
  return concatBytes([PNG_SIGNATURE, ...chunks.map((c) => encodeChunk(c.type, c.data))]);
}

/** A tEXt chunk; the text must be Latin-1 (card payloads are base64, so ASCII). */
export function textChunk(keyword: string, text: string): PngChunk {
  return { type: 'tEXt', data: concatBytes([toUtf8(keyword), new Uint8Array([0]), toUtf8(text)]) };
}

/** The keyword of a text chunk, read without inflating anything. */
export function textChunkKeyword(chunk: PngChunk): string | undefined {
  if (chunk.type !== 'tEXt' && chunk.type !== 'zTXt' && chunk.type !== 'iTXt') return undefined;
  const nul = indexOfByte(chunk.data, 0, 0, Math.min(chunk.data.length, 80));
  return nul < 1 ? undefined : latin1(chunk.data.subarray(0, nul));
}
