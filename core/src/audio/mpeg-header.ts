// Reads MPEG audio (MP3) frame headers, ID3v2 and Xing/Info/VBRI tags to learn rate, channels and duration before decoding (U2).
import { AudioError } from './errors';
import { isMpegFrameHeader } from './sniff';

export interface Mp3Info {
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitrateKbps: number;
  /** From the Xing/Info/VBRI frame count when present, else estimated from size and the first bitrate. */
  readonly durationSec: number;
  readonly durationExact: boolean;
  readonly firstFrameOffset: number;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
/** How far past the ID3 tag to look for the first frame; real files start at once or after a little junk. */
const SEARCH_LIMIT = 64 * 1024;

interface FrameHeader {
  mpeg1: boolean;
  sampleRate: number;
  bitrateKbps: number;
  channels: 1 | 2;
  length: number;
  samplesPerFrame: number;
}

function parseFrame(bytes: Uint8Array, at: number): FrameHeader | undefined {
  if (!isMpegFrameHeader(bytes, at)) return undefined;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  const version = (b1 >> 3) & 3;
  const mpeg1 = version === 3;
  const bitrateKbps = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[b2 >> 4]!;
  const sampleRate = RATES[version]![(b2 >> 2) & 3]!;
  const padding = (b2 >> 1) & 1;
  const length = Math.floor(((mpeg1 ? 144 : 72) * bitrateKbps * 1000) / sampleRate) + padding;
  const channels = bytes[at + 3]! >> 6 === 3 ? 1 : 2;
  return { mpeg1, sampleRate, bitrateKbps, channels, length, samplesPerFrame: mpeg1 ? 1152 : 576 };
}

function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  const footer = bytes[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

function u32be(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length) return undefined;
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function tagAt(bytes: Uint8Array, at: number, tag: string): boolean {
  return [...tag].every((c, i) => bytes[at + i] === c.charCodeAt(0));
}

/** Frame count from a Xing/Info or VBRI tag in the first frame, if there is one. */
function taggedFrames(bytes: Uint8Array, at: number, h: FrameHeader): number | undefined {
  const side = h.mpeg1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  const xing = at + 4 + side;
  if (tagAt(bytes, xing, 'Xing') || tagAt(bytes, xing, 'Info')) {
    const flags = u32be(bytes, xing + 4);
    return flags !== undefined && flags & 1 ? u32be(bytes, xing + 8) : undefined;
  }
  if (tagAt(bytes, at + 36, 'VBRI')) return u32be(bytes, at + 36 + 14);
  return undefined;
}

function findFirstFrame(bytes: Uint8Array, from: number): { at: number; header: FrameHeader } {
  const end = Math.min(bytes.length - 4, from + SEARCH_LIMIT);
  for (let at = from; at <= end; at++) {
    const header = parseFrame(bytes, at);
    if (!header || header.length < 24) continue;
    // A second header right after the first rules out a chance 0xFFE pattern; a one-frame file is accepted.
    const next = at + header.length;
    if (next + 4 > bytes.length || parseFrame(bytes, next)?.sampleRate === header.sampleRate) return { at, header };
  }
  throw new AudioError('AUDIO_MALFORMED', 'No MPEG audio frame found.');
}

/** Reads an MP3's format and duration without decoding; throws AudioError for non-MP3 input. */
export function readMp3Info(bytes: Uint8Array): Mp3Info {
  const skip = id3Length(bytes);
  if (skip >= bytes.length) throw new AudioError('AUDIO_TRUNCATED', 'The file ends inside its ID3 tag.');
  const { at, header } = findFirstFrame(bytes, skip);
  const frames = taggedFrames(bytes, at, header);
  const durationSec =
    frames !== undefined
      ? (frames * header.samplesPerFrame) / header.sampleRate
      : ((bytes.length - at) * 8) / (header.bitrateKbps * 1000);
  return {
    sampleRate: header.sampleRate,
    channels: header.channels,
    bitrateKbps: header.bitrateKbps,
    durationSec,
    durationExact: frames !== undefined,
    firstFrameOffset: at,
  };
}
