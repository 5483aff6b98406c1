import { describe, expect, it } from 'vitest';
import type { TensorLike } from '../../audio/onnx-like';
import { TtsError } from '../engine';
import type { XttsConfig } from './config';
import { buildPrefix, generateAudioTokens, type XttsTables } from './gpt';
import { seededRandom } from './sampling';
import type { XttsSession } from './session';

const W = 4;
const cfg: XttsConfig = {
  layers: 2,
  heads: 2,
  headDim: 2,
  width: W,
  audioVocab: 6,
  condLatents: 3,
  speakerDim: 2,
  startAudio: 4,
  stopAudio: 5,
  startText: 7,
  stopText: 0,
  maxAudioTokens: 9,
  hop: 256,
  sampleRate: 24000,
};
const rows = (n: number, base: number) => Float32Array.from({ length: n * W }, (_, i) => base + Math.floor(i / W));
const tables: XttsTables = {
  melEmbedding: rows(6, 100),
  melPosEmbedding: rows(10, 1000),
  textEmbedding: rows(8, 10),
  textPosEmbedding: rows(12, 0.5),
};
const tensor = (type: string, data: Float32Array | BigInt64Array, dims: readonly number[]): TensorLike => ({
  type,
  data,
  dims,
});

/** A fake GPT that checks the cache contract each call and emits codes 3, 1, 2, ... then stop at `stopAt`. */
function fakeGpt(stopAt: number, calls: Record<string, TensorLike>[]): XttsSession {
  return {
    async run(feeds) {
      calls.push(feeds);
      const emb = feeds['inputs_embeds']!;
      const L = emb.dims[1]!;
      const total = feeds['attention_mask']!.dims[1]!;
      const out: Record<string, TensorLike> = {};
      for (let l = 0; l < 2; l++) {
        for (const kind of ['key', 'value']) {
          const past = feeds[`past_${kind}_${l}`]!;
          expect(past.dims).toEqual([1, 2, total - L, 2]);
          const data = new Float32Array(total * 4);
          data.set(past.data as Float32Array);
          data.fill(calls.length, (total - L) * 4);
          out[`present_${kind}_${l}`] = tensor('float32', data, [1, 2, total, 2]);
        }
      }
      const step = calls.length - 1;
      const logits = new Float32Array(L * 6);
      logits[(L - 1) * 6 + (step >= stopAt ? 5 : [3, 1, 2][step % 3]!)] = 50;
      logits[(L - 1) * 6 + 4] = 100; // start_audio must never be picked
      out['logits'] = tensor('float32', logits, [1, L, 6]);
      out['hidden_states'] = tensor(
        'float32',
        Float32Array.from({ length: L * W }, (_, i) => step * 10 + Math.floor(i / W)),
        [1, L, W],
      );
      return out;
    },
  };
}

describe('XTTS GPT loop', () => {
  it('builds the prefix from conditioning rows, text rows with positions and the start_audio row', () => {
    const cond = Float32Array.from({ length: 3 * W }, () => -1);
    const p = buildPrefix(cfg, tables, cond, [2, 3]);
    expect(p.length / W).toBe(3 + 4 + 1);
    expect(p[0]).toBe(-1);
    expect(p[3 * W]).toBe(10 + 7 + 0.5); // [START] at text position 0
    expect(p[4 * W]).toBe(10 + 2 + 1.5);
    expect(p[6 * W]).toBe(10 + 0 + 3.5); // [STOP] text token
    expect(p[7 * W]).toBe(100 + 4 + 1000); // start_audio at mel position 0
    expect(() => buildPrefix(cfg, tables, cond, new Array(11).fill(1))).toThrow(TtsError);
  });

  it('feeds presents back as pasts, grows the mask, embeds each code at its mel position, stops at stop_audio', async () => {
    const calls: Record<string, TensorLike>[] = [];
    const prefix = buildPrefix(cfg, tables, new Float32Array(3 * W), [2]);
    const got = [];
    for await (const t of generateAudioTokens(fakeGpt(4, calls), tensor, cfg, tables, prefix, {
      random: seededRandom(1),
    }))
      got.push(t);
    expect(got.map((t) => t.code)).toEqual([3, 1, 2, 3]);
    expect(got.map((t) => t.latent[0])).toEqual([6, 10, 20, 30]); // last row of each call's hidden states
    expect(calls.length).toBe(5);
    expect(calls[1]!['inputs_embeds']!.data).toEqual(Float32Array.from({ length: W }, () => 100 + 3 + 1001));
    expect(calls[2]!['inputs_embeds']!.data).toEqual(Float32Array.from({ length: W }, () => 100 + 1 + 1002));
    expect(calls[4]!['attention_mask']!.dims).toEqual([1, 7 + 4]);
    expect((calls[2]!['past_key_1']!.data as Float32Array)[0]).toBe(1); // written by call 1, carried through
  });

  it('caps tokens, holds stop back until minTokens, and aborts between steps', async () => {
    const prefix = buildPrefix(cfg, tables, new Float32Array(3 * W), [2]);
    const count = async (o: { maxTokens?: number; minTokens?: number }, stopAt: number) => {
      let n = 0;
      for await (const _ of generateAudioTokens(fakeGpt(stopAt, []), tensor, cfg, tables, prefix, {
        random: seededRandom(1),
        ...o,
      }))
        n++;
      return n;
    };
    expect(await count({ maxTokens: 2 }, 5)).toBe(2);
    expect(await count({}, 0)).toBe(0);
    expect(await count({ minTokens: 3 }, 0)).toBe(3);
    expect(await count({}, 100)).toBe(cfg.maxAudioTokens);
    const ac = new AbortController();
    const run = async () => {
      for await (const _ of generateAudioTokens(fakeGpt(100, []), tensor, cfg, tables, prefix, {
        random: seededRandom(1),
        signal: ac.signal,
      }))
        ac.abort();
    };
    await expect(run()).rejects.toMatchObject({ code: 'TTS_ABORTED' });
  });
});
