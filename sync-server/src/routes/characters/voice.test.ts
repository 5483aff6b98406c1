// A character's voice: set from your own voices, spoken by chat, exported in CHARX with its bytes and recreated on import.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCardVoice, packCardVoice, readCard, readCardJson, writeCharx, type Card, type CardVoice } from '@companion/core/cards';
import { readStreamEvents, type StreamEvent } from '@companion/core/llm';
import { makeVoice, voiceToBytes } from '@companion/core/speech/xtts';
import { ensureTinyXtts } from '../../../../models/src/fixtures/index.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { loadXttsModel } from '../../services/voice/index.ts';
import { silenceWav, speechWav } from '../voice/fixtures.ts';
import { createCharactersTestApp } from './testing.ts';

type App = Awaited<ReturnType<typeof createCharactersTestApp>>;
interface VoiceStatus extends CardVoice {
  available: boolean;
}
interface Character {
  id: string;
  card: { data: { extensions: Record<string, unknown> } };
  voice: VoiceStatus | null;
  files: { path: string; size: number }[];
  warnings: string[];
  voiceImport?: { status: string; voice?: string; code?: string; message?: string };
}

const CARD = { spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'Aiko', description: 'A calm librarian.', first_mes: 'Hello.', extensions: { other_tool: { keep: 1 } } } };
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const put = (u: TestUser, path: string, body: unknown) => u.request(path, { method: 'PUT', ...json(body) });
const code = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

async function create(u: TestUser): Promise<Character> {
  const res = await u.request('/api/characters', { method: 'POST', ...json(CARD) });
  expect(res.status).toBe(201);
  return (await res.json()) as Character;
}

async function uploadCard(u: TestUser, bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), 'card.bin');
  return u.request('/api/characters/upload', { method: 'POST', body: form });
}

async function exportCard(u: TestUser, id: string, format: 'png' | 'json' | 'charx'): Promise<Uint8Array> {
  const res = await u.request(`/api/characters/${id}/export?format=${format}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

async function cloneVoice(u: TestUser, sample: Uint8Array, name: string): Promise<{ id: string; voice: string }> {
  const form = new FormData();
  form.set('audio_file', new Blob([sample as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), 'sample.wav');
  form.set('profile_name', name);
  const res = await u.request('/api/tts/clone', { method: 'POST', body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { profile: { id: string; voice: string } }).profile;
}

const voiceModels = async (u: TestUser) => ((await (await u.request('/api/voice/models')).json()) as { models: { id: string; voice: string; status: string }[] }).models;
const characterCount = async (u: TestUser) => ((await (await u.request('/api/characters')).json()) as { items: unknown[] }).items.length;

async function chat(u: TestUser, tts: Record<string, unknown>): Promise<{ res: Response; events: StreamEvent[] }> {
  const res = await u.request('/api/chat/stream', { method: 'POST', ...json({ messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0 }, tts }) });
  const events: StreamEvent[] = [];
  if (res.status === 200) for await (const e of readStreamEvents(res.body!)) events.push(e);
  return { res, events };
}
const audioEngines = (events: StreamEvent[]) => [...new Set(events.flatMap((e) => (e.type === 'audio' ? [e.data.engine] : [])))];

describe('the voice of a character, with XTTS (test-tiny-xtts) and chat (test-tiny-llm)', () => {
  let t: App;
  let alice: TestUser;
  let bob: TestUser;
  let sample: Uint8Array;
  beforeAll(async () => {
    const dir = ensureTinyXtts();
    t = await createCharactersTestApp('sqlite', {}, { chat: true, loaders: { xtts: () => loadXttsModel(dir) } });
    alice = await asUser(t.app);
    bob = await asUser(t.app);
    sample = (await speechWav(6)).bytes;
  }, 180_000);
  afterAll(() => t?.dispose());

  it('PUT /voice takes a built-in voice or one of your clones, stores it in extensions.companion, and DELETE clears it', async () => {
    const c = await create(alice);
    expect(c.voice).toBeNull();
    const builtin = await put(alice, `/api/characters/${c.id}/voice`, { voice: 'en-us' });
    expect(builtin.status).toBe(200);
    const withBuiltin = (await builtin.json()) as Character;
    expect(withBuiltin.voice).toMatchObject({ engine: 'espeak-ng', voice: 'en-us', available: true });
    expect((withBuiltin.card.data.extensions.companion as { voice: unknown }).voice).toMatchObject({ engine: 'espeak-ng', voice: 'en-us' });
    expect(withBuiltin.card.data.extensions.other_tool).toEqual({ keep: 1 });

    const clone = await cloneVoice(alice, sample, 'Aiko calm');
    const withClone = (await (await put(alice, `/api/characters/${c.id}/voice`, { voice: clone.voice })).json()) as Character;
    expect(withClone.voice).toEqual({ engine: 'xtts', voice: clone.voice, name: 'Aiko calm', language: 'en', available: true });

    const cleared = await alice.request(`/api/characters/${c.id}/voice`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as Character).voice).toBeNull();
    expect((await alice.request(`/api/characters/${c.id}`).then((r) => r.json())) as Character).toMatchObject({ voice: null });
  });

  it('refuses an unknown built-in (422), another user\'s clone or character (404), and malformed bodies (400)', async () => {
    const mine = await create(bob);
    const alices = await create(alice);
    const aliceClone = await cloneVoice(alice, sample, 'Private');
    const unknown = await put(bob, `/api/characters/${mine.id}/voice`, { voice: 'zz-none' });
    expect([unknown.status, await code(unknown)]).toEqual([422, 'UNKNOWN_VOICE']);
    const foreign = await put(bob, `/api/characters/${mine.id}/voice`, { voice: aliceClone.voice });
    expect([foreign.status, await code(foreign)]).toEqual([404, 'VOICE_NOT_FOUND']);
    expect((await put(bob, `/api/characters/${alices.id}/voice`, { voice: 'en-us' })).status).toBe(404);
    expect((await bob.request(`/api/characters/${alices.id}/voice`, { method: 'DELETE' })).status).toBe(404);
    // In the voice alphabet but no voice of espeak-ng: unknown, not malformed.
    expect((await put(bob, `/api/characters/${mine.id}/voice`, { voice: '../x' })).status).toBe(422);
    for (const body of [{}, { voice: 'a b' }, { voice: 'x\u0000' }, { voice: 'en-us', extra: 1 }, { voice: 7 }, { voice: 'a'.repeat(121) }]) {
      expect((await put(bob, `/api/characters/${mine.id}/voice`, body)).status).toBe(400);
    }
    expect(((await (await bob.request(`/api/characters/${mine.id}`)).json()) as Character).voice).toBeNull();
  });

  it('chat with tts {} speaks with the active character\'s voice; a deleted clone falls back to the default, said in a header', async () => {
    const u = await asUser(t.app);
    const c = await create(u);
    const clone = await cloneVoice(u, sample, 'Aiko');
    expect((await put(u, `/api/characters/${c.id}/voice`, { voice: clone.voice })).status).toBe(200);
    expect((await u.request(`/api/characters/${c.id}/activate`, { method: 'POST' })).status).toBe(200);

    const own = await chat(u, {});
    expect(own.res.status).toBe(200);
    expect(own.res.headers.get('x-speech-voice')).toBe(clone.voice);
    expect(own.res.headers.get('x-speech-voice-fallback')).toBeNull();
    expect(own.events.filter((e) => e.type === 'audio_error'), JSON.stringify(own.events.filter((e) => e.type === 'audio_error'))).toEqual([]);
    expect(audioEngines(own.events)).toEqual(['xtts']);
    expect(own.events.at(-1)?.type).toBe('done');

    // A voice named in the request still wins over the character's.
    const named = await chat(u, { voice: 'en-us' });
    expect(audioEngines(named.events)).toEqual(['espeak-ng']);
    expect(named.res.headers.get('x-speech-voice')).toBeNull();

    expect((await u.request(`/api/voice/models/${clone.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await chat(u, {});
    expect(gone.res.status).toBe(200);
    expect(gone.res.headers.get('x-speech-voice')).toBe('en-us');
    expect(gone.res.headers.get('x-speech-voice-fallback')).toBe('VOICE_NOT_FOUND');
    expect(audioEngines(gone.events)).toEqual(['espeak-ng']);
    expect(((await (await u.request(`/api/characters/${c.id}`)).json()) as Character).voice).toMatchObject({ voice: clone.voice, available: false });
  });

  it('CHARX export → import by another user: a new clone of theirs with the same voice bytes and sample; it speaks with it', async () => {
    const c = await create(alice);
    const clone = await cloneVoice(alice, sample, 'Aiko export');
    await put(alice, `/api/characters/${c.id}/voice`, { voice: clone.voice });
    const charx = await exportCard(alice, c.id, 'charx');

    const exported = readCard(charx).card;
    const ref = getCardVoice(exported)!;
    expect(ref).toMatchObject({ engine: 'xtts', voice: clone.voice, name: 'Aiko export', asset: 'embeded://assets/x_companion_voice/ai/Aiko_export.xttsvoice', sample: 'embeded://assets/x_companion_voice/audio/Aiko_export.wav' });
    const aliceFiles = await t.voice.library.exportFiles(alice.user.id, clone.id);
    const packed = (path: string) => exported.files.find((f) => `embeded://${f.path}` === path)?.bytes;
    expect(packed(ref.asset!)).toEqual(aliceFiles.voice);
    expect(packed(ref.sample!)).toEqual(sample);

    const before = await voiceModels(bob);
    const res = await uploadCard(bob, charx);
    expect(res.status).toBe(201);
    const imported = (await res.json()) as Character;
    expect(imported.voiceImport).toMatchObject({ status: 'imported', name: 'Aiko export' });
    const bobVoice = imported.voiceImport!.voice!;
    expect(bobVoice).not.toBe(clone.voice);
    expect(imported.voice).toMatchObject({ engine: 'xtts', voice: bobVoice, available: true });
    // The voice files became Bob's clone; they are not kept twice as packed card files.
    expect(imported.files.filter((f) => f.path.includes('x_companion_voice'))).toEqual([]);
    const after = await voiceModels(bob);
    expect(after.length).toBe(before.length + 1);
    const bobFiles = await t.voice.library.exportFiles(bob.user.id, bobVoice.slice('clone:'.length));
    expect(bobFiles.voice).toEqual(aliceFiles.voice);
    expect(bobFiles.sample?.bytes).toEqual(sample);
    // Alice's voice is untouched and still hers alone.
    expect((await voiceModels(alice)).some((m) => m.voice === clone.voice)).toBe(true);

    expect((await bob.request(`/api/characters/${imported.id}/activate`, { method: 'POST' })).status).toBe(200);
    const spoken = await chat(bob, {});
    expect(spoken.res.headers.get('x-speech-voice')).toBe(bobVoice);
    expect(audioEngines(spoken.events)).toEqual(['xtts']);

    // Bob's own export carries his clone's bytes: the same voice again.
    const again = readCard(await exportCard(bob, imported.id, 'charx')).card;
    const againRef = getCardVoice(again)!;
    expect(againRef.voice).toBe(bobVoice);
    expect(again.files.find((f) => `embeded://${f.path}` === againRef.asset)?.bytes).toEqual(aliceFiles.voice);
  });

  it('PNG and JSON exports carry the reference only; importing one elsewhere keeps it and says it is not your voice', async () => {
    const c = await create(alice);
    const clone = await cloneVoice(alice, sample, 'Ref only');
    await put(alice, `/api/characters/${c.id}/voice`, { voice: clone.voice });
    for (const format of ['png', 'json'] as const) {
      const bytes = await exportCard(alice, c.id, format);
      const card: Card = format === 'png' ? readCard(bytes).card : readCardJson(new TextDecoder().decode(bytes)).card;
      expect(getCardVoice(card)).toEqual({ engine: 'xtts', voice: clone.voice, name: 'Ref only', language: 'en' });
      expect(card.files).toEqual([]);
      const res = await uploadCard(bob, bytes);
      expect(res.status).toBe(201);
      const imported = (await res.json()) as Character;
      expect(imported.voiceImport).toBeUndefined();
      expect(imported.voice).toMatchObject({ voice: clone.voice, available: false });
      expect(imported.warnings.join(' ')).toMatch(/not one of your voices/);
    }
  });
});

describe('imported voice assets: quotas, malformed and oversize files, fuzzing (no XTTS needed)', () => {
  let t: App;
  let speech: Uint8Array;
  const voiceBytes = (seed = 1) => {
    let s = seed;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    return voiceToBytes(makeVoice(Float32Array.from({ length: 4 * 16 }, rand), 4, Float32Array.from({ length: 8 }, rand)));
  };
  const ref: CardVoice = { engine: 'xtts', voice: 'clone:00000000-0000-4000-8000-000000000000', name: 'Packed', language: 'en' };
  const card = (): Card => readCardJson(JSON.stringify(CARD)).card;
  const charxWith = (packed: Parameters<typeof packCardVoice>[2]) => writeCharx(packCardVoice(card(), ref, packed));

  const models = (u: TestUser) => t.voice.library.listModels(u.user.id);
  beforeAll(async () => {
    t = await createCharactersTestApp('sqlite', { VOICE_MAX_MODELS: '1' });
    speech = (await speechWav(6)).bytes;
  }, 120_000);
  afterAll(() => t?.dispose());

  it('a sample-only voice (exported before it was cloned) comes in pending; over the quota the character comes in without it', async () => {
    const u = await asUser(t.app);
    const first = (await (await uploadCard(u, charxWith({ sample: { bytes: speech, ext: 'wav' } }))).json()) as Character;
    expect(first.voiceImport).toMatchObject({ status: 'imported' });
    expect(await models(u)).toMatchObject([{ voice: first.voiceImport!.voice, status: 'pending' }]);

    const res = await uploadCard(u, charxWith({ voice: voiceBytes() }));
    expect(res.status).toBe(201);
    const second = (await res.json()) as Character;
    expect(second.voiceImport).toMatchObject({ status: 'skipped', code: 'QUOTA_EXCEEDED' });
    expect(second.warnings.join(' ')).toMatch(/without its voice/);
    expect(second.voice).toBeNull();
    expect(second.files).toEqual([]);
    expect(await models(u)).toHaveLength(1);
    expect(await characterCount(u)).toBe(2);
  });

  it('malformed or oversize voice files and unusable samples are a clear 4xx, and nothing is imported', async () => {
    const u = await asUser(t.app);
    const bad = voiceBytes();
    bad[0] = 0; // magic
    const lying = voiceBytes();
    new DataView(lying.buffer).setUint32(8, 0xffffffff, true); // rows
    const nan = voiceBytes();
    new DataView(nan.buffer).setFloat32(20, Number.NaN, true);
    const cases: [Uint8Array, { voice?: Uint8Array; sample?: { bytes: Uint8Array; ext: 'wav' | 'mp3' } }, number, string][] = [
      [bad, { voice: bad }, 422, 'BAD_VOICE_ASSET'],
      [lying, { voice: lying }, 422, 'BAD_VOICE_ASSET'],
      [nan, { voice: nan }, 422, 'BAD_VOICE_ASSET'],
      [bad, { voice: randomBytes(2 * 1024 * 1024 + 1) }, 413, 'VOICE_ASSET_TOO_LARGE'],
      [bad, { voice: voiceBytes(), sample: { bytes: silenceWav(5), ext: 'wav' } }, 422, 'BAD_VOICE_ASSET'],
      [bad, { sample: { bytes: new TextEncoder().encode('not audio'), ext: 'wav' } }, 422, 'BAD_VOICE_ASSET'],
    ];
    for (const [, packed, status, c] of cases) {
      const res = await uploadCard(u, charxWith(packed));
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([res.status, body.error.code], body.error.message).toEqual([status, c]);
      expect(body.error.message).toMatch(/voice/i);
    }
    expect(await characterCount(u)).toBe(0);
    expect(await models(u)).toEqual([]);
    expect(await t.voice.library.listSamples(u.user.id)).toEqual([]);
  });

  it('a reference to a packed file that is not there imports the character without the voice, and says so', async () => {
    const u = await asUser(t.app);
    const dangling = packCardVoice(card(), ref, {});
    const withUri = { ...dangling, data: { ...dangling.data, extensions: { ...dangling.data.extensions, companion: { voice: { ...ref, asset: 'embeded://assets/x_companion_voice/ai/gone.xttsvoice' } } } } };
    const res = await uploadCard(u, writeCharx(withUri));
    expect(res.status).toBe(201);
    const c = (await res.json()) as Character;
    expect(c.voiceImport).toMatchObject({ status: 'skipped', code: 'VOICE_ASSET_MISSING' });
    expect(c.voice).toBeNull();
  });

  it('fuzzed voice files (bit flips, truncation, lying sizes) never give a 5xx, and a refused one leaves nothing behind', async () => {
    const u = await asUser(t.app);
    let s = 7;
    const rand = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31) % n);
    const good = voiceBytes(3);
    let imported = 0;
    for (let i = 0; i < 150; i++) {
      const b = good.slice(0, rand(4) === 0 ? rand(good.length + 1) : good.length);
      for (let k = 0, n = 1 + rand(6); k < n && b.length > 0; k++) b[rand(b.length)] = rand(256);
      if (rand(5) === 0 && b.length >= 20) new DataView(b.buffer).setUint32(4 * rand(5), [0, 0xffffffff, 1 + rand(5000)][rand(3)]!, true);
      const res = await uploadCard(u, charxWith({ voice: b }));
      expect([201, 413, 422], `case ${i}`).toContain(res.status);
      if (res.status === 201) {
        const c = (await res.json()) as Character;
        if (c.voiceImport?.status === 'imported') imported++;
        // Keep the quota free for the next case: the voice goes again with its character.
        const id = c.voiceImport?.voice?.slice('clone:'.length);
        if (id) await t.voice.library.deleteModel(u.user.id, id, true);
        await u.request(`/api/characters/${c.id}`, { method: 'DELETE' });
      }
    }
    expect(await models(u)).toEqual([]);
    expect(await characterCount(u)).toBe(0);
    // Some flips land in float payloads and still decode: those are voices (of noise), imported like any other.
    expect(imported).toBeGreaterThan(0);
  });
});
