// MP3 encoding (LAME via wasm-media-encoders) and bounded decoding (mpg123 via mpg123-decoder), both WASM loaded on demand.
import { AudioError } from './errors';
import { checkFormat, resolveLimits, type AudioLimits } from './limits';
import { readMp3Info, type Mp3Info } from './mpeg-header';
import type { PcmAudio } from './pcm';

const LAME_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
const CBR_KBPS = [8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] as const;
const ENCODE_BLOCK = 8192;
const DECODE_CHUNK = 16 * 1024;
/** Decoders add encoder delay and padding; allow this much over the header's duration before refusing. */
const DECODE_SLACK_SEC = 1;

export interface Mp3EncodeOptions {
  /** Constant bit rate, snapped to the nearest LAME allows; 64 kbit/s is plenty for speech at 22-24 kHz mono. */
  readonly kbps?: number;
  /**
   * Where the LAME WASM comes from. By default the copy embedded in the package as a data: URL, which it
   * fetch()es: fine in Node, but a browser CSP without `data:` in connect-src blocks it. There, pass the
   * URL of `wasm-media-encoders/wasm/mp3.wasm` served from the app's own origin (or its bytes).
   */
  readonly wasm?: string | ArrayBuffer | Uint8Array;
}

/**
 * Encodes to a CBR MP3 with LAME compiled to WASM (about 50x faster than real time here; the pure-JS lamejs
 * port was about 4x). LAME resamples rates MP3 cannot carry up to the next one it can.
 */
export async function encodeMp3(audio: PcmAudio, options: Mp3EncodeOptions = {}): Promise<Uint8Array> {
  const channels = audio.channels.slice(0, 2);
  if (channels.length === 0) throw new AudioError('AUDIO_BAD_CHANNELS', 'No audio channels to encode.');
  const { createEncoder, createMp3Encoder } = await import('wasm-media-encoders');
  const encoder = options.wasm ? await createEncoder('audio/mpeg', options.wasm) : await createMp3Encoder();
  const kbps = options.kbps ?? 64;
  const bitrate = CBR_KBPS.reduce((best, b) => (Math.abs(b - kbps) < Math.abs(best - kbps) ? b : best));
  const outputSampleRate = LAME_RATES.find((r) => r >= audio.sampleRate) ?? 48000;
  encoder.configure({ sampleRate: audio.sampleRate, channels: channels.length as 1 | 2, bitrate, outputSampleRate });
  const parts: Uint8Array[] = [];
  const length = channels[0]!.length;
  for (let i = 0; i < length; i += ENCODE_BLOCK) {
    // The encoder reuses its output buffer, so each piece is copied before the next call.
    parts.push(encoder.encode(channels.map((c) => clampBlock(c.subarray(i, i + ENCODE_BLOCK)))).slice());
  }
  parts.push(encoder.finalize().slice());
  return concat(parts);
}

function clampBlock(x: Float32Array): Float32Array {
  return x.map((v) => (Number.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v))));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Decodes an MP3 after checking its header against the limits (U2). Decoding stops with AUDIO_TOO_LONG
 * as soon as the output passes the limit, so a file whose header lies cannot grow without bound.
 */
export async function decodeMp3(
  bytes: Uint8Array,
  limits?: Partial<AudioLimits>,
): Promise<PcmAudio & { info: Mp3Info }> {
  const lim = resolveLimits(limits);
  const info = readMp3Info(bytes);
  checkFormat(info.sampleRate, info.channels, info.durationSec, lim);
  const maxFrames = Math.ceil((lim.maxDurationSec + DECODE_SLACK_SEC) * info.sampleRate);
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const pieces: Float32Array[][] = [];
    let frames = 0;
    for (let at = info.firstFrameOffset; at < bytes.length; at += DECODE_CHUNK) {
      const out = decoder.decode(bytes.subarray(at, at + DECODE_CHUNK));
      if (out.samplesDecoded === 0) continue;
      if (out.sampleRate !== info.sampleRate)
        throw new AudioError('AUDIO_MALFORMED', 'The sample rate changes inside the file.');
      frames += out.samplesDecoded;
      if (frames > maxFrames) throw new AudioError('AUDIO_TOO_LONG', `Audio is longer than ${lim.maxDurationSec} s.`);
      pieces.push(out.channelData.slice(0, info.channels).map((c) => c.slice(0, out.samplesDecoded)));
    }
    if (frames === 0) throw new AudioError('AUDIO_DECODE_FAILED', 'The MP3 contains no decodable audio.');
    const channels = Array.from({ length: info.channels }, (_, c) =>
      concatFloat(
        pieces.map((p) => p[c] ?? p[0]!),
        frames,
      ),
    );
    return { sampleRate: info.sampleRate, channels, info };
  } finally {
    decoder.free();
  }
}

function concatFloat(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
