// TLS_CERT/TLS_KEY: the server speaks HTTPS and sends HSTS. Needs the openssl command to make a throwaway cert.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listen } from '../src/server.ts';
import { buildApp } from './helpers.ts';

function makeCert(): { cert: string; key: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], {
      stdio: 'ignore',
    });
    return { cert, key };
  } catch {
    return undefined;
  }
}

const tls = makeCert();
if (!tls) console.warn('[skip] TLS test: the openssl command is not available to make a test certificate.');

describe.skipIf(!tls)('HTTPS', () => {
  it('serves over TLS with Strict-Transport-Security', async () => {
    const { app } = buildApp({ env: { TLS_CERT: tls!.cert, TLS_KEY: tls!.key, WEB_DIST: '/nonexistent' } });
    const server = await listen(app.fetch, { port: 0, host: '127.0.0.1', tls });
    try {
      expect(server.url).toMatch(/^https:\/\//);
      const res = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
        // A self-signed test certificate: verification is off for this one request only.
        const req = request({ host: '127.0.0.1', port: server.port, path: '/health', rejectUnauthorized: false }, (r) => {
          let body = '';
          r.on('data', (d: Buffer) => (body += d.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'], body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.status).toBe(200);
      expect(res.hsts).toMatch(/max-age=31536000/);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
    } finally {
      await server.close(100);
    }
  });
});
