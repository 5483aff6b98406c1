// R3 over real sockets: 50 parallel chats against a full pool get 200 or 503 + Retry-After; a client that leaves stops its generation.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStreamEvents } from '@companion/core/llm';
import { TINY_REPLY } from '../../../models/src/fixtures/index.ts';
import { serveApp } from '../../test/helpers.ts';
import { asUser, type TestUser } from '../auth/testing.ts';
import type { RunningServer } from '../server.ts';
import { createInferenceTestApp } from './testing.ts';

const chatBody = (o: Record<string, unknown> = {}) =>
  JSON.stringify({ messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0, ...o } });

describe('a full pool', () => {
  let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
  let server: RunningServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await createInferenceTestApp({ env: { INFERENCE_CONCURRENCY: '1', INFERENCE_QUEUE: '4' } });
    server = await serveApp(t.app);
    alice = await asUser(t.app);
  }, 120_000);
  afterAll(async () => {
    await server?.close(1000);
    await t?.dispose();
  });

  it('answers 50 parallel requests with 200 (slot or queue) or 503 SERVER_BUSY + Retry-After, and stays up', async () => {
    // Hold the only slot, so exactly the queue's four wait and the rest are refused, however fast the model is.
    const hold = await t.inference.pool.acquire();
    const request = () =>
      fetch(`${server.url}/api/chat`, { method: 'POST', headers: { ...alice.headers, 'content-type': 'application/json' }, body: chatBody() });
    let settled = 0;
    let allRefused: () => void = () => undefined;
    const refusedDone = new Promise<void>((resolve) => (allRefused = resolve));
    const pending = Array.from({ length: 50 }, () =>
      request().then((res) => {
        settled += 1;
        if (settled === 46) allRefused();
        return res;
      }),
    );
    await refusedDone;
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    hold();
    const responses = await Promise.all(pending);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 503)).toHaveLength(46);
    for (const res of responses) {
      const body = (await res.json()) as { text?: string; error?: { code: string } };
      if (res.status === 200) expect(body.text).toBe(TINY_REPLY);
      else {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(body.error?.code).toBe('SERVER_BUSY');
      }
    }
    expect(t.inference.pool.stats).toEqual({ running: 0, queued: 0 });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('client disconnect', () => {
  let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
  let server: RunningServer;
  let alice: TestUser;
  beforeAll(async () => {
    // ignoreEos: the engine keeps going to max_tokens, so the stream is long enough to cancel mid-way.
    t = await createInferenceTestApp({ engine: { ignoreEos: true } });
    server = await serveApp(t.app);
    alice = await asUser(t.app);
  }, 120_000);
  afterAll(async () => {
    await server?.close(1000);
    await t?.dispose();
  });

  it('stops the generation when the SSE client goes away, and frees the slot', async () => {
    const maxTokens = 5000;
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/chat/stream`, {
      method: 'POST',
      headers: { ...alice.headers, 'content-type': 'application/json' },
      body: chatBody({ maxTokens }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    if (!res.body) throw new Error('no body');
    for await (const event of readStreamEvents(res.body)) {
      if (event.type === 'token') break; // the first token: now hang up
    }
    controller.abort();
    await expect.poll(() => t.finished.length, { timeout: 20_000 }).toBe(1);
    const [result] = t.finished;
    expect(result?.finishReason).toBe('cancelled');
    expect(result?.usage.completionTokens).toBeGreaterThan(0);
    expect(result?.usage.completionTokens).toBeLessThan(maxTokens);
    await expect.poll(() => t.inference.pool.stats.running).toBe(0);
    // The server goes on serving.
    const after = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { ...alice.headers, 'content-type': 'application/json' },
      body: chatBody({ maxTokens: 3 }),
    });
    expect(after.status).toBe(200);
  });

  it('stops the generation when an OpenAI client aborts its /v1 stream', async () => {
    const before = t.finished.length;
    const client = new OpenAI({ apiKey: alice.accessToken, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'test-tiny-llm',
      messages: [{ role: 'user', content: 'Hi!' }],
      temperature: 0,
      max_tokens: 5000,
      stream: true,
    });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break; // leaving the loop aborts the request
    }
    await expect.poll(() => t.finished.length, { timeout: 20_000 }).toBe(before + 1);
    expect(t.finished.at(-1)?.finishReason).toBe('cancelled');
    expect(t.finished.at(-1)?.usage.completionTokens).toBeLessThan(5000);
  });
});
