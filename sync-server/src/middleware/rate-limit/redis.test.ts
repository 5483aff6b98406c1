// Rate limits in Redis: two app instances (standing in for two processes) share one count. Needs REDIS_URL.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../env.ts';
import { buildApp } from '../../../test/helpers.ts';
import { createRateLimiters } from './index.ts';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('[skip] Redis rate-limit tests: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

const socketEnv = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!REDIS_URL)('rate limits in Redis', () => {
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(REDIS_URL!, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  });

  it('shares one limit between two app instances and resets after the window', async () => {
    const env = { WEB_DIST: '/nonexistent', RATE_LIMIT_DEFAULT: '3/2' };
    const config = testConfig(env);
    const keyPrefix = `test-rl-${randomUUID()}`;
    const redisA = client();
    const redisB = client();
    await Promise.all([redisA.ping(), redisB.ping()]);
    const a = buildApp({ config, rateLimiters: createRateLimiters(config.rateLimits, { redis: redisA, keyPrefix }) }).app;
    const b = buildApp({ config, rateLimiters: createRateLimiters(config.rateLimits, { redis: redisB, keyPrefix }) }).app;
    const hit = async (app: typeof a) => (await app.request('/health', {}, socketEnv('192.0.2.50'))).status;

    expect([await hit(a), await hit(b), await hit(a), await hit(b)]).toEqual([200, 200, 200, 429]);
    expect(await hit(a)).toBe(429);
    // A 2 s window in real time: Redis expires the key itself, so there is no clock to fake here.
    await sleep(2100);
    expect(await hit(b)).toBe(200);
  });

  it('falls back to a per-process count when Redis is unreachable, instead of failing requests', async () => {
    const config = testConfig({ WEB_DIST: '/nonexistent', RATE_LIMIT_DEFAULT: '2/60' });
    const dead = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    dead.on('error', () => undefined); // expected: nothing listens on port 1
    clients.push(dead);
    const { app } = buildApp({ config, rateLimiters: createRateLimiters(config.rateLimits, { redis: dead, keyPrefix: `dead-${randomUUID()}` }) });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/health', {}, socketEnv('192.0.2.51'))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
