// The built PWA's folder may hold hidden files (a deploy's .env, a .git checkout): they are never served.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.ts';
import { buildApp, serveApp } from '../../test/helpers.ts';
import { rawGet } from '../../test/raw-get.ts';

const SECRET = 'DEPLOY_SECRET_VALUE';

describe('static files: hidden paths', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'webdist-dots-'));
    mkdirSync(join(dist, '.git'), { recursive: true });
    mkdirSync(join(dist, 'assets', '.cache'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>shell</title>');
    writeFileSync(join(dist, 'icon.svg'), '<svg/>');
    writeFileSync(join(dist, '.env'), SECRET);
    writeFileSync(join(dist, '.git', 'config'), SECRET);
    writeFileSync(join(dist, 'assets', '.cache', 'x.js'), SECRET);
    server = await serveApp(buildApp({ env: { WEB_DIST: dist } }).app);
  });
  afterAll(() => server.close(100));

  it('serves ordinary files', async () => {
    expect(await rawGet(server.port, '/icon.svg')).toEqual({ status: 200, body: '<svg/>' });
  });

  it.each(['/.env', '/%2eenv', '/%252eenv', '/./.env', '/assets/../.env', '/.git/config', '/%2Egit%2Fconfig', '/assets/.cache/x.js', '/assets/%2ecache/x.js', '/x/..%2f.env'])(
    'does not serve %s',
    async (path) => {
      const res = await rawGet(server.port, path);
      expect(res.body).not.toContain(SECRET);
      expect(res.status).toBeLessThan(500);
    },
  );
});
