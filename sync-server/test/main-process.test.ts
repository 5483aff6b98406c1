// The real entry point as a child process: refuses weak secrets, names a busy APP_PORT, stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each case starts Node and compiles the server with tsx: seconds when the machine is busy, so a generous limit.
vi.setConfig({ testTimeout: 90_000 });

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const GOOD_SECRET = '7c1e9a3f5b2d4068e1a3c5f7092b4d6f8a1c3e5f7092b4d6e8a0c2e4f6081a3c';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs main.ts in an empty directory (no .env, no config.json) with only the given settings. */
function runMain(
  env: Record<string, string>,
  opts: { untilStdout?: RegExp; then?: (pid: number, stdout: string) => void; files?: Record<string, string> } = {},
): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), 'main-'));
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(cwd, name), text);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(JWT_SECRET|DATABASE_URL|REDIS_URL|APP_PORT|CONFIG_FILE|DATA_DIR)$/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { ...clean, DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let triggered = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!triggered && opts.untilStdout?.test(stdout)) {
      triggered = true;
      opts.then?.(child.pid!, stdout);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('main.ts refuses to start without a usable JWT_SECRET', () => {
  it.each([
    ['missing', {}],
    ['too short', { JWT_SECRET: 'abc123def456' }],
    ['a placeholder', { JWT_SECRET: 'changeme-changeme-changeme-changeme' }],
    ['one repeated character', { JWT_SECRET: 'x'.repeat(64) }],
  ])('%s: exits non-zero and says how to make one', async (_name, env) => {
    const run = await runMain(env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('JWT_SECRET');
    expect(run.stderr).toContain('openssl rand -hex 32');
    expect(run.stderr).toContain("randomBytes(32).toString('hex')");
    expect(run.stdout).not.toContain('listening');
  });

  it('names the bad key for other invalid settings', async () => {
    const run = await runMain({ JWT_SECRET: GOOD_SECRET, APP_PORT: 'not-a-port' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('APP_PORT');
  });
});

describe('main.ts with a valid configuration', () => {
  let blocker: Server | undefined;
  afterAll(() => blocker?.close());

  it('names APP_PORT when the port is taken', async () => {
    blocker = createServer();
    const port = await new Promise<number>((r) => blocker!.listen(0, '127.0.0.1', () => r((blocker!.address() as { port: number }).port)));
    const run = await runMain({ JWT_SECRET: GOOD_SECRET, APP_PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`port ${port}`);
    expect(run.stderr).toContain('APP_PORT');
  });

  it('names DATABASE_URL when PostgreSQL cannot be reached, without printing its password', async () => {
    const run = await runMain({ JWT_SECRET: GOOD_SECRET, APP_PORT: '0', DATABASE_URL: 'postgres://app:pw-d0nt-print@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr + run.stdout).not.toContain('pw-d0nt-print');
  });

  it('reads JWT_SECRET from .env and APP_PORT from config.json, the environment winning over both', async () => {
    let port = '';
    const run = await runMain({ LOG_LEVEL: 'warn' }, {
      files: { '.env': `JWT_SECRET=${GOOD_SECRET}\nLOG_LEVEL=debug\n`, 'config.json': '{"APP_PORT": 0, "HOST": "127.0.0.1"}' },
      untilStdout: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
      then: (pid, stdout) => {
        port = /127\.0\.0\.1:(\d+)/.exec(stdout)![1]!;
        process.kill(pid, 'SIGTERM');
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(Number(port)).toBeGreaterThan(0);
    // LOG_LEVEL=warn from the environment beat .env's debug: no info "listening" line in the JSON log.
    expect(run.stdout).not.toContain('"msg":"listening"');
  });

  it('starts, serves /health, and exits 0 on SIGTERM', async () => {
    let health: { status?: string; storage?: { kind: string; ok: boolean } } | undefined;
    const run = await runMain({ JWT_SECRET: GOOD_SECRET, APP_PORT: '0' }, {
      untilStdout: /listening on (http:\/\/\S+)/,
      then: (pid, stdout) => {
        const url = /listening on (http:\/\/\S+)/.exec(stdout)![1]!;
        void fetch(`${url}/health`)
          .then(async (res) => (health = (await res.json()) as typeof health))
          .finally(() => process.kill(pid, 'SIGTERM'));
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(health?.status).toBe('ok');
    expect(health?.storage).toEqual({ kind: 'sqlite', ok: true });
  });
});
