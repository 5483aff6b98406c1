// C2: only configured origins get Access-Control-Allow-Origin; everyone else gets none.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../test/helpers.ts';

describe('CORS', () => {
  it.each(['http://localhost:5173', 'tauri://localhost'])('allows the default origin %s', async (origin) => {
    const { app } = buildApp();
    const res = await app.request('/health', { headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it.each(['http://127.0.0.1:5173', 'http://localhost:5174', 'https://localhost:5173', 'http://evil.example', 'null'])(
    'gives %s no Access-Control-Allow-Origin, on requests and preflights',
    async (origin) => {
      const { app } = buildApp();
      const res = await app.request('/health', { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await app.request('/api/auth/login', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-methods')).toBeNull();
    },
  );

  it('answers an allowed preflight to a protected route without asking for a token', async () => {
    const { app } = buildApp();
    const res = await app.request('/api/sync/pull', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('uses CORS_ORIGINS instead of the defaults when set', async () => {
    const { app } = buildApp({ env: { CORS_ORIGINS: 'https://app.example' } });
    expect((await app.request('/health', { headers: { origin: 'https://app.example' } })).headers.get('access-control-allow-origin')).toBe(
      'https://app.example',
    );
    expect((await app.request('/health', { headers: { origin: 'http://localhost:5173' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});
