// The pool's slots and queue: order, refusal when full, leaving the queue on abort, double release.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { GenerationPool } from './generation-pool.ts';

describe('GenerationPool', () => {
  it('runs up to `concurrency`, queues up to `maxQueue` in order, and refuses the rest with SERVER_BUSY', async () => {
    const pool = new GenerationPool({ concurrency: 2, maxQueue: 2, retryAfterSeconds: 3 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const order: string[] = [];
    const c = pool.acquire().then((r) => (order.push('c'), r));
    const d = pool.acquire().then((r) => (order.push('d'), r));
    const refused = await pool.acquire().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVER_BUSY', status: 503, headers: { 'Retry-After': '3' } });
    expect(pool.stats).toEqual({ running: 2, queued: 2 });
    a();
    a(); // a second release of the same slot frees nothing
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(pool.stats).toEqual({ running: 2, queued: 1 });
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect(pool.stats).toEqual({ running: 0, queued: 0 });
  });

  it('drops a waiter whose client went away, freeing its queue place', async () => {
    const pool = new GenerationPool({ concurrency: 1, maxQueue: 1 });
    const held = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pool.stats.queued).toBe(0);
    const next = pool.acquire();
    held();
    (await next)();
    expect(pool.stats).toEqual({ running: 0, queued: 0 });
  });

  it('frees the slot when a task throws', async () => {
    const pool = new GenerationPool({ concurrency: 1, maxQueue: 0 });
    await expect(pool.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(async () => 7)).toBe(7);
  });
});
