// Characters per user are bounded (CHARACTER_MAX_COUNT: 409, CHARACTER_MAX_BYTES: 413), and a CHARX that would inflate
// far past its size is refused (413 ZIP_BOMB) through the upload route (read in the card thread).
import { type Zippable, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { asUser, postJson, type TestUser } from '../../auth/testing.ts';
import { createCharactersTestApp } from './testing.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const card = (name: string) => ({ spec: 'chara_card_v3', spec_version: '3.0', data: { name, description: 'd', personality: '', scenario: '', first_mes: '', mes_example: '', group_only_greetings: [], tags: [], extensions: {} } });
/** Bytes that do not compress (xorshift32). */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function charx(name: string, assets: Zippable = {}): Uint8Array {
  return zipSync({ 'card.json': enc(JSON.stringify(card(name))), ...assets });
}
function upload(user: TestUser, bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'card.charx', { type: 'application/zip' }));
  return user.request('/api/characters/upload', { method: 'POST', body: form });
}
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('character quotas and CHARX amplification', () => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>> | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('refuses a character past CHARACTER_MAX_COUNT with 409, for JSON and files alike', async () => {
    t = await createCharactersTestApp('sqlite', { CHARACTER_MAX_COUNT: '2' });
    const user = await asUser(t.app);
    expect((await postJson(t.app, '/api/characters', card('one'), user.headers)).status).toBe(201);
    expect((await upload(user, charx('two'))).status).toBe(201);
    const json = await postJson(t.app, '/api/characters', card('three'), user.headers);
    expect(json.status).toBe(409);
    expect(await errorCode(json)).toMatchObject({ code: 'CHARACTER_QUOTA_EXCEEDED', message: expect.stringContaining('2 characters') });
    expect((await upload(user, charx('three'))).status).toBe(409);
    // Another user has their own quota.
    expect((await postJson(t.app, '/api/characters', card('mine'), (await asUser(t.app)).headers)).status).toBe(201);
  });

  it('refuses a character past CHARACTER_MAX_BYTES with 413 and says how much is used', async () => {
    t = await createCharactersTestApp('sqlite', { CHARACTER_MAX_BYTES: String(300_000) });
    const user = await asUser(t.app);
    expect((await upload(user, charx('small', { 'assets/other/a.bin': noise(100_000) }))).status).toBe(201);
    const res = await upload(user, charx('big', { 'assets/other/b.bin': noise(250_000) }));
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toMatchObject({ code: 'CHARACTER_STORAGE_FULL', message: expect.stringContaining('300000') });
  });

  it('refuses a small CHARX of many zero-filled entries as ZIP_BOMB', async () => {
    t = await createCharactersTestApp('sqlite');
    const user = await asUser(t.app);
    const zeros = new Uint8Array(1024 * 1024);
    const files: Zippable = { 'assets/other/pad.bin': [noise(2 * 1024 * 1024), { level: 0 }] };
    for (let i = 0; i < 120; i++) files[`assets/other/z${i}.bin`] = zeros;
    const res = await upload(user, charx('bomb', files));
    expect(res.status).toBe(413);
    expect((await errorCode(res)).code).toBe('ZIP_BOMB');
  }, 60_000);
});
