// The .npy reader on random and mutated inputs: a result or an NpyError, never another error or a big allocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NpyError, readNpy, writeNpy } from './npy';

function outcome(bytes: Uint8Array): 'ok' | 'refused' {
  try {
    const r = readNpy(bytes);
    // Never more values than the file could hold.
    expect(r.data.length * 2).toBeLessThanOrEqual(bytes.length);
    return 'ok';
  } catch (e) {
    if (!(e instanceof NpyError)) throw e;
    return 'refused';
  }
}

describe('readNpy fuzz', () => {
  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void outcome(b)),
      { numRuns: 2000 },
    );
  });

  it('survives mutations of valid files', () => {
    const base = writeNpy(
      Float32Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
    );
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.nat(base.length),
    });
    fc.assert(
      fc.property(mutation, ({ flips, cut }) => {
        const b = base.slice(0, Math.max(1, cut === 0 ? base.length : cut));
        for (const [at, v] of flips) if (at < b.length) b[at] = v;
        outcome(b);
      }),
      { numRuns: 3000 },
    );
  });
});
