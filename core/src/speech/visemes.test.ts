import { describe, expect, it } from 'vitest';
import { envelopeMouthFrames, mouthFrames, VISEME_SHAPES } from './mouth';
import { OCULUS_VISEMES, phonemeVisemes } from './phoneme-map';
import { visemeAt, visemeTrack, type PhonemeEvent } from './visemes';

describe('phoneme → viseme', () => {
  it.each([
    ['p', ['PP']],
    ['m', ['PP']],
    ['f', ['FF']],
    ['ð', ['TH']],
    ['t', ['DD']],
    ['k', ['kk']],
    ['tʃ', ['CH']],
    ['ʃ', ['CH']],
    ['s', ['SS']],
    ['n', ['nn']],
    ['ɹ', ['RR']],
    ['ˈɑː', ['aa']],
    ['ɛ', ['E']],
    ['ɪ', ['ih']],
    ['ɔ', ['oh']],
    ['u', ['ou']],
    ['ˈoʊ', ['oh', 'ou']],
    ['aɪ', ['aa', 'ih']],
    ['', ['sil']],
    ['_', ['sil']],
  ])('IPA %s', (ipa, visemes) => {
    expect(phonemeVisemes(ipa)).toEqual(visemes);
  });

  it('reads eSpeak ASCII mnemonics', () => {
    expect(phonemeVisemes('tS')).toEqual(['CH']);
    expect(phonemeVisemes('@')).toEqual(['E']);
    expect(phonemeVisemes("'aI")).toEqual(['aa', 'ih']);
    expect(phonemeVisemes('T')).toEqual(['TH']);
    expect(phonemeVisemes('oU')).toEqual(['oh', 'ou']);
  });

  it('has a mouth shape for every viseme, within range', () => {
    for (const v of OCULUS_VISEMES) {
      expect(VISEME_SHAPES[v].open).toBeGreaterThanOrEqual(0);
      expect(VISEME_SHAPES[v].open).toBeLessThanOrEqual(1);
      expect(Math.abs(VISEME_SHAPES[v].form)).toBeLessThanOrEqual(1);
    }
  });
});

describe('viseme track', () => {
  const events: PhonemeEvent[] = [
    { phoneme: 'h', startMs: 100 },
    { phoneme: 'ə', startMs: 150 },
    { phoneme: 'l', startMs: 200 },
    { phoneme: 'ˈoʊ', startMs: 260 },
    { phoneme: '', startMs: 500 },
    { phoneme: 'm', startMs: 700 },
    { phoneme: 'ɑː', startMs: 780 },
  ];

  it('lines cues up with the phoneme timings, starting in silence and ending at the audio end', () => {
    const track = visemeTrack(events, 1000);
    expect(track.map((c) => [c.viseme, c.startMs])).toEqual([
      ['sil', 0],
      ['E', 100], // h takes the shape of the vowel after it
      ['nn', 200],
      ['oh', 260],
      ['ou', 260 + 240 * 0.6], // the diphthong glides after its onset
      ['sil', 500],
      ['PP', 700],
      ['aa', 780],
    ]);
    expect(track.at(-1)!.endMs).toBe(1000);
    for (let i = 1; i < track.length; i++) expect(track[i]!.startMs).toBe(track[i - 1]!.endMs);
    for (const e of events.filter((e) => e.phoneme !== 'h')) {
      expect(visemeAt(track, e.startMs + 1)).toBe(phonemeVisemes(e.phoneme)[0]);
    }
    expect(visemeAt(track, 720)).toBe('PP');
    expect(visemeAt(track, 5000)).toBe('sil');
  });

  it('drives the mouth: open on vowels, closed on silence and p/b/m, rounded on "oo"', () => {
    const track = visemeTrack(events, 1000);
    const frames = mouthFrames(track, 1000, { fps: 100 });
    const at = (ms: number) => frames[Math.round(ms / 10)]!;
    expect(frames).toHaveLength(101);
    expect(at(50).open).toBeLessThan(0.05);
    expect(at(950).open).toBeGreaterThan(0.7); // long aa
    expect(at(740).open).toBeLessThan(0.15); // the m closes the lips
    expect(at(640).open).toBeLessThan(0.15); // pause
    expect(at(480).form).toBeLessThan(-0.5); // the oʊ glide rounds the lips
    expect(at(180).form).toBeGreaterThan(0.2); // ə is spread
  });

  it('anticipates the next sound (coarticulation) instead of jumping at its start', () => {
    const track = visemeTrack([{ phoneme: 'ɑ', startMs: 200 }], 400);
    const frames = mouthFrames(track, 400, { fps: 100, anticipationMs: 30 });
    expect(frames[18]!.open).toBeGreaterThan(0.1); // before 200 ms the mouth is already opening
    expect(frames[10]!.open).toBeLessThan(0.01);
    for (let i = 1; i < frames.length; i++) expect(Math.abs(frames[i]!.open - frames[i - 1]!.open)).toBeLessThan(0.4);
  });
});

describe('amplitude envelope fallback', () => {
  it('opens the mouth where the audio is loud and closes it in silence', () => {
    const rate = 16000;
    const samples = new Float32Array(rate);
    for (let i = rate / 4; i < rate / 2; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 200 * i) / rate);
    const frames = envelopeMouthFrames(samples, rate, { fps: 50 });
    expect(frames).toHaveLength(50);
    expect(frames[5]!.open).toBe(0);
    expect(frames[20]!.open).toBeGreaterThan(0.8);
    expect(frames[45]!.open).toBeLessThan(0.05);
  });
});
