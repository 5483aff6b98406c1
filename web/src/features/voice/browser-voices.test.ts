import { afterEach, describe, expect, it, vi } from 'vitest';
import { speakWithBrowser, type BrowserSpeech } from './browser-voices';
import { SpokenReplies } from './spoken-replies';

class FakeUtterance {
  voice: unknown = null;
  lang = '';
  constructor(readonly text: string) {}
}

function fakeSpeech() {
  const spoken: FakeUtterance[] = [];
  let cancels = 0;
  const voices = [
    { voiceURI: 'urn:a', name: 'A', lang: 'en-US' },
    { voiceURI: 'urn:b', name: 'B', lang: 'de-DE' },
  ] as SpeechSynthesisVoice[];
  const speech: BrowserSpeech = {
    getVoices: () => voices,
    speak: (u) => spoken.push(u as unknown as FakeUtterance),
    cancel: () => void cancels++,
  };
  return { speech, spoken, cancels: () => cancels };
}

afterEach(() => vi.unstubAllGlobals());

describe("the browser's own voices", () => {
  it('speaks each sentence with the chosen voice and its language', () => {
    vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
    const { speech, spoken } = fakeSpeech();
    speakWithBrowser(speech, 'Hallo.', 'urn:b');
    expect(spoken[0]).toMatchObject({ text: 'Hallo.', lang: 'de-DE', voice: { name: 'B' } });
  });

  it('streams sentences to the browser in order and cancels on interruption', async () => {
    vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
    const { speech, spoken, cancels } = fakeSpeech();
    const replies = new SpokenReplies<string>({
      speak: async (text) => text,
      play: (text) => speakWithBrowser(speech, text, 'urn:a'),
      stopPlayback: () => speech.cancel(),
    });
    replies.start();
    replies.push('One. Two');
    await Promise.resolve();
    replies.push(' three. ');
    await replies.finish();
    expect(spoken.map((u) => u.text)).toEqual(['One.', 'Two three.']);
    const before = cancels();
    replies.stop();
    expect(cancels()).toBe(before + 1);
  });
});
