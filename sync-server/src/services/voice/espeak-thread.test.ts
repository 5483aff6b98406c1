// The threaded espeak-ng gives exactly what core's in-thread engine gives, refuses unknown voices, and leaves the loop free.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TtsError, type TtsEngine } from '@companion/core/speech';
import { createEspeakEngine } from '@companion/core/speech/espeak';
import { createThreadedEspeak } from './espeak-thread.ts';

let threaded: TtsEngine;
let local: TtsEngine;
beforeAll(async () => {
  [threaded, local] = await Promise.all([createThreadedEspeak({ threads: 2 }), createEspeakEngine()]);
}, 30_000);
afterAll(() => {
  threaded?.dispose();
  local?.dispose();
});

describe('createThreadedEspeak', () => {
  it('matches the in-thread engine sample for sample, with the same phoneme timings and words', async () => {
    for (const [text, o] of [
      ['Hello there. How are you today?', {}],
      ['A slower, higher voice.', { voice: 'en-us+f3', rate: 0.7, pitch: 1.4 }],
    ] as const) {
      const [a, b] = await Promise.all([threaded.synthesize(text, o), local.synthesize(text, o)]);
      expect(a.sampleRate).toBe(b.sampleRate);
      // Sample for sample up to espeak-ng's own jitter: on a heavily loaded machine two engines started apart
      // differed by about 3e-4 (its random voice flutter is not seeded per call), never in length or timings.
      expect(a.samples.length).toBe(b.samples.length);
      let maxDiff = 0;
      for (let i = 0; i < a.samples.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a.samples[i] ?? 0) - (b.samples[i] ?? 0)));
      expect(maxDiff).toBeLessThan(0.02);
      expect(a.phonemes).toEqual(b.phonemes);
      expect(a.words).toEqual(b.words);
      expect(a.durationMs).toBeCloseTo(b.durationMs, 6);
    }
    expect((await threaded.listVoices()).map((v) => v.id)).toEqual((await local.listVoices()).map((v) => v.id));
  });

  it('refuses unknown voices and variants with TTS_UNKNOWN_VOICE, and keeps working after', async () => {
    for (const voice of ['xx-none', 'en-us+nosuch']) {
      const err = await threaded.synthesize('Hi.', { voice }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TtsError);
      expect((err as TtsError).code).toBe('TTS_UNKNOWN_VOICE');
    }
    expect((await threaded.synthesize('Still fine.')).samples.length).toBeGreaterThan(1000);
  });

  it('does not hold the event loop while it speaks', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    try {
      // A long text: in-thread, the loop would not turn once until it is done.
      await threaded.synthesize('This is a rather long sentence that keeps going for a while. '.repeat(20));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});
