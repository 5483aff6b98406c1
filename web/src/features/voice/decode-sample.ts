// Turns a chosen or recorded file into mono samples: WAV exactly with core's reader (no resampling, so a clone is
// reproducible anywhere), anything else through the browser's own decoders.
import { CodedError } from '@companion/core/errors';
import { decodeWav, isAudioError, sniffType, toMono } from '@companion/core/audio';

export interface DecodedSample {
  samples: Float32Array;
  sampleRate: number;
  channels: number;
  decoder: 'wav' | 'browser';
}

/** A few minutes of compressed audio at most; a clone needs seconds. */
export const SAMPLE_MAX_BYTES = 25 * 1024 * 1024;
/** The browser decodes other formats at this rate (XTTS resamples to 22.05 and 16 kHz itself). */
const BROWSER_RATE = 48000;

export type BrowserDecode = (bytes: ArrayBuffer) => Promise<{ sampleRate: number; channels: Float32Array[] }>;

async function decodeInBrowser(bytes: ArrayBuffer): Promise<{ sampleRate: number; channels: Float32Array[] }> {
  const context = new OfflineAudioContext(1, 1, BROWSER_RATE);
  const buffer = await context.decodeAudioData(bytes);
  return { sampleRate: buffer.sampleRate, channels: Array.from({ length: buffer.numberOfChannels }, (_, i) => buffer.getChannelData(i)) };
}

function unreadable(detail: string): CodedError {
  return new CodedError('SAMPLE_UNREADABLE', `This file could not be read as audio (${detail}). Try WAV or MP3.`, { recoverable: true });
}

export async function decodeSample(bytes: Uint8Array, browserDecode: BrowserDecode = decodeInBrowser): Promise<DecodedSample> {
  if (bytes.byteLength > SAMPLE_MAX_BYTES)
    throw new CodedError('SAMPLE_TOO_LARGE', `The file is over ${SAMPLE_MAX_BYTES / 1024 / 1024} MB; a voice sample needs only a few seconds.`, { recoverable: true });
  if (sniffType(bytes) === 'wav') {
    try {
      const wav = decodeWav(bytes, { maxDurationSec: 120 });
      return { samples: toMono(wav), sampleRate: wav.sampleRate, channels: wav.channels.length, decoder: 'wav' };
    } catch (error) {
      if (isAudioError(error)) throw unreadable(error.message);
      throw error;
    }
  }
  try {
    // decodeAudioData detaches the buffer it is given: hand it a copy.
    const decoded = await browserDecode(bytes.slice().buffer);
    const samples = toMono({ sampleRate: decoded.sampleRate, channels: decoded.channels });
    return { samples, sampleRate: decoded.sampleRate, channels: decoded.channels.length, decoder: 'browser' };
  } catch (error) {
    throw unreadable(error instanceof Error ? error.message : String(error));
  }
}
