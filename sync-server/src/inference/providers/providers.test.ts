// Remote providers: this server's own /v1 as the OpenAI-compatible upstream (a second instance), and a loopback
// peer speaking Anthropic's Messages stream. Keys come from configuration and never appear in responses or logs.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStreamEvents, type StreamEvent } from '@companion/core/llm';
import { TINY_REPLY } from '../../../../models/src/fixtures/index.ts';
import { serveApp } from '../../../test/helpers.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import type { RunningServer } from '../../server.ts';
import { createInferenceTestApp } from '../testing.ts';

const ANTHROPIC_KEY = 'sk-ant-test-0123456789-secret-anthropic-key';
const CLAUDE_TEXT = ['Hi', ' from', ' Claude.', ' Bye', ' now.<|im_end|>', '</s>'];

/** A protocol peer: checks the headers Anthropic requires and streams a scripted reply. */
function anthropicPeer(): Promise<{ server: Server; url: string; requests: Array<Record<string, unknown>> }> {
  const requests: Array<Record<string, unknown>> = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers['x-api-key'] !== ANTHROPIC_KEY || req.headers['anthropic-version'] !== '2023-06-01') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"type":"error","error":{"type":"authentication_error"}}');
        return;
      }
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
        return;
      }
      requests.push(JSON.parse(await read(req)) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...(data as object) })}\n\n`);
      send('message_start', { message: { id: 'msg_1', usage: { input_tokens: 12, output_tokens: 1 } } });
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      res.write('event: ping\ndata: {"type": "ping"}\n\n');
      for (const text of CLAUDE_TEXT) send('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
      send('content_block_stop', { index: 0 });
      send('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 6 } });
      send('message_stop', {});
      res.end();
    })();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })),
  );
}

let upstream: Awaited<ReturnType<typeof createInferenceTestApp>>;
let upstreamServer: RunningServer;
let upstreamKey: string;
let peer: Awaited<ReturnType<typeof anthropicPeer>>;
let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
let alice: TestUser;

beforeAll(async () => {
  upstream = await createInferenceTestApp();
  upstreamServer = await serveApp(upstream.app);
  const owner = await asUser(upstream.app);
  const created = await owner.request('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'gateway' }) });
  upstreamKey = ((await created.json()) as { key: string }).key;
  peer = await anthropicPeer();
  const providers = [
    { name: 'upstream', type: 'openai', baseUrl: `${upstreamServer.url}/v1`, apiKey: upstreamKey, models: ['test-tiny-llm'] },
    { name: 'wrongkey', type: 'openai', baseUrl: `${upstreamServer.url}/v1`, apiKey: 'cmp_wrong-key-that-is-secret', models: ['test-tiny-llm'] },
    { name: 'claude', type: 'anthropic', baseUrl: peer.url, apiKeyEnv: 'TEST_ANTHROPIC_KEY', models: ['claude-test'] },
  ];
  t = await createInferenceTestApp({ env: { PROVIDERS: JSON.stringify(providers), TEST_ANTHROPIC_KEY: ANTHROPIC_KEY } });
  alice = await asUser(t.app);
}, 180_000);
afterAll(async () => {
  await upstreamServer?.close(1000);
  await new Promise((r) => peer?.server.close(r));
  await Promise.all([upstream?.dispose(), t?.dispose()]);
});

const bodies: string[] = [];
async function post(path: string, body: unknown): Promise<Response> {
  const res = await alice.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  bodies.push(await res.clone().text());
  return res;
}
async function events(res: Response): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of readStreamEvents(res.body ?? new ReadableStream())) out.push(e);
  return out;
}
const hi = (model: string, options: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Hi!' }],
  options: { temperature: 0, ...options },
});

describe('OpenAI-compatible provider (a second instance of this server)', () => {
  it('chats through the upstream /v1, complete and streamed', async () => {
    const res = await post('/api/chat', hi('upstream/test-tiny-llm'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ model: 'upstream/test-tiny-llm', text: TINY_REPLY, finishReason: 'stop' });
    const streamed = await events(await post('/api/chat/stream', hi('upstream/test-tiny-llm')));
    expect(streamed.flatMap((e) => (e.type === 'token' ? [e.data.delta] : [])).join('')).toBe(TINY_REPLY);
    expect(streamed.some((e) => e.type === 'sentence')).toBe(true);
    expect(streamed.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop' } });
  });

  it('forwards stop and max_tokens', async () => {
    const stopped = (await (await post('/api/chat', hi('upstream/test-tiny-llm', { stop: ['tiny'] }))).json()) as { text: string };
    expect(stopped.text).toBe(TINY_REPLY.slice(0, TINY_REPLY.indexOf('tiny')));
    const short = (await (await post('/api/chat', hi('upstream/test-tiny-llm', { maxTokens: 2 }))).json()) as { finishReason: string };
    expect(short.finishReason).toBe('length');
  });

  it('reports an upstream refusal as 502 PROVIDER_ERROR without the key', async () => {
    const res = await post('/api/chat', hi('wrongkey/test-tiny-llm'));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PROVIDER_ERROR');
    // Streamed, the failure comes after the headers: an `error` event with its code, and no `done`.
    const streamed = await events(await post('/api/chat/stream', hi('wrongkey/test-tiny-llm')));
    expect(streamed).toEqual([{ type: 'error', data: expect.objectContaining({ code: 'PROVIDER_ERROR', recoverable: true }) }]);
  });
});

describe('Anthropic provider (loopback Messages-API peer)', () => {
  it('streams the reply with template leftovers stripped, sending system apart and the options', async () => {
    const all = await events(await post('/api/chat/stream', hi('claude/claude-test', { stop: ['STOP'], maxTokens: 99 })));
    const text = all.flatMap((e) => (e.type === 'token' ? [e.data.delta] : [])).join('');
    expect(text).toBe('Hi from Claude. Bye now.');
    expect(all.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop', usage: { promptTokens: 12, completionTokens: 6 } } });
    expect(peer.requests.at(-1)).toMatchObject({
      model: 'claude-test',
      system: 'Be kind.',
      messages: [{ role: 'user', content: 'Hi!' }],
      max_tokens: 99,
      stream: true,
      stop_sequences: ['STOP'],
    });
    expect(peer.requests.at(-1)).not.toHaveProperty('top_k');
  });

  it('passes top-k on to Anthropic when the user set it (the sampling settings reach every engine)', async () => {
    const res = await post('/api/chat', hi('claude/claude-test', { topK: 7, repetitionPenalty: 1.1, temperature: 0.5 }));
    expect(res.status).toBe(200);
    expect(peer.requests.at(-1)).toMatchObject({ top_k: 7, temperature: 0.5 });
    // Anthropic has no repetition penalty: never sent.
    expect(peer.requests.at(-1)).not.toHaveProperty('repetition_penalty');
    const bad = await post('/api/chat', hi('claude/claude-test', { topK: -1 }));
    expect(bad.status).toBe(400);
  });
});

describe('keys stay on the server', () => {
  it('lists providers and models without addresses or keys, and no key reaches a response or the log', async () => {
    const models = await alice.request('/api/models');
    bodies.push(await models.clone().text());
    const list = (await models.json()) as { models: Array<{ id: string; provider: string }> };
    expect(list.models).toContainEqual(expect.objectContaining({ id: 'claude/claude-test', provider: 'claude' }));
    expect(list.models).toContainEqual(expect.objectContaining({ id: 'upstream/test-tiny-llm', provider: 'upstream' }));
    for (const path of ['/api/models/status', '/health', '/api/status', '/openapi.json']) {
      const res = await alice.request(path);
      bodies.push(await res.text());
    }
    const v1 = await alice.request('/v1/models');
    bodies.push(await v1.text());
    const everything = bodies.join('\n') + t.logs() + upstream.logs();
    for (const secret of [ANTHROPIC_KEY, upstreamKey, 'cmp_wrong-key-that-is-secret']) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(peer.url);
    expect(everything).not.toContain(upstreamServer.url);
  });
});
