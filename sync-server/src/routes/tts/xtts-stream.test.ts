// Sub-sentence speech with XTTS (test-tiny-xtts, rigged to 45 audio tokens per text chunk, a piece every 20):
// /api/tts/stream and the chat stream send each piece as soon as it exists, the pieces add up to the whole
// sentence, and a client hanging up stops the GPT loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, toMono } from '@companion/core/audio';
import { readRawStreamEvents, readStreamEvents } from '@companion/core/llm';
import { ensureTinyXtts } from '../../../../models/src/fixtures/index.ts';
import { serveApp } from '../../../test/helpers.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import type { RunningServer } from '../../server.ts';
import { addXttsVoice, createVoiceTestApp, watchedXtts } from '../../services/voice/testing.ts';

/** The rig: 45 codes then stop, so 46 GPT steps per text chunk; pieces after steps 20 and 40, the last at the stop. */
const STEPS_PER_SENTENCE = 46;
const PIECES_PER_SENTENCE = 3;

type Audio = { index: number; chunk?: number | undefined; final?: boolean | undefined; text: string; audio: string; sampleRate: number; durationMs: number; engine: string; visemes: unknown[]; mouth?: unknown[] | undefined };
type Event = { type: string; data: unknown };

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
let watched: ReturnType<typeof watchedXtts>;
let server: RunningServer;
let alice: TestUser;
let voiceId: string;

const samplesOf = (a: Audio) => toMono(decodeWav(new Uint8Array(Buffer.from(a.audio, 'base64'))));
const concat = (parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

/** SSE events of /api/tts/stream, JSON data parsed (its `end` event is not one of the chat stream's types). */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<Event> {
  for await (const e of readRawStreamEvents(body)) yield { type: e.type, data: e.data === '' ? undefined : JSON.parse(e.data) };
}

const streamTts = (text: string, signal?: AbortSignal) =>
  fetch(`${server.url}/api/tts/stream`, {
    method: 'POST',
    headers: { ...alice.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ text, voice: voiceId }),
    ...(signal ? { signal } : {}),
  });

beforeAll(async () => {
  watched = watchedXtts(ensureTinyXtts());
  t = await createVoiceTestApp({ chat: true, loaders: { xtts: watched.loader } });
  server = await serveApp(t.app);
  alice = await asUser(t.app);
  voiceId = await addXttsVoice(t.voice, t.storage.db, t.dataDir, alice.user.id);
}, 120_000);
afterAll(async () => {
  await server?.close(1000);
  await t?.dispose();
});

describe('POST /api/tts/stream with an XTTS voice', () => {
  it('sends a sentence in pieces, the first while the sentence is still being generated; the pieces make the whole', async () => {
    // Step 30 of the sentence waits: the first piece (after step 20) exists, the sentence (46 steps) cannot be done.
    const before = watched.gate.runs();
    const hold = watched.gate.holdAt(30);
    const res = await streamTts('Hello there how are you today?');
    expect(res.status).toBe(200);
    const events = sseEvents(res.body!);
    const first = (await events.next()).value as Event;
    await hold.reached;
    // The GPT is parked at step 30 of 46 until released: the sentence's synthesis has not finished, yet its first
    // piece is here. (A server that waited for the whole sentence would never send it while held.)
    expect(watched.gate.runs() - before).toBe(30);
    expect(first.type).toBe('audio');
    expect(first.data).toMatchObject({ index: 0, chunk: 0, final: false, engine: 'xtts', sampleRate: 24000, visemes: [] });
    hold.release();
    const rest: Event[] = [];
    for await (const e of events) rest.push(e);
    const audio = [first, ...rest].filter((e) => e.type === 'audio').map((e) => e.data as Audio);
    expect(audio.length).toBe(PIECES_PER_SENTENCE);
    expect(audio.map((a) => [a.index, a.chunk, a.final])).toEqual([
      [0, 0, false],
      [0, 1, false],
      [0, 2, true],
    ]);
    expect(rest.at(-1)).toEqual({ type: 'end', data: { chunks: 3, sentences: 1, durationMs: expect.any(Number) } });
    for (const a of audio) {
      // Each piece is its own playable file with its own mouth frames (from the envelope: XTTS gives no phonemes).
      const s = samplesOf(a);
      expect(s.length / a.sampleRate).toBeCloseTo(a.durationMs / 1000, 3);
      expect(a.mouth?.length).toBeGreaterThan(0);
    }
    const whole = await alice.request('/api/tts/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Hello there how are you today?', voice: voiceId }) });
    expect(whole.status).toBe(200);
    const wholeSamples = samplesOf((await whole.json()) as Audio);
    const joined = concat(audio.map(samplesOf));
    expect(joined.length).toBe(wholeSamples.length);
    expect(joined).toEqual(wholeSamples);
  });

  it('numbers pieces per sentence: every sentence ends with one final piece, `end` after the last', async () => {
    const events: Event[] = [];
    for await (const e of sseEvents((await streamTts('One two three. Four five six.')).body!)) events.push(e);
    const audio = events.filter((e) => e.type === 'audio').map((e) => e.data as Audio);
    expect(audio.map((a) => [a.index, a.chunk, a.final])).toEqual([
      [0, 0, false],
      [0, 1, false],
      [0, 2, true],
      [1, 0, false],
      [1, 1, false],
      [1, 2, true],
    ]);
    expect(events.at(-1)?.type).toBe('end');
  });

  it('a client hanging up stops XTTS: the GPT loop ends mid-sentence and the slot is freed', async () => {
    const before = watched.gate.runs();
    const hold = watched.gate.holdAt(30);
    const controller = new AbortController();
    const res = await streamTts('First sentence here. Second one follows. A third one too. And a fourth.', controller.signal);
    const first = (await sseEvents(res.body!).next()).value as Event;
    expect(first.type).toBe('audio');
    await hold.reached;
    controller.abort();
    // The server notices the closed socket and fires the signal XTTS was given, while step 30 is still held.
    await expect.poll(() => watched.gate.lastSignal()?.aborted, { timeout: 10_000 }).toBe(true);
    hold.release();
    await expect.poll(() => t.voice.synth.pool.stats, { timeout: 10_000 }).toEqual({ running: 0, queued: 0 });
    const ran = watched.gate.runs() - before;
    // Four sentences would be 4 × 46 steps; it stopped inside the first, right after the held step.
    expect(ran).toBeLessThan(STEPS_PER_SENTENCE);
    expect(ran).toBe(30);
  });
});

describe('POST /api/chat/stream with tts and an XTTS voice', () => {
  it('sends each sentence in pieces (chunk, final) while the reply streams; done after the last piece', async () => {
    const res = await alice.request('/api/chat/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0 }, tts: { voice: voiceId } }),
    });
    expect(res.status).toBe(200);
    const events: Event[] = [];
    for await (const e of readStreamEvents(res.body!)) events.push(e);
    const sentences = events.filter((e) => e.type === 'sentence').map((e) => e.data as { index: number; text: string });
    const audio = events.filter((e) => e.type === 'audio').map((e) => e.data as Audio);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.type === 'audio_error')).toBe(false);
    for (const s of sentences) {
      const pieces = audio.filter((a) => a.index === s.index);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.map((p) => p.chunk)).toEqual(pieces.map((_, i) => i));
      expect(pieces.map((p) => p.final)).toEqual(pieces.map((_, i) => i === pieces.length - 1));
      expect(pieces.every((p) => p.text === s.text && p.engine === 'xtts')).toBe(true);
    }
    // The last sentence's pieces, then its aligned visemes (xtts-lip-sync.test.ts), then `done`.
    const lastAudio = events.map((e) => e.type).lastIndexOf('audio');
    expect(events.at(-1)?.type).toBe('done');
    expect(events.slice(lastAudio + 1).map((e) => e.type)).toEqual(['visemes', 'done']);
  });
});
