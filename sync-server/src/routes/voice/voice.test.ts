// /api/voice and /api/tts/clone on real speech: every bad-upload case, quotas, A5, history; XTTS clone-then-speak with test-tiny-xtts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, sniffType } from '@companion/core/audio';
import { ensureTinyXtts } from '../../../../models/src/fixtures/index.ts';
import { asUser, twoUsers, type TestUser } from '../../auth/testing.ts';
import { createVoice, loadVoiceConfig, loadXttsModel } from '../../services/voice/index.ts';
import { createVoiceTestApp } from '../../services/voice/testing.ts';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing.ts';
import { silenceWav, speechWav } from './fixtures.ts';
import { OPENAI_VOICES } from './openai-speech.ts';

warnIfPostgresSkipped();

type App = Awaited<ReturnType<typeof createVoiceTestApp>>;
let t: App;
let speech12: Uint8Array;
let speech6: Uint8Array;

const form = (file: Uint8Array, fields: Record<string, string>, field = 'audio_file') => {
  const f = new FormData();
  f.set(field, new Blob([file as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), 'sample.bin');
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const upload = (u: TestUser, path: string, file: Uint8Array, fields: Record<string, string> = {}) => u.request(path, { method: 'POST', body: form(file, fields) });
const post = (u: TestUser, path: string, body: unknown) => u.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const code = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

beforeAll(async () => {
  t = await createVoiceTestApp({ env: { VOICE_MAX_SAMPLES: '3' } });
  speech12 = (await speechWav(12)).bytes;
  speech6 = (await speechWav(6)).bytes;
}, 60_000);
afterAll(() => t?.dispose());

describe('uploads: clear 4xx for every bad file (U1-U3)', () => {
  it('POST /api/voice/upload refuses too short, too long, silent, wrong format, too large, broken', async () => {
    const u = await asUser(t.app);
    const tooLong = silenceWav(301, 8000);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(2000)]);
    const truncated = speech12.slice(0, 40);
    const lying = speech12.slice();
    new DataView(lying.buffer).setUint32(40, 0xffffffff, true); // data chunk claims 4 GB
    const cases: [Uint8Array, number, string][] = [
      [speech6, 422, 'AUDIO_TOO_SHORT'],
      [tooLong, 422, 'AUDIO_TOO_LONG'],
      [silenceWav(12), 422, 'AUDIO_SILENT'],
      [png, 415, 'AUDIO_WRONG_TYPE'],
      [new TextEncoder().encode('hello, not audio at all'), 415, 'AUDIO_WRONG_TYPE'],
      [new Uint8Array(10 * 1024 * 1024 + 1), 413, 'AUDIO_TOO_LARGE'],
      [truncated, 422, 'AUDIO_TRUNCATED'],
    ];
    for (const [bytes, status, c] of cases) {
      const res = await upload(u, '/api/voice/upload', bytes);
      expect(res.status, c).toBe(status);
      if (c !== 'AUDIO_TRUNCATED') expect(await code(res)).toBe(c);
    }
    // A data chunk claiming 4 GB is read for what is really there (or refused): never a 5xx, never 4 GB allocated.
    const lied = await upload(u, '/api/voice/upload', lying);
    expect(lied.status).toBeLessThan(500);
    if (lied.status === 201) expect(((await lied.json()) as { sample: { durationMs: number } }).sample.durationMs).toBeLessThan(20_000);
    // Not multipart, no file field, far too big a body: 415, 400, 413.
    expect((await post(u, '/api/voice/upload', { audio_file: 'x' })).status).toBe(415);
    expect((await u.request('/api/voice/upload', { method: 'POST', body: form(speech12, {}, 'other') })).status).toBe(400);
    expect((await upload(u, '/api/voice/upload', new Uint8Array(12 * 1024 * 1024))).status).toBe(413);
    expect(((await (await u.request('/api/voice/samples')).json()) as { samples: unknown[] }).samples.length).toBeLessThanOrEqual(1);
  });

  it('POST /api/tts/clone takes WAV 3-30 s only: MP3, too short and silence are refused', async () => {
    const u = await asUser(t.app);
    expect((await upload(u, '/api/tts/clone', silenceWav(2), { profile_name: 'x' })).status).toBe(422);
    expect(await code(await upload(u, '/api/tts/clone', silenceWav(5), { profile_name: 'x' }))).toBe('AUDIO_SILENT');
    expect(await code(await upload(u, '/api/tts/clone', (await speechWav(31)).bytes, { profile_name: 'x' }))).toBe('AUDIO_TOO_LONG');
    const mp3 = new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...new Uint8Array(5000)]);
    expect(await code(await upload(u, '/api/tts/clone', mp3, { profile_name: 'x' }))).toBe('AUDIO_WRONG_TYPE');
    expect((await upload(u, '/api/tts/clone', speech6, {})).status).toBe(400);
  });
});

describe.each(storageKinds)('samples and voice models, A5 ($kind, no XTTS configured)', ({ kind, skip }) => {
  let a: App;
  beforeAll(async () => {
    if (!skip) a = kind === 'sqlite' ? t : await createVoiceTestApp({ kind });
  });
  afterAll(async () => {
    if (a && a !== t) await a.dispose();
  });

  it.skipIf(skip)('stores a sample, clones it as pending, refuses to speak it with 503, keeps users apart', async () => {
    const { owner, intruder } = await twoUsers(a.app);
    const up = await upload(owner, '/api/voice/upload', speech12, { name: 'Haru' });
    expect(up.status).toBe(201);
    const { sample } = (await up.json()) as { sample: { id: string; format: string; durationMs: number; speechMs: number } };
    expect(sample).toMatchObject({ format: 'wav' });
    expect(sample.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(sample.speechMs).toBeGreaterThan(5000);

    const cl = await post(owner, '/api/voice/clone', { sampleId: sample.id, name: 'Haru voice' });
    expect(cl.status).toBe(201);
    const { model } = (await cl.json()) as { model: { id: string; voice: string; status: string } };
    expect(model).toMatchObject({ status: 'pending', voice: `clone:${model.id}` });
    const speak = await post(owner, '/api/voice/synthesize', { text: 'Hello.', voice: model.voice });
    expect(speak.status).toBe(503);
    expect(await code(speak)).toBe('VOICE_ENGINE_UNAVAILABLE');
    expect(speak.headers.get('retry-after')).toBeTruthy();
    const voices = (await (await owner.request('/api/tts/voices')).json()) as { voices: { id: string }[] };
    expect(voices.voices.map((v) => v.id)).toContain(model.voice);

    // A5: the intruder sees none of it and cannot touch it.
    expect((await intruder.request(`/api/voice/models/${model.id}`)).status).toBe(404);
    expect((await intruder.request(`/api/voice/models/${model.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"name":"mine"}' })).status).toBe(404);
    expect((await intruder.request(`/api/voice/models/${model.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await intruder.request(`/api/tts/clone/profiles/${model.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await intruder.request(`/api/voice/samples/${sample.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await post(intruder, '/api/voice/clone', { sampleId: sample.id, name: 'stolen' })).status).toBe(404);
    expect((await post(intruder, '/api/tts/generate', { text: 'Hi.', voice: model.voice })).status).toBe(404);
    expect((await post(intruder, '/v1/audio/speech', { model: 'tts-1', input: 'Hi.', voice: model.voice })).status).toBe(404);
    expect(((await (await intruder.request('/api/voice/models')).json()) as { models: unknown[] }).models).toEqual([]);
    expect(((await (await intruder.request('/api/tts/clone/profiles')).json()) as { profiles: unknown[] }).profiles).toEqual([]);

    const patched = await owner.request(`/api/voice/models/${model.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"name":"Renamed"}' });
    expect(((await patched.json()) as { model: { name: string } }).model.name).toBe('Renamed');
    expect((await owner.request(`/api/voice/models/${model.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await owner.request(`/api/voice/models/${model.id}`)).status).toBe(404);
    expect((await owner.request('/api/voice/models/not-a-uuid')).status).toBe(400);
  });
});

describe('quotas and history', () => {
  it('enforces the per-user sample quota (U5) with 409 QUOTA_EXCEEDED', async () => {
    const u = await asUser(t.app);
    for (let i = 0; i < 3; i++) expect((await upload(u, '/api/voice/upload', speech12)).status).toBe(201);
    const over = await upload(u, '/api/voice/upload', speech12);
    expect(over.status).toBe(409);
    expect(await code(over)).toBe('QUOTA_EXCEEDED');
    // Another user has a quota of their own.
    expect((await upload(await asUser(t.app), '/api/voice/upload', speech12)).status).toBe(201);
  });

  it('enforces the per-user byte quota (VOICE_MAX_BYTES), and deleting frees it', async () => {
    const small = await createVoiceTestApp({ env: { VOICE_MAX_BYTES: String(Math.floor(speech12.length * 1.5)) } });
    try {
      const u = await asUser(small.app);
      const first = await upload(u, '/api/voice/upload', speech12);
      expect(first.status).toBe(201);
      expect(await code(await upload(u, '/api/voice/upload', speech12))).toBe('QUOTA_EXCEEDED');
      const { sample } = (await first.json()) as { sample: { id: string } };
      expect((await u.request(`/api/voice/samples/${sample.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await upload(u, '/api/voice/upload', speech12)).status).toBe(201);
    } finally {
      await small.dispose();
    }
  });

  it('synthesizes wav and mp3 bodies and records history, newest first', async () => {
    const u = await asUser(t.app);
    const wav = await post(u, '/api/voice/synthesize', { text: 'First line.' });
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    expect(decodeWav(new Uint8Array(await wav.arrayBuffer())).sampleRate).toBe(22050);
    t.clock.advance(1000);
    const mp3 = await post(u, '/api/voice/synthesize', { text: 'Second line.', format: 'mp3' });
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    expect(sniffType(new Uint8Array(await mp3.arrayBuffer()))).toBe('mp3');
    const h = (await (await u.request('/api/voice/history')).json()) as { history: { format: string; chars: number }[] };
    expect(h.history.map((e) => e.format)).toEqual(['mp3', 'wav']);
    expect((await u.request('/api/voice/history?limit=0')).status).toBe(400);
  });
});

describe('OpenAI POST /v1/audio/speech', () => {
  it('answers mp3 by default and wav on request, maps OpenAI voice names, refuses other formats', async () => {
    const u = await asUser(t.app);
    const mp3 = await post(u, '/v1/audio/speech', { model: 'tts-1', input: 'Hello from the API.', voice: 'alloy' });
    expect(mp3.status).toBe(200);
    expect(sniffType(new Uint8Array(await mp3.arrayBuffer()))).toBe('mp3');
    for (const voice of Object.keys(OPENAI_VOICES)) {
      const wav = await post(u, '/v1/audio/speech', { model: 'tts-1', input: 'Hi.', voice, response_format: 'wav', speed: 1.5 });
      expect(wav.status, voice).toBe(200);
    }
    const bad = await post(u, '/v1/audio/speech', { model: 'tts-1', input: 'Hi.', voice: 'alloy', response_format: 'opus' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});

// Haru's clips where the shared assets are present, else espeak-ng speech (fixtures.ts says which): XTTS needs speech, not Haru.
describe('clone then speak with XTTS (test-tiny-xtts) on recorded or espeak-ng speech', () => {
  let x: App;
  beforeAll(async () => {
    const dir = ensureTinyXtts();
    x = await createVoiceTestApp({ loaders: { xtts: () => loadXttsModel(dir) } });
  }, 120_000);
  afterAll(() => x?.dispose());

  it('POST /api/tts/clone stores a ready voice; clone:<id> speaks through XTTS at 24 kHz', async () => {
    const u = await asUser(x.app);
    const res = await upload(u, '/api/tts/clone', speech6, { profile_name: 'Haru' });
    expect(res.status).toBe(201);
    const { profile } = (await res.json()) as { profile: { id: string; voice: string; status: string; engine: string } };
    expect(profile).toMatchObject({ status: 'ready', engine: 'xtts' });
    const gen = await post(u, '/api/tts/generate', { text: 'Hello world.', voice: profile.voice });
    expect(gen.status).toBe(200);
    const body = (await gen.json()) as { engine: string; sampleRate: number; durationMs: number; audio: string; visemes: unknown[]; mouth: unknown[] };
    expect(body).toMatchObject({ engine: 'xtts', sampleRate: 24000 });
    expect(body.durationMs).toBeGreaterThan(100);
    // XTTS gives no phonemes: espeak-ng's are aligned onto its audio (routes/tts/xtts-lip-sync.test.ts).
    expect(body).toMatchObject({ mouthSource: 'aligned' });
    expect(body.visemes.length).toBeGreaterThan(0);
    expect(body.mouth.length).toBeGreaterThan(0);
    expect((await u.request(`/api/tts/clone/profiles/${profile.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await post(u, '/api/tts/generate', { text: 'Hello.', voice: profile.voice })).status).toBe(404);
    expect(((await (await u.request('/api/voice/samples')).json()) as { samples: unknown[] }).samples).toEqual([]);
  });

  it('a voice stored as pending (no XTTS then) is cloned from its sample the first time it is spoken with XTTS', async () => {
    const u = await asUser(t.app);
    const { sample } = (await (await upload(u, '/api/voice/upload', speech12)).json()) as { sample: { id: string } };
    const { model } = (await (await post(u, '/api/voice/clone', { sampleId: sample.id, name: 'Later' })).json()) as { model: { id: string; voice: string; status: string } };
    expect(model.status).toBe('pending');
    // The same database and files, now on a server with XTTS configured.
    const withXtts = createVoice({ db: t.storage.db, clock: t.clock, dataDir: t.dataDir, config: loadVoiceConfig({}), loaders: { xtts: () => loadXttsModel(ensureTinyXtts()) } });
    try {
      const spoken = await withXtts.synth.speak(u.user.id, { text: 'Hello.', voice: model.voice });
      expect(spoken).toMatchObject({ engine: 'xtts', sampleRate: 24000 });
      expect((await withXtts.library.getModel(u.user.id, model.id)).status).toBe('ready');
    } finally {
      await withXtts.registry.close();
    }
  });

  it('/api/voice: upload → clone (ready) → synthesize mp3 and stream with clone:<id>; the sample outlives a deleted voice', async () => {
    const u = await asUser(x.app);
    const { sample } = (await (await upload(u, '/api/voice/upload', speech12)).json()) as { sample: { id: string } };
    const { model } = (await (await post(u, '/api/voice/clone', { sampleId: sample.id, name: 'Haru' })).json()) as { model: { id: string; voice: string; status: string } };
    expect(model.status).toBe('ready');
    const mp3 = await post(u, '/api/voice/synthesize', { text: 'Hello there.', voice: model.voice, format: 'mp3' });
    expect(mp3.status).toBe(200);
    expect(sniffType(new Uint8Array(await mp3.arrayBuffer()))).toBe('mp3');
    const streamed = await (await post(u, '/api/tts/stream', { text: 'One. Two.', voice: model.voice })).text();
    // Two sentences, each in XTTS pieces (test-tiny-xtts: 45 tokens, a piece every 20): 3 per sentence.
    expect(streamed.match(/event: audio/g)?.length).toBe(6);
    expect(streamed.match(/"final":true/g)?.length).toBe(2);
    expect(streamed.match(/event: visemes/g)?.length).toBe(2);
    expect(streamed).toContain('"engine":"xtts"');
    expect((await u.request(`/api/voice/models/${model.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(((await (await u.request('/api/voice/samples')).json()) as { samples: unknown[] }).samples).toHaveLength(1);
  });
});
