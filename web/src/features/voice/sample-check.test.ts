import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav, toMono } from '@companion/core/audio';
import { checkSample } from './sample-check';

const RATE = 16000;
/** A tone at `amp` for `soundSec`, then silence up to `totalSec`. */
function tone(totalSec: number, amp: number, soundSec = totalSec): Float32Array {
  return Float32Array.from({ length: Math.round(totalSec * RATE) }, (_, i) => (i < soundSec * RATE ? amp * Math.sin((2 * Math.PI * 220 * i) / RATE) : 0));
}
const codes = (c: ReturnType<typeof checkSample>) => ({ refusals: c.refusals.map((p) => p.code), warnings: c.warnings.map((p) => p.code) });

describe('checkSample', () => {
  it('accepts 5-10 s of clear sound without warnings', () => {
    const c = checkSample(tone(6, 0.3), RATE);
    expect(c.ok).toBe(true);
    expect(codes(c)).toEqual({ refusals: [], warnings: [] });
    expect(c.durationSec).toBeCloseTo(6, 5);
    expect(c.soundSec).toBeCloseTo(6, 1);
  });

  it('refuses samples under 3 s or over 30 s and says how long they are', () => {
    const short = checkSample(tone(2.5, 0.3), RATE);
    expect(short.ok).toBe(false);
    expect(codes(short).refusals).toEqual(['TOO_SHORT']);
    expect(short.refusals[0]!.message).toContain('2.5 s');
    expect(codes(checkSample(tone(31, 0.3), RATE)).refusals).toEqual(['TOO_LONG']);
  });

  it('refuses silence, very quiet audio and audio that is mostly pause', () => {
    expect(codes(checkSample(new Float32Array(RATE * 5), RATE)).refusals).toEqual(['SILENT']);
    expect(codes(checkSample(tone(5, 0.004), RATE)).refusals).toEqual(['TOO_QUIET']);
    const pauses = checkSample(tone(8, 0.3, 1), RATE);
    expect(codes(pauses).refusals).toEqual(['TOO_LITTLE_SOUND']);
  });

  it('warns about clipping and about lengths outside 5-10 s without refusing', () => {
    const clipped = tone(6, 0.3).map((s) => Math.max(-1, Math.min(1, s * 10)));
    expect(codes(checkSample(clipped, RATE))).toEqual({ refusals: [], warnings: ['CLIPPED'] });
    expect(codes(checkSample(tone(4, 0.3), RATE))).toEqual({ refusals: [], warnings: ['NOT_IDEAL_LENGTH'] });
  });

  const haru = join(import.meta.dirname, '../../../../../shared/assets/live2d/Haru/sounds');
  if (!existsSync(haru)) console.warn(`[skip] ${haru} is absent: the test on Haru's real clips is skipped (the synthetic cases above still run).`);
  it.skipIf(!existsSync(haru))('accepts the 3 s Haru clip and refuses a 1.3 s one as too short', () => {
    const read = (f: string) => {
      const w = decodeWav(new Uint8Array(readFileSync(join(haru, f))));
      return checkSample(toMono(w), w.sampleRate);
    };
    expect(read('haru_Info_14.wav').ok).toBe(true);
    expect(codes(read('haru_Info_04.wav')).refusals).toEqual(['TOO_SHORT']);
  });
});
