// The TTS Web Worker: synthesises speech (espeak-ng, and XTTS-v2 cloned voices) and its mouth track off the UI thread.
import '../../lib/zod-csp';
import * as Comlink from 'comlink';
import { CodedError } from '@companion/core/errors';
import { CLONE_PREFIX, TtsError, mouthForSpeech, type MouthFrame, type TtsEngine, type TtsVoice } from '@companion/core/speech';
import { installCodedErrorTransfer } from '../comlink-errors';
import type { XttsCloneProgress, XttsHost, XttsLoadInfo, XttsLoadProgress, XttsSpokenChunk } from './xtts-host';
import type { XttsBackendChoice } from './xtts-ort';
import type { XttsSource } from './xtts-source';

installCodedErrorTransfer();

export const ESPEAK_DATA_URL = '/speech/espeak-ng.data';
export { CLONE_PREFIX };

export type { XttsCloneProgress, XttsLoadInfo, XttsLoadProgress, XttsSpokenChunk, XttsBackendChoice, XttsSource };

export interface SpokenSentence {
  samples: Float32Array;
  sampleRate: number;
  durationMs: number;
  mouth: MouthFrame[];
  /** Where the mouth track came from: espeak-ng's phoneme timings, or the audio's loudness (no timings). */
  mouthSource?: 'phonemes' | 'loudness';
}

/** What `speak` answers. When an `onChunk` callback was given the audio went there, and `samples` is empty. */
export interface SpeechResult extends SpokenSentence {
  engine: 'espeak' | 'xtts';
  chunks: number;
  /** Samples produced in all (also when they were streamed). */
  totalSamples: number;
  backend?: string;
}

export interface SpeakOptions {
  voice?: string;
  rate?: number;
  pitch?: number;
  fps?: number;
  /** XTTS: sampler seed (the same seed, text and voice give the same audio) and language. */
  seed?: number;
  language?: string;
}

export type CancelKind = 'load' | 'clone' | 'speak';

let engine: Promise<TtsEngine> | null = null;
let xtts: Promise<XttsHost> | null = null;
const running: Record<CancelKind, Set<AbortController>> = { load: new Set(), clone: new Set(), speak: new Set() };

async function loadEspeak(): Promise<TtsEngine> {
  // 24 MB of voice data, fetched once from our origin; the service worker keeps it for offline use.
  const response = await fetch(ESPEAK_DATA_URL);
  if (!response.ok) throw new CodedError('TTS_ASSET_MISSING', `Could not fetch the espeak-ng voice data (${response.status}).`, { recoverable: true });
  const data = await response.arrayBuffer();
  // The GPL-3.0 engine is its own chunk, loaded only when this voice is used.
  const { createEspeakEngine } = await import('@companion/core/speech/espeak');
  return createEspeakEngine({ data });
}

/** XTTS code, onnxruntime-web and the model reader load only when a cloned voice is used. */
function xttsHost(): Promise<XttsHost> {
  xtts ??= import('./xtts-worker-deps').then((m) => m.createXttsHost());
  return xtts;
}

/** An AbortController that `cancel(kind)` reaches while the job runs. */
async function cancellable<T>(kind: CancelKind, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  running[kind].add(controller);
  try {
    return await job(controller.signal);
  } finally {
    running[kind].delete(controller);
  }
}

function loadedXtts(): Promise<XttsHost> {
  if (!xtts) throw new CodedError('XTTS_NOT_LOADED', 'Load the voice model first.', { recoverable: true });
  return xtts;
}

async function speakEspeak(text: string, options: SpeakOptions): Promise<SpokenSentence> {
  await api.init();
  const tts = await (engine as Promise<TtsEngine>);
  const result = await tts.synthesize(text, { voice: options.voice, rate: options.rate, pitch: options.pitch });
  const fps = options.fps ?? 60;
  // The same rule as the server's (core's mouthForSpeech): visemes from espeak-ng's timings, else the envelope.
  const chosen = mouthForSpeech(result, fps);
  return {
    samples: result.samples,
    sampleRate: result.sampleRate,
    durationMs: result.durationMs,
    mouth: [...chosen.mouth],
    mouthSource: chosen.mouthSource === 'phonemes' ? 'phonemes' : 'loudness',
  };
}

const api = {
  async init(): Promise<void> {
    engine ??= loadEspeak().catch((error: unknown) => {
      engine = null;
      throw error;
    });
    await engine;
  },
  async listVoices(): Promise<readonly TtsVoice[]> {
    await api.init();
    return (await (engine as Promise<TtsEngine>)).listVoices();
  },
  /**
   * Speaks one sentence. espeak-ng voices answer with the whole sentence; cloned voices (`clone:<id>`) need `onChunk`
   * and stream each XTTS chunk to it as soon as it is vocoded, so playback starts before the sentence is finished.
   */
  async speak(text: string, options: SpeakOptions = {}, onChunk?: (chunk: XttsSpokenChunk) => void): Promise<SpeechResult> {
    try {
      if (!options.voice?.startsWith(CLONE_PREFIX)) {
        const sentence = await speakEspeak(text, options);
        const result: SpeechResult = { ...sentence, engine: 'espeak', chunks: 1, totalSamples: sentence.samples.length };
        if (!onChunk) return Comlink.transfer(result, [sentence.samples.buffer as ArrayBuffer]); // transfer, don't copy
        await deliver(onChunk, { ...sentence, index: 0, startSample: 0 });
        return { ...result, samples: new Float32Array(0) };
      }
      if (!onChunk) throw new TtsError('TTS_ENGINE_FAILED', 'Cloned voices stream their audio: pass onChunk.', false);
      const host = await loadedXtts();
      const id = options.voice.slice(CLONE_PREFIX.length);
      const delivered: Promise<void>[] = [];
      const summary = await cancellable('speak', (signal) =>
        host.speak(text, id, { seed: options.seed, language: options.language, fps: options.fps }, (chunk) => void delivered.push(deliver(onChunk, chunk)), signal),
      );
      // Callbacks travel on their own MessagePort, so this answer could overtake the last chunks: wait until the page
      // has taken every one.
      await Promise.all(delivered);
      return {
        samples: new Float32Array(0),
        sampleRate: summary.sampleRate,
        durationMs: summary.durationMs,
        mouth: [],
        engine: 'xtts',
        chunks: summary.chunks,
        totalSamples: summary.samples,
        backend: summary.backend,
      };
    } finally {
      releaseProxy(onChunk);
    }
  },

  /** Loads an XTTS-v2 model (WebGPU when available, else WASM; `info.backend` says which and `reason` why). */
  async loadXtts(source: XttsSource, backend: XttsBackendChoice = 'auto', onProgress?: (p: XttsLoadProgress) => void): Promise<XttsLoadInfo> {
    try {
      const host = await xttsHost();
      return await cancellable('load', (signal) => host.load(source, backend, onProgress ? (p) => void onProgress(p) : undefined, signal));
    } finally {
      releaseProxy(onProgress);
    }
  },
  async xttsInfo(): Promise<XttsLoadInfo | null> {
    return xtts ? (await xtts).info : null;
  },
  async registerVoice(id: string, bytes: Uint8Array): Promise<void> {
    (await loadedXtts()).registerVoice(id, bytes);
  },
  /** Clones a voice from mono samples; answers the voice bytes to store (core's voice format). */
  async cloneVoice(samples: Float32Array, sampleRate: number, onProgress?: (p: XttsCloneProgress) => void): Promise<Uint8Array> {
    try {
      const host = await loadedXtts();
      const bytes = await cancellable('clone', (signal) => host.clone(samples, sampleRate, onProgress ? (p) => void onProgress(p) : undefined, signal));
      return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    } finally {
      releaseProxy(onProgress);
    }
  },
  /** Stops running and queued jobs of one kind (or all): they end with TTS_ABORTED / DOWNLOAD_ABORTED. */
  cancel(kind?: CancelKind): void {
    for (const k of kind ? [kind] : (Object.keys(running) as CancelKind[])) for (const c of running[k]) c.abort();
  },
};

/** Hands a chunk to the page without copying its samples; settles once the page has it (a page gone is no error). */
async function deliver(onChunk: (chunk: XttsSpokenChunk) => void, chunk: XttsSpokenChunk): Promise<void> {
  // On this side of comlink the callback is a proxy whose call answers a promise.
  const sent: unknown = onChunk(Comlink.transfer(chunk, [chunk.samples.buffer as ArrayBuffer]));
  await Promise.resolve(sent).catch(() => undefined);
}

/** Callbacks arrive as comlink proxies; each holds a MessagePort until released. */
function releaseProxy(callback: unknown): void {
  const release = (callback as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy];
  if (typeof release === 'function') release.call(callback);
}

export type TtsWorkerApi = typeof api;
Comlink.expose(api);
