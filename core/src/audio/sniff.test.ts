import { describe, expect, it } from 'vitest';
import { isAudioType, isMpegFrameHeader, mimeOf, sniffType } from './sniff';
import { encodeWav } from './wav-write';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffType (U1)', () => {
  it.each([
    ['wav', encodeWav({ sampleRate: 16000, channels: [new Float32Array(4)] })],
    ['mp3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0])],
    ['mp3', bytes([0xff, 0xfb, 0x90, 0x64])], // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
    ['ogg', bytes('OggS', [0, 2])],
    ['flac', bytes('fLaC', [0, 0, 0, 34])],
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f])],
    ['png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])],
    ['zip', bytes('PK', [3, 4, 20, 0])],
    ['unknown', bytes('RIFF', [0, 0, 0, 0], 'AVI ')],
    ['unknown', bytes('<html>')],
    ['unknown', new Uint8Array(0)],
  ] as const)('recognises %s', (type, input) => {
    expect(sniffType(input)).toBe(type);
  });

  it('refuses frame-sync look-alikes with reserved fields', () => {
    expect(isMpegFrameHeader(bytes([0xff, 0xfb, 0xf0, 0x64]))).toBe(false); // bitrate index 15
    expect(isMpegFrameHeader(bytes([0xff, 0xfb, 0x9c, 0x64]))).toBe(false); // sample-rate index 3
    expect(isMpegFrameHeader(bytes([0xff, 0xfd, 0x90, 0x64]))).toBe(false); // Layer II
    expect(isMpegFrameHeader(bytes([0xff, 0xe2, 0x90, 0x64]))).toBe(true); // MPEG-2.5 Layer III
  });

  it('classifies audio and gives MIME types', () => {
    expect(isAudioType('mp3')).toBe(true);
    expect(isAudioType('png')).toBe(false);
    expect(mimeOf('wav')).toBe('audio/wav');
  });
});
