// /api/auth over HTTP on both databases: registration rules, owner bootstrap, validation, A4 and the OpenAPI doc.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asUser, createAuthTestApp, postJson, twoUsers } from '../../auth/testing';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing';

warnIfPostgresSkipped();

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;
interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { fields?: Array<{ field: string; message: string }> };
    requestId?: string;
  };
}

describe.each(storageKinds)('/api/auth on $kind', ({ kind, skip }) => {
  let t: TestApp;
  const open = async (registration: 'open' | 'closed' = 'open') => {
    t = await createAuthTestApp({ kind, registration });
    return t;
  };
  afterEach(async () => {
    await t?.dispose();
  });
  beforeEach(() => {
    t = undefined as unknown as TestApp;
  });

  const register = (username: string, password = 'long enough password') =>
    postJson(t.app, '/api/auth/register', { username, password });

  describe.skipIf(skip)('register', () => {
    it('creates the first account as owner and later ones as users, each signed in', async () => {
      await open();
      const first = await register('Alice');
      expect(first.status).toBe(201);
      const body = (await first.json()) as {
        user: { id: string; role: string; username: string };
        accessToken: string;
        refreshToken: string;
        expiresIn: number;
      };
      expect(body.user).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), username: 'Alice', role: 'owner' });
      expect(body.expiresIn).toBe(900);
      const second = await register('bob');
      expect(((await second.json()) as typeof body).user.role).toBe('user');
      const me = await t.app.request('/api/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(await me.json()).toEqual({ user: body.user });
    });

    it('refuses a taken username, whatever its case, with 409', async () => {
      await open();
      expect((await register('alice')).status).toBe(201);
      for (const name of ['alice', 'ALICE', 'Alice']) {
        const res = await register(name);
        expect(res.status).toBe(409);
        expect(((await res.json()) as ErrorJson).error.code).toBe('USERNAME_TAKEN');
      }
    });

    it('closed registration refuses everyone over HTTP, a first owner too (made by `npm run setup -- --owner`)', async () => {
      await open('closed');
      const first = await register('owner');
      expect(first.status).toBe(403);
      expect(((await first.json()) as ErrorJson).error.code).toBe('REGISTRATION_CLOSED');
      expect(await t.storage.db.selectFrom('users').select('id').execute()).toHaveLength(0);
    });

    it('racing first registrations make exactly one owner', async () => {
      await open();
      const results = await Promise.all(['one', 'two', 'three', 'four'].map((n) => register(n)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const roles = await Promise.all(
        results.map(async (r) => ((await r.json()) as { user: { role: string } }).user.role),
      );
      expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    });

    it('racing first registrations on a closed server: none succeeds', async () => {
      await open('closed');
      const results = await Promise.all(['one', 'two', 'three'].map((n) => register(n)));
      expect(results.map((r) => r.status)).toEqual([403, 403, 403]);
    });

    it.each([
      ['too short a username', { username: 'ab', password: 'long enough password' }, 'json.username'],
      ['too long a username', { username: 'a'.repeat(33), password: 'long enough password' }, 'json.username'],
      ['a space in the username', { username: 'al ice', password: 'long enough password' }, 'json.username'],
      ['a non-ASCII username', { username: 'ålice', password: 'long enough password' }, 'json.username'],
      ['too short a password', { username: 'alice', password: 'short' }, 'json.password'],
      ['too long a password', { username: 'alice', password: 'p'.repeat(257) }, 'json.password'],
      ['a numeric password', { username: 'alice', password: 12345678 }, 'json.password'],
      ['no password', { username: 'alice' }, 'json.password'],
    ])('answers 400 with the failing field for %s', async (_name, payload, field) => {
      await open();
      const res = await postJson(t.app, '/api/auth/register', payload);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details?.fields?.map((f) => f.field)).toContain(field);
      expect(JSON.stringify(body)).not.toContain('long enough password');
    });

    it('answers 4xx, never 5xx, to bodies that are not JSON objects', async () => {
      await open();
      for (const [body, type] of [
        ['not json', 'application/json'],
        ['[]', 'application/json'],
        ['null', 'application/json'],
        ['{"username":"alice","password":"long enough password","__proto__":{"role":"owner"}}', 'text/plain'],
        ['', 'application/json'],
      ] as const) {
        const res = await t.app.request('/api/auth/register', {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    });

    it('ignores a smuggled role: the second account is a user', async () => {
      await open();
      await register('owner');
      const res = await postJson(t.app, '/api/auth/register', {
        username: 'mallory',
        password: 'long enough password',
        role: 'owner',
        __proto__: { role: 'owner' },
      });
      expect(((await res.json()) as { user: { role: string } }).user.role).toBe('user');
    });
  });

  describe.skipIf(skip)('login (A4)', () => {
    it('signs in with the right password, any username case', async () => {
      await open();
      const alice = await asUser(t.app, { username: 'Alice' });
      const res = await postJson(t.app, '/api/auth/login', { username: 'alice', password: alice.password });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: unknown }).user).toEqual(alice.user);
    });

    it('answers a wrong password and an unknown user identically, apart from the request id', async () => {
      await open();
      const alice = await asUser(t.app);
      const wrong = await postJson(t.app, '/api/auth/login', {
        username: alice.username,
        password: `${alice.password}!`,
      });
      const unknown = await postJson(t.app, '/api/auth/login', { username: 'nobody_here', password: alice.password });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const strip = async (r: Response) => (await r.text()).replace(/"requestId":"[^"]*"/, '"requestId":"-"');
      expect(await strip(unknown)).toBe(await strip(wrong));
      const headers = (r: Response) =>
        [...r.headers].filter(([k]) => !/^(x-request-id|ratelimit-remaining|ratelimit-reset)$/i.test(k));
      expect(headers(unknown)).toEqual(headers(wrong));
      expect(
        (
          (await postJson(t.app, '/api/auth/login', { username: 'x', password: 'y' }).then((r) =>
            r.json(),
          )) as ErrorJson
        ).error.code,
      ).toBe('INVALID_CREDENTIALS');
    });

    it('stores the password as a scrypt hash, never in the clear', async () => {
      await open();
      const alice = await asUser(t.app);
      const row = await t.storage.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$scrypt\$ln=\d+,r=\d+,p=\d+\$/);
      expect(row.password_hash).not.toContain(alice.password);
    });

    it('never writes passwords or tokens to the log', async () => {
      await open();
      const alice = await asUser(t.app);
      const refreshed = (await (
        await postJson(t.app, '/api/auth/refresh', { refreshToken: alice.refreshToken })
      ).json()) as { refreshToken: string; accessToken: string };
      await postJson(t.app, '/api/auth/login', { username: alice.username, password: 'wrong password!' });
      await alice.request('/api/test/whoami');
      const logs = t.logs();
      expect(logs.length).toBeGreaterThan(0);
      for (const secret of [
        alice.password,
        alice.accessToken,
        alice.refreshToken,
        refreshed.refreshToken,
        refreshed.accessToken,
        t.jwtSecret,
      ]) {
        expect(logs).not.toContain(secret);
      }
    });
  });

  describe.skipIf(skip)('me, logout and the document', () => {
    it('/me and /logout need a token', async () => {
      await open();
      expect((await t.app.request('/api/auth/me')).status).toBe(401);
      expect((await t.app.request('/api/auth/logout', { method: 'POST' })).status).toBe(401);
    });

    it('logout rejects a body of the wrong shape with 400', async () => {
      await open();
      const alice = await asUser(t.app);
      const res = await alice.request('/api/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"everywhere":"yes"}',
      });
      expect(res.status).toBe(400);
      expect((await alice.request('/api/auth/me')).status).toBe(200);
    });

    it('the OpenAPI document lists every auth route with its schemas and bearer security', async () => {
      await open();
      const doc = (await (await t.app.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, { security?: unknown }>>;
        components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
      };
      for (const p of ['register', 'login', 'refresh', 'logout'])
        expect(doc.paths[`/api/auth/${p}`]?.post).toBeDefined();
      expect(doc.paths['/api/auth/me']?.get).toBeDefined();
      expect(doc.components.schemas).toHaveProperty('AuthResponse');
      // The routes declare bearer security on /me and /logout (the app document may recompute it from the gate).
      const own = t.auth.routes.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '0' } });
      expect(own.paths?.['/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
      expect(own.paths?.['/logout']?.post?.security).toEqual([{ bearerAuth: [] }]);
      expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    });
  });
});

describe('test helpers for later routes (A5)', () => {
  it('twoUsers gives two distinct signed-in users whose requests carry their own identity', async () => {
    const t = await createAuthTestApp();
    try {
      const { owner, intruder } = await twoUsers(t.app);
      expect(owner.user.id).not.toBe(intruder.user.id);
      const who = async (u: typeof owner) =>
        ((await (await u.request('/api/test/whoami')).json()) as { user: { id: string } }).user.id;
      expect(await who(owner)).toBe(owner.user.id);
      expect(await who(intruder)).toBe(intruder.user.id);
    } finally {
      await t.dispose();
    }
  });
});
