// P2 (espeak-ng): real-time factor and time to first audio chunk in Node. Prints a table and one JSON line.
import os from 'node:os';
import { createEspeakEngine } from '@companion/core/speech/espeak';

const SENTENCE = 'Hello! It is lovely to see you again; shall we pick up where we left off yesterday?';
const PARAGRAPH = [
  SENTENCE,
  'The weather has been strange this week, with sunshine in the morning and heavy rain by the evening.',
  'I read a little about the history of lighthouses, and I would love to tell you about it.',
].join(' ');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

interface Sample {
  synthMs: number;
  firstChunkMs: number;
  audioMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

async function measure(engine: Awaited<ReturnType<typeof createEspeakEngine>>, text: string): Promise<Sample> {
  const t0 = performance.now();
  let first = -1;
  const result = await engine.synthesize(text, {
    onChunk: () => {
      if (first < 0) first = performance.now() - t0;
    },
  });
  return { synthMs: performance.now() - t0, firstChunkMs: first, audioMs: result.durationMs };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const engine = await createEspeakEngine();
  const startMs = performance.now() - t0;
  // Warm up the JIT on real-length text so the first measured runs are not compiling.
  for (let i = 0; i < 3; i++) await measure(engine, SENTENCE);
  const rows: Record<string, number | string>[] = [];
  const summary: Record<string, number> = { engineStartMs: round(startMs) };
  for (const [name, text] of [
    ['sentence', SENTENCE],
    ['paragraph', PARAGRAPH],
  ] as const) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await measure(engine, text));
    const rtf = samples.map((s) => s.synthMs / s.audioMs);
    const first = samples.map((s) => s.firstChunkMs);
    rows.push({
      text: name,
      chars: text.length,
      audioSec: round(samples[0]!.audioMs / 1000),
      rtfMedian: round(median(rtf), 4),
      rtfP95: round(p95(rtf), 4),
      firstChunkMsMedian: round(median(first)),
      firstChunkMsP95: round(p95(first)),
      synthMsMedian: round(median(samples.map((s) => s.synthMs))),
    });
    summary[`${name}RtfMedian`] = round(median(rtf), 4);
    summary[`${name}FirstChunkMsMedian`] = round(median(first));
    summary[`${name}FirstChunkMsP95`] = round(p95(first));
  }
  engine.dispose();
  console.table(rows);
  console.log(
    JSON.stringify({
      bench: 'speech-espeak',
      bar: 'P2',
      engine: 'espeak-ng (wasm2js, @echogarden/espeak-ng-emscripten)',
      runs: RUNS,
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      // Other work on the machine inflates every figure; compare runs only at similar load.
      loadAvg1m: round(os.loadavg()[0] ?? 0),
      ...summary,
    }),
  );
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
