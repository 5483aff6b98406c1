// Byte helpers without Node built-ins: strict base64, UTF-8, big/little-endian reads, concatenation.
import { CardError } from './errors';
import type { ByteBudget } from './limits';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
B64_INDEX['-'.charCodeAt(0)] = 62; // base64url, seen in the wild
B64_INDEX['_'.charCodeAt(0)] = 63;

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  const chunk: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    chunk.push(
      B64[(n >> 18) & 63]! +
        B64[(n >> 12) & 63]! +
        (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') +
        (i + 2 < bytes.length ? B64[n & 63]! : '='),
    );
    if (chunk.length === 4096) {
      out += chunk.join('');
      chunk.length = 0;
    }
  }
  return out + chunk.join('');
}

const SKIP = -2;
const PAD = -3;
/** Per character: 0-63 a digit, SKIP whitespace, PAD '=', -1 anything else. */
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 128; i++) if ((B64_INDEX[i] ?? -1) >= 0) DECODE[i] = B64_INDEX[i]!;
for (const c of [' ', '\t', '\n', '\r']) DECODE[c.charCodeAt(0)] = SKIP;
DECODE['='.charCodeAt(0)] = PAD;

/** Decodes base64 (whitespace and missing padding tolerated, base64url accepted); anything else is BAD_BASE64. */
export function decodeBase64(text: string, budget?: ByteBudget): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  budget?.take(out.length, 'TOO_LARGE');
  let acc = 0;
  let bits = 0;
  let n = 0;
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const v = ch < 128 ? DECODE[ch]! : -1;
    if (v >= 0 && pad === 0) {
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >> bits) & 0xff;
      }
    } else if (v === PAD) pad++;
    else if (v !== SKIP) throw new CardError('BAD_BASE64', `invalid base64 character at ${i}`);
  }
  if (pad > 2 || bits >= 6) throw new CardError('BAD_BASE64', 'base64 has a dangling character');
  return out.subarray(0, n);
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export function utf8(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function toUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}

export function fromLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function indexOfByte(bytes: Uint8Array, value: number, from: number, to = bytes.length): number {
  for (let i = from; i < to; i++) if (bytes[i] === value) return i;
  return -1;
}
