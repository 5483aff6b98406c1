// /api/keys: the key is shown once and stored hashed; lists carry no secrets; revoking works at once; A5 between users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, twoUsers, type TestUser } from '../auth/testing.ts';
import { createInferenceTestApp } from '../inference/testing.ts';
import { storageKinds, warnIfPostgresSkipped } from '../storage/testing.ts';
import { hashApiKey } from './store.ts';

warnIfPostgresSkipped();

describe.each(storageKinds)('on $kind', ({ kind, skip }) => {
  let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
  beforeAll(async () => {
    if (!skip) t = await createInferenceTestApp({ kind });
  }, 120_000);
  afterAll(() => t?.dispose());

  const create = async (user: TestUser, name = 'tavern') => {
    const res = await user.request('/api/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    return { res, body: (await res.json()) as { id: string; key: string; prefix: string; name: string } };
  };
  const v1 = (key: string) => t.app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } });

  describe.skipIf(skip)('API keys', () => {
    it('creates a prefixed high-entropy key once, stores only its hash, and lists without secrets', async () => {
      const alice = await asUser(t.app);
      const { res, body } = await create(alice);
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body.key).toMatch(/^cmp_[A-Za-z0-9_-]{43}$/);
      expect(body.key.startsWith(body.prefix)).toBe(true);

      const rows = await t.storage.db
        .withTables<{ api_keys: { key_hash: string; user_id: string } }>()
        .selectFrom('api_keys')
        .selectAll()
        .execute();
      expect(JSON.stringify(rows)).not.toContain(body.key);
      expect(rows.map((r) => r.key_hash)).toContain(hashApiKey(body.key));

      const list = await alice.request('/api/keys');
      const text = await list.text();
      expect(text).not.toContain(body.key);
      expect(JSON.parse(text)).toEqual({
        keys: [expect.objectContaining({ id: body.id, name: 'tavern', prefix: body.prefix })],
      });
      expect(t.logs()).not.toContain(body.key);
    });

    it('authenticates /v1 with the key until it is revoked', async () => {
      const alice = await asUser(t.app);
      const { body } = await create(alice);
      expect((await v1(body.key)).status).toBe(200);
      const used = ((await (await alice.request('/api/keys')).json()) as { keys: Array<{ lastUsedAt: number | null }> })
        .keys[0];
      expect(used?.lastUsedAt).toEqual(expect.any(Number));
      const del = await alice.request(`/api/keys/${body.id}`, { method: 'DELETE' });
      expect(del.status).toBe(204);
      expect((await v1(body.key)).status).toBe(401);
      expect((await alice.request(`/api/keys/${body.id}`, { method: 'DELETE' })).status).toBe(404);
      expect(((await (await alice.request('/api/keys')).json()) as { keys: unknown[] }).keys).toEqual([]);
    });

    it("A5: another user can neither see nor revoke someone's key, and gets 404 as for an unknown id", async () => {
      const { owner, intruder } = await twoUsers(t.app);
      const { body } = await create(owner);
      const theirs = (await (await intruder.request('/api/keys')).json()) as { keys: unknown[] };
      expect(theirs.keys).toEqual([]);
      const res = await intruder.request(`/api/keys/${body.id}`, { method: 'DELETE' });
      expect(res.status).toBe(404);
      const unknown = await intruder.request('/api/keys/00000000-0000-4000-8000-000000000000', { method: 'DELETE' });
      expect(unknown.status).toBe(404);
      expect(await res.text()).not.toContain(body.prefix);
      expect((await v1(body.key)).status).toBe(200);
      // The key signs in its owner, not whoever holds a token.
      const models = await t.app.request('/v1/models', { headers: { authorization: `Bearer ${body.key}` } });
      expect(models.status).toBe(200);
    });

    it('validates input, and refuses keys and garbage on the account API', async () => {
      const alice = await asUser(t.app);
      for (const body of [{}, { name: '' }, { name: 'x'.repeat(500) }, { name: 5 }]) {
        const res = await alice.request('/api/keys', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(400);
      }
      expect((await alice.request('/api/keys/not-a-uuid', { method: 'DELETE' })).status).toBe(400);
      const { body } = await create(alice);
      const withKey = await t.app.request('/api/keys', { headers: { authorization: `Bearer ${body.key}` } });
      expect(withKey.status).toBe(401);
      expect((await t.app.request('/api/keys')).status).toBe(401);
      expect((await v1('cmp_short')).status).toBe(401);
    });
  });
});
