// The built PWA: cache headers per file kind, SPA fallback, API paths never swallowed, nothing outside WEB_DIST.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../middleware/security-headers/index.ts';
import type { RunningServer } from '../server.ts';
import { buildApp, serveApp } from '../../test/helpers.ts';

function makeDist(): string {
  const base = mkdtempSync(join(tmpdir(), 'webdist-'));
  const dist = join(base, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app shell</title>');
  writeFileSync(join(dist, 'assets', 'index-a1b2c3d4.js'), 'console.log(1)');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch",()=>{})');
  writeFileSync(join(dist, 'registerSW.js'), '');
  writeFileSync(join(dist, 'workbox-5f2e1c.js'), '');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{}');
  writeFileSync(join(dist, 'icon.svg'), '<svg/>');
  writeFileSync(join(base, 'secret.txt'), 'outside the dist');
  symlinkSync(join(base, 'secret.txt'), join(dist, 'leak.txt'));
  return dist;
}

const html = { accept: 'text/html,application/xhtml+xml' };

describe('static PWA serving', () => {
  const dist = makeDist();
  const { app } = buildApp({ env: { WEB_DIST: dist } });

  it.each([
    ['/assets/index-a1b2c3d4.js', 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8'],
    ['/sw.js', 'no-cache', 'text/javascript; charset=utf-8'],
    ['/registerSW.js', 'no-cache', 'text/javascript; charset=utf-8'],
    ['/workbox-5f2e1c.js', 'no-cache', 'text/javascript; charset=utf-8'],
    ['/manifest.webmanifest', 'no-cache', 'application/manifest+json; charset=utf-8'],
    ['/index.html', 'no-cache', 'text/html; charset=utf-8'],
    ['/icon.svg', 'public, max-age=3600', 'image/svg+xml'],
  ])('serves %s with Cache-Control %s', async (path, cache, type) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(cache);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a matching ETag with 304', async () => {
    const first = await app.request('/sw.js');
    const etag = first.headers.get('etag')!;
    const again = await app.request('/sw.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('gives browsers the app at / and on client-side routes, JSON clients the banner', async () => {
    for (const path of ['/', '/chat/42', '/settings']) {
      const res = await app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('app shell');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    const banner = await app.request('/', { headers: { accept: 'application/json' } });
    expect(await banner.json()).toMatchObject({ name: 'companion-sync', health: '/health' });
  });

  it('never answers API paths, /health or missing hashed assets with the shell', async () => {
    expect((await app.request('/api/nothing', { headers: html })).status).toBe(503);
    expect((await app.request('/v1/nothing', { headers: html })).status).toBe(503);
    expect((await app.request('/health', { headers: html })).headers.get('content-type')).toContain('application/json');
    expect((await app.request('/assets/missing-123.js', { headers: html })).status).toBe(404);
    expect((await app.request('/missing.js')).status).toBe(404);
  });

  it('refuses a symlink that leads out of WEB_DIST', async () => {
    const res = await app.request('/leak.txt');
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('outside the dist');
  });

  describe('over a real socket (raw, unnormalised paths)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await serveApp(app);
    });
    afterAll(() => server.close(100));

    const rawGet = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers: html }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });

    it.each(['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets%2f..%2f..%2fsecret.txt', '/%00'])(
      'does not serve %s from outside WEB_DIST',
      async (path) => {
        const res = await rawGet(path);
        expect(res.body).not.toContain('outside the dist');
        expect(res.status).toBeLessThan(500);
      },
    );
  });
});

describe('without a built PWA', () => {
  it('answers / with the JSON banner even for browsers', async () => {
    const { app } = buildApp({ env: { WEB_DIST: join(tmpdir(), 'definitely-not-built') } });
    const res = await app.request('/', { headers: html });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'companion-sync', docs: '/docs' });
  });
});
