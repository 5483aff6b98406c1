// What a newcomer does: `npm run models -- fixtures`, then start the server, and nothing else. The real CLI installs
// the test models into a fresh MODELS_DIR, the real entry point (main.ts) starts on a free loopback port, and the
// official openai client chats with test-tiny-llm, /api/chat answers, and /api/tts/clone + /api/tts/generate speak a
// clone with test-tiny-xtts. `remove --fixtures` takes it all away again.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { decodeWav } from '@companion/core/audio';
import { TINY_REPLY } from '../../models/src/fixtures/index.ts';
import { speechWav } from '../src/routes/voice/fixtures.ts';

vi.setConfig({ testTimeout: 120_000 });

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO, 'sync-server/src/main.ts');
const CLI = join(REPO, 'models/scripts/cli.ts');
const TSX = import.meta.resolve('tsx');
const SECRET = '7d1f3b5a9c2e4f6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a';
const run = promisify(execFile);

const cwd = mkdtempSync(join(tmpdir(), 'first-run-'));
const store = join(cwd, 'store');
// Only what a fresh checkout has: no database, provider or config from the machine running the tests.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(JWT_SECRET|DATABASE_URL|REDIS_URL|APP_PORT|CONFIG_FILE|DATA_DIR|PROVIDERS|MODELS_DIR|XTTS_MODEL.*|DEFAULT_MODEL)$/.test(k)),
);
const env = { ...baseEnv, MODELS_DIR: store };
const cli = (...args: string[]) => run(process.execPath, ['--import', TSX, CLI, ...args], { env, cwd: join(REPO, 'models') });

let child: ReturnType<typeof spawn> | undefined;
let exited: Promise<number | null> | undefined;
let url = '';
const logs = { stdout: '', stderr: '' };

beforeAll(async () => {
  const installed = await cli('fixtures');
  expect(installed.stdout).toMatch(/test-tiny-llm@fp32/);
  expect(installed.stdout).toMatch(/test-tiny-xtts@fp32/);
  const proc = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { ...env, JWT_SECRET: SECRET, APP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(cwd, 'data'), WEB_DIST: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  proc.stdout!.on('data', (d: Buffer) => (logs.stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (logs.stderr += d.toString()));
  exited = new Promise((resolve) => proc.on('close', (code) => resolve(code)));
  url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(logs.stdout);
      if (m?.[1]) resolve(m[1]);
    });
    void exited!.then((code) => reject(new Error(`main exited ${code}: ${logs.stderr}`)));
  });
}, 300_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  await exited;
  rmSync(cwd, { recursive: true, force: true });
});

async function signUp(): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'newcomer', password: 'a long enough password 1' }),
  });
  expect(res.status).toBe(201);
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

it('chats with test-tiny-llm (openai client and /api/chat) and speaks a clone with test-tiny-xtts, with no other step', async () => {
  const auth = await signUp();
  const json = { ...auth, 'content-type': 'application/json' };

  const models = (await (await fetch(`${url}/api/models`, { headers: auth })).json()) as { models: { id: string; servable: boolean; testModel?: boolean; licence?: { spdx: string } }[] };
  expect(models.models).toContainEqual(expect.objectContaining({ id: 'test-tiny-llm', servable: true, testModel: true, licence: expect.objectContaining({ spdx: 'MIT' }) }));

  const created = await fetch(`${url}/api/keys`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'sdk' }) });
  expect(created.status).toBe(201);
  const client = new OpenAI({ apiKey: ((await created.json()) as { key: string }).key, baseURL: `${url}/v1`, maxRetries: 0 });
  const done = await client.chat.completions.create({ model: 'test-tiny-llm', messages: [{ role: 'user', content: 'Hi!' }], temperature: 0 });
  expect(done.choices[0]?.message.content).toBe(TINY_REPLY);

  const chat = await fetch(`${url}/api/chat`, { method: 'POST', headers: json, body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0 } }) });
  expect(chat.status).toBe(200);
  expect(((await chat.json()) as { text: string }).text).toBe(TINY_REPLY);

  const form = new FormData();
  form.set('audio_file', new Blob([(await speechWav(6)).bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), 'me.wav');
  form.set('profile_name', 'Me');
  const cloned = await fetch(`${url}/api/tts/clone`, { method: 'POST', headers: auth, body: form });
  expect(cloned.status, await cloned.clone().text()).toBe(201);
  const { profile } = (await cloned.json()) as { profile: { voice: string } };
  const spoken = await fetch(`${url}/api/tts/generate`, { method: 'POST', headers: json, body: JSON.stringify({ text: 'Hello there.', voice: profile.voice }) });
  expect(spoken.status, await spoken.clone().text()).toBe(200);
  const audio = decodeWav(new Uint8Array(Buffer.from(((await spoken.json()) as { audio: string }).audio, 'base64')));
  expect(audio.channels[0]?.length ?? 0).toBeGreaterThan(0);
});

it('`remove --fixtures` removes both test models and their catalog entries', async () => {
  const removed = await cli('remove', '--fixtures');
  expect(removed.stdout).toMatch(/removed test-tiny-llm@fp32/);
  expect(removed.stdout).toMatch(/removed test-tiny-xtts@fp32/);
  expect((await cli('list')).stdout).toMatch(/no models/);
  expect(existsSync(join(store, '.catalog', 'test-tiny-llm.json'))).toBe(false);
  expect(existsSync(join(store, '.catalog', 'voice', 'test-tiny-xtts.json'))).toBe(false);
});
