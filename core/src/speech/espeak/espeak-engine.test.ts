import { describe, expect, it } from 'vitest';
import { espeakEngine, sileroVad } from '../../../test/speech/node-speech';
import { rms } from '../../audio/pcm';
import { analyzeSpeech } from '../../audio/speech-activity';
import { TtsError, type SpeechChunk } from '../engine';
import { mouthFrames } from '../mouth';
import { visemeTrack } from '../visemes';
import { ESPEAK_SAMPLE_RATE } from './espeak-engine';

const SENTENCE = 'The quick brown fox jumps over the lazy dog, and then it runs away.';

function windowRms(samples: Float32Array, fromMs: number, toMs: number): number {
  const a = Math.floor((fromMs / 1000) * ESPEAK_SAMPLE_RATE);
  const b = Math.ceil((toMs / 1000) * ESPEAK_SAMPLE_RATE);
  return rms(samples.subarray(a, Math.max(a + 1, b)));
}

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('espeak-ng engine (real synthesis)', { timeout: 60_000 }, () => {
  it('produces speech of plausible duration and energy', async () => {
    const engine = await espeakEngine();
    const result = await engine.synthesize(SENTENCE);
    expect(result.sampleRate).toBe(22050);
    const words = SENTENCE.split(' ').length;
    const seconds = result.samples.length / result.sampleRate;
    // 175 words per minute is espeak's normal rate; allow for pauses and the comma.
    expect(seconds).toBeGreaterThan((words / 175) * 60 * 0.6);
    expect(seconds).toBeLessThan((words / 175) * 60 * 1.8);
    expect(rms(result.samples)).toBeGreaterThan(0.02);
    expect(Math.max(...result.samples.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(result.words.length).toBe(words);
  });

  it('is judged to be speech by Silero VAD (real weights), unlike silence and noise', async () => {
    const [engine, vad] = await Promise.all([espeakEngine(), sileroVad()]);
    const speech = await engine.synthesize(SENTENCE);
    const speechAnalysis = await analyzeSpeech(vad, { sampleRate: speech.sampleRate, channels: [speech.samples] });
    const silence = await analyzeSpeech(vad, { sampleRate: 22050, channels: [new Float32Array(22050 * 2)] });
    let seed = 1;
    const noise = Float32Array.from(
      { length: 22050 * 2 },
      () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2,
    );
    const noiseAnalysis = await analyzeSpeech(vad, { sampleRate: 22050, channels: [noise] });
    expect(speechAnalysis.meanProbability).toBeGreaterThan(0.6);
    expect(speechAnalysis.speechSec).toBeGreaterThan(0.7 * (speech.durationMs / 1000));
    expect(silence.meanProbability).toBeLessThan(0.05);
    expect(noiseAnalysis.meanProbability).toBeLessThan(0.2);
  });

  it('reports phoneme events whose visemes line up with the audio', async () => {
    const engine = await espeakEngine();
    const result = await engine.synthesize('Hello, Bob. Papa came home.');
    const times = result.phonemes.map((p) => p.startMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)!).toBeLessThanOrEqual(result.durationMs);
    const track = visemeTrack(result.phonemes, result.durationMs);
    // Vowel cues are louder than silence cues, and the mouth is open while they sound.
    const vowels = track.filter((c) => ['aa', 'E', 'oh', 'ou', 'ih'].includes(c.viseme) && c.endMs - c.startMs > 40);
    const silences = track.filter((c) => c.viseme === 'sil' && c.endMs - c.startMs > 40);
    expect(vowels.length).toBeGreaterThan(4);
    expect(silences.length).toBeGreaterThan(0);
    const vowelLevel = vowels.reduce((s, c) => s + windowRms(result.samples, c.startMs, c.endMs), 0) / vowels.length;
    const silenceLevel =
      silences.reduce((s, c) => s + windowRms(result.samples, c.startMs, c.endMs), 0) / silences.length;
    expect(vowelLevel).toBeGreaterThan(5 * silenceLevel);
    // Mouth opening follows loudness over the utterance: positive correlation frame by frame.
    const frames = mouthFrames(track, result.durationMs, { fps: 50 });
    const level = frames.map((f) => windowRms(result.samples, f.timeMs - 10, f.timeMs + 10));
    expect(
      correlation(
        frames.map((f) => f.open),
        level,
      ),
    ).toBeGreaterThan(0.4);
    // Lips close for the b and p of "Bob" and "Papa".
    const closures = track.filter((c) => c.viseme === 'PP');
    expect(closures.length).toBeGreaterThanOrEqual(4);
  });

  it('streams chunks as they are made, which add up to the whole', async () => {
    const engine = await espeakEngine();
    const chunks: SpeechChunk[] = [];
    const result = await engine.synthesize(SENTENCE, { onChunk: (c) => chunks.push(c) });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.reduce((s, c) => s + c.samples.length, 0)).toBe(result.samples.length);
    expect(chunks.flatMap((c) => c.phonemes)).toEqual(result.phonemes);
  });

  it('lists voices and languages, and honours voice, rate and pitch', async () => {
    const engine = await espeakEngine();
    const voices = await engine.listVoices();
    expect(voices.length).toBeGreaterThan(50);
    const de = voices.find((v) => v.languages.includes('de'));
    expect(de).toBeDefined();
    const normal = await engine.synthesize('One two three four five.');
    const fast = await engine.synthesize('One two three four five.', { rate: 2 });
    expect(fast.durationMs).toBeLessThan(normal.durationMs * 0.7);
    const german = await engine.synthesize('Guten Tag, wie geht es Ihnen?', { voice: de!.id });
    expect(german.samples.length).toBeGreaterThan(0);
    const low = await engine.synthesize('Aaah, hello there, how are you?', { pitch: 0.4 });
    const high = await engine.synthesize('Aaah, hello there, how are you?', { pitch: 1.8 });
    expect(medianF0(high.samples)).toBeGreaterThan(1.2 * medianF0(low.samples));
  });

  it('lists voice variants and speaks with them (a higher voice for f3)', async () => {
    const engine = await espeakEngine();
    expect(engine.variants()).toEqual(expect.arrayContaining(['f1', 'f3', 'm1', 'whisper']));
    const male = await engine.synthesize('Aaah, hello there.', { voice: 'en-us' });
    const female = await engine.synthesize('Aaah, hello there.', { voice: 'en-us+f3' });
    expect(medianF0(female.samples)).toBeGreaterThan(1.3 * medianF0(male.samples));
    await expect(engine.synthesize('Hi.', { voice: 'en-us+nonexistent' })).rejects.toMatchObject({
      code: 'TTS_UNKNOWN_VOICE',
    });
  });

  it('survives hostile text (control characters, lone surrogates, SSML-like markup) and keeps working', async () => {
    const engine = await espeakEngine();
    const alphabet = [
      'a',
      'b',
      ' ',
      '.',
      '<',
      '>',
      '&',
      '\u0000',
      '\u0007',
      '😊',
      '\uD800',
      '"',
      '9',
      '<speak>',
      '</voice>',
      '[[',
      '\n',
      'ß',
      '日本',
      '\u202e',
    ];
    let seed = 3;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 40; i++) {
      const text = Array.from(
        { length: Math.floor(rand() * 12) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join('');
      const result = await engine.synthesize(text);
      expect(result.samples.every((x) => Number.isFinite(x))).toBe(true);
    }
    expect((await engine.synthesize('Still working.')).durationMs).toBeGreaterThan(500);
  });

  it('refuses unknown voices and can be cancelled', async () => {
    const engine = await espeakEngine();
    await expect(engine.synthesize('Hi.', { voice: 'xx-nonexistent' })).rejects.toMatchObject({
      code: 'TTS_UNKNOWN_VOICE',
    });
    const controller = new AbortController();
    let chunks = 0;
    const run = engine.synthesize(SENTENCE.repeat(5), {
      signal: controller.signal,
      onChunk: () => {
        if (++chunks === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(TtsError);
    expect(chunks).toBeLessThan(5);
  });
});

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** Median fundamental frequency of the voiced frames, by the YIN difference function (60-500 Hz). */
function medianF0(x: Float32Array): number {
  const rate = ESPEAK_SAMPLE_RATE;
  const size = 1024;
  const minLag = Math.floor(rate / 500);
  const maxLag = Math.ceil(rate / 60);
  const f0s: number[] = [];
  for (let start = 0; start + size + maxLag <= x.length; start += size / 2) {
    if (rms(x.subarray(start, start + size)) < 0.05) continue;
    let running = 0;
    for (let lag = 1; lag <= maxLag; lag++) {
      let d = 0;
      for (let i = 0; i < size; i++) d += (x[start + i]! - x[start + i + lag]!) ** 2;
      running += d;
      // Cumulative-mean-normalised difference: the first dip under 0.2 is the period, not a multiple of it.
      if (lag >= minLag && (d * lag) / running < 0.2) {
        f0s.push(rate / lag);
        break;
      }
    }
  }
  f0s.sort((a, b) => a - b);
  return f0s[f0s.length >> 1] ?? 0;
}
