import { describe, expect, it } from 'vitest';
import { espeakEngine } from '../../test/speech/node-speech';
import type { SynthesisResult, TtsEngine } from './engine';
import { speakStream } from './speak-stream';

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('speakStream', { timeout: 60_000 }, () => {
  it('speaks the first sentence before the model has finished writing', async () => {
    const engine = await espeakEngine();
    let releaseRest!: () => void;
    const firstHeard = new Promise<void>((resolve) => (releaseRest = resolve));
    let finished = false;
    async function* tokens(): AsyncGenerator<string> {
      for (const t of ['Hello', ' there', '!', ' How']) yield t;
      await firstHeard; // the model "keeps writing" only after the first audio has been delivered
      for (const t of [' are', ' you', ' today?']) yield t;
      finished = true;
    }
    const chunks = [];
    for await (const chunk of speakStream(tokens(), engine)) {
      if (chunk.index === 0) {
        expect(finished).toBe(false);
        releaseRest();
      }
      chunks.push(chunk);
    }
    expect(chunks.map((c) => c.text)).toEqual(['Hello there!', 'How are you today?']);
    for (const c of chunks) {
      expect(c.samples.length).toBeGreaterThan(c.sampleRate * 0.3);
      expect(c.visemes.length).toBeGreaterThan(3);
      expect(c.mouth.some((f) => f.open > 0.5)).toBe(true);
    }
  });

  it('falls back to the loudness envelope when the engine has no phoneme timings', async () => {
    const tone: TtsEngine = {
      id: 'tone',
      listVoices: async () => [],
      dispose: () => {},
      synthesize: async (): Promise<SynthesisResult> => {
        const samples = Float32Array.from({ length: 8000 }, (_, i) => 0.5 * Math.sin(i / 4));
        return { samples, sampleRate: 16000, phonemes: [], words: [], durationMs: 500 };
      },
    };
    async function* tokens(): AsyncGenerator<string> {
      yield 'One sentence.';
    }
    const chunks = [];
    for await (const c of speakStream(tokens(), tone, { fps: 50 })) chunks.push(c);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.visemes).toHaveLength(0);
    expect(chunks[0]!.mouth.length).toBe(25);
    expect(chunks[0]!.mouth.at(-1)!.open).toBeGreaterThan(0.8);
  });

  it('passes a failure of the token stream on to the reader', async () => {
    const engine = await espeakEngine();
    async function* broken(): AsyncGenerator<string> {
      yield 'Fine so far. ';
      throw new Error('model crashed');
    }
    const texts: string[] = [];
    await expect(async () => {
      for await (const c of speakStream(broken(), engine)) texts.push(c.text);
    }).rejects.toThrow('model crashed');
  });
});
