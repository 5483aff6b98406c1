// The shared generation loop against a scripted stand-in for transformers.js: what generate() is asked, token
// counting (a callback may carry several tokens), stop strings, cancellation and the seeded sampler.
import { describe, expect, it } from 'vitest';
import { generateOptionsSchema } from './types';
import { samplingArgs, transformersGenerate, type TransformersRuntime } from './transformers-generate';

interface StreamerOpts {
  token_callback_function(t: unknown): void;
  callback_function(text: string): void;
}

/** A runtime whose model "generates" the given pieces, each with a token batch, checking the interrupt between. */
function fake(pieces: Array<[string, number[]]>) {
  const seeds: Array<number | undefined> = [];
  let asked: Record<string, unknown> = {};
  class Streamer {
    constructor(_t: unknown, readonly o: StreamerOpts) {}
  }
  class Interrupt {
    interrupted = false;
    interrupt() {
      this.interrupted = true;
    }
  }
  const tf = { TextStreamer: Streamer, InterruptableStoppingCriteria: Interrupt, random: { seed: (s?: number) => void seeds.push(s) } } as unknown as TransformersRuntime;
  const tokenizer = { apply_chat_template: () => ({ input_ids: { dims: [1, 7] } }) };
  const model = {
    generate: async (args: Record<string, unknown>) => {
      asked = args;
      const s = args.streamer as Streamer;
      const stop = args.stopping_criteria as Interrupt;
      for (const [text, ids] of pieces) {
        if (stop.interrupted) return;
        s.o.token_callback_function(ids);
        s.o.callback_function(text);
        await Promise.resolve();
      }
    },
  };
  return { tf, tokenizer, model, seeds, asked: () => asked };
}

const msgs = [{ role: 'user' as const, content: 'Hi' }];

describe('transformersGenerate', () => {
  it('counts every token of a batched callback, and passes every sampling option to generate()', async () => {
    const f = fake([['Hello', [1, 2]], [' world', [3]]]);
    const options = generateOptionsSchema.parse({ temperature: 0.8, topP: 0.9, topK: 20, repetitionPenalty: 1.2, maxTokens: 50, seed: 4 });
    const r = await transformersGenerate({ ...f, messages: msgs, options });
    expect(r).toMatchObject({ text: 'Hello world', finishReason: 'stop', usage: { promptTokens: 7, completionTokens: 3 } });
    expect(f.asked()).toMatchObject({ do_sample: true, temperature: 0.8, top_p: 0.9, top_k: 20, repetition_penalty: 1.2, max_new_tokens: 50 });
    // Seeded, then reseeded from entropy afterwards.
    expect(f.seeds).toEqual([4, undefined]);
  });

  it('greedy (temperature 0) never touches the random generator', async () => {
    const f = fake([['Hi', [1]]]);
    await transformersGenerate({ ...f, messages: msgs, options: generateOptionsSchema.parse({ temperature: 0, seed: 9 }) });
    expect(f.seeds).toEqual([]);
    expect(f.asked()).toMatchObject({ do_sample: false, temperature: 1 });
    expect(samplingArgs(generateOptionsSchema.parse({ temperature: 0 }))).toMatchObject({ top_k: 50, repetition_penalty: 1 });
  });

  it('stops at a stop string and reports length when maxTokens ran out', async () => {
    const stopped = await transformersGenerate({ ...fake([['One. ', [1]], ['STOP here', [2]], ['never', [3]]]), messages: msgs, options: generateOptionsSchema.parse({ temperature: 0, stop: ['STOP'] }) });
    expect(stopped).toMatchObject({ text: 'One. ', finishReason: 'stop' });
    const long = await transformersGenerate({ ...fake([['a', [1]], ['b', [2]]]), messages: msgs, options: generateOptionsSchema.parse({ temperature: 0, maxTokens: 2 }) });
    expect(long.finishReason).toBe('length');
  });

  it('an aborted signal cancels, and onInterrupt sees the run start and end', async () => {
    const controller = new AbortController();
    const seen: boolean[] = [];
    const f = fake([['a', [1]], ['b', [2]], ['c', [3]]]);
    const r = await transformersGenerate({
      ...f,
      messages: msgs,
      options: generateOptionsSchema.parse({ temperature: 0 }),
      signal: controller.signal,
      onDelta: () => controller.abort(),
      onInterrupt: (_i, running) => seen.push(running),
    });
    expect(r).toMatchObject({ text: 'a', finishReason: 'cancelled' });
    expect(seen).toEqual([true, false]);
  });
});
