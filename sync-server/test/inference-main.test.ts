// The real entry point wires chat, models, API keys and /v1: the openai client talks to main.ts, which chats through
// a second instance of this server configured as an OpenAI-compatible provider. Keys stay out of every output.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TINY_REPLY } from '../../models/src/fixtures/index.ts';
import { asUser } from '../src/auth/testing.ts';
import { createInferenceTestApp } from '../src/inference/testing.ts';
import type { RunningServer } from '../src/server.ts';
import { serveApp } from './helpers.ts';

vi.setConfig({ testTimeout: 90_000 });

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const SECRET = '3e5f7a9c1b2d4f6a8c0e2b4d6f8a0c1e3f5a7b9d1c3e5f7a9b0d2c4e6f8a1b3c';

function startMain(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'main-inference-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(JWT_SECRET|DATABASE_URL|REDIS_URL|APP_PORT|CONFIG_FILE|DATA_DIR|PROVIDERS)$/.test(k)));
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { ...clean, JWT_SECRET: SECRET, APP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(cwd, 'data'), MODELS_DIR: join(cwd, 'store'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out.stdout);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`main exited ${code}: ${out.stderr}`)));
  });
  return { child, out, url, exited, cleanup: () => rmSync(cwd, { recursive: true, force: true }) };
}

describe('main.ts with a remote provider', () => {
  let upstream: Awaited<ReturnType<typeof createInferenceTestApp>>;
  let upstreamServer: RunningServer;
  let upstreamKey: string;
  let main: ReturnType<typeof startMain>;
  let url: string;
  beforeAll(async () => {
    upstream = await createInferenceTestApp();
    upstreamServer = await serveApp(upstream.app);
    const owner = await asUser(upstream.app);
    const res = await owner.request('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'main' }) });
    upstreamKey = ((await res.json()) as { key: string }).key;
    const providers = [{ name: 'up', type: 'openai', baseUrl: `${upstreamServer.url}/v1`, apiKeyEnv: 'UP_KEY', models: ['test-tiny-llm'] }];
    main = startMain({ PROVIDERS: JSON.stringify(providers), UP_KEY: upstreamKey });
    url = await main.url;
  }, 120_000);
  afterAll(async () => {
    main?.child.kill('SIGTERM');
    await main?.exited;
    main?.cleanup();
    await upstreamServer?.close(1000);
    await upstream?.dispose();
  });

  it('serves /v1 to the openai client with a per-user API key, and the catalog on /api/models', async () => {
    const reg = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tavern', password: 'a long enough password 1' }),
    });
    const { accessToken } = (await reg.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const created = await fetch(`${url}/api/keys`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'st' }) });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };

    const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
    const done = await client.chat.completions.create({ model: 'up/test-tiny-llm', messages: [{ role: 'user', content: 'Hi!' }], temperature: 0 });
    expect(done.choices[0]?.message.content).toBe(TINY_REPLY);
    let streamed = '';
    const stream = await client.chat.completions.create({ model: 'up/test-tiny-llm', messages: [{ role: 'user', content: 'Hi!' }], temperature: 0, stream: true });
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(TINY_REPLY);

    const models = await (await fetch(`${url}/api/models`, { headers: auth })).text();
    const list = JSON.parse(models) as { models: Array<{ id: string; runtime: string; downloaded: boolean }> };
    expect(list.models).toContainEqual(expect.objectContaining({ id: 'up/test-tiny-llm', runtime: 'remote' }));
    expect(list.models).toContainEqual(expect.objectContaining({ id: 'qwen2.5-0.5b-instruct-onnx', runtime: 'onnx', downloaded: false }));
    const status = await (await fetch(`${url}/api/models/status`, { headers: auth })).text();
    for (const text of [models, status, main.out.stdout, main.out.stderr]) {
      expect(text).not.toContain(upstreamKey);
      expect(text).not.toContain(upstreamServer.url);
    }
  });
});

describe('main.ts refuses bad inference settings', () => {
  it('names PROVIDERS and exits non-zero', async () => {
    const main = startMain({ PROVIDERS: '[{"name": "x"' });
    await main.url.catch(() => undefined);
    expect(await main.exited).not.toBe(0);
    expect(main.out.stderr).toMatch(/PROVIDERS/);
    main.cleanup();
  });
});
