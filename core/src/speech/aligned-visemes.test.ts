import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/index';
import { detectSpeechActivity } from './aligned-visemes-activity';
import { alignedMouthFrames, alignPhonemesToAudio, timelineFromEvents } from './aligned-visemes';
import { espeakVoiceForXtts } from './aligned-visemes-voices';
import { buildPieces, mapTime, matchPauses } from './aligned-visemes-warp';
import type { PhonemeEvent } from './visemes';

const RATE = 16000;

/** A test signal: [kind, ms] parts, tones (harmonic-rich, so cepstra tell them apart) or silence. */
function signal(parts: readonly (readonly [number | 'silence', number, number?])[]): Float32Array {
  const chunks = parts.map(([hz, ms, amp = 0.3]) => {
    const n = Math.round((ms / 1000) * RATE);
    if (hz === 'silence') return new Float32Array(n);
    return Float32Array.from({ length: n }, (_, i) => {
      const t = i / RATE;
      return (
        (amp *
          (Math.sin(2 * Math.PI * hz * t) +
            0.5 * Math.sin(4 * Math.PI * hz * t) +
            0.25 * Math.sin(6 * Math.PI * hz * t))) /
        1.75
      );
    });
  });
  const out = new Float32Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// The reference: speech 50-450 ms, a pause 450-600 ms, speech 600-1100 ms, 1150 ms in all.
const EVENTS: PhonemeEvent[] = [
  { phoneme: 'a', startMs: 50 },
  { phoneme: 'm', startMs: 250 },
  { phoneme: 'a', startMs: 350 },
  { phoneme: '', startMs: 450 },
  { phoneme: 'o', startMs: 600 },
  { phoneme: 'p', startMs: 800 },
  { phoneme: 'i', startMs: 900 },
  { phoneme: '', startMs: 1100 },
];
const startOf = (events: readonly PhonemeEvent[], i: number): number => events[i]!.startMs;

describe('speech activity', () => {
  it('finds speech, pauses, and ignores short closures and quiet breaths', () => {
    const audio = signal([
      ['silence', 200],
      [180, 150, 0.02], // a breath: 24 dB under the voice, above the speech threshold but never near the loud level
      ['silence', 150],
      [200, 400],
      ['silence', 40], // a stop closure, shorter than a pause
      [200, 300],
      ['silence', 250],
      [300, 500],
      ['silence', 300],
    ]);
    const activity = detectSpeechActivity(audio, RATE);
    expect(activity.speech!.startMs).toBeCloseTo(500, -1.5);
    expect(activity.speech!.endMs).toBeCloseTo(1990, -1.5);
    expect(activity.gaps).toHaveLength(1);
    expect(activity.gaps[0]!.startMs).toBeCloseTo(1240, -1.5);
    expect(activity.gaps[0]!.endMs).toBeCloseTo(1490, -1.5);
  });

  it('finds nothing in silence', () => {
    expect(detectSpeechActivity(new Float32Array(RATE), RATE).speech).toBeUndefined();
  });
});

describe('pause matching', () => {
  const source = timelineFromEvents(EVENTS, 1150)!;

  it('reads the reference timeline from its events', () => {
    expect(source).toEqual({ speech: { startMs: 50, endMs: 1100 }, pauses: [{ startMs: 450, endMs: 600 }] });
  });

  it('matches in order, leaves a hesitation unmatched, and skips a pause the voice ran through', () => {
    const speech = { startMs: 0, endMs: 3000 };
    const hesitation = { startMs: 2200, endMs: 2500 };
    expect(matchPauses(source, { speech, pauses: [{ startMs: 1100, endMs: 1400 }] })).toEqual([[0, 0]]);
    expect(matchPauses(source, { speech, pauses: [{ startMs: 1100, endMs: 1400 }, hesitation] })).toEqual([[0, 0]]);
    // The gap that sits where the pause should be wins over an earlier one of the same length.
    expect(
      matchPauses(source, {
        speech,
        pauses: [
          { startMs: 300, endMs: 600 },
          { startMs: 1100, endMs: 1400 },
        ],
      }),
    ).toEqual([[0, 1]]);
    expect(matchPauses(source, { speech, pauses: [] })).toEqual([]);
  });

  it('maps monotonically, pauses onto gaps, and nothing into an unmatched gap', () => {
    const target = {
      speech: { startMs: 300, endMs: 2700 },
      pauses: [
        { startMs: 900, endMs: 1200 },
        { startMs: 1700, endMs: 2100 },
      ],
    };
    const pairs = matchPauses(source, target);
    expect(pairs).toEqual([[0, 0]]);
    const pieces = buildPieces(source, target, pairs, 1150, 3000);
    let last = -Infinity;
    for (let t = 0; t <= 1150; t += 5) {
      const mapped = mapTime(pieces, t);
      expect(mapped).toBeGreaterThanOrEqual(last);
      expect(mapped > 1700 && mapped < 2100).toBe(false);
      last = mapped;
    }
    expect(mapTime(pieces, 450)).toBeCloseTo(900);
    expect(mapTime(pieces, 600)).toBeCloseTo(1200);
    expect(mapTime(pieces, 50)).toBeCloseTo(300);
    expect(mapTime(pieces, 1100)).toBeCloseTo(2700);
  });
});

describe('alignPhonemesToAudio', () => {
  // The voice: 300 ms lead-in, speech 300-900, a pause to 1200, speech 1200-2200, 200 ms tail.
  const target = signal([
    ['silence', 300],
    [200, 600],
    ['silence', 300],
    [300, 1000],
    ['silence', 200],
  ]);

  it('puts the pause on the gap and stretches each side on its own', () => {
    const aligned = alignPhonemesToAudio(EVENTS, 1150, target, RATE, { method: 'pauses' });
    expect(aligned.method).toBe('pauses');
    expect(aligned.matchedPauses).toBe(1);
    expect(aligned.durationMs).toBeCloseTo(2400);
    const expected = [300, 600, 750, 900, 1200, 1600, 1800, 2200];
    expected.forEach((ms, i) => expect(Math.abs(startOf(aligned.phonemes, i) - ms)).toBeLessThanOrEqual(15));
    expect(aligned.phonemes.map((p) => p.phoneme)).toEqual(EVENTS.map((p) => p.phoneme));
    // The naive stretch puts "p" 57 ms late and the pause 100 ms early.
    const naive = alignPhonemesToAudio(EVENTS, 1150, target, RATE, { method: 'linear' });
    expect(Math.abs(startOf(naive.phonemes, 5) - 1600)).toBeGreaterThan(40);
    expect(Math.abs(startOf(naive.phonemes, 3) - 900)).toBeGreaterThan(60);
  });

  it('keeps phonemes out of a hesitation the reference does not have', () => {
    const hesitating = signal([
      ['silence', 300],
      [200, 600],
      ['silence', 300],
      [300, 500],
      ['silence', 400],
      [300, 500],
      ['silence', 200],
    ]);
    const aligned = alignPhonemesToAudio(EVENTS, 1150, hesitating, RATE, { method: 'pauses' });
    expect(aligned.targetGaps).toBe(2);
    expect(aligned.matchedPauses).toBe(1);
    expect(Math.abs(startOf(aligned.phonemes, 3) - 900)).toBeLessThanOrEqual(15);
    for (const p of aligned.phonemes) expect(p.startMs > 1720 && p.startMs < 2080).toBe(false);
    expect(Math.abs(startOf(aligned.phonemes, 6) - 2200)).toBeLessThanOrEqual(20);
  });

  it('follows added leading silence', () => {
    const padded = new Float32Array(target.length + RATE / 2);
    padded.set(target, RATE / 2);
    const a = alignPhonemesToAudio(EVENTS, 1150, target, RATE).phonemes;
    const b = alignPhonemesToAudio(EVENTS, 1150, padded, RATE).phonemes;
    a.forEach((p, i) => expect(b[i]!.startMs - p.startMs).toBeCloseTo(500, 0));
  });

  it('falls back to one stretch when the voice ran through the pause, and to scaling when it is silent', () => {
    const runOn = signal([
      ['silence', 300],
      [200, 600],
      [300, 1000],
      ['silence', 200],
    ]);
    const aligned = alignPhonemesToAudio(EVENTS, 1150, runOn, RATE);
    expect(aligned.matchedPauses).toBe(0);
    const times = aligned.phonemes.map((p) => p.startMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times[0]!).toBeGreaterThanOrEqual(290);
    expect(times.at(-1)!).toBeLessThanOrEqual(1910);
    const silent = alignPhonemesToAudio(EVENTS, 1150, new Float32Array(RATE * 2), RATE);
    expect(silent.method).toBe('none');
    expect(silent.phonemes.at(-1)!.startMs).toBeCloseTo((1100 / 1150) * 2000);
  });

  it('warps inside a stretch with DTW where the sounds themselves say where the change is', () => {
    // One continuous stretch of three sounds: 300/300/300 ms in the reference, 500/200/400 in the voice.
    const reference = signal([
      ['silence', 100],
      [150, 300],
      [600, 300],
      [2000, 300],
      ['silence', 100],
    ]);
    const voice = signal([
      ['silence', 100],
      [160, 500],
      [640, 200],
      [2100, 400],
      ['silence', 100],
    ]);
    const events: PhonemeEvent[] = [
      { phoneme: 'a', startMs: 100 },
      { phoneme: 'o', startMs: 400 },
      { phoneme: 'i', startMs: 700 },
      { phoneme: '', startMs: 1000 },
    ];
    const options = { reference: { samples: reference, sampleRate: RATE } };
    const dtw = alignPhonemesToAudio(events, 1100, voice, RATE, { ...options, method: 'dtw' });
    const linear = alignPhonemesToAudio(events, 1100, voice, RATE, { ...options, method: 'pauses' });
    expect(dtw.method).toBe('dtw');
    expect(Math.abs(startOf(dtw.phonemes, 1) - 600)).toBeLessThanOrEqual(25);
    expect(Math.abs(startOf(dtw.phonemes, 2) - 800)).toBeLessThanOrEqual(25);
    expect(Math.abs(startOf(linear.phonemes, 1) - 600)).toBeGreaterThan(60);
  });

  it('refuses unusable input with a coded error', () => {
    const bad = (f: () => unknown): void => {
      expect(f).toThrow(CodedError);
      try {
        f();
      } catch (e) {
        expect((e as CodedError).code).toBe('SPEECH_ALIGN_BAD_INPUT');
      }
    };
    bad(() => alignPhonemesToAudio(EVENTS, 1150, target, 0));
    bad(() => alignPhonemesToAudio(EVENTS, 1150, target, Number.NaN));
    bad(() => alignPhonemesToAudio(EVENTS, 1150, [0, 1] as unknown as Float32Array, RATE));
    bad(() => alignPhonemesToAudio(EVENTS, 1150, target, RATE, { method: 'dtw' }));
    bad(() => alignedMouthFrames(EVENTS, target, -5));
  });
});

describe('alignedMouthFrames', () => {
  it('makes the phonemes’ shapes while there is sound and closes in silence whatever the phoneme says', () => {
    // "o" is held across a 400 ms silence in the middle.
    const audio = signal([
      ['silence', 200],
      [200, 500],
      ['silence', 400],
      [200, 500],
      ['silence', 200],
    ]);
    const events: PhonemeEvent[] = [
      { phoneme: 'u', startMs: 200 },
      { phoneme: 'o', startMs: 500 },
      { phoneme: 'i', startMs: 1300 },
      { phoneme: '', startMs: 1600 },
    ];
    const frames = alignedMouthFrames(events, audio, RATE, { fps: 50 });
    expect(frames.at(-1)!.timeMs).toBeLessThanOrEqual(1800);
    const at = (ms: number) => frames.find((f) => f.timeMs >= ms)!;
    expect(at(400).form).toBeLessThan(-0.5); // rounded u
    expect(at(400).open).toBeGreaterThan(0.2);
    expect(at(650).open).toBeGreaterThan(0.5); // open o
    expect(at(1000).open).toBeLessThan(0.05); // silence inside the "o"
    expect(at(1450).form).toBeGreaterThan(0.4); // wide i
    expect(at(100).open).toBe(0);
    expect(at(1760).open).toBeLessThan(0.05);
  });
});

describe('espeakVoiceForXtts', () => {
  it('names a voice for each XTTS language and none where espeak-ng cannot read the text', () => {
    expect(espeakVoiceForXtts('en', 'Hello')).toBe('en-us');
    expect(espeakVoiceForXtts('zh-cn', '你好')).toBe('cmn');
    expect(espeakVoiceForXtts('ja', 'こんにちは')).toBe('ja');
    expect(espeakVoiceForXtts('ja', '今日は')).toBeUndefined();
    expect(espeakVoiceForXtts('xx', 'Hello')).toBeUndefined();
  });
});
