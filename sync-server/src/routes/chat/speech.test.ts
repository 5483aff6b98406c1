// POST /api/chat/stream with `tts`: each sentence's audio arrives while tokens still stream, indexes match `sentence`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStreamEvents, type StreamEvent } from '@companion/core/llm';
import { decodeWav } from '@companion/core/audio';
import { TINY_REPLY } from '../../../../models/src/fixtures/index.ts';
import { serveApp } from '../../../test/helpers.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import type { RunningServer } from '../../server.ts';
import { createVoiceTestApp } from '../../services/voice/testing.ts';

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
let alice: TestUser;
const chat = (extra: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  JSON.stringify({ messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0, ...options }, ...extra });
const post = (body: string, signal?: AbortSignal) =>
  alice.request('/api/chat/stream', { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...(signal ? { signal } : {}) });

async function collect(res: Response): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of readStreamEvents(res.body!)) out.push(e);
  return out;
}

beforeAll(async () => {
  t = await createVoiceTestApp({ chat: true });
  alice = await asUser(t.app);
}, 120_000);
afterAll(() => t?.dispose());

describe('POST /api/chat/stream with tts', () => {
  it('sends one audio event per sentence, real WAV with visemes, before done; tokens unchanged', async () => {
    const res = await post(chat({ tts: { voice: 'en-us' } }));
    expect(res.status).toBe(200);
    const events = await collect(res);
    const text = events.flatMap((e) => (e.type === 'token' ? [e.data.delta] : [])).join('');
    expect(text).toBe(TINY_REPLY);
    const sentences = events.flatMap((e) => (e.type === 'sentence' ? [e.data] : []));
    const audio = events.flatMap((e) => (e.type === 'audio' ? [e.data] : []));
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(audio.map((a) => [a.index, a.text])).toEqual(sentences.map((s) => [s.index, s.text]));
    for (const a of audio) {
      const wav = decodeWav(new Uint8Array(Buffer.from(a.audio, 'base64')));
      expect(wav.channels[0]!.length / wav.sampleRate).toBeCloseTo(a.durationMs / 1000, 2);
      expect(a.visemes.length).toBeGreaterThan(2);
      expect(a.engine).toBe('espeak-ng');
      // espeak-ng speaks a sentence whole: one piece, the last.
      expect([a.chunk, a.final]).toEqual([0, true]);
    }
    expect(events.at(-1)?.type).toBe('done');
  });

  it('refuses an unknown voice or a clone without its engine with a status before any event', async () => {
    const bad = await post(chat({ tts: { voice: 'zz-none' } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_VOICE');
    const unknown = await post(chat({ tts: { voice: 'clone:3f1c1b0e-0000-4000-8000-000000000000' } }));
    expect(unknown.status).toBe(404);
    expect((await post(chat({ tts: { voice: 'en-us', extra: 1 } }))).status).toBe(400);
    expect((await post(chat({ tts: { voice: '../x' } }))).status).toBe(400);
  });
});

describe('speaking while writing', () => {
  let s: Awaited<ReturnType<typeof createVoiceTestApp>>;
  let server: RunningServer;
  let bob: TestUser;
  beforeAll(async () => {
    // Past its reply the rigged model keeps writing (ignoreEos) up to maxTokens: a long generation to overlap with.
    s = await createVoiceTestApp({ chat: true, engine: { ignoreEos: true } });
    server = await serveApp(s.app);
    bob = await asUser(s.app);
  }, 120_000);
  afterAll(async () => {
    await server?.close(1000);
    await s?.dispose();
  });

  it('the first sentence is heard before the model has finished: audio arrives mid-generation, tokens follow', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/chat/stream`, {
      method: 'POST',
      headers: { ...bob.headers, 'content-type': 'application/json' },
      body: chat({ tts: { voice: 'en-us' } }, { maxTokens: 3000 }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const seen: string[] = [];
    for await (const e of readStreamEvents(res.body!)) {
      seen.push(e.type);
      if (e.type === 'audio') {
        expect(e.data.index).toBe(0);
        break;
      }
    }
    expect(seen).not.toContain('done');
    // Hanging up now cancels a generation that is still running: proof the audio did not wait for the model.
    controller.abort();
    await expect.poll(() => s.finished.length, { timeout: 20_000 }).toBe(1);
    expect(s.finished[0]?.finishReason).toBe('cancelled');
    expect(s.finished[0]!.usage.completionTokens).toBeLessThan(3000);
  });
});
