// The web app's AccountSession against the real server auth routes (createAuthTestApp: real app, real auth
// module, throwaway SQLite): sign-in, refresh, sign-out and the two-tab refresh race.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestApp } from '../sync-server/src/auth/testing.ts';
import {
  AccountSession,
  memorySessionStore,
  type ExclusiveLock,
  type SessionStore,
} from '../web/src/features/account/account-session.ts';

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;
let t: TestApp;

beforeEach(async () => {
  t = await createAuthTestApp();
});
afterEach(async () => {
  await t.dispose();
});

/** fetch over app.request, so requests go through the whole middleware stack without a socket. */
const appFetch = (): typeof fetch => (input, init) => Promise.resolve(t.app.request(String(input), init));

/** One in-process lock shared by "tabs", standing in for navigator.locks. */
function sharedLock(): ExclusiveLock {
  let tail: Promise<unknown> = Promise.resolve();
  return (_name, task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

function tab(store: SessionStore, clock: { now: number }, lock?: ExclusiveLock) {
  return new AccountSession({ baseUrl: 'http://localhost', store, fetch: appFetch(), now: () => clock.now, lock: lock ?? ((_, task) => task()) });
}

describe('AccountSession against the real auth routes', () => {
  it('registers, calls a protected route, and a restored session (new page) refreshes from the stored token', async () => {
    const store = memorySessionStore();
    const clock = { now: 0 };
    const first = tab(store, clock);
    const user = await first.register('alice_1', 'correct horse battery');
    expect(user.username).toBe('alice_1');
    const who = await first.authorizedFetch('/api/test/whoami');
    expect(((await who.json()) as { user: { id: string } }).user.id).toBe(user.id);
    const storedBefore = (await store.load())?.refreshToken;

    const reloaded = tab(store, clock);
    expect((await reloaded.restore()).status).toBe('signed-in');
    // The restore used the stored refresh token: it was rotated.
    expect((await store.load())?.refreshToken).not.toBe(storedBefore);
    expect((await reloaded.authorizedFetch('/api/test/whoami')).status).toBe(200);
  });

  it('a wrong password is a coded error and leaves the state signed out', async () => {
    const s = tab(memorySessionStore(), { now: 0 });
    await s.register('bob_1', 'correct horse battery');
    await s.signOut();
    await expect(s.signIn('bob_1', 'wrong password here')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(s.current.status).toBe('signed-out');
  });

  it('refreshes only near expiry, then uses the new token', async () => {
    const clock = { now: 0 };
    const store = memorySessionStore();
    const s = tab(store, clock);
    await s.register('carol_1', 'correct horse battery');
    const a = await s.accessToken();
    expect(await s.accessToken()).toBe(a);
    const rotatedFrom = (await store.load())?.refreshToken;
    clock.now += 15 * 60_000; // past expiry on the client's clock
    const b = await s.accessToken();
    expect(b).not.toBe(a);
    expect((await store.load())?.refreshToken).not.toBe(rotatedFrom);
  });

  it('two tabs refreshing at once under the lock stay signed in', async () => {
    const clock = { now: 0 };
    const store = memorySessionStore();
    const lock = sharedLock();
    const one = tab(store, clock, lock);
    await one.register('dave_1', 'correct horse battery');
    const two = tab(store, clock, lock);
    await two.restore();
    clock.now += 15 * 60_000;
    const [x, y] = await Promise.all([one.accessToken(), two.accessToken()]);
    expect(x).toBeTruthy();
    expect(y).toBeTruthy();
    expect(one.current.status).toBe('signed-in');
    expect(two.current.status).toBe('signed-in');
    expect((await one.authorizedFetch('/api/test/whoami')).status).toBe(200);
    expect((await two.authorizedFetch('/api/test/whoami')).status).toBe(200);
  });

  it('a tab replaying a refresh token another tab already rotated ends the session for both (why refresh re-reads the store under the lock)', async () => {
    const clock = { now: 0 };
    const store = memorySessionStore();
    const one = tab(store, clock);
    await one.register('erin_1', 'correct horse battery');
    const stale = await store.load();
    clock.now += 15 * 60_000;
    await one.accessToken(); // rotates the stored token
    // A tab that read the token before the rotation and does not re-read it.
    const racer = tab(memorySessionStore(stale), clock);
    await racer.restore();
    expect(racer.current.status).toBe('signed-out');
    clock.now += 15 * 60_000;
    await one.accessToken();
    expect(one.current.status).toBe('signed-out');
  });

  it('sign out everywhere refuses the other tab at once', async () => {
    const clock = { now: 0 };
    const a = tab(memorySessionStore(), clock);
    await a.register('fran_1', 'correct horse battery');
    const b = tab(memorySessionStore(), clock);
    await b.signIn('fran_1', 'correct horse battery');
    expect((await b.authorizedFetch('/api/test/whoami')).status).toBe(200);
    await a.signOut({ everywhere: true });
    expect(a.current.status).toBe('signed-out');
    // b's access token is refused, its refresh token too: it ends signed out.
    const res = await b.authorizedFetch('/api/test/whoami');
    expect(res.status).toBe(401);
    expect(b.current.status).toBe('signed-out');
  });

  it('an unreachable server keeps a stored session for later', async () => {
    const store = memorySessionStore({ refreshToken: 'x'.repeat(40), user: { id: 'u', username: 'g', role: 'user' } });
    const offline = new AccountSession({
      baseUrl: 'http://localhost',
      store,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      lock: (_, task) => task(),
    });
    expect((await offline.restore()).status).toBe('signed-in');
    expect(await store.load()).not.toBeNull();
  });
});
