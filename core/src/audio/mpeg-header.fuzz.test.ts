// U3 for the MP3 header reader: random and mutated bytes end quickly in Mp3Info or a typed AudioError.
import { describe, expect, it } from 'vitest';
import { AudioError } from './errors';
import { readMp3Info } from './mpeg-header';
import { sniffType } from './sniff';

describe('readMp3Info fuzzing', () => {
  it('handles 5,000 random and frame-like inputs with typed errors only', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let ok = 0;
    for (let n = 0; n < 5000; n++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 600) }, () => Math.floor(rand() * 256));
      // Seed plausible starts: ID3 tags with random sizes, frame syncs, Xing tags.
      const kind = n % 4;
      if (kind === 0 && bytes.length > 10) bytes.set([0x49, 0x44, 0x33, 4, 0]);
      if (kind === 1 && bytes.length > 4) bytes.set([0xff, 0xf3, 0x80 | (n & 0x0c), 0xc4]);
      if (kind === 2 && bytes.length > 60)
        bytes.set([
          0xff,
          0xfb,
          0x90,
          0x64,
          ...new Array(32).fill(0),
          0x58,
          0x69,
          0x6e,
          0x67,
          0,
          0,
          0,
          1,
          0xff,
          0xff,
          0xff,
          0xff,
        ]);
      expect(['wav', 'mp3', 'ogg', 'flac', 'webm', 'png', 'zip', 'unknown']).toContain(sniffType(bytes));
      try {
        const info = readMp3Info(bytes);
        expect(info.firstFrameOffset).toBeLessThan(bytes.length);
        expect(Number.isFinite(info.durationSec)).toBe(true);
        ok++;
      } catch (e) {
        expect(e).toBeInstanceOf(AudioError);
      }
    }
    expect(ok).toBeGreaterThan(100);
  });
});
