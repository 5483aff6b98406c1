// RIFF/WAVE writer: PCM 8/16/24/32-bit or IEEE float32, any channel count, canonical 44-byte header.
import type { PcmAudio } from './pcm';

export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32';

const BITS: Record<WavEncoding, number> = { pcm8: 8, pcm16: 16, pcm24: 24, pcm32: 32, float32: 32 };

function clamp(x: number): number {
  return Number.isNaN(x) ? 0 : Math.max(-1, Math.min(1, x));
}

function writeSample(view: DataView, at: number, x: number, encoding: WavEncoding): void {
  const s = clamp(x);
  switch (encoding) {
    case 'pcm8':
      view.setUint8(at, Math.round(s * 127) + 128);
      return;
    case 'pcm16':
      view.setInt16(at, Math.round(s < 0 ? s * 32768 : s * 32767), true);
      return;
    case 'pcm24': {
      const v = Math.round(s < 0 ? s * 8388608 : s * 8388607);
      view.setUint8(at, v & 0xff);
      view.setUint8(at + 1, (v >> 8) & 0xff);
      view.setUint8(at + 2, (v >> 16) & 0xff);
      return;
    }
    case 'pcm32':
      view.setInt32(at, Math.round(s < 0 ? s * 2147483648 : s * 2147483647), true);
      return;
    case 'float32':
      view.setFloat32(at, s, true);
  }
}

function ascii(view: DataView, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
}

/** Encodes planar float audio as a WAV file (16-bit PCM unless told otherwise). */
export function encodeWav(audio: PcmAudio, encoding: WavEncoding = 'pcm16'): Uint8Array {
  const channels = audio.channels.length;
  const frames = audio.channels[0]?.length ?? 0;
  const bytesPerSample = BITS[encoding] / 8;
  const blockAlign = channels * bytesPerSample;
  const dataLength = frames * blockAlign;
  const pad = dataLength & 1;
  const out = new Uint8Array(44 + dataLength + pad);
  const view = new DataView(out.buffer);
  ascii(view, 0, 'RIFF');
  view.setUint32(4, 36 + dataLength + pad, true);
  ascii(view, 8, 'WAVE');
  ascii(view, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding === 'float32' ? 3 : 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, BITS[encoding], true);
  ascii(view, 36, 'data');
  view.setUint32(40, dataLength, true);
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++, at += bytesPerSample) writeSample(view, at, audio.channels[c]![i]!, encoding);
  }
  return out;
}

/**
 * A 44-byte 16-bit PCM header for audio sent as it is made (chunked HTTP): the sizes are 0xFFFFFFFF, which
 * players and this project's reader take as "until the end of the stream".
 */
export function wavStreamHeader(sampleRate: number, channels = 1): Uint8Array {
  const header = encodeWav({ sampleRate, channels: Array.from({ length: channels }, () => new Float32Array(0)) });
  const view = new DataView(header.buffer);
  view.setUint32(4, 0xffffffff, true);
  view.setUint32(40, 0xffffffff, true);
  return header;
}

/** Interleaved little-endian 16-bit PCM bytes, to follow wavStreamHeader. */
export function pcm16Bytes(channels: readonly Float32Array[]): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Uint8Array(frames * channels.length * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      writeSample(view, at, ch[i]!, 'pcm16');
      at += 2;
    }
  }
  return out;
}
