// POST /api/chat and /api/chat/stream on the real app with test-tiny-llm: exact reply, event order, validation, switching.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStreamEvents, type StreamEvent } from '@companion/core/llm';
import { TINY_REPLY } from '../../../../models/src/fixtures/index.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { DEFAULT_TIER_RULES, tierFor } from '../../middleware/rate-limit/index.ts';
import { createInferenceTestApp } from '../../inference/testing.ts';

let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
let alice: TestUser;
// Greedy (temperature 0): the tiny model's reply is exact only without sampling.
const hi = { messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0 } };
const greedy = (o: Record<string, unknown>) => ({ ...hi, options: { temperature: 0, ...o } });
const post = (user: TestUser, path: string, body: unknown) =>
  user.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await createInferenceTestApp();
  alice = await asUser(t.app);
}, 120_000);
afterAll(() => t?.dispose());

async function events(res: Response): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  if (!res.body) throw new Error('no body');
  for await (const e of readStreamEvents(res.body)) out.push(e);
  return out;
}

describe('POST /api/chat', () => {
  it('answers with exactly the tiny model reply, usage and timings, loading the model once', async () => {
    const res = await post(alice, '/api/chat', hi);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; model: string; finishReason: string; usage: { completionTokens: number } };
    expect(body).toMatchObject({ text: TINY_REPLY, model: 'test-tiny-llm', finishReason: 'stop' });
    expect(body.usage.completionTokens).toBeGreaterThan(5);
    const again = await post(alice, '/api/chat', { ...hi, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Again?' }] });
    expect(((await again.json()) as { text: string }).text).toBe(TINY_REPLY);
    expect(t.inference.registry.loads).toBe(1);
  });

  it('applies stop strings and max_tokens', async () => {
    const stopped = (await (await post(alice, '/api/chat', greedy({ stop: ['tiny'] }))).json()) as { text: string; finishReason: string };
    expect(stopped).toMatchObject({ text: TINY_REPLY.slice(0, TINY_REPLY.indexOf('tiny')), finishReason: 'stop' });
    const short = (await (await post(alice, '/api/chat', greedy({ maxTokens: 2 }))).json()) as {
      text: string;
      finishReason: string;
      usage: { completionTokens: number };
    };
    expect(short.finishReason).toBe('length');
    expect(short.usage.completionTokens).toBe(2);
    expect(TINY_REPLY.startsWith(short.text)).toBe(true);
    expect(short.text.length).toBeLessThan(TINY_REPLY.length);
  });

  it('refuses malformed bodies with 400 and the failing fields, never a 5xx', async () => {
    const bad: unknown[] = [
      {},
      { messages: [] },
      { messages: 'hi' },
      { messages: [{ role: 'wizard', content: 'x' }] },
      { messages: [{ role: 'user' }] },
      greedy({ temperature: 9 }),
      greedy({ maxTokens: -1 }),
      greedy({ stop: Array(20).fill('x') }),
      { ...hi, model: '../../etc/passwd\u0000' },
      { ...hi, model: 'x'.repeat(10_000) },
      JSON.parse('{"__proto__": {"admin": true}, "messages": 5}'),
      [hi],
      null,
    ];
    for (const body of bad) {
      const res = await post(alice, '/api/chat', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { error: { code: string; details?: { fields?: unknown[] } } };
      expect(err.error.code).toBe('VALIDATION_FAILED');
      expect(err.error.details?.fields?.length).toBeGreaterThan(0);
    }
    const text = await alice.request('/api/chat/stream', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });

  it('answers an unknown model 404, a browser-only model 409, and needs a signed-in user', async () => {
    expect((await post(alice, '/api/chat', { ...hi, model: 'no-such-model' })).status).toBe(404);
    expect((await post(alice, '/api/chat', { ...hi, model: 'smollm2-360m-instruct-webllm' })).status).toBe(409);
    expect((await post(alice, '/api/chat', { ...hi, model: 'qwen2.5-0.5b-instruct-onnx' })).status).toBe(409);
    const anon = await t.app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hi) });
    expect(anon.status).toBe(401);
  });
});

describe('POST /api/chat/stream', () => {
  it('streams token deltas that add up to the reply, sentences as they complete, then done', async () => {
    const res = await post(alice, '/api/chat/stream', hi);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const all = await events(res);
    const types = all.map((e) => e.type);
    expect(types.at(-1)).toBe('done');
    expect(types.filter((x) => x === 'done')).toHaveLength(1);
    const tokens = all.flatMap((e) => (e.type === 'token' ? [e.data.delta] : []));
    expect(tokens.join('')).toBe(TINY_REPLY);
    expect(tokens.length).toBeGreaterThan(3);
    const sentences = all.flatMap((e) => (e.type === 'sentence' ? [e.data] : []));
    expect(sentences.map((s) => s.index)).toEqual(sentences.map((_, i) => i));
    expect(sentences.map((s) => s.text).join(' ')).toBe(TINY_REPLY);
    expect(sentences.length).toBeGreaterThan(1);
    // The first sentence arrives while tokens are still coming, not after the whole reply.
    const firstSentence = types.indexOf('sentence');
    expect(firstSentence).toBeGreaterThan(0);
    expect(types.slice(firstSentence).includes('token')).toBe(true);
    expect(firstSentence).toBeLessThan(types.indexOf('done'));
    const done = all.at(-1);
    if (done?.type !== 'done') throw new Error('no done');
    expect(done.data.finishReason).toBe('stop');
    expect(done.data.usage.completionTokens).toBeGreaterThan(5);
  });
});

describe('active model', () => {
  it('lists the catalog with downloaded and active flags, and switches per user', async () => {
    const bob = await asUser(t.app);
    const list = (await (await alice.request('/api/models')).json()) as {
      active: string | null;
      models: Array<{ id: string; downloaded: boolean; active: boolean; servable: boolean; runtime: string }>;
    };
    expect(list.active).toBe('test-tiny-llm');
    expect(list.models.find((m) => m.id === 'test-tiny-llm')).toMatchObject({ downloaded: true, active: true, servable: true });
    expect(list.models.find((m) => m.id === 'qwen2.5-0.5b-instruct-onnx')).toMatchObject({ downloaded: false, active: false });
    expect(list.models.find((m) => m.runtime === 'webllm')?.servable).toBe(false);

    expect((await post(alice, '/api/models/switch', { model: 'no-such-model' })).status).toBe(404);
    expect((await post(alice, '/api/chat/switch', { model: 'qwen2.5-0.5b-instruct-onnx' })).status).toBe(409);
    expect((await post(alice, '/api/models/switch', { model: 42 })).status).toBe(400);
    const ok = await post(alice, '/api/chat/switch', { model: 'test-tiny-llm' });
    expect(await ok.json()).toEqual({ model: 'test-tiny-llm', provider: 'local' });
    expect((await t.keys.list(bob.user.id)).length).toBe(0);

    const status = (await (await alice.request('/api/models/status')).json()) as { providers: Array<{ name: string; state: string }> };
    expect(status.providers).toContainEqual(expect.objectContaining({ name: 'local', state: 'ready' }));
  });
});

describe('OpenAPI document', () => {
  it('documents every chat, model, key and /v1 route', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/chat',
        '/api/chat/stream',
        '/api/chat/switch',
        '/api/models',
        '/api/models/status',
        '/api/models/switch',
        '/api/keys',
        '/api/keys/{id}',
        '/v1/models',
        '/v1/chat/completions',
      ]),
    );
  });
});

describe('rate limits', () => {
  it('counts every chat path, in /api and /v1, against the chat tier', () => {
    for (const path of ['/api/chat', '/api/chat/stream', '/api/chat/switch', '/v1/chat/completions']) {
      expect(tierFor(DEFAULT_TIER_RULES, 'POST', path), path).toBe('chat');
    }
  });
});
