// Names and ids with control characters are refused with 400 on every route that takes them, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthModule } from '../src/auth/index.ts';
import { ManualClock } from '../src/clock.ts';
import { openTestStorage, storageKinds, warnIfPostgresSkipped, type TestStorage } from '../src/storage/testing.ts';
import { buildApp } from './helpers.ts';
import { extraMounts } from './v1-mounts.ts';

warnIfPostgresSkipped();

const CONTROLS = ['a\u0000b', '\u0000', 'x\u001b[2Jy', 'bell\u0007', 'c1\u0085', 'line\u2028sep'];
const UUID = '0b6f1c2e-8d4a-4f3b-9c7e-2a1d5e6f7a8b';
const PW = 'a long enough password 1';

describe.each(storageKinds)('control characters in names and ids on $kind', ({ kind, skip }) => {
  let storage: TestStorage;
  let app: ReturnType<typeof buildApp>['app'];
  let auth: Record<string, string>;
  beforeAll(async () => {
    if (skip) return;
    storage = await openTestStorage(kind);
    const clock = new ManualClock(Date.now());
    const authModule = createAuthModule({ db: storage.db, clock, config: { jwtSecret: 'a3f9c2e17b6d4085f1e2d3c4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718', registration: 'open', passwordParams: { ln: 10, r: 8, p: 1 } } });
    app = buildApp({ auth: authModule, clock, routes: extraMounts(storage.db), env: { RATE_LIMIT_AUTH: '100000/60', RATE_LIMIT_DEFAULT: '100000/60', RATE_LIMIT_VOICE_CLONE: '100000/60' } }).app;
    const reg = await app.request('/api/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner', password: PW }) });
    auth = { authorization: `Bearer ${((await reg.json()) as { accessToken: string }).accessToken}` };
  });
  afterAll(() => storage?.dispose());

  const send = (method: string, path: string, body: unknown) =>
    app.request(path, { method, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** The name is checked before the audio, so a few placeholder bytes are enough to reach it. */
  const multipart = (path: string, field: string, bad: string) => {
    const form = new FormData();
    form.append('audio_file', new File([new Uint8Array(64)], 'a.wav', { type: 'audio/wav' }));
    form.append(field, bad);
    return app.request(path, { method: 'POST', headers: auth, body: form });
  };
  const card = (name: string, tags: string[] = []) => ({ spec: 'chara_card_v2', spec_version: '2.0', data: { name, description: 'd', personality: '', scenario: '', first_mes: '', mes_example: '', tags } });

  const cases: Array<[string, (bad: string) => Response | Promise<Response>]> = [
    ['login username', (bad) => send('POST', '/api/auth/login', { username: bad, password: PW })],
    ['register username', (bad) => send('POST', '/api/auth/register', { username: bad, password: PW })],
    ['owner hand-over username', (bad) => send('POST', '/api/auth/owner', { username: bad, password: PW })],
    ['API key name', (bad) => send('POST', '/api/keys', { name: bad })],
    ['voice clone name', (bad) => send('POST', '/api/voice/clone', { sampleId: UUID, name: bad })],
    ['voice rename', (bad) => send('PATCH', `/api/voice/models/${UUID}`, { name: bad })],
    ['character name', (bad) => send('POST', '/api/characters', card(bad))],
    ['character tag', (bad) => send('POST', '/api/characters', card('fine', [bad]))],
    ['character search', (bad) => app.request(`/api/characters?q=${encodeURIComponent(bad)}`, { headers: auth })],
    ['preview user name', (bad) => send('POST', '/api/chat/preview', { characterId: UUID, messages: [], userName: bad })],
    ['preview character id', (bad) => send('POST', '/api/chat/preview', { characterId: bad, messages: [] })],
    ['speech model', (bad) => send('POST', '/v1/audio/speech', { model: bad, input: 'hi', voice: 'alloy' })],
    ['voice clone profile_name (multipart)', (bad) => multipart('/api/tts/clone', 'profile_name', bad)],
    ['voice sample name (multipart)', (bad) => multipart('/api/voice/upload', 'name', bad)],
    ['chat message with NUL', (bad) => send('POST', '/api/chat', { messages: [{ role: 'user', content: bad.includes('\u0000') ? bad : `${bad}\u0000` }] })],
  ];

  it.skipIf(skip).each(cases)('refuses %s with 400', async (_label, call) => {
    for (const bad of CONTROLS) {
      const res = await call(bad);
      const text = await res.text();
      expect(res.status, `${JSON.stringify(bad)} → ${text.slice(0, 200)}`).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) } });
    }
  });
});
