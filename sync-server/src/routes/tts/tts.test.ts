// /api/tts on the real app with espeak-ng: real speech (Silero VAD agrees), visemes, streaming, voices, errors, R3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpeech, decodeMp3, decodeWav, rms, sniffType, toMono, type VoiceActivityDetector } from '@companion/core/audio';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { DEFAULT_TIER_RULES, tierFor } from '../../middleware/rate-limit/index.ts';
import { loadSileroVad } from '../../services/voice/index.ts';
import { createVoiceTestApp } from '../../services/voice/testing.ts';

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
let alice: TestUser;
let vad: VoiceActivityDetector;
const post = (user: TestUser, path: string, body: unknown) =>
  user.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const TEXT = 'Hello there. This is the companion speaking, with a second sentence to follow.';

interface Generated {
  audio: string;
  format: string;
  sampleRate: number;
  durationMs: number;
  engine: string;
  visemes: { viseme: string; startMs: number; endMs: number; phoneme: string }[];
  mouth: { timeMs: number; open: number }[];
}

beforeAll(async () => {
  t = await createVoiceTestApp({ env: { TTS_QUEUE: '2', TTS_MAX_CHARS: '2000' } });
  alice = await asUser(t.app);
  vad = await loadSileroVad();
}, 60_000);
afterAll(() => t?.dispose());

describe('GET /api/tts/health and /api/voice/health', () => {
  it('are public and name the engines', async () => {
    for (const path of ['/api/tts/health', '/api/voice/health']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', engines: { espeak: 'ready', xtts: 'unavailable' } });
    }
  });
});

describe('POST /api/tts/generate', () => {
  it('answers real speech as a WAV with visemes that line up with the audio', async () => {
    const res = await post(alice, '/api/tts/generate', { text: TEXT });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Generated;
    const bytes = new Uint8Array(Buffer.from(body.audio, 'base64'));
    expect(sniffType(bytes)).toBe('wav');
    const wav = decodeWav(bytes);
    expect(wav.sampleRate).toBe(body.sampleRate);
    const seconds = toMono(wav).length / wav.sampleRate;
    expect(seconds).toBeCloseTo(body.durationMs / 1000, 2);
    // About 12-15 words: plausible speech lasts a few seconds and is clearly louder than silence.
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(12);
    expect(rms(toMono(wav))).toBeGreaterThan(0.02);
    const speech = await analyzeSpeech(vad, wav);
    expect(speech.speechSec / seconds).toBeGreaterThan(0.5);
    // Gap-free track from the first phoneme to the end, inside the audio, with real mouth shapes.
    expect(body.visemes.length).toBeGreaterThan(20);
    for (let i = 1; i < body.visemes.length; i++) expect(body.visemes[i]!.startMs).toBeCloseTo(body.visemes[i - 1]!.endMs, 6);
    expect(body.visemes.at(-1)!.endMs).toBeLessThanOrEqual(body.durationMs + 1);
    expect(new Set(body.visemes.map((v) => v.viseme)).size).toBeGreaterThan(5);
    expect(body.mouth.some((m) => m.open > 0.3)).toBe(true);
  });

  it('answers MP3 with format "mp3", and rate changes the duration', async () => {
    const res = await post(alice, '/api/tts/generate', { text: 'Quick test of the mp3 output.', format: 'mp3' });
    const body = (await res.json()) as Generated;
    const bytes = new Uint8Array(Buffer.from(body.audio, 'base64'));
    expect(sniffType(bytes)).toBe('mp3');
    expect((await decodeMp3(bytes)).sampleRate).toBeGreaterThanOrEqual(22050);
    const slow = (await (await post(alice, '/api/tts/generate', { text: TEXT, rate: 0.6 })).json()) as Generated;
    const fast = (await (await post(alice, '/api/tts/generate', { text: TEXT, rate: 2 })).json()) as Generated;
    expect(slow.durationMs).toBeGreaterThan(fast.durationMs * 1.8);
  });

  it('refuses bad input with 4xx and the shared error shape', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, 'VALIDATION_FAILED'],
      [{ text: '' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'x', rate: 9 }, 400, 'VALIDATION_FAILED'],
      [{ text: 'x', format: 'ogg' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'x', voice: '../../etc/passwd' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'x', voice: 'xx-nonexistent' }, 400, 'UNKNOWN_VOICE'],
      [{ text: 'x', voice: 'en-us+nosuchvariant' }, 400, 'UNKNOWN_VOICE'],
      [{ text: 'x'.repeat(2001) }, 413, 'TEXT_TOO_LONG'],
      [{ text: 'x', voice: 'clone:3f1c1b0e-0000-4000-8000-000000000000' }, 404, 'VOICE_NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(alice, '/api/tts/generate', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const unauth = await t.app.request('/api/tts/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' });
    expect(unauth.status).toBe(401);
  });
});

describe('POST /api/tts/stream and /api/tts/visemes', () => {
  it('streams one audio event per sentence with espeak-ng (one piece: chunk 0, final), then end', async () => {
    const res = await post(alice, '/api/tts/stream', { text: TEXT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await res.text()).trim().split('\n\n').map((block) => {
      const [ev, data] = block.split('\n');
      return { type: ev!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) as Generated & { index: number; chunk: number; final: boolean; text: string; chunks: number } };
    });
    const audio = events.filter((e) => e.type === 'audio');
    expect(audio.length).toBeGreaterThanOrEqual(2);
    expect(audio.map((e) => e.data.index)).toEqual(audio.map((_, i) => i));
    expect(audio.map((e) => [e.data.chunk, e.data.final])).toEqual(audio.map(() => [0, true]));
    expect(audio.map((e) => e.data.text).join(' ')).toContain('Hello there.');
    for (const e of audio) expect(decodeWav(new Uint8Array(Buffer.from(e.data.audio, 'base64'))).sampleRate).toBe(22050);
    expect(events.at(-1)).toMatchObject({ type: 'end', data: { chunks: audio.length, sentences: audio.length } });
  });

  it('gives a viseme track without audio', async () => {
    const res = await post(alice, '/api/tts/visemes', { text: 'Papa made mama a pie.' });
    const body = (await res.json()) as { visemes: { viseme: string }[]; durationMs: number; audio?: string };
    expect(res.status).toBe(200);
    expect(body.audio).toBeUndefined();
    // p, m close the lips: the bilabial viseme must appear.
    expect(body.visemes.map((v) => v.viseme)).toContain('PP');
    expect(body.durationMs).toBeGreaterThan(500);
  });
});

describe('GET /api/tts/voices', () => {
  it('lists the espeak-ng voices', async () => {
    const body = (await (await alice.request('/api/tts/voices')).json()) as { voices: { id: string; engine: string }[] };
    expect(body.voices.length).toBeGreaterThan(50);
    expect(body.voices.every((v) => v.engine === 'espeak-ng')).toBe(true);
  });
});

describe('R3: bounded synthesis', () => {
  it('50 parallel requests: some 200, the rest 503 SERVER_BUSY with Retry-After, and the server still answers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => post(alice, '/api/tts/generate', { text: 'One short line.' })));
    const ok = results.filter((r) => r.status === 200).length;
    const busy = results.filter((r) => r.status === 503);
    expect(ok).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    expect(ok + busy.length).toBe(50);
    for (const r of busy) {
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('SERVER_BUSY');
    }
    expect((await post(alice, '/api/tts/generate', { text: 'Still here.' })).status).toBe(200);
  });
});

describe('R2 tiers', () => {
  it('cloning paths use voiceClone, synthesis paths use synthesis', () => {
    expect(tierFor(DEFAULT_TIER_RULES, 'POST', '/api/tts/clone')).toBe('voiceClone');
    expect(tierFor(DEFAULT_TIER_RULES, 'POST', '/api/voice/clone')).toBe('voiceClone');
    for (const p of ['/api/tts/generate', '/api/tts/stream', '/api/voice/synthesize', '/v1/audio/speech']) expect(tierFor(DEFAULT_TIER_RULES, 'POST', p)).toBe('synthesis');
  });
});
