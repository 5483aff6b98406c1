// Identifies a file's type from its leading bytes, never from its name or declared Content-Type (U1).
export type SniffedType = 'wav' | 'mp3' | 'ogg' | 'flac' | 'webm' | 'png' | 'zip' | 'unknown';

const AUDIO_TYPES: ReadonlySet<SniffedType> = new Set(['wav', 'mp3', 'ogg', 'flac', 'webm']);

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** True for a plausible MPEG-1/2/2.5 Layer III frame header at `at`. */
export function isMpegFrameHeader(bytes: Uint8Array, at = 0): boolean {
  if (bytes.length < at + 4) return false;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 3; // 1 is reserved
  const layer = (b1 >> 1) & 3; // 1 is Layer III
  const bitrate = b2 >> 4; // 15 is invalid; 0 is "free format", rare enough to refuse
  const rate = (b2 >> 2) & 3; // 3 is reserved
  return version !== 1 && layer === 1 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

export function sniffType(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WAVE'), 8)) return 'wav';
  if (startsWith(bytes, ascii('ID3')) || isMpegFrameHeader(bytes)) return 'mp3';
  if (startsWith(bytes, ascii('OggS'))) return 'ogg';
  if (startsWith(bytes, ascii('fLaC'))) return 'flac';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  return 'unknown';
}

export function isAudioType(type: SniffedType): boolean {
  return AUDIO_TYPES.has(type);
}

/** The MIME type to serve or compare against for a sniffed type. */
export function mimeOf(type: SniffedType): string {
  const map: Record<SniffedType, string> = {
    wav: 'audio/wav',
    mp3: 'audio/mpeg',
    ogg: 'audio/ogg',
    flac: 'audio/flac',
    webm: 'audio/webm',
    png: 'image/png',
    zip: 'application/zip',
    unknown: 'application/octet-stream',
  };
  return map[type];
}
