import { describe, expect, it } from 'vitest';
import { cleanMarkup } from './markup-cleaner';
import { SentenceSplitter, splitSentences } from './sentence-splitter';

/** Long first-chunk limits so the tests of hard boundaries are not disturbed by the fast-start rule. */
const plain = { firstChunkMinChars: 1000, firstChunkMaxChars: 1000 };

function streamed(deltas: string[], options = {}): { chunks: string[]; emittedAt: number[] } {
  const s = new SentenceSplitter(options);
  const chunks: string[] = [];
  const emittedAt: number[] = [];
  deltas.forEach((d, i) => {
    for (const c of s.push(d)) {
      chunks.push(c);
      emittedAt.push(i);
    }
  });
  for (const c of s.flush()) {
    chunks.push(c);
    emittedAt.push(deltas.length);
  }
  return { chunks, emittedAt };
}

describe('hard boundaries', () => {
  it('splits at . ! ? and newlines', () => {
    expect(splitSentences('Hello there. How are you? Great! Fine\nNext line', plain)).toEqual([
      'Hello there.',
      'How are you?',
      'Great!',
      'Fine',
      'Next line',
    ]);
  });

  it('keeps abbreviations, initials and numbers inside sentences', () => {
    expect(
      splitSentences('Mr. Smith met Dr. Jones at 3.14 p.m. on Main St. today. It cost $1,000.50 total.', plain),
    ).toEqual(['Mr. Smith met Dr. Jones at 3.14 p.m. on Main St. today.', 'It cost $1,000.50 total.']);
    expect(
      splitSentences('Bring fruit, e.g. apples, i.e. the red ones. J. R. R. Tolkien wrote it. The U.S. is big.', plain),
    ).toEqual(['Bring fruit, e.g. apples, i.e. the red ones.', 'J. R. R. Tolkien wrote it.', 'The U.S. is big.']);
    expect(splitSentences('Cats, dogs, etc. Then we left.', plain)).toEqual(['Cats, dogs, etc.', 'Then we left.']);
  });

  it('does not split inside ellipses, and splits after one only before a capital', () => {
    expect(splitSentences('Well... maybe. Wait… What? Hmm...', plain)).toEqual([
      'Well... maybe.',
      'Wait…',
      'What?',
      'Hmm...',
    ]);
  });

  it('keeps closing quotes with their sentence and URLs whole', () => {
    expect(splitSentences('She said "Stop!" Then she left. See https://example.com/a.b?x=1. Bye.', plain)).toEqual([
      'She said "Stop!"',
      'Then she left.',
      'See https://example.com/a.b?x=1.',
      'Bye.',
    ]);
  });

  it('joins a too-short later chunk to the next', () => {
    expect(splitSentences('Hello there. A. Then more.', { ...plain, minChars: 4 })).toEqual([
      'Hello there.',
      'A. Then more.',
    ]);
  });
});

describe('streaming', () => {
  it('emits each sentence as soon as the next one has begun', () => {
    const { chunks, emittedAt } = streamed(['Hel', 'lo the', 're.', ' How', ' are you?', ' Fine'], plain);
    expect(chunks).toEqual(['Hello there.', 'How are you?', 'Fine']);
    expect(emittedAt).toEqual([3, 5, 6]);
  });

  it('waits on a period until the next word shows whether it ends the sentence', () => {
    const s = new SentenceSplitter(plain);
    expect(s.push('I saw Dr.')).toEqual([]);
    expect(s.push(' ')).toEqual([]);
    expect(s.push('Who. ')).toEqual([]);
    expect(s.push('Then')).toEqual(['I saw Dr. Who.']);
    expect(s.flush()).toEqual(['Then']);
  });

  it('gives a short first chunk at a soft boundary for a fast start, then whole sentences', () => {
    const text = 'Well, that is a lovely idea, and I think we should try it. After that, we can rest; maybe tomorrow.';
    expect(splitSentences(text, { firstChunkMinChars: 10 })).toEqual([
      'Well, that is a lovely idea,',
      'and I think we should try it.',
      'After that, we can rest; maybe tomorrow.',
    ]);
  });

  it('cuts an over-long sentence at a soft boundary, else at a space', () => {
    const long = 'one two three four five six, seven eight nine ten eleven twelve thirteen';
    const chunks = splitSentences(long, { firstChunkMinChars: 1000, firstChunkMaxChars: 30 });
    expect(chunks).toEqual(['one two three four five six,', 'seven eight nine ten eleven twelve thirteen']);
    const noSoft = splitSentences('aaaa bbbb cccc dddd eeee ffff gggg', {
      firstChunkMinChars: 1000,
      firstChunkMaxChars: 12,
    });
    expect(noSoft[0]).toBe('aaaa bbbb');
  });
});

describe('markup and actions', () => {
  it('skips *actions* by default and speaks them when asked', () => {
    expect(splitSentences('*smiles warmly* Hello there! *waves*', plain)).toEqual(['Hello there!']);
    expect(splitSentences('*smiles warmly* Hello there!', { ...plain, actions: 'speak' })).toEqual([
      'smiles warmly Hello there!',
    ]);
  });

  it('strips emphasis, headings, bullets, links, inline code and emoji; skips code blocks', () => {
    const md =
      '# Title\n**Bold** and __strong__ ~~gone~~ text 😊.\n- item one\n1. first\nSee [the docs](https://x.y/z) and `npm test`.\n```js\nconst a = 1;\n```\nDone.';
    expect(splitSentences(md, plain)).toEqual([
      'Title',
      'Bold and strong gone text.',
      'item one',
      'first',
      'See the docs and npm test.',
      'Done.',
    ]);
  });

  it('keeps snake_case and lone asterisks in arithmetic', () => {
    expect(cleanMarkup('use my_var and 2 * 3')).toBe('use my_var and 2 * 3');
  });

  it('releases an action that never closes as speech', () => {
    expect(splitSentences('I *really mean it.', plain)).toEqual(['I really mean it.']);
  });

  it('handles emoji split across surrogate pairs in deltas', () => {
    const text = 'Hi 👋🏽 there.';
    const units = [...text.split('')]; // UTF-16 code units, so surrogate pairs are split
    expect(streamed(units, plain).chunks).toEqual(['Hi there.']);
  });
});

describe('tags', () => {
  it('skips <think> blocks from reasoning models and drops other tags', () => {
    const text =
      '<think>The user greets me. I should be warm.</think>Hello <b>there</b>!<br>I missed you. 2 < 3 and 5 > 4.';
    expect(splitSentences(text, plain)).toEqual(['Hello there!', 'I missed you.', '2 < 3 and 5 > 4.']);
  });

  it('waits for a tag that arrives in pieces', () => {
    const deltas = ['Hi! <thi', 'nk>secret', ' plan</th', 'ink> Bye', ' now.'];
    expect(streamed(deltas, plain).chunks).toEqual(['Hi!', 'Bye now.']);
  });
});
