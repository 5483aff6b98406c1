// C1 (server side): CSP and the other security headers on every kind of response; HSTS only over TLS.
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../app-env.ts';
import { testConfig } from '../../env.ts';
import { buildApp, fakeAuth } from '../../../test/helpers.ts';
import { CONTENT_SECURITY_POLICY } from './index.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
}

describe('security headers', () => {
  it('builds a CSP with wasm-unsafe-eval but never unsafe-eval, no objects and no framing', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'/);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('worker-src')).toContain('blob:');
    expect(d.get('connect-src')).toEqual(expect.arrayContaining(["'self'", 'https://huggingface.co', 'https://*.hf.co', 'https://cdn-lfs.huggingface.co']));
  });

  it('puts them on successes, 404s, 401/503s, 500s and rate-limited answers alike', async () => {
    const routes = createRouter();
    routes.get('/boom', () => {
      throw new Error('x');
    });
    const { app } = buildApp({ auth: fakeAuth(), routes: [{ path: '/api/x', routes }], env: { RATE_LIMIT_DEFAULT: '1/60' } });
    const responses = [
      await app.request('/api/x/boom', { headers: { authorization: 'Bearer token-alice' } }),
      await app.request('/health'),
      await app.request('/api/status'),
      await app.request('/api/x/boom'),
    ];
    // alice is counted apart from the anonymous address, which is limited after one request.
    expect(responses.map((r) => r.status)).toEqual([500, 200, 429, 401]);
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('marks API answers no-store unless the route set its own caching', async () => {
    const { app } = buildApp();
    expect((await app.request('/api/status')).headers.get('cache-control')).toBe('no-store');
    expect((await app.request('/api/sync/pull')).headers.get('cache-control')).toBe('no-store');
    expect((await app.request('/health')).headers.get('cache-control')).toBeNull();
  });

  it('sends HSTS only when TLS is configured', async () => {
    const config = { ...testConfig({ WEB_DIST: '/nonexistent' }), tls: { cert: '/c.pem', key: '/k.pem' } };
    const { app } = buildApp({ config });
    expect((await app.request('/health')).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});
