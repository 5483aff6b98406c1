// espeak-ng in a worker thread: its synthesis is synchronous, so on the main thread it would stall every request.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TtsError, type SynthesisOptions, type SynthesisResult, type TtsEngine, type TtsVoice } from '@companion/core/speech';

const require = createRequire(import.meta.url);
export const ESPEAK_RATE = 22050;

/*
 * Plain JavaScript (eval) so the same code runs under vitest, tsx and the esbuild bundle without a second entry point.
 * It mirrors core/speech/espeak/espeak-engine.ts: voice and variant check, rate and pitch around espeak's normal
 * 175 wpm and pitch 50, int16 samples and raw events back to the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.url).then(async (m) => {
  const mod = await m.default({ print: () => {}, printErr: () => {} });
  return { mod, worker: new mod.eSpeakNGWorker() };
});
let variants;
parentPort.on('message', async (msg) => {
  try {
    const { mod, worker } = await ready;
    if (msg.kind === 'voices') {
      const voices = worker.list_voices().map((v) => ({ id: v.identifier, name: v.name, languages: [...v.languages].sort((a, b) => a.priority - b.priority).map((l) => l.name) }));
      parentPort.postMessage({ id: msg.id, voices });
      return;
    }
    variants ??= mod.FS.readdir('/usr/share/espeak-ng-data/voices/!v').filter((f) => f !== '.' && f !== '..');
    const variant = msg.voice.split('+')[1];
    if ((variant !== undefined && !variants.includes(variant)) || worker.set_voice(msg.voice) !== 0) {
      parentPort.postMessage({ id: msg.id, error: 'TTS_UNKNOWN_VOICE', message: 'espeak-ng has no voice "' + msg.voice + '".' });
      return;
    }
    worker.set_rate(Math.round(175 * msg.rate));
    worker.set_pitch(Math.round(50 * msg.pitch));
    const parts = [];
    const events = [];
    let total = 0;
    worker.synthesize(msg.text, (samples, evs) => {
      for (const e of evs) if (e.type === 'phoneme' || e.type === 'word') events.push({ type: e.type, id: typeof e.id === 'string' ? e.id : '', at: e.audio_position, pos: e.text_position, len: e.word_length });
      if (samples.length > 0) { parts.push(Int16Array.from(samples)); total += samples.length; }
      return 0;
    });
    const out = new Int16Array(total);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    parentPort.postMessage({ id: msg.id, samples: out, events }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: 'TTS_ENGINE_FAILED', message: String(e && e.message || e) });
  }
});
`;

interface Reply {
  id: number;
  error?: 'TTS_UNKNOWN_VOICE' | 'TTS_ENGINE_FAILED';
  message?: string;
  voices?: { id: string; name: string; languages: string[] }[];
  samples?: Int16Array;
  events?: { type: 'phoneme' | 'word'; id: string; at: number; pos: number; len: number }[];
}

const clamp = (x: number | undefined, lo: number, hi: number) => (x !== undefined && Number.isFinite(x) ? Math.max(lo, Math.min(hi, x)) : 1);

/** One espeak-ng instance per thread; calls are answered in order. `threads` instances share the work. */
export async function createThreadedEspeak(options: { threads?: number; maxTextChars?: number; defaultVoice?: string } = {}): Promise<TtsEngine> {
  const url = pathToFileURL(require.resolve('@echogarden/espeak-ng-emscripten')).href;
  const workers = Array.from({ length: Math.max(1, options.threads ?? 1) }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { url } });
    w.unref(); // an idle speech thread must not keep the process alive at shutdown
    return { w, busy: 0 };
  });
  let next = 0;
  const waiting = new Map<number, (r: Reply) => void>();
  for (const { w } of workers) {
    w.on('message', (r: Reply) => {
      waiting.get(r.id)?.(r);
      waiting.delete(r.id);
    });
    w.on('error', (e) => {
      for (const [id, resolve] of waiting) resolve({ id, error: 'TTS_ENGINE_FAILED', message: e.message });
      waiting.clear();
    });
  }
  const call = (msg: Record<string, unknown>): Promise<Reply> => {
    const id = ++next;
    // The least busy thread: with the pool's bound, that is an idle one.
    const slot = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy += 1;
    return new Promise<Reply>((resolve) => {
      waiting.set(id, (r) => {
        slot.busy -= 1;
        resolve(r);
      });
      slot.w.postMessage({ ...msg, id });
    });
  };
  let voices: Promise<readonly TtsVoice[]> | undefined;
  const engine: TtsEngine = {
    id: 'espeak-ng',
    listVoices: () =>
      (voices ??= call({ kind: 'voices' }).then((r) => {
        if (r.error) throw new TtsError(r.error, r.message ?? 'espeak-ng failed', false);
        return (r.voices ?? []).map((v) => ({ ...v, engine: 'espeak-ng' }));
      })),
    async synthesize(text: string, o: SynthesisOptions = {}): Promise<SynthesisResult> {
      const max = options.maxTextChars ?? 20_000;
      if (text.length > max) throw new TtsError('TTS_TEXT_TOO_LONG', `Text is ${text.length} characters; the limit is ${max}.`);
      const voice = (o.voice ?? options.defaultVoice ?? 'en-us').trim();
      const r = await call({ kind: 'speak', text, voice, rate: clamp(o.rate, 0.5, 2.5), pitch: clamp(o.pitch, 0, 2) });
      if (r.error) throw new TtsError(r.error, r.message ?? 'espeak-ng failed', r.error !== 'TTS_ENGINE_FAILED');
      if (o.signal?.aborted) throw new TtsError('TTS_ABORTED', 'Synthesis was cancelled.');
      const pcm = r.samples ?? new Int16Array(0);
      const samples = new Float32Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i]! / 32768;
      const events = r.events ?? [];
      const phonemes = events.filter((e) => e.type === 'phoneme').map((e) => ({ phoneme: e.id, startMs: e.at }));
      const words = events.filter((e) => e.type === 'word').map((e) => ({ textOffset: e.pos - 1, length: e.len, startMs: e.at }));
      const durationMs = (samples.length / ESPEAK_RATE) * 1000;
      o.onChunk?.({ samples, sampleRate: ESPEAK_RATE, startMs: 0, phonemes });
      return { samples, sampleRate: ESPEAK_RATE, phonemes, words, durationMs };
    },
    dispose() {
      for (const { w } of workers) void w.terminate();
    },
  };
  await engine.listVoices(); // fails here, at load, if the package or its data cannot start
  return engine;
}
