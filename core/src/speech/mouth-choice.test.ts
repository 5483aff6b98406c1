import { describe, expect, it } from 'vitest';
import { envelopeMouthFrames, mouthFrames } from './mouth';
import { mouthForSpeech } from './mouth-choice';
import { visemeTrack } from './visemes';

const rate = 16000;
const tone = Float32Array.from({ length: rate / 2 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / rate));

describe('mouthForSpeech', () => {
  it('uses the viseme track when there are phoneme timings', () => {
    const phonemes = [
      { phoneme: 'h', startMs: 0, endMs: 100 },
      { phoneme: 'a', startMs: 100, endMs: 400 },
    ];
    const m = mouthForSpeech({ samples: tone, sampleRate: rate, phonemes, durationMs: 500 }, 30);
    expect(m.mouthSource).toBe('phonemes');
    expect(m.visemes).toEqual(visemeTrack(phonemes, 500));
    expect(m.mouth).toEqual(mouthFrames(m.visemes, 500, { fps: 30 }));
  });

  it('falls back to the loudness envelope without timings', () => {
    const m = mouthForSpeech({ samples: tone, sampleRate: rate, phonemes: [], durationMs: 500 }, 30);
    expect(m).toEqual({ visemes: [], mouth: envelopeMouthFrames(tone, rate, { fps: 30 }), mouthSource: 'envelope' });
    expect(m.mouth.length).toBeGreaterThan(10);
  });
});
