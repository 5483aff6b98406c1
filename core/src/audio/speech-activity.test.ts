import { describe, expect, it } from 'vitest';
import { espeakEngine, sileroVad, sileroVadWith } from '../../test/speech/node-speech';
import { analyzeSpeech, segmentSpeech, trimSilence } from './speech-activity';
import { createEnergyVad } from './vad';

describe('segmentSpeech', () => {
  const probs = Float32Array.from([0, 0.6, 0.4, 0.4, 0.6, 0.2, 0.1, 0.9, 0, 0, 0, 0, 0.8, 0.8, 0.8, 0.8, 0]);
  const tenths = (segs: { startSec: number; endSec: number }[]) =>
    segs.map((s) => [Math.round(s.startSec * 10), Math.round(s.endSec * 10)]);

  it('keeps speech going while above the lower threshold and drops short bursts', () => {
    expect(tenths(segmentSpeech(probs, 0.1, { minSpeechSec: 0.3, minSilenceSec: 0.15 }))).toEqual([
      [1, 5],
      [12, 16],
    ]);
  });

  it('bridges pauses shorter than minSilenceSec', () => {
    expect(tenths(segmentSpeech(probs, 0.1, { minSpeechSec: 0.3, minSilenceSec: 0.25 }))).toEqual([
      [1, 8],
      [12, 16],
    ]);
  });
});

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('silence trimming with Silero VAD', { timeout: 60_000 }, () => {
  it('cuts leading and trailing silence from real speech and keeps the speech', async () => {
    const [engine, vad] = await Promise.all([espeakEngine(), sileroVad()]);
    const speech = await engine.synthesize('This is a voice sample for cloning.');
    const rate = speech.sampleRate;
    const padded = new Float32Array(rate * 2 + speech.samples.length + rate * 3);
    padded.set(speech.samples, rate * 2);
    const { audio, analysis } = await trimSilence(vad, { sampleRate: rate, channels: [padded] }, { padSec: 0.1 });
    const kept = audio.channels[0]!.length / rate;
    expect(kept).toBeGreaterThan(speech.durationMs / 1000 - 0.3);
    expect(kept).toBeLessThan(speech.durationMs / 1000 + 0.5);
    expect(analysis.segments[0]!.startSec).toBeGreaterThan(1.8);
    expect(analysis.segments[0]!.startSec).toBeLessThan(2.3);
  });

  it('batched segments give nearly the same probabilities as one sequential pass', async () => {
    const engine = await espeakEngine();
    const rate = 22050;
    const parts: Float32Array[] = [];
    for (const text of ['First we talk a little.', 'Then a pause.', 'And then some more talking, about the weather.']) {
      parts.push((await engine.synthesize(text)).samples, new Float32Array(rate * 0.7));
    }
    const long = new Float32Array(parts.reduce((s, p) => s + p.length, 0) * 2);
    let at = 0;
    for (const p of [...parts, ...parts]) {
      long.set(p, at);
      at += p.length;
    }
    const sequential = await (await sileroVadWith({ maxBatch: 1 })).speechProbabilities(long, rate);
    const batched = await (await sileroVadWith({ maxBatch: 8 })).speechProbabilities(long, rate);
    expect(batched.length).toBe(sequential.length);
    const meanDiff = batched.reduce((s, p, i) => s + Math.abs(p - sequential[i]!), 0) / batched.length;
    expect(meanDiff).toBeLessThan(0.03);
    const seg = (probs: Float32Array) => segmentSpeech(probs, 0.032).length;
    expect(seg(batched)).toBe(seg(sequential));
  });

  it('returns empty audio for silence, so a silent upload can be refused', async () => {
    const vad = await sileroVad();
    const { audio, analysis } = await trimSilence(vad, { sampleRate: 16000, channels: [new Float32Array(16000 * 3)] });
    expect(audio.channels[0]).toHaveLength(0);
    expect(analysis.speechSec).toBe(0);
  });

  it('works with any detector behind the interface (energy fallback)', async () => {
    const rate = 8000;
    const x = new Float32Array(rate * 2);
    for (let i = rate / 2; i < rate; i++) x[i] = 0.5 * Math.sin(i / 3);
    const analysis = await analyzeSpeech(createEnergyVad(), { sampleRate: rate, channels: [x] });
    expect(analysis.segments).toHaveLength(1);
    expect(analysis.segments[0]!.startSec).toBeCloseTo(0.5, 1);
    expect(analysis.segments[0]!.endSec).toBeCloseTo(1, 1);
  });
});
