// The official `openai` client against a running server on loopback: completions (streamed and not), models, errors, keys.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_REPLY } from '../../../../models/src/fixtures/index.ts';
import { serveApp } from '../../../test/helpers.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { createInferenceTestApp } from '../../inference/testing.ts';
import type { RunningServer } from '../../server.ts';

let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
let server: RunningServer;
let alice: TestUser;
let apiKey: string;
const client = (key: string) => new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
const hi = [{ role: 'user' as const, content: 'Hi!' }];

beforeAll(async () => {
  t = await createInferenceTestApp();
  server = await serveApp(t.app);
  alice = await asUser(t.app);
  const res = await alice.request('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'tavern' }) });
  apiKey = ((await res.json()) as { key: string }).key;
}, 120_000);
afterAll(async () => {
  await server?.close(1000);
  await t?.dispose();
});

describe('/v1 with the openai client', () => {
  it('completes without streaming: the exact reply and usage (access token)', async () => {
    const out = await client(alice.accessToken).chat.completions.create({ model: 'test-tiny-llm', messages: hi, temperature: 0 });
    expect(out.object).toBe('chat.completion');
    expect(out.choices[0]?.message.content).toBe(TINY_REPLY);
    expect(out.choices[0]?.finish_reason).toBe('stop');
    expect(out.usage?.completion_tokens).toBeGreaterThan(5);
    expect(out.usage?.total_tokens).toBe((out.usage?.prompt_tokens ?? 0) + (out.usage?.completion_tokens ?? 0));
  });

  it('streams chunks that add up to the exact reply, then usage (API key)', async () => {
    const stream = await client(apiKey).chat.completions.create({
      model: 'test-tiny-llm',
      messages: [{ role: 'system', content: 'You are kind.' }, ...hi],
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      const finish = chunk.choices[0]?.finish_reason;
      if (finish) finishes.push(finish);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(TINY_REPLY);
    expect(chunks).toBeGreaterThan(4);
    expect(finishes).toEqual(['stop']);
    expect(usage?.completion_tokens).toBeGreaterThan(5);
  });

  it('honours stop, max_tokens and top_p, and takes seed', async () => {
    const c = client(apiKey);
    const stopped = await c.chat.completions.create({ model: 'test-tiny-llm', messages: hi, temperature: 0, stop: ['test'], seed: 7 });
    expect(stopped.choices[0]?.message.content).toBe(TINY_REPLY.slice(0, TINY_REPLY.indexOf('test')));
    const short = await c.chat.completions.create({ model: 'test-tiny-llm', messages: hi, temperature: 0, max_tokens: 3, top_p: 0.5 });
    expect(short.choices[0]?.finish_reason).toBe('length');
    expect(short.usage?.completion_tokens).toBe(3);
  });

  it('takes the top_k and repetition_penalty extensions, greedy replies unchanged by top-k, and refuses them out of range', async () => {
    const post = (extra: Record<string, unknown>) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ model: 'test-tiny-llm', messages: hi, temperature: 0, ...extra }),
      });
    const ok = await post({ top_k: 5, repetition_penalty: 1 });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(TINY_REPLY);
    for (const extra of [{ top_k: -1 }, { top_k: 1.5 }, { repetition_penalty: 9 }]) {
      const res = await post(extra);
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('lists the models this server can run', async () => {
    const ids: string[] = [];
    for await (const m of client(apiKey).models.list()) ids.push(m.id);
    expect(ids).toContain('test-tiny-llm');
    expect(ids.some((id) => id.endsWith('-webllm'))).toBe(false);
  });

  it('fails in a shape both OpenAI clients and the app read: {error: {message, type, code, param}}', async () => {
    const c = client(apiKey);
    const missing = await c.chat.completions.create({ model: 'no-such-model', messages: hi }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ type: 'not_found_error', code: 'MODEL_NOT_FOUND' });

    const bad = await c.chat.completions.create({ model: 'test-tiny-llm', messages: hi, temperature: 5 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'VALIDATION_FAILED',
      param: 'temperature',
    });

    for (const body of [{}, { model: 'test-tiny-llm' }, { model: 'test-tiny-llm', messages: [{ role: 'tool', content: 'x' }] }, { model: 'test-tiny-llm', messages: hi, n: 2 }]) {
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: Record<string, unknown> };
      expect(err.error).toMatchObject({ code: 'VALIDATION_FAILED', type: 'invalid_request_error' });
      expect(typeof err.error.message).toBe('string');
    }
  });

  it('refuses a wrong key with 401, and API keys anywhere but /v1', async () => {
    const wrong = await client(`cmp_${'A'.repeat(43)}`).models.list().catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    const res = await fetch(`${server.url}/api/models`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(401);
  });
});
