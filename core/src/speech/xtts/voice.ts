// A cloned XTTS voice (GPT conditioning latents + speaker embedding) and its byte and JSON forms for storage.

export interface XttsVoice {
  /** gpt_cond_latent, [rows, width] row-major. */
  readonly condLatent: Float32Array;
  readonly condRows: number;
  readonly width: number;
  /** speaker_embedding, [speakerDim]. */
  readonly speakerEmbedding: Float32Array;
}

export class XttsVoiceError extends Error {
  override readonly name = 'XttsVoiceError';
  readonly code = 'XTTS_BAD_VOICE';
}

const MAGIC = 0x43565458; // "XTVC" little-endian
const VERSION = 1;
const HEADER = 20;
/** Generous bounds (real: 32 × 1024 and 512) so a hostile blob cannot ask for a huge allocation. */
const MAX_ROWS = 1024;
const MAX_WIDTH = 8192;
const MAX_SPEAKER = 8192;

export function makeVoice(condLatent: Float32Array, condRows: number, speakerEmbedding: Float32Array): XttsVoice {
  if (condRows <= 0 || condLatent.length % condRows !== 0)
    throw new XttsVoiceError('Conditioning latent size does not divide into rows.');
  return { condLatent, condRows, width: condLatent.length / condRows, speakerEmbedding };
}

/** Header (magic, version, rows, width, speaker length; u32 LE) then float32 LE values. */
export function voiceToBytes(v: XttsVoice): Uint8Array {
  const out = new Uint8Array(HEADER + 4 * (v.condLatent.length + v.speakerEmbedding.length));
  const view = new DataView(out.buffer);
  [MAGIC, VERSION, v.condRows, v.width, v.speakerEmbedding.length].forEach((x, i) => view.setUint32(4 * i, x, true));
  let at = HEADER;
  for (const arr of [v.condLatent, v.speakerEmbedding]) {
    for (const x of arr) {
      view.setFloat32(at, x, true);
      at += 4;
    }
  }
  return out;
}

export function voiceFromBytes(bytes: Uint8Array): XttsVoice {
  if (bytes.length < HEADER) throw new XttsVoiceError('Voice data is truncated.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [magic, version, rows, width, spk] = [0, 1, 2, 3, 4].map((i) => view.getUint32(4 * i, true)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (magic !== MAGIC || version !== VERSION) throw new XttsVoiceError('Not an XTTS voice (bad magic or version).');
  if (rows === 0 || rows > MAX_ROWS || width === 0 || width > MAX_WIDTH || spk === 0 || spk > MAX_SPEAKER)
    throw new XttsVoiceError('Voice dimensions are out of range.');
  if (bytes.length !== HEADER + 4 * (rows * width + spk))
    throw new XttsVoiceError('Voice data size does not match its header.');
  const read = (at: number, n: number): Float32Array => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = view.getFloat32(at + 4 * i, true);
    return a;
  };
  const cond = read(HEADER, rows * width);
  const speaker = read(HEADER + 4 * rows * width, spk);
  if (!cond.every(Number.isFinite) || !speaker.every(Number.isFinite))
    throw new XttsVoiceError('Voice data holds non-finite values.');
  return { condLatent: cond, condRows: rows, width, speakerEmbedding: speaker };
}

/** Base64 of the byte form, for JSON bodies and IndexedDB records that want a string. */
export function voiceToBase64(v: XttsVoice): string {
  const bytes = voiceToBytes(v);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function voiceFromBase64(text: string): XttsVoice {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    throw new XttsVoiceError('Voice data is not base64.');
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return voiceFromBytes(bytes);
}
