// Lip sync for cloned voices through the routes, with test-tiny-xtts: aligned visemes inside the audio and the mouth
// shut where it is silent, the envelope (with its reason) where alignment cannot be done, and where the `visemes`
// event sits in both streams. The tiny model's audio is random: what is checked is shape, placement and fallbacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, toMono } from '@companion/core/audio';
import { readRawStreamEvents, readStreamEvents, visemesEventSchema } from '@companion/core/llm';
import { ensureTinyXtts } from '../../../../models/src/fixtures/index.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { createAlignThreads, type Aligner } from '../../services/voice/align-thread.ts';
import { addXttsVoice, createVoiceTestApp, watchedXtts } from '../../services/voice/testing.ts';

type Cue = { viseme: string; startMs: number; endMs: number; phoneme: string };
type Frame = { timeMs: number; open: number; form: number };
type Spoken = { audio: string; sampleRate: number; durationMs: number; engine: string; visemes: Cue[]; mouth: Frame[]; mouthSource: string; fallback?: { code: string; message: string } };
type Event = { type: string; data: Record<string, unknown> };

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
let alice: TestUser;
let bob: TestUser;
let english: string;
let japanese: string;
const real: Aligner = createAlignThreads();
let alignCalls = 0;
let alignFails = false;
/** While set, alignments wait for it before they start. */
let alignGate: Promise<void> | undefined;
/** The real alignment threads, counted, made to fail or wait on demand. */
const aligner: Aligner = {
  async align(job) {
    alignCalls += 1;
    await alignGate;
    return alignFails ? Promise.reject(new Error('thread gone')) : real.align(job);
  },
  close: () => real.close(),
};

const post = (u: TestUser, path: string, body: unknown) => u.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const generate = async (voice: string, text: string): Promise<Spoken> => {
  const res = await post(alice, '/api/tts/generate', { text, voice });
  expect(res.status).toBe(200);
  return (await res.json()) as Spoken;
};
const samplesOf = (s: { audio: string }) => toMono(decodeWav(new Uint8Array(Buffer.from(s.audio, 'base64'))));

/** SSE events of /api/tts/stream, JSON data parsed (its `end` event is not one of the chat stream's types). */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<Event> {
  for await (const e of readRawStreamEvents(body)) yield { type: e.type, data: JSON.parse(e.data || 'null') as Record<string, unknown> };
}

/** Cues and frames lie inside the audio they belong to. */
function expectInside(visemes: Cue[], mouth: Frame[], durationMs: number) {
  for (const v of visemes) {
    expect(v.startMs).toBeGreaterThanOrEqual(0);
    expect(v.endMs).toBeGreaterThanOrEqual(v.startMs);
    expect(v.endMs).toBeLessThanOrEqual(durationMs + 1e-6);
  }
  for (const m of mouth) expect(m.timeMs).toBeLessThan(durationMs);
}

/**
 * Per-sentence order: its audio pieces (chunk 0, 1, ...; the last final), then exactly one `visemes` for it, before
 * anything of the next sentence. Returns each sentence's pieces and visemes.
 */
function sentencesInOrder(events: Event[]) {
  const speech = events.filter((e) => e.type === 'audio' || e.type === 'visemes');
  const out: { pieces: Record<string, unknown>[]; visemes: Record<string, unknown> }[] = [];
  let pieces: Record<string, unknown>[] = [];
  for (const e of speech) {
    const index = out.length;
    expect(e.data.index).toBe(index);
    if (e.type === 'audio') {
      expect(e.data.chunk).toBe(pieces.length);
      pieces.push(e.data);
      continue;
    }
    // The visemes come right after the sentence's final piece.
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces.at(-1)!.final).toBe(true);
    expect(pieces.slice(0, -1).every((p) => p.final === false)).toBe(true);
    out.push({ pieces, visemes: e.data });
    pieces = [];
  }
  expect(pieces).toEqual([]); // no sentence left without its visemes
  return out;
}

beforeAll(async () => {
  const watched = watchedXtts(ensureTinyXtts());
  t = await createVoiceTestApp({ chat: true, loaders: { xtts: watched.loader, aligner: async () => aligner } });
  alice = await asUser(t.app);
  bob = await asUser(t.app, { username: 'bob' });
  english = await addXttsVoice(t.voice, t.storage.db, t.dataDir, alice.user.id);
  japanese = await addXttsVoice(t.voice, t.storage.db, t.dataDir, alice.user.id, 'ja');
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

describe('POST /api/tts/generate with a cloned voice', { timeout: 60_000 }, () => {
  it('answers espeak-ng’s timings aligned onto the audio: visemes inside it, a mouth frame per 1/30 s shaped by the phonemes', async () => {
    const spoken = await generate(english, 'Hello there, how are you today?');
    expect(spoken).toMatchObject({ engine: 'xtts', mouthSource: 'aligned' });
    expect(spoken.fallback).toBeUndefined();
    expect(spoken.visemes.length).toBeGreaterThan(5);
    expect(new Set(spoken.visemes.map((v) => v.viseme)).size).toBeGreaterThan(3);
    // Inside the audio itself, as decoded from the answer.
    expect((samplesOf(spoken).length / spoken.sampleRate) * 1000).toBeCloseTo(spoken.durationMs, 3);
    expectInside(spoken.visemes, spoken.mouth, spoken.durationMs);
    expect(spoken.mouth.length).toBe(Math.ceil((spoken.durationMs * 30) / 1000));
    // The shapes come from the phonemes: the tiny model's steady noise gives the envelope one shape only.
    expect(new Set(spoken.mouth.map((m) => m.form.toFixed(2))).size).toBeGreaterThan(1);
  });

  it('keeps the envelope mouth and says why for Japanese with kanji (espeak-ng reads kana only)', async () => {
    const before = alignCalls;
    const spoken = await generate(japanese, '今日は良い天気です。');
    expect(spoken).toMatchObject({ engine: 'xtts', mouthSource: 'envelope', visemes: [], fallback: { code: 'LIP_SYNC_UNSUPPORTED' } });
    expect(spoken.mouth.length).toBe(Math.ceil((spoken.durationMs * 30) / 1000));
    expect(alignCalls).toBe(before);
  });

  it('keeps the envelope mouth when the alignment fails, and the speech itself is unharmed', async () => {
    alignFails = true;
    try {
      const spoken = await generate(english, 'Hello there, how are you today?');
      expect(spoken).toMatchObject({ mouthSource: 'envelope', visemes: [], fallback: { code: 'LIP_SYNC_FAILED' } });
      expect(spoken.durationMs).toBeGreaterThan(0);
      expect(spoken.mouth.length).toBeGreaterThan(0);
    } finally {
      alignFails = false;
    }
  });

  it('aligns inside the sentence’s one pool slot: other speech waits (never refused or deadlocked) and goes on after', async () => {
    let open!: () => void;
    alignGate = new Promise<void>((r) => (open = r));
    const before = alignCalls;
    try {
      const clone = generate(english, 'Hello there, how are you today?');
      await expect.poll(() => alignCalls).toBe(before + 1);
      // The clone is spoken and its alignment is pending: one slot (TTS_CONCURRENCY 1) is all it holds.
      expect(t.voice.synth.pool.stats).toEqual({ running: 1, queued: 0 });
      const espeak = post(alice, '/api/tts/generate', { text: 'Meanwhile.', voice: 'en-us' });
      await expect.poll(() => t.voice.synth.pool.stats).toEqual({ running: 1, queued: 1 });
      open();
      expect((await clone).mouthSource).toBe('aligned');
      expect(((await (await espeak).json()) as Spoken).mouthSource).toBe('phonemes');
    } finally {
      alignGate = undefined;
      open();
    }
    expect(t.voice.synth.pool.stats).toEqual({ running: 0, queued: 0 });
  });

  it('audio-only routes (/api/voice/synthesize, /v1/audio/speech) spend nothing on lip sync', async () => {
    const before = alignCalls;
    expect((await post(alice, '/api/voice/synthesize', { text: 'Hello there.', voice: english })).status).toBe(200);
    expect((await post(alice, '/v1/audio/speech', { model: 'tts-1', input: 'Hello there.', voice: english })).status).toBe(200);
    expect(alignCalls).toBe(before);
    expect(t.voice.synth.pool.stats).toEqual({ running: 0, queued: 0 });
  });
});

describe('POST /api/tts/visemes with a cloned voice', () => {
  it('refuses with 422 VISEMES_NEED_AUDIO (a take’s visemes fit only its audio); an unknown or foreign clone is 404', async () => {
    const before = alignCalls;
    const res = await post(alice, '/api/tts/visemes', { text: 'Hello.', voice: english });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VISEMES_NEED_AUDIO', message: expect.stringContaining('/api/tts/generate') });
    expect((await post(bob, '/api/tts/visemes', { text: 'Hello.', voice: english })).status).toBe(404);
    expect((await post(alice, '/api/tts/visemes', { text: 'Hello.', voice: 'clone:00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect(alignCalls).toBe(before);
  });
});

describe('streams with a cloned voice', { timeout: 60_000 }, () => {
  it('/api/tts/stream: each sentence’s pieces, then its `visemes` over the whole sentence, then the next; `end` last', async () => {
    const res = await post(alice, '/api/tts/stream', { text: 'One two three. Four five six.', voice: english });
    expect(res.status).toBe(200);
    const events: Event[] = [];
    for await (const e of sseEvents(res.body!)) events.push(e);
    expect(events.at(-1)?.type).toBe('end');
    const sentences = sentencesInOrder(events);
    expect(sentences.length).toBe(2);
    for (const { pieces, visemes } of sentences) {
      // Pieces keep their own envelope mouth, as before; the sentence's track spans all of them.
      expect(pieces.every((p) => p.mouthSource === 'envelope' && (p.visemes as unknown[]).length === 0)).toBe(true);
      const parsed = visemesEventSchema.parse(visemes);
      expect(parsed.mouthSource).toBe('aligned');
      expect(parsed.durationMs).toBeCloseTo(pieces.reduce((n, p) => n + (p.durationMs as number), 0), 6);
      expect(parsed.visemes.length).toBeGreaterThan(3);
      expectInside(parsed.visemes, parsed.mouth, parsed.durationMs);
      // Times run over the whole sentence, past the first piece.
      expect(parsed.visemes.at(-1)!.endMs).toBeGreaterThan(pieces[0]!.durationMs as number);
    }
  });

  it('/api/tts/stream: a sentence that cannot be aligned still gets its `visemes` event, with the envelope and the reason', async () => {
    const res = await post(alice, '/api/tts/stream', { text: '今日は良い天気です。', voice: japanese });
    const events: Event[] = [];
    for await (const e of sseEvents(res.body!)) events.push(e);
    const [sentence] = sentencesInOrder(events);
    expect(sentence!.visemes).toMatchObject({ index: 0, mouthSource: 'envelope', visemes: [], fallback: { code: 'LIP_SYNC_UNSUPPORTED' } });
    expect((sentence!.visemes.mouth as unknown[]).length).toBeGreaterThan(0);
  });

  it('/api/chat/stream with tts: `visemes` after each sentence’s final piece, before the next sentence’s audio; `done` last', async () => {
    const res = await post(alice, '/api/chat/stream', { messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0 }, tts: { voice: english } });
    expect(res.status).toBe(200);
    const events: Event[] = [];
    // readStreamEvents validates every known event against its schema, `visemes` included.
    for await (const e of readStreamEvents(res.body!)) events.push(e as unknown as Event);
    expect(events.at(-1)?.type).toBe('done');
    expect(events.some((e) => e.type === 'audio_error')).toBe(false);
    const spoken = sentencesInOrder(events);
    expect(spoken.length).toBe(events.filter((e) => e.type === 'sentence').length);
    expect(spoken.every((s) => s.visemes.mouthSource === 'aligned')).toBe(true);
    await expect.poll(() => t.voice.synth.pool.stats).toEqual({ running: 0, queued: 0 });
  });
});
