import { describe, expect, it } from 'vitest';
import { mouthFrames, visemeTrack } from '@companion/core/speech';
import { frameAt, LipSyncScheduler, REST, type ScheduledTrack } from './lip-sync';

/** "pa pa": lips closed (p) for 0-100 ms, open (a) 100-300, closed 300-400, open 400-600. */
function papa(startTime: number): ScheduledTrack {
  const events = [
    { phoneme: 'p', startMs: 0 },
    { phoneme: 'a', startMs: 100 },
    { phoneme: 'p', startMs: 300 },
    { phoneme: 'a', startMs: 400 },
  ];
  const cues = visemeTrack(events, 600);
  return { startTime, frames: mouthFrames(cues, 600), durationMs: 600, source: 'phonemes' };
}

describe('LipSyncScheduler', () => {
  it('is at rest before the audio starts and follows the visemes at the given audio times', () => {
    const s = new LipSyncScheduler();
    s.schedule(papa(10));
    expect(s.sample(9.5)).toEqual(REST);
    expect(s.sample(10.05).open).toBeLessThan(0.1); // p: lips closed
    expect(s.sample(10.25).open).toBeGreaterThan(0.7); // a: open
    expect(s.sample(10.36).open).toBeLessThan(0.15); // p again
    expect(s.sample(10.55).open).toBeGreaterThan(0.7);
  });

  it('uses the audio clock only: sampling order or rate does not change the value at a time', () => {
    const a = new LipSyncScheduler();
    const b = new LipSyncScheduler();
    a.schedule(papa(3));
    b.schedule(papa(3));
    for (let t = 2.9; t < 3.25; t += 1 / 240) b.sample(t);
    expect(b.sample(3.25)).toEqual(a.sample(3.25));
  });

  it('places each sentence at its own start time and closes the mouth in the pause between', () => {
    const s = new LipSyncScheduler();
    s.schedule(papa(1));
    s.schedule(papa(2));
    expect(s.sample(1.25).open).toBeGreaterThan(0.7);
    expect(s.sample(1.8).open).toBeLessThan(0.01); // 200 ms after the first ended
    expect(s.sample(2.25).open).toBeGreaterThan(0.7);
    expect(s.sourceAt(2.25)).toBe('phonemes');
  });

  it('eases closed after a sentence instead of snapping shut', () => {
    const s = new LipSyncScheduler();
    s.schedule(papa(0));
    const atEnd = s.sample(0.599).open;
    const justAfter = s.sample(0.61).open;
    expect(justAfter).toBeGreaterThan(0);
    expect(justAfter).toBeLessThan(atEnd);
    expect(s.sample(1).open).toBe(0);
  });

  it('returns to rest on the first sample after stop, mid-sentence', () => {
    const s = new LipSyncScheduler();
    s.schedule(papa(0));
    expect(s.sample(0.2).open).toBeGreaterThan(0.7);
    s.stop();
    expect(s.sample(0.2 + 1 / 60)).toEqual(REST);
    expect(s.pending).toBe(0);
    expect(s.sourceAt(0.25)).toBeNull();
  });

  it('forgets tracks once they have ended', () => {
    const s = new LipSyncScheduler();
    s.schedule(papa(0));
    s.schedule(papa(1));
    s.sample(1.5);
    expect(s.pending).toBe(1);
  });
});

describe('frameAt', () => {
  it('interpolates between frames and clamps at the ends', () => {
    const track = { frames: [{ timeMs: 0, open: 0, form: 0 }, { timeMs: 10, open: 1, form: -1 }] };
    expect(frameAt(track, 5)).toEqual({ open: 0.5, form: -0.5 });
    expect(frameAt(track, -3)).toEqual({ open: 0, form: 0 });
    expect(frameAt(track, 99)).toEqual({ open: 1, form: -1 });
    expect(frameAt({ frames: [] }, 1)).toEqual(REST);
  });
});
