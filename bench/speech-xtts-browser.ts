// P2 for XTTS in the browser: load, clone, time to first chunk and real-time factor of the TTS worker (onnxruntime-web,
// WASM) on the real-shaped model (GPT 30 layers × 1024, HiFi-GAN of XTTS-v2's shape, random weights), beside
// onnxruntime-node in the same run, with the same clip, sentence, seeds and token count.
// Run: npm run build && npx tsx bench/speech-xtts-browser.ts   (prints a table, then one JSON line)
// Env: BENCH_RUNS (3), BENCH_XTTS_TOKENS (64 ≈ 3 s), BENCH_XTTS_WEBGPU=1 (also WebGPU: SwiftShader, CPU emulation,
// not representative: here it had not finished loading and speaking 8 tokens after 8 minutes), BENCH_PORT (the
// server's port; default a free one).
//
// The browser side is a bench-only page and worker entry (bench/lib/xtts-browser/), bundled by Vite into a throwaway
// folder that the built server serves as WEB_DIST: the production build is not touched. The entry runs the production
// TTS worker module unchanged, holding back stop until the token count (random weights stop anywhere), as
// bench/speech-xtts.ts does with minTokensPerChunk/maxTokensPerChunk.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { chromium } from '@playwright/test';
import { decodeWav, toMono } from '../core/src/audio/index.ts';
import { createEspeakEngine } from '../core/src/speech/espeak/index.ts';
import { XttsModel, type XttsSession } from '../core/src/speech/xtts/index.ts';
import { findChromium } from '../scripts/find-chromium.mjs';
import { startBuiltServer } from './lib/built-server.ts';
import { peakRssSampler } from './lib/tree-rss.ts';
import type { BrowserBenchConfig, BrowserBenchResult, BrowserRound } from './lib/xtts-browser/page.ts';
import { buildXttsBenchPage } from './lib/xtts-browser/build.ts';
import { SHAPED_GPT_DATA, SHAPED_GPT_FILE, installShapedXtts } from './lib/xtts-shaped-store.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Audio tokens per utterance: 64 ≈ 3 s at the real model's 21.5 tokens/s (about 1114 samples each at 24 kHz). */
const TOKENS = Number(process.env.BENCH_XTTS_TOKENS ?? 64);
const WEBGPU = process.env.BENCH_XTTS_WEBGPU === '1';
const PORT = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
/** One XTTS text chunk (well under English's 250 characters), so the utterance has exactly TOKENS tokens. */
const TEXT = 'The quick brown fox jumps over the lazy dog by the river.';
const WARMUP_TEXT = 'Warm up.';
const WARMUP_TOKENS = 3;
const LANGUAGE = 'en';
const HARU = resolve(import.meta.dirname, '../../shared/assets/live2d/Haru/sounds/haru_Info_14.wav');

interface Clip {
  samples: Float32Array;
  sampleRate: number;
  source: string;
}

/** Haru's 3 s clip when the shared assets are there; else espeak-ng speech (as e2e/cloned-voice.spec.ts does). */
async function referenceClip(): Promise<Clip> {
  if (existsSync(HARU)) {
    const wav = decodeWav(new Uint8Array(readFileSync(HARU)));
    return { samples: toMono(wav), sampleRate: wav.sampleRate, source: 'haru_Info_14.wav' };
  }
  const speech = await (
    await createEspeakEngine()
  ).synthesize('Hello there. This is a sample of my voice, recorded for cloning.');
  return { samples: speech.samples, sampleRate: speech.sampleRate, source: 'espeak-ng' };
}

interface EngineResult {
  label: string;
  loadMs: number;
  cloneMs: number;
  rounds: BrowserRound[];
  sampleRate: number;
  extra: EngineExtra;
}

interface EngineExtra {
  /** WASM or intra-op threads; a string where the runtime chose. */
  threads: number | string | null;
  chunks: number | undefined;
  backend?: string;
  crossOriginIsolated?: boolean;
  downloadMs?: number;
  downloadedBytes?: number;
  cachedLoadMs?: number | null;
  warmupMs?: number;
  /** Peak resident memory of all the browser's processes during the run. */
  peakBrowserRssBytes?: number | null;
}

async function measureBrowser(url: string, backend: 'wasm' | 'webgpu', clip: Clip): Promise<EngineResult> {
  const gpuArgs = [
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    '--use-vulkan=swiftshader',
    '--use-webgpu-adapter=swiftshader',
    '--enable-unsafe-swiftshader',
  ];
  const browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(backend === 'webgpu' ? gpuArgs : []),
    ],
  });
  try {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`));
    await page.goto(url);
    await page.waitForFunction(() => 'xttsBench' in globalThis);
    const config: BrowserBenchConfig = {
      source: {
        host: 'server',
        repo: 'companion-bench/xtts-v2-shaped',
        revision: 'main',
        quant: 'fp32',
        gptFile: SHAPED_GPT_FILE,
        optionalFiles: [SHAPED_GPT_DATA],
      },
      backend,
      clip: { samples: Array.from(clip.samples), sampleRate: clip.sampleRate },
      text: TEXT,
      language: LANGUAGE,
      rounds: RUNS,
      tokens: TOKENS,
      warmupText: WARMUP_TEXT,
      warmupTokens: WARMUP_TOKENS,
      cachedLoad: true,
    };
    const memory = peakRssSampler(/chrom/i);
    const r = await page.evaluate(
      (c) =>
        (globalThis as unknown as { xttsBench: (c: BrowserBenchConfig) => Promise<BrowserBenchResult> }).xttsBench(c),
      config,
    );
    const peakBrowserRssBytes = memory.stop();
    return {
      label: `browser ${r.backend}${backend === 'webgpu' ? ' (SwiftShader: CPU emulation, not representative)' : ''}`,
      loadMs: r.loadMs,
      cloneMs: r.cloneMs,
      rounds: r.rounds,
      sampleRate: r.sampleRate,
      extra: {
        backend: r.backend,
        threads: r.backend === 'wasm' ? (r.crossOriginIsolated ? Math.min(4, r.hardwareConcurrency) : 1) : null,
        crossOriginIsolated: r.crossOriginIsolated,
        downloadMs: round(r.downloadMs),
        downloadedBytes: r.downloadedBytes,
        cachedLoadMs: r.cachedLoadMs === null ? null : round(r.cachedLoadMs),
        warmupMs: round(r.warmupMs),
        chunks: r.rounds[0]?.chunks,
        peakBrowserRssBytes,
      },
    };
  } finally {
    await browser.close();
  }
}

/** Core's pipeline on onnxruntime-node from the fixture folder, as bench/speech-xtts.ts and the server run it. */
async function measureNode(dir: string, clip: Clip, threads: number | undefined): Promise<EngineResult> {
  const t0 = performance.now();
  const model = await XttsModel.load({
    readFile: async (p) => new Uint8Array(readFileSync(join(dir, p))),
    createSession: async (_graph, file) =>
      (await ort.InferenceSession.create(join(dir, file), {
        graphOptimizationLevel: 'all',
        ...(threads ? { intraOpNumThreads: threads } : {}),
      })) as unknown as XttsSession,
    tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]),
  });
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  const voice = await model.cloneVoice(clip.samples, clip.sampleRate);
  const cloneMs = performance.now() - t1;
  const speak = async (text: string, seed: number, tokens: number): Promise<BrowserRound> => {
    const start = performance.now();
    let firstChunkMs = NaN;
    let samples = 0;
    let chunks = 0;
    for await (const c of model.speak(text, voice, {
      seed,
      language: LANGUAGE,
      minTokensPerChunk: tokens,
      maxTokensPerChunk: tokens,
    })) {
      if (c.samples.length === 0) continue;
      if (Number.isNaN(firstChunkMs)) firstChunkMs = performance.now() - start;
      samples += c.samples.length;
      chunks++;
    }
    return { firstChunkMs, totalMs: performance.now() - start, samples, chunks };
  };
  await speak(WARMUP_TEXT, 1, WARMUP_TOKENS);
  const rounds: BrowserRound[] = [];
  for (let r = 0; r < RUNS; r++) rounds.push(await speak(TEXT, r + 1, TOKENS));
  return {
    label: `node cpu, ${threads ? `${threads} thread` : 'default threads'}`,
    loadMs,
    cloneMs,
    rounds,
    sampleRate: model.config.sampleRate,
    extra: { threads: threads ?? `default (${os.cpus().length} cores)`, chunks: rounds[0]?.chunks },
  };
}

const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/** Figures of the round with the median total, so first chunk and RTF describe one and the same run. */
function summary(e: EngineResult) {
  const mid = [...e.rounds].sort((a, b) => a.totalMs - b.totalMs)[e.rounds.length >> 1]!;
  const audioSec = mid.samples / e.sampleRate;
  return {
    engine: e.label,
    loadMs: round(e.loadMs),
    cloneMs: round(e.cloneMs),
    audioSec: round(audioSec, 3),
    firstChunkMs: round(mid.firstChunkMs),
    totalMs: round(mid.totalMs),
    rtf: round(mid.totalMs / 1000 / audioSec, 3),
    totalsMs: e.rounds.map((r) => round(r.totalMs, 0)),
    firstChunksMs: e.rounds.map((r) => round(r.firstChunkMs, 0)),
    ...e.extra,
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(os.tmpdir(), 'bench-xtts-browser-'));
  const store = join(work, 'store');
  const dist = join(work, 'dist');
  const clip = await referenceClip();
  const t0 = performance.now();
  const { fixtureDir } = await installShapedXtts(store, (l) => console.error(l));
  const prepareSec = (performance.now() - t0) / 1000;
  await buildXttsBenchPage(dist);
  const results: EngineResult[] = [];
  const server = await startBuiltServer({ WEB_DIST: dist, MODELS_DIR: store }, { port: PORT });
  try {
    for (const backend of WEBGPU ? (['wasm', 'webgpu'] as const) : (['wasm'] as const)) {
      console.error(`browser ${backend}…`);
      results.push(await measureBrowser(server.url, backend, clip));
    }
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  // After the browser has closed, so the two never compete for the 2 cores or for memory.
  const browserThreads = results[0]?.extra.threads;
  for (const threads of [undefined, ...(typeof browserThreads === 'number' ? [browserThreads] : [])]) {
    console.error(`node ${threads ?? 'default'} threads…`);
    results.push(await measureNode(fixtureDir, clip, threads));
  }
  const rows = results.map(summary);
  const wasm = rows[0]!;
  const node = rows.find((r) => r.engine === 'node cpu, default threads')!;
  const nodeSame = rows.find((r) => r.engine.startsWith('node') && r.threads === wasm.threads);
  const ratios = (n: (typeof rows)[number] | undefined) =>
    n && {
      vs: n.engine,
      load: round(wasm.loadMs / n.loadMs, 2),
      clone: round(wasm.cloneMs / n.cloneMs, 2),
      firstChunk: round(wasm.firstChunkMs / n.firstChunkMs, 2),
      rtf: round(wasm.rtf / n.rtf, 2),
    };
  console.table(
    rows.map((r) => ({
      engine: r.engine,
      'load ms': r.loadMs,
      'clone ms': r.cloneMs,
      'first chunk ms': r.firstChunkMs,
      'total ms': r.totalMs,
      'audio s': r.audioSec,
      RTF: r.rtf,
      'totals ms': r.totalsMs.join(', '),
    })),
  );
  console.table({
    'browser first load: of which downloading + hashing (ms)': wasm.downloadMs,
    'browser load again from the Cache API, fresh worker (ms)': wasm.cachedLoadMs,
    'browser peak memory, all its processes (GB)': round((wasm.peakBrowserRssBytes ?? NaN) / 1e9, 2),
    'browser WASM threads (crossOriginIsolated?)': `${String(wasm.threads)} (${String(wasm.crossOriginIsolated)})`,
    'browser/node ratios (default threads): load, clone, first chunk, RTF': Object.values(ratios(node) ?? {})
      .slice(1)
      .join(', '),
    ...(nodeSame && nodeSame !== node
      ? {
          [`browser/node ratios (${String(wasm.threads)} thread): load, clone, first chunk, RTF`]: Object.values(
            ratios(nodeSame) ?? {},
          )
            .slice(1)
            .join(', '),
        }
      : {}),
  });
  console.log(
    JSON.stringify({
      bench: 'speech-xtts-browser',
      bar: 'P2',
      model:
        'xtts-v2-shaped (GPT 30 layers, width 1024, 16 heads, fp32 1.5 GB external data; HiFi-GAN 512ch [8,8,2,2]; random weights; stub encoders)',
      tokens: TOKENS,
      text: TEXT,
      runs: RUNS,
      reference: clip.source,
      prepareSec: round(prepareSec),
      engines: rows,
      ratios: {
        browserOverNode: ratios(node),
        ...(nodeSame && nodeSame !== node ? { browserOverNodeSameThreads: ratios(nodeSame) } : {}),
      },
      node: process.version,
      cores: os.cpus().length,
      loadAvg1m: round(os.loadavg()[0]!),
    }),
  );
}

await main();
