// DELETE /api/auth/account and the voice file sweep, on SQLite and PostgreSQL: a deleted account leaves no row and no
// file behind, other accounts are untouched, and orphan files are swept once they are older than the grace period.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyStore } from '../../api-keys/index.ts';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { SWEEP_GRACE_MS } from '../../services/voice/index.ts';
import { createVoiceTestApp } from '../../services/voice/testing.ts';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing.ts';
import { speechWav } from '../voice/fixtures.ts';

warnIfPostgresSkipped();

type App = Awaited<ReturnType<typeof createVoiceTestApp>>;
/** Every table holding a user's rows, and the column naming the user. */
const USER_TABLES = [
  ['users', 'id'],
  ['auth_sessions', 'user_id'],
  ['refresh_tokens', 'user_id'],
  ['api_keys', 'user_id'],
  ['user_settings', 'user_id'],
  ['characters', 'user_id'],
  ['character_files', 'user_id'],
  ['active_characters', 'user_id'],
  ['voice_samples', 'user_id'],
  ['voice_models', 'user_id'],
  ['voice_history', 'user_id'],
] as const;

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const deleteAccount = (u: TestUser, password: string) => u.request('/api/auth/account', { method: 'DELETE', ...json({ password }) });
const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;

describe.each(storageKinds)('account deletion and the file sweep ($kind)', ({ kind, skip }) => {
  let t: App;
  let speech: Uint8Array;
  const voiceDir = (userId: string) => join(t.dataDir, 'voice', userId);
  const rows = async (userId: string) => {
    const counts: Record<string, number> = {};
    for (const [table, column] of USER_TABLES) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${userId}`.execute(t.storage.db);
      counts[table] = Number(r.rows[0]?.n);
    }
    return counts;
  };

  /** A user with something in every table: a voice sample (file) and a cloned voice, history, an API key, settings, a character with a picture. */
  async function populated(): Promise<{ u: TestUser; sampleId: string; modelId: string; apiKey: string }> {
    const u = await asUser(t.app);
    const form = new FormData();
    form.set('audio_file', new Blob([speech as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), 'sample.bin');
    const up = await u.request('/api/voice/upload', { method: 'POST', body: form });
    expect(up.status).toBe(201);
    const { sample } = (await up.json()) as { sample: { id: string } };
    const cloned = await u.request('/api/voice/clone', { method: 'POST', ...json({ sampleId: sample.id, name: 'Mine' }) });
    expect(cloned.status).toBe(201);
    const { model } = (await cloned.json()) as { model: { id: string } };
    expect((await u.request('/api/tts/generate', { method: 'POST', ...json({ text: 'Hello.' }) })).status).toBe(200);
    const { key } = await createApiKeyStore(t.storage.db, t.clock).create(u.user.id, 'script');
    const db = t.storage.db;
    const now = t.clock.now();
    const characterId = randomUUID();
    await sql`insert into user_settings (user_id, active_model, updated_at) values (${u.user.id}, ${'test-tiny-llm'}, ${now})`.execute(db);
    await sql`insert into characters (id, user_id, name, name_key, tags_key, tags, source_spec, source_version, source_container, card_json, created_at, updated_at)
      values (${characterId}, ${u.user.id}, ${'Aqua'}, ${'aqua'}, ${''}, ${'[]'}, ${'chara_card_v2'}, ${'2.0'}, ${'json'}, ${'{}'}, ${now}, ${now})`.execute(db);
    await sql`insert into character_files (id, character_id, user_id, kind, path, position, size, data)
      values (${randomUUID()}, ${characterId}, ${u.user.id}, ${'image'}, ${'avatar.png'}, ${0}, ${4}, ${'iVBORw=='})`.execute(db);
    await sql`insert into active_characters (user_id, character_id, updated_at) values (${u.user.id}, ${characterId}, ${now})`.execute(db);
    return { u, sampleId: sample.id, modelId: model.id, apiKey: key };
  }

  beforeAll(async () => {
    if (skip) return;
    t = await createVoiceTestApp({ kind });
    speech = (await speechWav(12)).bytes;
  }, 120_000);
  afterAll(() => t?.dispose());

  it.skipIf(skip)('deletes the account, every row it owns and its voice files; other accounts are untouched', async () => {
    const alice = await populated();
    const bob = await populated();
    const before = await rows(alice.u.user.id);
    for (const [table] of USER_TABLES) expect(before[table], table).toBeGreaterThan(0);
    expect(readdirSync(voiceDir(alice.u.user.id)).length).toBeGreaterThan(0);
    const bobFiles = readdirSync(voiceDir(bob.u.user.id)).sort();
    const bobRows = await rows(bob.u.user.id);

    expect((await deleteAccount(alice.u, alice.u.password)).status).toBe(204);

    expect(await rows(alice.u.user.id)).toEqual(Object.fromEntries(USER_TABLES.map(([table]) => [table, 0])));
    expect(existsSync(voiceDir(alice.u.user.id))).toBe(false);
    // Her access token, refresh token, password and API key are all refused at once.
    expect((await alice.u.request('/api/auth/me')).status).toBe(401);
    expect((await t.app.request('/api/auth/refresh', { method: 'POST', ...json({ refreshToken: alice.u.refreshToken }) })).status).toBe(401);
    const login = await t.app.request('/api/auth/login', { method: 'POST', ...json({ username: alice.u.username, password: alice.u.password }) });
    expect(login.status).toBe(401);
    expect(await createApiKeyStore(t.storage.db, t.clock).authenticate(alice.apiKey)).toBeNull();
    // A second delete is refused: the token no longer signs anyone in.
    expect((await deleteAccount(alice.u, alice.u.password)).status).toBe(401);

    // Bob keeps everything: rows, files, his session and his sample.
    expect(await rows(bob.u.user.id)).toEqual(bobRows);
    expect(readdirSync(voiceDir(bob.u.user.id)).sort()).toEqual(bobFiles);
    expect((await bob.u.request('/api/auth/me')).status).toBe(200);
    expect((await bob.u.request(`/api/voice/models/${bob.modelId}`)).status).toBe(200);
    const { samples } = (await (await bob.u.request('/api/voice/samples')).json()) as { samples: { id: string }[] };
    expect(samples.map((x) => x.id)).toEqual([bob.sampleId]);
    expect(await createApiKeyStore(t.storage.db, t.clock).authenticate(bob.apiKey)).toMatchObject({ id: bob.u.user.id });
  });

  it.skipIf(skip)('a wrong password fails exactly like a failed login (A4) and deletes nothing', async () => {
    const { u } = await populated();
    const before = await rows(u.user.id);
    const wrong = await deleteAccount(u, `${u.password}-not`);
    expect(wrong.status).toBe(401);
    const failedLogin = await t.app.request('/api/auth/login', { method: 'POST', ...json({ username: u.username, password: `${u.password}-not` }) });
    const unknownUser = await t.app.request('/api/auth/login', { method: 'POST', ...json({ username: `${u.username}x`, password: u.password }) });
    const body = await errorOf(wrong);
    expect(body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    for (const other of [failedLogin, unknownUser]) {
      expect(other.status).toBe(401);
      const o = await errorOf(other);
      expect([o.code, o.message]).toEqual([body.code, body.message]);
    }
    expect(await rows(u.user.id)).toEqual(before);
    expect((await u.request('/api/auth/me')).status).toBe(200);
    // Malformed: no body, an empty password.
    expect((await u.request('/api/auth/account', { method: 'DELETE' })).status).toBe(400);
    expect((await deleteAccount(u, '')).status).toBe(400);
    expect((await t.app.request('/api/auth/account', { method: 'DELETE', ...json({ password: u.password }) })).status).toBe(401);
  });

  it.skipIf(skip)('A5: only the caller can be deleted; another user with your password deletes nothing, and your ids stay 404 to them', async () => {
    const alice = await populated();
    const bob = await asUser(t.app);
    const before = await rows(alice.u.user.id);
    // The route takes no id: Bob's token with Alice's password is Bob's account and a wrong password.
    expect((await deleteAccount(bob, alice.u.password)).status).toBe(401);
    expect(await rows(alice.u.user.id)).toEqual(before);
    expect((await bob.request(`/api/voice/models/${alice.modelId}`)).status).toBe(404);
    expect((await bob.request(`/api/voice/samples/${alice.sampleId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await alice.u.request(`/api/voice/models/${alice.modelId}`)).status).toBe(200);
  });

  it.skipIf(skip)('the sweep removes old orphan files and folders of deleted accounts, keeps young ones and every file a row points at', async () => {
    const { u } = await populated();
    const now = Date.now();
    const old = (path: string) => utimesSync(path, new Date(now - 2 * SWEEP_GRACE_MS), new Date(now - 2 * SWEEP_GRACE_MS));
    const mine = voiceDir(u.user.id);
    const real = readdirSync(mine);
    // Real files are kept however old they are.
    for (const f of real) old(join(mine, f));
    const put = (dir: string, name: string, age: 'old' | 'young') => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), 'x');
      if (age === 'old') old(join(dir, name));
      return join(dir, name);
    };
    // A crash between write and insert (old), a write in progress (young), a half write (old .tmp).
    const crashed = put(mine, `${randomUUID()}.wav`, 'old');
    const inProgress = put(mine, `${randomUUID()}.xtv`, 'young');
    const halfWritten = put(mine, `${randomUUID()}.wav.tmp`, 'old');
    // Folders of accounts that do not exist: one all old (removed), one with a young file (kept).
    const ghost = voiceDir(randomUUID());
    put(ghost, `${randomUUID()}.wav`, 'old');
    const outside = put(join(t.dataDir, 'elsewhere'), 'keep.wav', 'old');
    symlinkSync(outside, join(mine, 'link.wav'));
    const ghostYoung = voiceDir(randomUUID());
    const youngOrphan = put(ghostYoung, `${randomUUID()}.wav`, 'young');
    put(ghostYoung, `${randomUUID()}.wav`, 'old');

    const result = await t.voice.sweepFiles({ now });

    expect(result).toMatchObject({ removed: 4, young: 2, folders: 1 });
    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(halfWritten)).toBe(false);
    expect(existsSync(inProgress)).toBe(true);
    expect(existsSync(ghost)).toBe(false);
    expect(existsSync(youngOrphan)).toBe(true);
    // A link is never followed: neither it nor what it points at is touched.
    expect(existsSync(join(mine, 'link.wav'))).toBe(true);
    expect(existsSync(outside)).toBe(true);
    for (const f of real) expect(existsSync(join(mine, f)), f).toBe(true);
    expect((await u.request('/api/voice/samples')).status).toBe(200);
    // Once the young files age past the grace period they go too.
    const later = await t.voice.sweepFiles({ now: now + 2 * SWEEP_GRACE_MS });
    expect(later).toMatchObject({ removed: 2, young: 0, folders: 1 });
    expect(existsSync(inProgress)).toBe(false);
    expect(existsSync(ghostYoung)).toBe(false);
    for (const f of real) expect(existsSync(join(mine, f)), f).toBe(true);
  });

  it.skipIf(skip)('a deleted account whose files could not be removed then is swept: the folder goes once old', async () => {
    const { u } = await populated();
    const dir = voiceDir(u.user.id);
    // The account's rows go without the file hook (as if it had failed); its folder is now an orphan.
    await sql`delete from users where id = ${u.user.id}`.execute(t.storage.db);
    expect(existsSync(dir)).toBe(true);
    const now = Date.now();
    expect((await t.voice.sweepFiles({ now })).folders).toBe(0);
    expect(existsSync(dir)).toBe(true);
    expect((await t.voice.sweepFiles({ now: now + 2 * SWEEP_GRACE_MS })).folders).toBeGreaterThanOrEqual(1);
    expect(existsSync(dir)).toBe(false);
  });
});
