// /api/characters over HTTP on SQLite (and PostgreSQL when DATABASE_URL is set): CRUD, list and search, A5, activate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, postJson, twoUsers, type TestUser } from '../../auth/testing.ts';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing.ts';
import { createCharactersTestApp } from './testing.ts';

warnIfPostgresSkipped();

const v2 = (name: string, more: Record<string, unknown> = {}) => ({
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: { name, description: `${name} desc`, first_mes: 'hi', tags: [], extensions: {}, ...more },
});

interface Character {
  id: string;
  name: string;
  tags: string[];
  card: { spec: string; data: Record<string, unknown> } & Record<string, unknown>;
  source: { spec: string; specVersion: string; container: string };
  active: boolean;
  warnings?: string[];
}
interface Page {
  items: { id: string; name: string; tags: string[] }[];
  nextCursor: string | null;
  activeId: string | null;
}

const create = async (user: TestUser, body: unknown): Promise<Character> => {
  const res = await user.request('/api/characters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as Character;
};
const list = async (user: TestUser, query = ''): Promise<Page> => {
  const res = await user.request(`/api/characters${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe.each(storageKinds)('characters on $kind', ({ kind, skip }) => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  beforeAll(async () => {
    if (!skip) t = await createCharactersTestApp(kind);
  });
  afterAll(async () => {
    if (!skip) await t.dispose();
  });

  it.skipIf(skip)('creates from V1, V2 and V3 objects and reads them back as V3 with unknown fields kept', async () => {
    const user = await asUser(t.app);
    const a = await create(user, { name: 'Flat', description: 'v1', personality: 'calm', scenario: '', first_mes: 'yo', mes_example: '' });
    expect(a.source).toEqual({ spec: 'chara_card_v1', specVersion: '1.0', container: 'json' });
    const b = await create(user, v2('Two', { extensions: { depth_prompt: { depth: 4 }, companion: { voice: 'v1' } }, unknown_field: [1, 2] }));
    const c = await create(user, { spec: 'chara_card_v3', spec_version: '3.0', data: { ...v2('Three').data, nickname: 'Tri', group_only_greetings: [] }, top_extra: 'x' });
    const got = (await (await user.request(`/api/characters/${b.id}`)).json()) as Character;
    expect(got.card.spec).toBe('chara_card_v3');
    expect(got.card.data.extensions).toEqual({ depth_prompt: { depth: 4 }, companion: { voice: 'v1' } });
    expect(got.card.data.unknown_field).toEqual([1, 2]);
    expect(got.source.spec).toBe('chara_card_v2');
    const third = (await (await user.request(`/api/characters/${c.id}`)).json()) as Character;
    expect(third.card.top_extra).toBe('x');
    expect(third.card.data.nickname).toBe('Tri');
    expect(a.card.data.personality).toBe('calm');
  });

  it.skipIf(skip)('a newer spec version imports with a warning', async () => {
    const user = await asUser(t.app);
    const c = await create(user, { spec: 'chara_card_v3', spec_version: '3.5', data: { ...v2('Future').data, group_only_greetings: [] } });
    expect(c.warnings?.join(' ')).toMatch(/newer/);
  });

  it.skipIf(skip)('importing a name that exists makes a new character and leaves the other untouched', async () => {
    const user = await asUser(t.app);
    const first = await create(user, v2('Twin', { description: 'the first' }));
    const second = await create(user, v2('Twin', { description: 'the second' }));
    expect(second.id).not.toBe(first.id);
    const a = (await (await user.request(`/api/characters/${first.id}`)).json()) as Character;
    expect(a.card.data.description).toBe('the first');
    expect((await list(user, '?q=twin')).items.map((i) => i.id).sort()).toEqual([first.id, second.id].sort());
  });

  it.skipIf(skip)('refuses non-cards with a clear 4xx', async () => {
    const user = await asUser(t.app);
    const post = (body: unknown) => postJson(t.app, '/api/characters', body, user.headers);
    const notCard = await post({ hello: 'world' });
    expect(notCard.status).toBe(422);
    expect(((await notCard.json()) as { error: { code: string } }).error.code).toBe('NOT_A_CARD');
    const book = await post({ spec: 'lorebook_v3', data: { entries: [] } });
    expect(book.status).toBe(422);
    const unknown = await post({ spec: 'chara_card_v9x', data: {} });
    expect(unknown.status).toBe(415);
    const deep = await user.request('/api/characters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":'.repeat(200) + '1' + '}'.repeat(200) });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: { code: string } }).error.code).toBe('BAD_JSON');
    // Deep enough that stringifying it again would overflow the stack.
    const deeper = await user.request('/api/characters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) });
    expect(deeper.status).toBe(400);
    expect((await post([1, 2])).status).toBe(400);
  });

  it.skipIf(skip)('PUT replaces the data (any spec) and keeps the origin; GET shows it', async () => {
    const user = await asUser(t.app);
    const c = await create(user, v2('Editable', { tags: ['a'] }));
    const edited = { ...c.card, data: { ...c.card.data, name: 'Edited', tags: ['b', 'C'], extensions: { keep: { me: true } } } };
    const res = await user.request(`/api/characters/${c.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(edited) });
    expect(res.status).toBe(200);
    const got = (await (await user.request(`/api/characters/${c.id}`)).json()) as Character;
    expect(got.name).toBe('Edited');
    expect(got.tags).toEqual(['b', 'C']);
    expect(got.card).toEqual(edited);
    expect(got.source.spec).toBe('chara_card_v2');
    expect((await list(user, '?tag=c')).items.map((i) => i.id)).toEqual([c.id]);
    expect((await list(user, '?tag=a')).items).toEqual([]);
  });

  it.skipIf(skip)('DELETE removes it (and clears it as active); a second DELETE is 404', async () => {
    const user = await asUser(t.app);
    const c = await create(user, v2('Gone'));
    expect((await user.request(`/api/characters/${c.id}/activate`, { method: 'POST' })).status).toBe(200);
    expect((await user.request(`/api/characters/${c.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await user.request(`/api/characters/${c.id}`)).status).toBe(404);
    expect((await user.request(`/api/characters/${c.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await list(user)).activeId).toBeNull();
  });

  it.skipIf(skip)('lists by name with a cursor, searches by name part and exact tag, escapes LIKE wildcards', async () => {
    const user = await asUser(t.app);
    const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo', '50% off', 'under_score'];
    for (const n of names) await create(user, v2(n, { tags: n === 'bravo' || n === 'echo' ? ['NATO', 'x'] : ['other'] }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(user, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen.filter((n) => /^[a-z]+$/.test(n))).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(new Set(seen).size).toBe(names.length);
    expect((await list(user, '?q=HAR')).items.map((i) => i.name)).toEqual(['charlie']);
    expect((await list(user, '?tag=nato')).items.map((i) => i.name)).toEqual(['bravo', 'echo']);
    expect((await list(user, '?tag=nat')).items).toEqual([]);
    expect((await list(user, `?q=${encodeURIComponent('%')}`)).items.map((i) => i.name)).toEqual(['50% off']);
    expect((await list(user, '?q=_')).items.map((i) => i.name)).toEqual(['under_score']);
    expect((await user.request('/api/characters?cursor=garbage')).status).toBe(400);
    expect((await user.request('/api/characters?limit=0')).status).toBe(400);
    expect((await user.request('/api/characters?q=%00')).status).toBe(400);
  });

  it.skipIf(skip)('activate stores the active character per user', async () => {
    const { owner, intruder } = await twoUsers(t.app);
    const a = await create(owner, v2('Mine'));
    const b = await create(intruder, v2('Theirs'));
    const res = await owner.request(`/api/characters/${a.id}/activate`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Character).active).toBe(true);
    await intruder.request(`/api/characters/${b.id}/activate`, { method: 'POST' });
    expect((await list(owner)).activeId).toBe(a.id);
    expect((await list(intruder)).activeId).toBe(b.id);
    expect(((await (await owner.request(`/api/characters/${a.id}`)).json()) as Character).active).toBe(true);
  });

  it.skipIf(skip)('A5: user B gets 404 on every id route of A and never sees A in a list', async () => {
    const { owner, intruder } = await twoUsers(t.app);
    const a = await create(owner, v2('Secret Alice', { tags: ['private'] }));
    const json = { 'content-type': 'application/json' };
    const attempts: [string, string, RequestInit?][] = [
      ['GET', `/api/characters/${a.id}`],
      ['PUT', `/api/characters/${a.id}`, { headers: json, body: JSON.stringify(v2('Hijacked')) }],
      ['POST', `/api/characters/${a.id}/activate`],
      ['GET', `/api/characters/${a.id}/export?format=json`],
      ['GET', `/api/characters/${a.id}/export?format=png`],
      ['GET', `/api/characters/${a.id}/export?format=charx`],
      ['GET', `/api/characters/${a.id}/image`],
      ['POST', '/api/chat/preview', { headers: json, body: JSON.stringify({ characterId: a.id, messages: [] }) }],
      ['DELETE', `/api/characters/${a.id}`],
    ];
    for (const [method, path, init] of attempts) {
      const res = await intruder.request(path, { ...init, method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.text()).not.toContain('Secret Alice');
    }
    const theirs = await list(intruder, '?q=secret');
    expect(theirs.items).toEqual([]);
    expect((await list(intruder, '?tag=private')).items).toEqual([]);
    expect((await list(intruder)).activeId).toBeNull();
    const still = (await (await owner.request(`/api/characters/${a.id}`)).json()) as Character;
    expect(still.name).toBe('Secret Alice');
    expect(still.active).toBe(false);
  });

  it.skipIf(skip)('unknown and malformed ids are 404 or 400, never 5xx', async () => {
    const user = await asUser(t.app);
    expect((await user.request('/api/characters/0b6f1c2e-8d4a-4f3b-9c7e-2a1d5e6f7a8b')).status).toBe(404);
    expect((await user.request('/api/characters/not-an-id')).status).toBe(400);
    // A control character in an id is refused by the schema (400), before any lookup.
    const preview = await postJson(t.app, '/api/chat/preview', { characterId: 'x\u0000y', messages: [] }, user.headers);
    expect(preview.status).toBe(400);
    const unknown = await postJson(t.app, '/api/chat/preview', { characterId: 'no-such-id', messages: [] }, user.headers);
    expect(unknown.status).toBe(404);
  });

  it.skipIf(skip)('deleting a user removes their characters, files and active choice (ON DELETE CASCADE)', async () => {
    const user = await asUser(t.app);
    const c = await create(user, v2('Cascade'));
    await user.request(`/api/characters/${c.id}/activate`, { method: 'POST' });
    const db = t.storage.db.withTables<{ characters: { id: string; user_id: string }; active_characters: { user_id: string } }>();
    expect(await db.selectFrom('characters').select('id').where('user_id', '=', user.user.id).execute()).toHaveLength(1);
    await t.storage.db.deleteFrom('users').where('id', '=', user.user.id).execute();
    expect(await db.selectFrom('characters').select('id').where('user_id', '=', user.user.id).execute()).toEqual([]);
    expect(await db.selectFrom('active_characters').select('user_id').where('user_id', '=', user.user.id).execute()).toEqual([]);
  });

  it.skipIf(skip)('needs a signed-in user', async () => {
    expect((await t.app.request('/api/characters')).status).toBe(401);
    expect((await postJson(t.app, '/api/characters', v2('x'))).status).toBe(401);
  });
});
