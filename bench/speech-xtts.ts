// P2 for XTTS: real-time factor, time to first audio chunk and GPT decode steps/s on the real-shaped model (GPT of 30
// layers, width 1024; HiFi-GAN of XTTS-v2's shape; random weights) with onnxruntime-node. Encoders are cheap stubs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeWav, toMono } from '@companion/core/audio';
import { XttsModel } from '@companion/core/speech/xtts';
import type { XttsGraph, XttsSession } from '@companion/core/speech/xtts';
import { ensureRealShapedXtts } from '@companion/models/fixtures';

/** Audio tokens per utterance (fixed: stop is held back until then, as random weights stop anywhere). */
const TOKENS = Number(process.env.BENCH_XTTS_TOKENS ?? 80);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STREAM_EVERY = 20;
/** Audio tokens per second of speech as the contract puts it; the real-shaped vocoder gives about 21.5 too. */
const TOKENS_PER_SEC = 21.5;
const TEXT = 'The quick brown fox jumps over the lazy dog while the companion reads this sentence aloud.';

/** Times every run() of a session, so GPT prefill, decode steps and vocoder calls can be told apart. */
function timed(session: XttsSession, log: number[]): XttsSession {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const t0 = performance.now();
      const out = await session.run(feeds);
      log.push(performance.now() - t0);
      return out;
    },
  };
}

function referenceAudio(): { samples: Float32Array; rate: number; source: string } {
  const dir = join(import.meta.dirname, '../../shared/assets/live2d/Haru/sounds');
  const clip = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.wav')) : undefined;
  if (clip) {
    const wav = decodeWav(new Uint8Array(readFileSync(join(dir, clip))));
    return { samples: toMono(wav), rate: wav.sampleRate, source: clip };
  }
  const rate = 22050;
  return {
    samples: Float32Array.from({ length: rate * 4 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 180 * i) / rate)),
    rate,
    source: 'sine',
  };
}

const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const t0 = performance.now();
  const dir = ensureRealShapedXtts({ log: (l) => console.error(l) });
  const genSec = (performance.now() - t0) / 1000;
  const logs: Record<XttsGraph, number[]> = {
    conditioning_encoder: [],
    speaker_encoder: [],
    gpt_model: [],
    hifigan_vocoder: [],
  };
  const t1 = performance.now();
  const model = await XttsModel.load({
    readFile: async (p) => new Uint8Array(readFileSync(join(dir, p))),
    createSession: async (graph, file) =>
      timed(await ort.InferenceSession.create(join(dir, file), { graphOptimizationLevel: 'all' }), logs[graph]),
    tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]),
  });
  const loadMs = performance.now() - t1;
  const ref = referenceAudio();
  const t2 = performance.now();
  const voice = await model.cloneVoice(ref.samples, ref.rate);
  const cloneMs = performance.now() - t2;
  await model.synthesize('Warm up.', voice, { seed: 1, minTokensPerChunk: 3, maxTokensPerChunk: 3 });

  const runs: {
    firstChunkMs: number;
    totalMs: number;
    audioSec: number;
    prefillMs: number;
    decodeStepsPerSec: number;
    vocoderMs: number;
    pipelineMs: number;
  }[] = [];
  for (let r = 0; r < RUNS; r++) {
    logs.gpt_model.length = 0;
    logs.hifigan_vocoder.length = 0;
    const start = performance.now();
    let first = NaN;
    let samples = 0;
    for await (const c of model.speak(TEXT, voice, {
      seed: r + 1,
      streamEvery: STREAM_EVERY,
      minTokensPerChunk: TOKENS,
      maxTokensPerChunk: TOKENS,
    })) {
      if (Number.isNaN(first) && c.samples.length > 0) first = performance.now() - start;
      samples += c.samples.length;
    }
    const totalMs = performance.now() - start;
    const [prefill = NaN, ...steps] = logs.gpt_model;
    const inSessions = [...logs.gpt_model, ...logs.hifigan_vocoder].reduce((a, b) => a + b, 0);
    runs.push({
      pipelineMs: totalMs - inSessions,
      firstChunkMs: first,
      totalMs,
      audioSec: samples / model.config.sampleRate,
      prefillMs: prefill,
      decodeStepsPerSec: steps.length / (steps.reduce((a, b) => a + b, 0) / 1000),
      vocoderMs: logs.hifigan_vocoder.reduce((a, b) => a + b, 0),
    });
  }
  // Every figure from the run with the median total, so they describe one and the same run.
  const mid = [...runs].sort((a, b) => a.totalMs - b.totalMs)[runs.length >> 1]!;
  const m = (k: keyof (typeof runs)[number]) => mid[k];
  const rtf = m('totalMs') / 1000 / m('audioSec');
  const rtfSpeech = m('totalMs') / 1000 / (TOKENS / TOKENS_PER_SEC);
  console.table([
    { measure: 'model load (ms)', value: round(loadMs) },
    { measure: 'voice clone (ms)', value: round(cloneMs) },
    { measure: `audio tokens / seconds`, value: `${TOKENS} / ${round(m('audioSec'), 2)}` },
    { measure: 'time to first chunk (ms)', value: round(m('firstChunkMs')) },
    { measure: 'total (ms)', value: round(m('totalMs')) },
    { measure: 'real-time factor', value: round(rtf, 3) },
    { measure: `real-time factor (${TOKENS_PER_SEC} tokens/s)`, value: round(rtfSpeech, 3) },
    { measure: 'GPT prefill (ms)', value: round(m('prefillMs')) },
    { measure: 'GPT decode steps/s', value: round(m('decodeStepsPerSec'), 2) },
    { measure: 'vocoder total (ms)', value: round(m('vocoderMs')) },
    { measure: 'pipeline outside sessions (ms)', value: round(m('pipelineMs')) },
    { measure: 'totals of all runs (ms)', value: runs.map((r) => round(r.totalMs, 0)).join(', ') },
  ]);
  console.log(
    JSON.stringify({
      bench: 'speech-xtts',
      bar: 'P2',
      model:
        'xtts-v2-shaped (GPT 30 layers, width 1024, 16 heads; HiFi-GAN 512ch [8,8,2,2]; fp32 random weights; stub encoders)',
      runtime: 'onnxruntime-node cpu',
      tokens: TOKENS,
      streamEvery: STREAM_EVERY,
      runs: RUNS,
      reference: ref.source,
      generateSec: round(genSec),
      loadMs: round(loadMs),
      cloneMs: round(cloneMs),
      audioSec: round(m('audioSec'), 3),
      firstChunkMs: round(m('firstChunkMs')),
      totalMs: round(m('totalMs')),
      rtf: round(rtf, 3),
      rtfAt21_5TokensPerSec: round(rtfSpeech, 3),
      prefillMs: round(m('prefillMs')),
      decodeStepsPerSec: round(m('decodeStepsPerSec'), 2),
      vocoderMs: round(m('vocoderMs')),
      pipelineMs: round(m('pipelineMs')),
      totalsMs: runs.map((r) => round(r.totalMs, 0)),
      node: process.version,
      cores: os.cpus().length,
      loadAvg1m: round(os.loadavg()[0]!),
    }),
  );
}

await main();
