// P2 companions: speed of the audio steps around synthesis and uploads (VAD, resampling, loudness, denoise, MP3), as real-time factors.
import { createRequire } from 'node:module';
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import {
  analyzeSpeech,
  createSileroVad,
  decodeMp3,
  encodeMp3,
  encodeWav,
  decodeWav,
  normalizeLoudness,
  reduceNoise,
  resample,
} from '@companion/core/audio';
import { createEspeakEngine } from '@companion/core/speech/espeak';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timeIt(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const engine = await createEspeakEngine();
  const parts: Float32Array[] = [];
  for (let i = 0; i < 4; i++)
    parts.push(
      (await engine.synthesize('This is a sample of speech used to time the audio steps around synthesis.')).samples,
    );
  engine.dispose();
  const speech = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  parts.reduce((at, p) => (speech.set(p, at), at + p.length), 0);
  const rate = 22050;
  const audioSec = speech.length / rate;
  const audio = { sampleRate: rate, channels: [speech] };
  const session = await ort.InferenceSession.create(require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
  const vad = createSileroVad({ session, tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]) });
  const mp3 = await encodeMp3(audio);
  const wav = encodeWav(audio);
  const steps: [string, () => unknown][] = [
    ['silero-vad (incl. resample to 16 kHz)', () => analyzeSpeech(vad, audio)],
    ['resample 22050→16000', () => resample(speech, rate, 16000)],
    ['resample 22050→48000', () => resample(speech, rate, 48000)],
    ['loudness normalise (BS.1770)', () => normalizeLoudness(audio)],
    ['denoise (spectral gate)', () => reduceNoise(speech, rate)],
    ['mp3 encode 64 kbit/s', () => encodeMp3(audio)],
    ['mp3 decode', () => decodeMp3(mp3)],
    ['wav decode', () => decodeWav(wav)],
  ];
  const rows: { step: string; msMedian: number; rtf: number }[] = [];
  for (const [step, fn] of steps) {
    await fn(); // warm up (JIT, WASM instantiation)
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeIt(fn));
    const ms = median(times);
    rows.push({ step, msMedian: Math.round(ms * 10) / 10, rtf: Math.round((ms / 1000 / audioSec) * 10000) / 10000 });
  }
  console.table(rows);
  console.log(
    JSON.stringify({
      bench: 'speech-audio',
      bar: 'P2',
      audioSec: Math.round(audioSec * 100) / 100,
      runs: RUNS,
      node: process.version,
      cores: os.cpus().length,
      loadAvg1m: Math.round(os.loadavg()[0]! * 10) / 10,
      rtf: Object.fromEntries(rows.map((r) => [r.step, r.rtf])),
    }),
  );
}

await main();
