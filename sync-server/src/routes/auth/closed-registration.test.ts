// REGISTRATION=closed stays closed: no account is made over HTTP (not even a first owner), the owner cannot leave
// while others exist without handing over, and an ownerless server gets an owner only from the command line.
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthTestApp, FAST_SCRYPT, postJson } from '../../auth/testing';
import { setOwner } from '../../auth/owner';
import { createAuthService } from '../../auth/service';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing';

warnIfPostgresSkipped();

const PW = 'long enough password';

describe.each(storageKinds)('closed registration on $kind', ({ kind, skip }) => {
  let t: Awaited<ReturnType<typeof createAuthTestApp>>;
  afterEach(async () => {
    await t?.dispose();
  });

  const register = (username: string) => postJson(t.app, '/api/auth/register', { username, password: PW });
  const login = async (username: string) => {
    const res = await postJson(t.app, '/api/auth/login', { username, password: PW });
    expect(res.status).toBe(200);
    return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
  };
  const remove = (headers: Record<string, string>) =>
    t.app.request('/api/auth/account', { method: 'DELETE', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ password: PW }) });
  const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  /** Accounts the owner let in earlier (when the server was open): made here through an open service on the same database. */
  const admitted = async (...names: string[]) => {
    const open = createAuthService({ db: t.storage.db, clock: t.clock, jwtSecret: t.jwtSecret, registration: 'open', passwordParams: FAST_SCRYPT });
    for (const n of names) await open.register(n, PW);
  };

  it.skipIf(skip)('refuses every HTTP registration, even on an empty server', async () => {
    t = await createAuthTestApp({ kind, registration: 'closed' });
    const res = await register('stranger');
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('REGISTRATION_CLOSED');
    expect(await t.storage.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it.skipIf(skip)('the owner cannot delete the account while others exist; after handing over, they can, and registration stays closed', async () => {
    t = await createAuthTestApp({ kind, registration: 'closed' });
    expect(await setOwner(t.storage.db, t.clock, { username: 'boss', password: PW, passwordParams: FAST_SCRYPT })).toEqual({ action: 'created' });
    await admitted('alice', 'bob');
    const boss = await login('boss');

    const refused = await remove(boss);
    expect(refused.status).toBe(409);
    expect(await code(refused)).toBe('OWNER_TRANSFER_REQUIRED');

    // Only the owner hands over, with the password, to an existing account.
    const alice = await login('alice');
    const notOwner = await postJson(t.app, '/api/auth/owner', { username: 'bob', password: PW }, alice);
    expect(notOwner.status).toBe(403);
    expect((await postJson(t.app, '/api/auth/owner', { username: 'nobody', password: PW }, boss)).status).toBe(404);
    expect((await postJson(t.app, '/api/auth/owner', { username: 'alice', password: 'wrong password' }, boss)).status).toBe(401);
    const handed = await postJson(t.app, '/api/auth/owner', { username: 'alice', password: PW }, boss);
    expect(handed.status).toBe(200);
    expect(await handed.json()).toMatchObject({ user: { username: 'alice', role: 'owner' } });

    expect((await remove(boss)).status).toBe(204);
    expect((await register('stranger')).status).toBe(403);
    const roles = await t.storage.db.selectFrom('users').select(['username', 'role']).orderBy('username').execute();
    expect(roles).toEqual([
      { username: 'alice', role: 'owner' },
      { username: 'bob', role: 'user' },
    ]);
  });

  it.skipIf(skip)('an owner alone may leave; the empty server then gets an owner only from the command line', async () => {
    t = await createAuthTestApp({ kind, registration: 'closed' });
    await setOwner(t.storage.db, t.clock, { username: 'solo', password: PW, passwordParams: FAST_SCRYPT });
    expect((await remove(await login('solo'))).status).toBe(204);
    const res = await register('stranger');
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('REGISTRATION_CLOSED');
    expect(await setOwner(t.storage.db, t.clock, { username: 'next', password: PW, passwordParams: FAST_SCRYPT })).toEqual({ action: 'created' });
  });

  it.skipIf(skip)('the command line promotes an existing account and demotes the old owner', async () => {
    t = await createAuthTestApp({ kind, registration: 'closed' });
    await setOwner(t.storage.db, t.clock, { username: 'first', password: PW, passwordParams: FAST_SCRYPT });
    await admitted('second');
    expect(await setOwner(t.storage.db, t.clock, { username: 'SECOND' })).toEqual({ action: 'promoted', previousOwner: 'first' });
    expect(await setOwner(t.storage.db, t.clock, { username: 'second' })).toEqual({ action: 'unchanged' });
    await expect(setOwner(t.storage.db, t.clock, { username: 'third' })).rejects.toThrow(/password/);
    const owners = await t.storage.db.selectFrom('users').select('username').where('role', '=', 'owner').execute();
    expect(owners).toEqual([{ username: 'second' }]);
  });
});
