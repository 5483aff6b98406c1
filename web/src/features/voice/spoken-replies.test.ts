import { describe, expect, it } from 'vitest';
import { SpokenReplies, type SpokenLogEntry } from './spoken-replies';

function harness(delays: Record<string, number> = {}) {
  const played: string[] = [];
  const log: SpokenLogEntry[] = [];
  let stops = 0;
  const replies = new SpokenReplies<string>({
    speak: (text) => new Promise<string>((resolve) => setTimeout(() => resolve(text), delays[text] ?? 1)),
    play: (sentence) => played.push(sentence),
    stopPlayback: () => stops++,
    onSpoken: (entry) => log.push(entry),
  });
  return { replies, played, log, stops: () => stops };
}

describe('SpokenReplies', () => {
  it('speaks the first sentence before the reply is finished', async () => {
    const { replies, played } = harness();
    replies.start();
    replies.push('Hello there! I am');
    await new Promise((r) => setTimeout(r, 20));
    expect(played).toEqual(['Hello there!']);
    replies.push(' a test. Bye');
    await replies.finish();
    expect(played).toEqual(['Hello there!', 'I am a test.', 'Bye']);
  });

  it('keeps sentence order even when a later sentence synthesises faster', async () => {
    const { replies, played, log } = harness({ 'First one is slow.': 30 });
    replies.start();
    replies.push('First one is slow. Second is quick. ');
    await replies.finish();
    expect(played).toEqual(['First one is slow.', 'Second is quick.']);
    expect(log.map((e) => e.index)).toEqual([0, 1]);
  });

  it('a new reply or stop cuts off what is still queued', async () => {
    const { replies, played, stops } = harness({ 'Old sentence.': 20 });
    replies.start();
    replies.push('Old sentence. ');
    replies.start(); // the user sent another message
    replies.push('New one. ');
    await replies.finish();
    await new Promise((r) => setTimeout(r, 30));
    expect(played).toEqual(['New one.']);
    expect(stops()).toBeGreaterThanOrEqual(2);
  });
});

describe('SpokenReplies with streamed sentences', () => {
  it('starts a sentence at its first piece and the next one only after the whole sentence was queued', async () => {
    const events: string[] = [];
    let finishFirst!: () => void;
    const replies = new SpokenReplies<string>({
      speak: async (text) => text,
      play: (text) => {
        events.push(`start ${text}`);
        if (text !== 'One.') return undefined;
        return new Promise<void>((resolve) => (finishFirst = () => (events.push('end One.'), resolve())));
      },
      stopPlayback: () => undefined,
    });
    replies.start();
    replies.push('One. Two. ');
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['start One.']);
    finishFirst();
    await replies.finish();
    expect(events).toEqual(['start One.', 'end One.', 'start Two.']);
  });
});
