// The service without HTTP: equal work for unknown users (A4), cost upgrades on login, its own input checks.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock';
import { AppError } from '../errors';
import { openTestStorage, type TestStorage } from '../storage/testing';
import type * as passwords from './passwords';
import { verifyPassword } from './passwords';
import { createAuthService } from './service';
import { FAST_SCRYPT } from './testing';

// Wrap verifyPassword so the tests can see that a login did the scrypt comparison, without timing anything.
vi.mock('./passwords', async (importOriginal) => {
  const real = await importOriginal<typeof passwords>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const SECRET = 'service-test-secret-with-more-than-32-bytes-0123456789';
let storage: TestStorage;
const clock = new ManualClock();
const service = (passwordParams = FAST_SCRYPT, registration: 'open' | 'closed' = 'open') =>
  createAuthService({ db: storage.db, clock, jwtSecret: SECRET, registration, passwordParams });

beforeEach(async () => {
  storage = await openTestStorage('sqlite');
  vi.mocked(verifyPassword).mockClear();
});
afterEach(() => storage.dispose());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('auth service', () => {
  it('an unknown user costs one scrypt comparison at the configured cost, like a wrong password', async () => {
    const auth = service();
    await auth.register('alice', 'right password');
    vi.mocked(verifyPassword).mockClear();

    const unknown = await failure(auth.login('nobody', 'right password'));
    const wrong = await failure(auth.login('alice', 'wrong password'));
    expect(unknown).toBeInstanceOf(AppError);
    expect(wrong).toBeInstanceOf(AppError);
    expect({ ...(unknown as AppError), message: (unknown as AppError).message }).toEqual({
      ...(wrong as AppError),
      message: (wrong as AppError).message,
    });
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(2);
    const [[, dummyHash], [, realHash]] = vi.mocked(verifyPassword).mock.calls as [[string, string], [string, string]];
    const cost = (h: string) => /^\$scrypt\$(ln=\d+,r=\d+,p=\d+)\$/.exec(h)?.[1];
    expect(cost(dummyHash)).toBe('ln=10,r=8,p=1');
    expect(cost(dummyHash)).toBe(cost(realHash));
  });

  it('upgrades a hash made at a lower cost on the next successful login', async () => {
    await service(FAST_SCRYPT).register('alice', 'right password');
    const stronger = service({ ln: 12, r: 8, p: 1 });
    await stronger.login('alice', 'right password');
    const { password_hash } = await storage.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(password_hash).toMatch(/^\$scrypt\$ln=12,r=8,p=1\$/);
    await expect(stronger.login('alice', 'right password')).resolves.toMatchObject({ user: { username: 'alice' } });
    await expect(stronger.login('alice', 'wrong password')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('checks usernames and passwords itself, for callers that skip the routes', async () => {
    const auth = service();
    for (const [u, p] of [
      ['a', 'long enough'],
      ['bad name', 'long enough'],
      ['alice', 'short'],
    ]) {
      await expect(auth.register(u ?? '', p ?? '')).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await storage.db.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it('refuses an access-token lifetime over 15 minutes and a short secret at construction', () => {
    expect(() =>
      createAuthService({ db: storage.db, clock, jwtSecret: SECRET, registration: 'open', accessTtlSeconds: 901 }),
    ).toThrow();
    expect(() =>
      createAuthService({ db: storage.db, clock, jwtSecret: SECRET, registration: 'open', accessTtlSeconds: 0 }),
    ).toThrow();
    expect(() => createAuthService({ db: storage.db, clock, jwtSecret: 'too short', registration: 'open' })).toThrow();
  });

  it('deleteAccount: a wrong password costs one scrypt comparison and fails like a login; the right one deletes, then runs the file hook', async () => {
    const deleted: string[] = [];
    const auth = createAuthService({ db: storage.db, clock, jwtSecret: SECRET, registration: 'open', passwordParams: FAST_SCRYPT, onAccountDeleted: async (id) => void deleted.push(id) });
    const { user, accessToken } = await auth.register('alice', 'right password');
    const who = await auth.authenticate(accessToken);
    vi.mocked(verifyPassword).mockClear();
    const wrong = await failure(auth.deleteAccount(who, 'wrong password'));
    const login = await failure(auth.login('alice', 'wrong password'));
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(2);
    expect(wrong).toBeInstanceOf(AppError);
    expect([(wrong as AppError).code, (wrong as AppError).message]).toEqual([(login as AppError).code, (login as AppError).message]);
    expect(deleted).toEqual([]);
    expect(await auth.deleteAccount(who, 'right password')).toEqual({});
    expect(deleted).toEqual([user.id]);
    await expect(auth.authenticate(accessToken)).rejects.toMatchObject({ status: 401 });
    // Deleted already: the same call now fails like a wrong password.
    await expect(auth.deleteAccount(who, 'right password')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('deleteAccount: the account stays deleted when the file hook fails; the error comes back for the log', async () => {
    const auth = createAuthService({ db: storage.db, clock, jwtSecret: SECRET, registration: 'open', passwordParams: FAST_SCRYPT, onAccountDeleted: () => Promise.reject(new Error('disk gone')) });
    const { accessToken } = await auth.register('bob', 'right password');
    const result = await auth.deleteAccount(await auth.authenticate(accessToken), 'right password');
    expect((result.cleanupError as Error).message).toBe('disk gone');
    expect(await storage.db.selectFrom('users').select('id').execute()).toEqual([]);
  });
});
