import { describe, expect, it } from 'vitest';
import { GenerationClock } from './generation-clock';

describe('GenerationClock', () => {
  it('splits prefill (time to first token) from decode speed', () => {
    let t = 1000;
    const clock = new GenerationClock(() => t);
    t = 1250; // prefill
    clock.token();
    for (let i = 0; i < 10; i += 1) {
      t += 100;
      clock.token();
    }
    expect(clock.finish()).toEqual({ timeToFirstTokenMs: 250, totalMs: 1250, decodeTokensPerSecond: 10 });
    expect(clock.completionTokens).toBe(11);
  });

  it('reports zero decode speed with fewer than two tokens', () => {
    let t = 0;
    const clock = new GenerationClock(() => t);
    t = 50;
    expect(clock.finish()).toEqual({ timeToFirstTokenMs: 50, totalMs: 50, decodeTokensPerSecond: 0 });
  });
});
