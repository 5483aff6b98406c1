// /api/voice/history keeps what was said and how it sounded: the text, the audio (replay and download), the voice
// and engine, the status; one entry or all can be deleted; retention and account deletion remove entries and files.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { createVoiceTestApp } from '../../services/voice/testing.ts';

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createVoiceTestApp();
  alice = await asUser(t.app);
  bob = await asUser(t.app);
}, 60_000);
afterAll(() => t?.dispose());

interface Entry { id: string; voice: string; engine: string; text: string | null; status: string; hasAudio: boolean; format: string }
const post = (u: TestUser, path: string, body: unknown) => u.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const list = async (u: TestUser): Promise<Entry[]> => ((await (await u.request('/api/voice/history')).json()) as { history: Entry[] }).history;
const userFiles = (u: TestUser) => {
  const dir = join(t.dataDir, 'voice', u.user.id);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('history-')) : [];
};
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('voice history', () => {
  it('keeps the text, voice, engine, status and the audio as sent, replayable and downloadable', async () => {
    const res = await post(alice, '/api/voice/synthesize', { text: 'Kept for later.', voice: 'en-us', format: 'wav' });
    expect(res.status).toBe(200);
    const sent = new Uint8Array(await res.arrayBuffer());
    t.clock.advance(1000);
    const gen = await post(alice, '/api/tts/generate', { text: 'And this one too.', format: 'mp3' });
    expect(gen.status).toBe(200);
    const [newest, older] = await list(alice);
    expect(newest).toMatchObject({ text: 'And this one too.', engine: 'espeak-ng', status: 'completed', hasAudio: true, format: 'mp3' });
    expect(older).toMatchObject({ text: 'Kept for later.', voice: 'en-us', status: 'completed', hasAudio: true, format: 'wav' });
    const replay = await alice.request(`/api/voice/history/${older!.id}/audio`);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('content-type')).toBe('audio/wav');
    expect(new Uint8Array(await replay.arrayBuffer())).toEqual(sent);
    const saved = await alice.request(`/api/voice/history/${newest!.id}/audio?download=1`);
    expect(saved.headers.get('content-type')).toBe('audio/mpeg');
    expect(saved.headers.get('content-disposition')).toBe(`attachment; filename="speech-${newest!.id}.mp3"`);
    expect(userFiles(alice)).toHaveLength(2);
  });

  it('answers 4xx for bad ids and queries, and 404 for another user’s entries (A5)', async () => {
    const [entry] = await list(alice);
    expect((await alice.request('/api/voice/history/not-a-uuid/audio')).status).toBe(400);
    expect((await alice.request('/api/voice/history?limit=0')).status).toBe(400);
    expect((await alice.request(`/api/voice/history/${entry!.id}/audio?download=maybe`)).status).toBe(400);
    const missing = await alice.request('/api/voice/history/3f1c1b0e-0000-4000-8000-000000000000/audio');
    expect(missing.status).toBe(404);
    expect(await code(missing)).toBe('HISTORY_NOT_FOUND');
    const foreign = await bob.request(`/api/voice/history/${entry!.id}/audio`);
    expect(foreign.status).toBe(404);
    expect((await bob.request(`/api/voice/history/${entry!.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await list(alice)).toContainEqual(expect.objectContaining({ id: entry!.id }));
    expect((await t.app.request('/api/voice/history')).status).toBe(401);
  });

  it('deletes one entry with its audio, then all', async () => {
    const before = await list(alice);
    const one = before[0]!;
    expect((await alice.request(`/api/voice/history/${one.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await alice.request(`/api/voice/history/${one.id}/audio`)).status).toBe(404);
    expect(userFiles(alice)).toHaveLength(before.length - 1);
    await post(bob, '/api/tts/generate', { text: 'Bob keeps his.' });
    const cleared = await alice.request('/api/voice/history', { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ deleted: before.length - 1 });
    expect(await list(alice)).toEqual([]);
    expect(userFiles(alice)).toEqual([]);
    expect(await list(bob)).toHaveLength(1);
  });

  it('retention (VOICE_HISTORY_DAYS) removes old entries and their audio, and keeps young ones', async () => {
    const u = await asUser(t.app);
    // Recorded through the service: weeks later the test user's access token has long expired.
    const entry = (text: string) => ({ voice: 'en-us', engine: 'espeak-ng', format: 'wav', chars: text.length, durationMs: 500, text, audio: new Uint8Array([1, 2, 3]) });
    await t.voice.synth.record(u.user.id, entry('Old news.'), t.clock.now());
    t.clock.advance(20 * 86_400_000);
    await t.voice.synth.record(u.user.id, entry('Fresh.'), t.clock.now());
    t.clock.advance(11 * 86_400_000);
    expect(await t.voice.library.purgeHistory(30)).toBeGreaterThanOrEqual(1);
    expect((await t.voice.library.history(u.user.id, 50)).map((e) => e.text)).toEqual(['Fresh.']);
    expect(userFiles(u)).toHaveLength(1);
    expect(await t.voice.library.purgeHistory(0)).toBe(0);
  });

  it('account deletion removes the entries and their audio', async () => {
    const u = await asUser(t.app);
    await post(u, '/api/tts/generate', { text: 'Forget me.' });
    t.clock.advance(1000);
    expect(userFiles(u)).toHaveLength(1);
    const del = await u.request('/api/auth/account', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: u.password }) });
    expect(del.status).toBe(204);
    expect(userFiles(u)).toEqual([]);
    const rows = await t.storage.db.selectFrom('voice_history' as never).selectAll().where('user_id' as never, '=', u.user.id as never).execute();
    expect(rows).toEqual([]);
  });
});
