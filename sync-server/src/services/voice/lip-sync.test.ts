// Lip sync for clones: the alignment thread gives what the in-thread alignment gives without holding the loop, the
// mouth shuts in silences, and every way it can fail keeps the envelope and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '@companion/core/errors';
import { envelopeMouthFrames, TtsError, type SynthesisResult, type TtsEngine } from '@companion/core/speech';
import { alignSpeech, type AlignJob } from './align-job.ts';
import { createAlignThreads, type Aligner } from './align-thread.ts';
import { createThreadedEspeak } from './espeak-thread.ts';
import { startLipSync, type LipSyncDeps } from './lip-sync.ts';

const TEXT = 'The quick brown fox jumps over the lazy dog, and then it runs away.';
const FPS = 30;
let espeak: TtsEngine;
let aligner: Aligner;
let reference: SynthesisResult;
/** The "cloned voice": espeak-ng in another voice and rate, with 600 ms of silence put in at 40 %. */
let target: { samples: Float32Array; sampleRate: number; silence: { startMs: number; endMs: number } };

beforeAll(async () => {
  espeak = await createThreadedEspeak({ threads: 1 });
  aligner = createAlignThreads({ threads: 1 });
  reference = await espeak.synthesize(TEXT, { voice: 'en-us' });
  const other = await espeak.synthesize(TEXT, { voice: 'en-us+f3', rate: 0.85 });
  const cut = Math.round(other.samples.length * 0.4);
  const gap = Math.round(0.6 * other.sampleRate);
  const samples = new Float32Array(other.samples.length + gap);
  samples.set(other.samples.subarray(0, cut), 0);
  samples.set(other.samples.subarray(cut), cut + gap);
  const ms = (n: number) => (n / other.sampleRate) * 1000;
  target = { samples, sampleRate: other.sampleRate, silence: { startMs: ms(cut), endMs: ms(cut + gap) } };
}, 60_000);
afterAll(() => {
  espeak?.dispose();
  aligner?.close();
});

const job = (): AlignJob => ({
  phonemes: [...reference.phonemes],
  referenceDurationMs: reference.durationMs,
  reference: { samples: reference.samples, sampleRate: reference.sampleRate },
  samples: target.samples,
  sampleRate: target.sampleRate,
  fps: FPS,
});
const deps = (over: Partial<LipSyncDeps> = {}): LipSyncDeps => ({ espeak: async () => espeak, aligner: async () => aligner, ...over });

describe('createAlignThreads', { timeout: 60_000 }, () => {
  it('gives exactly what the in-thread alignment gives, and lets the event loop turn meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    let threaded;
    try {
      threaded = await aligner.align(job());
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
    expect(threaded.method).toBe('dtw');
    expect(threaded).toEqual(alignSpeech(job()));
  });

  it('passes the alignment’s own error code back, and the thread keeps working', async () => {
    const bad = { ...job(), sampleRate: 5 };
    const err = await aligner.align(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('SPEECH_ALIGN_BAD_INPUT');
    expect((await aligner.align(job())).method).toBe('dtw');
  });

  it('refuses work once closed', async () => {
    const closed = createAlignThreads();
    closed.close();
    await expect(closed.align(job())).rejects.toMatchObject({ code: 'LIP_SYNC_FAILED' });
  });
});

describe('startLipSync', { timeout: 60_000 }, () => {
  it('aligns espeak-ng’s timings onto the audio: visemes inside it, the mouth shut in its silence', async () => {
    const r = await startLipSync(deps(), TEXT, 'en').finish(target.samples, target.sampleRate, FPS);
    expect(r.mouthSource).toBe('aligned');
    expect(r.fallback).toBeUndefined();
    const durationMs = (target.samples.length / target.sampleRate) * 1000;
    expect(r.durationMs).toBeCloseTo(durationMs, 6);
    expect(r.visemes.length).toBeGreaterThan(10);
    for (const v of r.visemes) {
      expect(v.startMs).toBeGreaterThanOrEqual(0);
      expect(v.endMs).toBeLessThanOrEqual(durationMs + 1e-6);
    }
    // The silence falls inside a vowel, whose viseme spans it; the mouth shuts there all the same (past the release
    // at its edges: 40 ms release, 15 ms attack), because the opening follows the audio's own level.
    const inner = { startMs: target.silence.startMs + 200, endMs: target.silence.endMs - 100 };
    expect(r.visemes.some((v) => v.viseme !== 'sil' && v.startMs < inner.endMs && v.endMs > inner.startMs)).toBe(true);
    const shut = r.mouth.filter((m) => m.timeMs >= inner.startMs && m.timeMs <= inner.endMs);
    expect(shut.length).toBeGreaterThan(5);
    expect(Math.max(...shut.map((m) => m.open))).toBeLessThan(0.02);
    // ...while it opens in speech.
    expect(Math.max(...r.mouth.map((m) => m.open))).toBeGreaterThan(0.3);
  });

  it('keeps the envelope, saying why, where espeak-ng cannot read the language (Japanese with kanji)', async () => {
    let asked = false;
    const r = await startLipSync(deps({ espeak: async () => ((asked = true), espeak) }), '今日は良い天気です。', 'ja').finish(target.samples, target.sampleRate, FPS);
    expect(asked).toBe(false);
    expect(r).toMatchObject({ mouthSource: 'envelope', visemes: [], fallback: { code: 'LIP_SYNC_UNSUPPORTED' } });
    expect(r.mouth).toEqual(envelopeMouthFrames(target.samples, target.sampleRate, { fps: FPS }));
  });

  it('keeps the envelope when espeak-ng fails, when the alignment fails, and when there is no audio', async () => {
    const broken: TtsEngine = { ...espeak, synthesize: () => Promise.reject(new TtsError('TTS_ENGINE_FAILED', 'espeak-ng crashed')) };
    const espeakDown = await startLipSync(deps({ espeak: async () => broken }), TEXT, 'en').finish(target.samples, target.sampleRate, FPS);
    expect(espeakDown).toMatchObject({ mouthSource: 'envelope', visemes: [], fallback: { code: 'LIP_SYNC_FAILED', message: expect.stringContaining('espeak-ng crashed') } });
    expect(espeakDown.mouth.length).toBeGreaterThan(0);

    const threadDown = await startLipSync(deps({ aligner: () => Promise.reject(new Error('no threads')) }), TEXT, 'en').finish(target.samples, target.sampleRate, FPS);
    // A plain Error's words stay on the server.
    expect(threadDown).toMatchObject({ mouthSource: 'envelope', fallback: { code: 'LIP_SYNC_FAILED', message: 'The alignment failed: unexpected error' } });

    const silent = await startLipSync(deps(), TEXT, 'en').finish(new Float32Array(0), 24000, FPS);
    expect(silent).toEqual({ durationMs: 0, mouthSource: 'envelope', visemes: [], mouth: [], fallback: { code: 'LIP_SYNC_NO_SPEECH', message: expect.any(String) } });
  });
});
