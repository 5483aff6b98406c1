// Output sanitising and stop strings hold across any split of the stream into deltas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ControlTokenFilter, ReplyFilter, StopStringFilter, stripControlTokens } from './output-filters';

const splitAll = (text: string, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(text.slice(last, p));
    last = p;
  }
  parts.push(text.slice(last));
  return parts;
};
const run = (filter: { push(d: string): string; flush(): string }, parts: string[]) => parts.map((p) => filter.push(p)).join('') + filter.flush();

describe('control tokens', () => {
  it.each([
    ['Hello!<|im_end|>', 'Hello!'],
    ['Hi<|eot_id|><|start_header_id|>user<|end_header_id|>\n', 'Hi'],
    ['<|im_start|>assistant\nSure.</s>', 'Sure.'],
    ['<s>[INST] x [/INST]ok<|endoftext|>', ' x ok'],
    ['<|assistant|>Yes<|end|>', 'Yes'],
    ['<start_of_turn>model\nHey<end_of_turn>', 'Hey'],
    ['a < b and [c] <em>kept</em> <|not closed', 'a < b and [c] <em>kept</em> <|not closed'],
  ])('%j → %j', (input, expected) => {
    expect(stripControlTokens(input)).toBe(expected);
    expect(run(new ControlTokenFilter(), [...input])).toBe(expected);
  });

  it('gives the same text however the stream is split', () => {
    const text = 'One<|im_end|> two </s>[INST]three<|eot_id|> 1 < 2 [x] <|im_start|>user\nfour';
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        expect(run(new ControlTokenFilter(), splitAll(text, cuts))).toBe(stripControlTokens(text));
      }),
    );
  });
});

describe('stop strings', () => {
  it('cuts before the first stop string, whatever the split, never emitting any of it', () => {
    const text = 'Hello there! I am a tiny test model.';
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
        const f = new StopStringFilter(['tiny', 'zzz']);
        const out = run(f, splitAll(text, cuts));
        expect(out).toBe('Hello there! I am a ');
        expect(f.stopped).toBe(true);
      }),
    );
  });

  it('strips control tokens before matching, so a stop string split by one still counts', () => {
    const f = new ReplyFilter(['END']);
    expect(run(f, ['abc E', 'N<|im_end|>', 'D tail'])).toBe('abc ');
    expect(f.stopped).toBe(true);
  });
});
