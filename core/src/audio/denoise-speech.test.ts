import { describe, expect, it } from 'vitest';
import { espeakEngine, sileroVad } from '../../test/speech/node-speech';
import { reduceNoise } from './denoise';
import { rms } from './pcm';
import { analyzeSpeech } from './speech-activity';

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('reduceNoise on real speech', { timeout: 60_000 }, () => {
  it('quietens the hiss between words and keeps the speech recognisable as speech', async () => {
    const [engine, vad] = await Promise.all([espeakEngine(), sileroVad()]);
    const speech = await engine.synthesize('I would like my companion to sound just like this recording.');
    const rate = speech.sampleRate;
    const lead = rate; // one second of room tone before the speech
    let seed = 5;
    const noisy = new Float32Array(lead + speech.samples.length);
    for (let i = 0; i < noisy.length; i++) {
      const hiss = ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.06;
      noisy[i] = hiss + (i >= lead ? speech.samples[i - lead]! : 0);
    }
    const cleaned = reduceNoise(noisy, rate);
    const floorBefore = rms(noisy.subarray(2000, lead - 2000));
    const floorAfter = rms(cleaned.subarray(2000, lead - 2000));
    expect(20 * Math.log10(floorAfter / floorBefore)).toBeLessThan(-10);
    // The speech itself keeps most of its energy.
    expect(rms(cleaned.subarray(lead)) / rms(speech.samples)).toBeGreaterThan(0.8);
    const before = await analyzeSpeech(vad, { sampleRate: rate, channels: [noisy.subarray(lead)] });
    const after = await analyzeSpeech(vad, { sampleRate: rate, channels: [cleaned.subarray(lead)] });
    expect(after.meanProbability).toBeGreaterThan(0.7);
    expect(after.meanProbability).toBeGreaterThan(before.meanProbability - 0.1);
  });
});
