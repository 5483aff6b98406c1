// R1 and R2: limits keyed by user or socket address, forwarded addresses ignored by default, windows that reset.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../app-env.ts';
import { serveApp, buildApp, fakeAuth } from '../../../test/helpers.ts';
import { tierFor, DEFAULT_TIER_RULES } from './index.ts';
import { limitKeyForAddress } from './client-address.ts';

/** app.request() has no socket; this gives the request one, as @hono/node-server would. */
const socketEnv = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

function limitedApp(env: Record<string, string>) {
  const routes = createRouter();
  routes.post('/voices', (c) => c.json({ cloned: true }, 201));
  routes.get('/thing', (c) => c.json({ ok: true }));
  return buildApp({
    auth: fakeAuth({ alice: { id: 'alice', username: 'alice', role: 'owner' }, bob: { id: 'bob', username: 'bob', role: 'user' } }),
    routes: [{ path: '/api', routes }],
    env,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('rate limits (R1): the key is the socket address unless a proxy is trusted', () => {
  it('limits 100 requests with random X-Forwarded-For from one real socket', async () => {
    const { app } = limitedApp({ RATE_LIMIT_DEFAULT: '10/60' });
    const server = await serveApp(app);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) {
        const xff = `${(i * 37) % 256}.${(i * 91) % 256}.${i}.${(i * 13) % 256}`;
        const res = await fetch(`${server.url}/health`, { headers: { 'x-forwarded-for': xff } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(90);
    } finally {
      await server.close(100);
    }
  });

  it('believes X-Forwarded-For only from a configured proxy address', async () => {
    const { app } = limitedApp({ RATE_LIMIT_DEFAULT: '1/60', TRUST_PROXY: '10.0.0.1' });
    const via = (socket: string, xff: string) => app.request('/health', { headers: { 'x-forwarded-for': xff } }, socketEnv(socket));
    expect((await via('10.0.0.1', '203.0.113.1')).status).toBe(200);
    // Another client behind the same proxy has its own budget...
    expect((await via('10.0.0.1', '203.0.113.2')).status).toBe(200);
    expect((await via('10.0.0.1', '203.0.113.1')).status).toBe(429);
    // ...but a direct client cannot pick its key by sending the header itself.
    expect((await via('198.51.100.7', '203.0.113.3')).status).toBe(200);
    expect((await via('198.51.100.7', '203.0.113.4')).status).toBe(429);
  });

  it('keys IPv6 clients by their /64', () => {
    expect(limitKeyForAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKeyForAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(limitKeyForAddress('::1')).toBe('0:0:0:0::/64');
    expect(limitKeyForAddress('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('rate limits (R2): limit, limit + 1, and after the window', () => {
  it('answers 2xx up to the limit, then 429 with Retry-After and RateLimit headers, then 2xx after the window', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const { app } = limitedApp({ RATE_LIMIT_DEFAULT: '5/60' });
    const get = () => app.request('/health', {}, socketEnv('192.0.2.10'));
    for (let i = 1; i <= 5; i++) {
      const res = await get();
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(5 - i));
    }
    vi.advanceTimersByTime(20_000);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).toBe('40');
    expect(limited.headers.get('ratelimit-policy')).toBe('5;w=60');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // Another address is unaffected.
    expect((await app.request('/health', {}, socketEnv('192.0.2.11'))).status).toBe(200);
    vi.advanceTimersByTime(40_001);
    expect((await get()).status).toBe(200);
  });

  it('counts signed-in users by user id, whatever address they come from', async () => {
    const { app } = limitedApp({ RATE_LIMIT_DEFAULT: '2/60' });
    const as = (user: string, addr: string) => app.request('/api/thing', { headers: { authorization: `Bearer token-${user}` } }, socketEnv(addr));
    expect((await as('alice', '192.0.2.1')).status).toBe(200);
    expect((await as('alice', '192.0.2.2')).status).toBe(200);
    expect((await as('alice', '192.0.2.3')).status).toBe(429);
    expect((await as('bob', '192.0.2.1')).status).toBe(200);
  });

  it('gives voice cloning its own 20-per-hour tier per user', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const { app, config } = limitedApp({});
    expect(config.rateLimits.voiceClone).toEqual({ points: 20, duration: 3600 });
    const clone = () => app.request('/api/voices', { method: 'POST', headers: { authorization: 'Bearer token-alice' } });
    for (let i = 0; i < 20; i++) expect((await clone()).status).toBe(201);
    const res = await clone();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBe(3600);
    // Other tiers are untouched by the cloning budget.
    expect((await app.request('/api/thing', { headers: { authorization: 'Bearer token-alice' } })).status).toBe(200);
    vi.advanceTimersByTime(3600_001);
    expect((await clone()).status).toBe(201);
  });

  it('counts failed token checks against the address in the auth tier', async () => {
    const { app } = limitedApp({ RATE_LIMIT_AUTH: '3/60' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request('/api/thing', { headers: { authorization: `Bearer guess-${i}` } }, socketEnv('192.0.2.9'))).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('what is counted', () => {
  it('does not count GETs for the static app, only API, health and docs paths', async () => {
    const { app } = limitedApp({ RATE_LIMIT_DEFAULT: '1/60' });
    for (let i = 0; i < 5; i++) expect((await app.request('/chat/42', {}, socketEnv('192.0.2.77'))).status).toBe(404);
    expect((await app.request('/api/status', {}, socketEnv('192.0.2.77'))).status).toBe(200);
    expect((await app.request('/health', {}, socketEnv('192.0.2.77'))).status).toBe(429);
    expect((await app.request('/chat/42', { method: 'POST' }, socketEnv('192.0.2.77'))).status).toBe(429);
  });
});

describe('tierFor', () => {
  it.each([
    ['POST', '/api/auth/login', 'auth'],
    ['POST', '/api/voices', 'voiceClone'],
    ['GET', '/api/voices', 'default'],
    ['POST', '/api/tts/speak', 'synthesis'],
    ['POST', '/v1/audio/speech', 'synthesis'],
    ['POST', '/v1/chat/completions', 'chat'],
    ['POST', '/api/sync/push', 'sync'],
    ['GET', '/api/syncing', 'default'],
    ['GET', '/health', 'default'],
  ])('%s %s → %s', (method, path, tier) => {
    expect(tierFor(DEFAULT_TIER_RULES, method, path)).toBe(tier);
  });
});
