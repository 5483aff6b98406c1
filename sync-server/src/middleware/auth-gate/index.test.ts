// The gate fails closed: protected paths need a token, and without an auth module they answer 503, never 200.
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../app-env.ts';
import { buildApp, errorBody, fakeAuth } from '../../../test/helpers.ts';
import { isProtected } from './index.ts';

function appWith(auth: boolean) {
  const api = createRouter();
  api.get('/sync/pull', (c) => c.json({ user: c.get('user')?.id ?? null }));
  api.get('/tts/health', (c) => c.json({ tts: 'ok' }));
  const v1 = createRouter();
  v1.get('/models', (c) => c.json({ data: [] }));
  return buildApp({ auth: auth ? fakeAuth() : undefined, routes: [{ path: '/api', routes: api }, { path: '/v1', routes: v1 }] }).app;
}

describe('auth gate', () => {
  it.each(['/', '/health', '/api/status', '/api/tts/health', '/openapi.json', '/docs'])('leaves %s public', async (path) => {
    const res = await appWith(false).request(path);
    expect(res.status).toBe(200);
  });

  it.each(['/api/sync/pull', '/v1/models', '/api/anything-unknown', '/API/sync/pull', '//api/sync/pull', '/v1'])(
    'answers %s with 503 when no auth module is configured (fail closed)',
    async (path) => {
      const res = await appWith(false).request(path, { headers: { authorization: 'Bearer token-alice' } });
      expect(res.status).toBe(503);
      expect((await errorBody(res)).code).toBe('AUTH_UNAVAILABLE');
    },
  );

  it('asks for a token on protected routes and passes the user on', async () => {
    const app = appWith(true);
    const none = await app.request('/api/sync/pull');
    expect(none.status).toBe(401);
    expect((await errorBody(none)).code).toBe('UNAUTHORIZED');
    expect((await app.request('/v1/models', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await app.request('/api/sync/pull', { headers: { authorization: 'Bearer token-alice' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ user: 'alice' });
  });

  it('lets /api/auth/* through to the auth module, which guards its own routes', async () => {
    const app = appWith(true);
    expect((await app.request('/api/auth/me')).status).toBe(401);
    expect((await app.request('/api/auth/me', { headers: { authorization: 'Bearer token-alice' } })).status).toBe(200);
  });

  it('treats odd spellings of API paths as protected', () => {
    for (const p of ['/api', '/API', '/Api/status', '//api/status', '/v1/', '/V1/chat', '/api/status/', '/api/statusx', '/api/auth']) {
      expect(isProtected(p), p).toBe(p !== '/api/auth');
    }
    for (const p of ['/', '/health', '/assets/app.js', '/chat/42', '/api/status', '/api/auth/login']) expect(isProtected(p), p).toBe(false);
  });
});
