// The esbuild bundle starts on its own: /health answers and the real auth routes work, then SIGTERM exits 0.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Building and starting Node takes seconds on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
// Private to this run, git-ignored, and like sync-server/dist/ two levels below the repository root, so the
// bundle finds node_modules and the repository's folders exactly as the real one does.
const outDir = join(SERVER_DIR, '..', 'node_modules', `.build-test-${process.pid}`);
const outfile = join(outDir, 'main.js');

describe('scripts/build.mjs', () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('bundles a server that starts, registers a user and stops on SIGTERM', async () => {
    execFileSync(process.execPath, [join(SERVER_DIR, 'scripts/build.mjs'), '--outfile', outfile], { cwd: SERVER_DIR });
    const cwd = mkdtempSync(join(tmpdir(), 'bundle-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|CONFIG_FILE)$/.test(k)));
    const child = spawn(process.execPath, [outfile], {
      cwd,
      env: { ...env, JWT_SECRET: '4f1d8c2b7a9e3f6051c8d2e7b4a9f0c3e6d1b8a5f2c9e4d7b0a3f6c1e8d5b2a9', APP_PORT: '0', DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'warn', WEB_DIST: join(cwd, 'no-web') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string; version: string };
      expect(health).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      const reg = await fetch(`${url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'owner', password: 'correct horse battery staple' }),
      });
      expect(reg.status).toBe(201);
      const { accessToken } = (await reg.json()) as { accessToken: string };
      const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
