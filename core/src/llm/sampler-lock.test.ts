// The sampler lock: shared runs overlap, a seeded run is alone, and arrivals are served in order.
import { describe, expect, it } from 'vitest';
import { SamplerLock } from './sampler-lock';

describe('SamplerLock', () => {
  it('lets shared holders overlap and gives an exclusive holder the generator alone, first come first served', async () => {
    const lock = new SamplerLock();
    const log: string[] = [];
    const s1 = await lock.acquire(false);
    const s2 = await lock.acquire(false);
    const x = lock.acquire(true).then((r) => (log.push('x'), r));
    const s3 = lock.acquire(false).then((r) => (log.push('s3'), r));
    await Promise.resolve();
    expect(log).toEqual([]);
    s1();
    s1(); // releasing twice frees nothing more
    await Promise.resolve();
    expect(log).toEqual([]);
    s2();
    const releaseX = await x;
    expect(log).toEqual(['x']);
    releaseX();
    (await s3)();
    expect(log).toEqual(['x', 's3']);
    (await lock.acquire(true))();
  });
});
