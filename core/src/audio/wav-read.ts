// Defensive RIFF/WAVE reader: header facts first (capped before decoding), then bounded PCM decoding (U2, U3).
import { AudioError } from './errors';
import { checkFormat, resolveLimits, type AudioLimits } from './limits';
import type { PcmAudio } from './pcm';

export type WavSampleFormat = 'pcm' | 'float';

export interface WavInfo {
  readonly sampleFormat: WavSampleFormat;
  readonly bitsPerSample: 8 | 16 | 24 | 32;
  readonly channels: number;
  readonly sampleRate: number;
  readonly frames: number;
  readonly durationSec: number;
  readonly dataOffset: number;
  readonly dataLength: number;
  /** True when the data chunk claims more bytes than the file has (streamed or cut-off recordings). */
  readonly truncated: boolean;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** A WAV file rarely has more than a handful of chunks; the cap keeps a crafted file from looping long. */
const MAX_CHUNKS = 256;

interface Fmt {
  sampleFormat: WavSampleFormat;
  bitsPerSample: 8 | 16 | 24 | 32;
  channels: number;
  sampleRate: number;
  blockAlign: number;
}

function fourCC(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function malformed(message: string): AudioError {
  return new AudioError('AUDIO_MALFORMED', message);
}

function parseFmt(view: DataView, at: number, size: number): Fmt {
  if (size < 16) throw malformed('fmt chunk is shorter than 16 bytes.');
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (tag === FORMAT_EXTENSIBLE) {
    // cbSize(2) validBits(2) channelMask(4) then the sub-format GUID whose first two bytes are the real tag.
    if (size < 40) throw malformed('WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes.');
    tag = view.getUint16(at + 24, true);
  }
  let sampleFormat: WavSampleFormat;
  if (tag === FORMAT_PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) sampleFormat = 'pcm';
  else if (tag === FORMAT_FLOAT && bits === 32) sampleFormat = 'float';
  else throw new AudioError('AUDIO_UNSUPPORTED_FORMAT', `WAV format ${tag} with ${bits}-bit samples is not supported.`);
  if (channels === 0) throw new AudioError('AUDIO_BAD_CHANNELS', 'WAV declares zero channels.');
  if (blockAlign !== channels * (bits / 8)) throw malformed('WAV block align does not match channels and sample size.');
  return { sampleFormat, bitsPerSample: bits, channels, sampleRate, blockAlign };
}

/** Reads and validates the header; throws AudioError. Never allocates in proportion to claimed sizes. */
export function readWavInfo(bytes: Uint8Array, limits?: Partial<AudioLimits>): WavInfo {
  const lim = resolveLimits(limits);
  if (bytes.length < 12) throw new AudioError('AUDIO_TRUNCATED', 'File is too short to be a WAV file.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (fourCC(view, 0) !== 'RIFF' || fourCC(view, 8) !== 'WAVE') throw malformed('Not a RIFF/WAVE file.');
  let fmt: Fmt | undefined;
  let pos = 12;
  for (let n = 0; n < MAX_CHUNKS; n++) {
    if (pos + 8 > bytes.length) break;
    const id = fourCC(view, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'data') {
      if (!fmt) throw malformed('data chunk comes before fmt chunk.');
      return dataInfo(fmt, body, size, bytes.length, lim);
    }
    if (size > bytes.length - body)
      throw new AudioError('AUDIO_TRUNCATED', `Chunk "${printable(id)}" runs past the end of the file.`);
    if (id === 'fmt ') fmt = parseFmt(view, body, size);
    pos = body + size + (size & 1);
  }
  throw new AudioError(
    fmt ? 'AUDIO_TRUNCATED' : 'AUDIO_MALFORMED',
    fmt ? 'No data chunk found.' : 'No fmt chunk found.',
  );
}

function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, '?');
}

function dataInfo(fmt: Fmt, offset: number, claimed: number, fileLength: number, lim: AudioLimits): WavInfo {
  const available = fileLength - offset;
  const truncated = claimed > available;
  const usable = Math.min(claimed, available);
  const frames = Math.floor(usable / fmt.blockAlign);
  const durationSec = frames / Math.max(1, fmt.sampleRate);
  checkFormat(fmt.sampleRate, fmt.channels, durationSec, lim);
  return {
    sampleFormat: fmt.sampleFormat,
    bitsPerSample: fmt.bitsPerSample,
    channels: fmt.channels,
    sampleRate: fmt.sampleRate,
    frames,
    durationSec,
    dataOffset: offset,
    dataLength: frames * fmt.blockAlign,
    truncated,
  };
}

type SampleReader = (view: DataView, at: number) => number;

function sampleReader(info: WavInfo): SampleReader {
  if (info.sampleFormat === 'float') return (v, at) => clampFloat(v.getFloat32(at, true));
  switch (info.bitsPerSample) {
    case 8:
      return (v, at) => (v.getUint8(at) - 128) / 128;
    case 16:
      return (v, at) => v.getInt16(at, true) / 32768;
    case 24:
      return (v, at) => (v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608;
    case 32:
      return (v, at) => v.getInt32(at, true) / 2147483648;
  }
}

function clampFloat(x: number): number {
  // NaN and infinities from a hostile file become silence and full scale rather than poisoning later maths.
  if (Number.isNaN(x)) return 0;
  return Math.max(-1, Math.min(1, x));
}

/** Decodes a WAV file to planar float32. Output size is at most 4x the input (8-bit → float32). */
export function decodeWav(bytes: Uint8Array, limits?: Partial<AudioLimits>): PcmAudio & { info: WavInfo } {
  const info = readWavInfo(bytes, limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(info);
  const bytesPerSample = info.bitsPerSample / 8;
  const channels: Float32Array[] = [];
  for (let c = 0; c < info.channels; c++) {
    const out = new Float32Array(info.frames);
    let at = info.dataOffset + c * bytesPerSample;
    const stride = info.channels * bytesPerSample;
    for (let i = 0; i < info.frames; i++, at += stride) out[i] = read(view, at);
    channels.push(out);
  }
  return { sampleRate: info.sampleRate, channels, info };
}
