import { describe, expect, it } from 'vitest';
import { EmotionTagStream, stripEmotionTags } from './emotion-tags';

describe('stripEmotionTags', () => {
  it('takes known mood tags out and reports them in order', () => {
    expect(stripEmotionTags('[happy] Hello there! [sad]I miss you.')).toEqual({ text: 'Hello there! I miss you.', moods: ['happy', 'sad'] });
  });

  it('maps synonyms and accepts a mood: prefix, any case', () => {
    expect(stripEmotionTags('[Mood: Excited] Yes!').moods).toEqual(['happy']);
    expect(stripEmotionTags('[BLUSH] oh').moods).toEqual(['shy']);
  });

  it('leaves other bracketed text alone', () => {
    expect(stripEmotionTags('See [1] and [sic].')).toEqual({ text: 'See [1] and [sic].', moods: [] });
  });

  it('does not leave double spaces or a leading space on a line', () => {
    expect(stripEmotionTags('Well [surprised] that is new.\n[neutral] Anyway.').text).toBe('Well that is new.\nAnyway.');
  });
});

describe('EmotionTagStream', () => {
  it('strips a tag split across chunks and never lets part of it through', () => {
    const moods: string[] = [];
    const stream = new EmotionTagStream((m) => moods.push(m));
    const pieces = ['[ha', 'ppy', '] Hel', 'lo! [s', 'ad] Bye.'].map((d) => stream.push(d));
    const out = pieces.join('') + stream.flush();
    expect(out).toBe('Hello! Bye.');
    for (const piece of pieces) expect(piece).not.toMatch(/\[|\]/);
    expect(moods).toEqual(['happy', 'sad']);
  });

  it('passes an unclosed bracket through once it cannot be a tag, and at the end', () => {
    const stream = new EmotionTagStream();
    expect(stream.push('a [')).toBe('a ');
    expect(stream.push('note that this is long')).toBe('[note that this is long');
    const tail = new EmotionTagStream();
    expect(tail.push('x [y')).toBe('x ');
    expect(tail.flush()).toBe('[y');
  });

  it('gives the same text as the whole-string form', () => {
    const text = '[happy] One. [angry] Two [3] three.';
    const stream = new EmotionTagStream();
    const streamed = [...text].map((c) => stream.push(c)).join('') + stream.flush();
    expect(streamed).toBe(stripEmotionTags(text).text);
  });
});
