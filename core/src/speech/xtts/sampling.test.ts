import { describe, expect, it } from 'vitest';
import { applyRepetitionPenalty, sampleToken, seededRandom } from './sampling';

const logits = (...v: number[]) => Float32Array.from(v);

describe('sampling', () => {
  it('applies the HF repetition penalty once per distinct token', () => {
    const l = logits(2, -2, 3);
    applyRepetitionPenalty(l, [0, 1, 0], 10);
    [0.2, -20, 3].forEach((v, i) => expect(l[i]).toBeCloseTo(v, 6));
  });

  it('top_k 1 and temperature 0 are greedy; -Infinity is never chosen', () => {
    const r = seededRandom(1);
    expect(sampleToken(logits(1, 5, 2), [], { topK: 1 }, r)).toBe(1);
    expect(sampleToken(logits(1, 5, 2), [], { temperature: 0 }, r)).toBe(1);
    for (let i = 0; i < 50; i++)
      expect(sampleToken(logits(-Infinity, 0, 0), [], { topP: 1, topK: 0, repetitionPenalty: 1 }, r)).not.toBe(0);
  });

  it('top_p keeps only the nucleus', () => {
    const r = seededRandom(2);
    // Probabilities about 0.66, 0.24, 0.09: top_p 0.85 keeps the first two only.
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++)
      seen.add(sampleToken(logits(2, 1, 0), [], { temperature: 1, topK: 0, topP: 0.85, repetitionPenalty: 1 }, r));
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('follows the softmax distribution at temperature 1', () => {
    const r = seededRandom(3);
    let ones = 0;
    const n = 4000;
    for (let i = 0; i < n; i++)
      ones += sampleToken(logits(0, Math.log(3)), [], { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1 }, r);
    expect(ones / n).toBeGreaterThan(0.72);
    expect(ones / n).toBeLessThan(0.78);
  });

  it('is reproducible with a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 30 }, () =>
        sampleToken(new Float32Array(20), [], { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1 }, r),
      );
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
});
