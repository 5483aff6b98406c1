// Bench-only page (not in the production build): loads, clones and speaks through the TTS worker's comlink API, as
// the app's voice section does, and times each step from the page's side (what a user would wait for).
import * as Comlink from 'comlink';
import type {
  TtsWorkerApi,
  XttsBackendChoice,
  XttsLoadProgress,
  XttsSource,
} from '../../../web/src/workers/tts/tts.worker';
import type { BenchWorkerConfig } from './bench.worker';

export interface BrowserBenchConfig extends BenchWorkerConfig {
  source: XttsSource;
  backend: XttsBackendChoice;
  clip: { samples: number[]; sampleRate: number };
  text: string;
  language: string;
  rounds: number;
  /** Load once more in a fresh worker, from the Cache API copy the first load left (a returning visit). */
  cachedLoad: boolean;
}

export interface BrowserRound {
  firstChunkMs: number;
  totalMs: number;
  samples: number;
  chunks: number;
}

export interface BrowserBenchResult {
  backend: string;
  reason: string;
  sampleRate: number;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  loadMs: number;
  /** Union of the spans in which files were downloading and being hashed (reads interleave with session creation). */
  downloadMs: number;
  downloadedBytes: number;
  cachedLoadMs: number | null;
  cloneMs: number;
  warmupMs: number;
  rounds: BrowserRound[];
}

async function startWorker(config: BenchWorkerConfig): Promise<{ worker: Worker; api: Comlink.Remote<TtsWorkerApi> }> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  await new Promise<void>((resolve, reject) => {
    worker.addEventListener('message', (e: MessageEvent<{ benchReady?: boolean }>) => e.data?.benchReady && resolve());
    worker.addEventListener('error', (e) => reject(new Error(e.message)));
    worker.postMessage({ benchConfig: config });
  });
  return { worker, api: Comlink.wrap<TtsWorkerApi>(worker) };
}

async function timedLoad(api: Comlink.Remote<TtsWorkerApi>, c: BrowserBenchConfig) {
  const spans = new Map<string, [number, number]>();
  let bytes = 0;
  const onProgress = (p: XttsLoadProgress) => {
    if (p.phase !== 'download') return;
    const now = performance.now();
    const span = spans.get(p.file);
    spans.set(p.file, span ? [span[0], now] : [now, now]);
    bytes = Math.max(bytes, p.overallReceived);
  };
  const start = performance.now();
  const info = await api.loadXtts(c.source, c.backend, Comlink.proxy(onProgress));
  const loadMs = performance.now() - start;
  let downloadMs = 0;
  let reach = -Infinity;
  for (const [a, b] of [...spans.values()].sort((x, y) => x[0] - y[0])) {
    downloadMs += Math.max(0, b - Math.max(a, reach));
    reach = Math.max(reach, b);
  }
  return { info, loadMs, downloadMs, bytes };
}

async function run(c: BrowserBenchConfig): Promise<BrowserBenchResult> {
  const workerConfig: BenchWorkerConfig = { tokens: c.tokens, warmupText: c.warmupText, warmupTokens: c.warmupTokens };
  let { worker, api } = await startWorker(workerConfig);
  const first = await timedLoad(api, c);
  let cachedLoadMs: number | null = null;
  if (c.cachedLoad) {
    // A fresh worker frees the first one's WASM memory (a heap cannot shrink) and finds the files in the cache.
    worker.terminate();
    ({ worker, api } = await startWorker(workerConfig));
    cachedLoadMs = (await timedLoad(api, c)).loadMs;
  }
  const t0 = performance.now();
  const voice = await api.cloneVoice(Float32Array.from(c.clip.samples), c.clip.sampleRate);
  await api.registerVoice('bench', voice);
  const cloneMs = performance.now() - t0;
  const speak = async (text: string, seed: number): Promise<BrowserRound> => {
    const start = performance.now();
    let firstChunkMs = NaN;
    let samples = 0;
    let chunks = 0;
    const onChunk = (chunk: { samples: Float32Array }) => {
      if (Number.isNaN(firstChunkMs) && chunk.samples.length > 0) firstChunkMs = performance.now() - start;
      samples += chunk.samples.length;
      chunks++;
    };
    await api.speak(text, { voice: 'clone:bench', seed, language: c.language }, Comlink.proxy(onChunk));
    return { firstChunkMs, totalMs: performance.now() - start, samples, chunks };
  };
  const warmupMs = (await speak(c.warmupText, 1)).totalMs;
  const rounds: BrowserRound[] = [];
  for (let r = 0; r < c.rounds; r++) rounds.push(await speak(c.text, r + 1));
  worker.terminate();
  return {
    backend: first.info.backend,
    reason: first.info.reason,
    sampleRate: first.info.sampleRate,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    loadMs: first.loadMs,
    downloadMs: first.downloadMs,
    downloadedBytes: first.bytes,
    cachedLoadMs,
    cloneMs,
    warmupMs,
    rounds,
  };
}

(globalThis as { xttsBench?: typeof run }).xttsBench = run;
