// Bars A2 and A3 on both databases: short access tokens, hashed single-use refresh tokens, reuse detection, logout.
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storageKinds, warnIfPostgresSkipped } from '../storage/testing';
import { asUser, createAuthTestApp, postJson, type TestUser } from './testing';

warnIfPostgresSkipped();

interface Pair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

describe.each(storageKinds)('sessions on $kind', ({ kind, skip }) => {
  let t: Awaited<ReturnType<typeof createAuthTestApp>>;
  let alice: TestUser;
  beforeEach(async () => {
    if (skip) return;
    t = await createAuthTestApp({ kind });
    alice = await asUser(t.app);
  });
  afterEach(async () => {
    if (!skip) await t.dispose();
  });

  const refresh = (refreshToken: string) => postJson(t.app, '/api/auth/refresh', { refreshToken });
  const whoami = (accessToken: string) =>
    t.app.request('/api/test/whoami', { headers: { authorization: `Bearer ${accessToken}` } });
  const login = async (u: TestUser): Promise<Pair> => {
    const res = await postJson(t.app, '/api/auth/login', { username: u.username, password: u.password });
    expect(res.status).toBe(200);
    return (await res.json()) as Pair;
  };

  describe.skipIf(skip)('A2', () => {
    it('access tokens live at most 15 minutes', async () => {
      const { iat = 0, exp = 0 } = decodeJwt(alice.accessToken);
      expect(exp - iat).toBeLessThanOrEqual(15 * 60);
      expect(exp - iat).toBeGreaterThan(0);
      const pair = await login(alice);
      expect(pair.expiresIn).toBeLessThanOrEqual(15 * 60);
    });

    it('refresh tokens are opaque, 256 random bits, and stored only as SHA-256 hashes', async () => {
      const second = await login(alice);
      for (const token of [alice.refreshToken, second.refreshToken]) {
        expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(Buffer.from(token, 'base64url')).toHaveLength(32);
        expect(() => decodeJwt(token)).toThrow();
      }
      expect(second.refreshToken).not.toBe(alice.refreshToken);
      const rows = await t.storage.db.selectFrom('refresh_tokens').selectAll().execute();
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(alice.refreshToken);
      expect(dump).not.toContain(second.refreshToken);
      const sha = (s: string) => createHash('sha256').update(s).digest('base64url');
      expect(rows.map((r) => r.token_hash).sort()).toEqual([sha(alice.refreshToken), sha(second.refreshToken)].sort());
    });

    it('rotates on every use: each refresh answers a new pair that works', async () => {
      const res = await refresh(alice.refreshToken);
      expect(res.status).toBe(200);
      const next = (await res.json()) as Pair & { user: unknown };
      expect(next.user).toEqual(alice.user);
      expect(next.refreshToken).not.toBe(alice.refreshToken);
      expect((await whoami(next.accessToken)).status).toBe(200);
      const again = await refresh(next.refreshToken);
      expect(again.status).toBe(200);
    });

    it('reusing a rotated token revokes the whole family, the latest tokens included', async () => {
      const next = (await (await refresh(alice.refreshToken)).json()) as Pair;
      const reuse = await refresh(alice.refreshToken);
      expect(reuse.status).toBe(401);
      expect((await refresh(next.refreshToken)).status).toBe(401);
      expect((await whoami(next.accessToken)).status).toBe(401);
      expect((await whoami(alice.accessToken)).status).toBe(401);
      // Another session of the same user is not part of the family.
      const other = await login(alice);
      expect((await whoami(other.accessToken)).status).toBe(200);
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('two racing refreshes of one token: exactly one succeeds, then the family is revoked', async () => {
      const results = await Promise.all([refresh(alice.refreshToken), refresh(alice.refreshToken)]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
      const winner = results.find((r) => r.status === 200);
      const pair = (await winner?.json()) as Pair;
      expect((await refresh(pair.refreshToken)).status).toBe(401);
      expect((await whoami(pair.accessToken)).status).toBe(401);
      const session = await t.storage.db
        .selectFrom('auth_sessions')
        .select(['revoked_at', 'revoke_reason'])
        .executeTakeFirstOrThrow();
      expect(session.revoke_reason).toBe('refresh-token-reuse');
    });

    it('an expired refresh token is refused', async () => {
      t.clock.advance(31 * 24 * 60 * 60 * 1000);
      expect((await refresh(alice.refreshToken)).status).toBe(401);
    });

    it('unknown, malformed and access tokens are refused as refresh tokens', async () => {
      for (const refreshToken of ['A'.repeat(43), 'short', alice.accessToken, `${alice.refreshToken}x`]) {
        const res = await refresh(refreshToken);
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
      }
      // None of those attempts hurt the real session.
      expect((await refresh(alice.refreshToken)).status).toBe(200);
    });
  });

  describe.skipIf(skip)('A3', () => {
    it('logout ends this session at once: its access and refresh tokens are refused, other sessions live on', async () => {
      const phone = await login(alice);
      const res = await alice.request('/api/auth/logout', { method: 'POST' });
      expect(res.status).toBe(204);
      expect((await whoami(alice.accessToken)).status).toBe(401);
      expect((await refresh(alice.refreshToken)).status).toBe(401);
      expect((await whoami(phone.accessToken)).status).toBe(200);
      // Logging out twice with the dead token is just unauthorised, not an error.
      expect((await alice.request('/api/auth/logout', { method: 'POST' })).status).toBe(401);
    });

    it('sign out everywhere refuses every older access token at once and ends every session', async () => {
      const phone = await login(alice);
      const refreshed = (await (await refresh(phone.refreshToken)).json()) as Pair;
      const res = await alice.request('/api/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ everywhere: true }),
      });
      expect(res.status).toBe(204);
      for (const token of [alice.accessToken, phone.accessToken, refreshed.accessToken])
        expect((await whoami(token)).status).toBe(401);
      for (const token of [alice.refreshToken, refreshed.refreshToken]) expect((await refresh(token)).status).toBe(401);
      // Signing in again afterwards works, under the new token version.
      const fresh = await login(alice);
      expect((await whoami(fresh.accessToken)).status).toBe(200);
      expect(decodeJwt(fresh.accessToken).ver).toBe(1);
    });

    it("one user's sign-out-everywhere leaves other users alone", async () => {
      const bob = await asUser(t.app);
      await alice.request('/api/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"everywhere":true}',
      });
      expect((await whoami(bob.accessToken)).status).toBe(200);
    });

    it("a deleted user's tokens stop working", async () => {
      await t.storage.db.deleteFrom('users').where('id', '=', alice.user.id).execute();
      expect((await whoami(alice.accessToken)).status).toBe(401);
      expect((await refresh(alice.refreshToken)).status).toBe(401);
    });
  });
});

describe.each(storageKinds)('housekeeping on $kind', ({ kind, skip }) => {
  it.skipIf(skip)('purgeExpired drops expired tokens and empty sessions, and keeps live ones', async () => {
    const t = await createAuthTestApp({ kind });
    try {
      const alice = await asUser(t.app);
      // Rotate once so the family holds a used token and its successor.
      expect((await postJson(t.app, '/api/auth/refresh', { refreshToken: alice.refreshToken })).status).toBe(200);
      expect(await t.auth.service.purgeExpired()).toBe(0);
      expect(await t.storage.db.selectFrom('refresh_tokens').select('id').execute()).toHaveLength(2);

      t.clock.advance(20 * 24 * 60 * 60 * 1000);
      const bob = await asUser(t.app);
      t.clock.advance(11 * 24 * 60 * 60 * 1000);
      expect(await t.auth.service.purgeExpired()).toBe(1);
      const sessions = await t.storage.db.selectFrom('auth_sessions').select('user_id').execute();
      expect(sessions).toEqual([{ user_id: bob.user.id }]);
      expect(await t.storage.db.selectFrom('refresh_tokens').select('user_id').execute()).toEqual([
        { user_id: bob.user.id },
      ]);
      expect((await postJson(t.app, '/api/auth/refresh', { refreshToken: bob.refreshToken })).status).toBe(200);
    } finally {
      await t.dispose();
    }
  });
});
