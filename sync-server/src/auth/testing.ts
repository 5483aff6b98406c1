// Test helpers: an app with the auth routes and gate on a throwaway database, and asUser() for signed-in requests.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createApp } from '../app';
import { createRouter } from '../app-env';
import { ManualClock } from '../clock';
import { testConfig } from '../env';
import { createLogger } from '../middleware/logging';
import { openTestStorage, type TestStorage } from '../storage/testing';
import type { ScryptParams } from './passwords';
import { createAuthModule } from './index';

/** The cheapest scrypt cost the hasher accepts: for tests that exercise logic, not the cost itself. */
export const FAST_SCRYPT: ScryptParams = { ln: 10, r: 8, p: 1 };

/** Anything that answers requests like Hono's app.request(). */
export interface RequestApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface AuthTestAppOptions {
  kind?: 'sqlite' | 'postgres';
  registration?: 'open' | 'closed';
  clock?: ManualClock;
  passwordParams?: ScryptParams;
}

/**
 * The real app (createApp: gate, error handling, logging, limits) with the real auth module on a fresh database
 * and a random JWT_SECRET, plus GET /api/test/whoami as a stand-in protected route: it has no requireAuth of
 * its own, so it is guarded by the app's gate exactly as later domain routes will be. Rate limits are raised
 * out of the way; the log lines are kept so tests can check no secret is written.
 */
export async function createAuthTestApp(options: AuthTestAppOptions = {}) {
  const storage: TestStorage = await openTestStorage(options.kind ?? 'sqlite');
  const clock = options.clock ?? new ManualClock();
  const config = testConfig({
    JWT_SECRET: randomBytes(32).toString('hex'),
    REGISTRATION: options.registration ?? 'open',
    RATE_LIMIT_AUTH: '100000/60',
    RATE_LIMIT_DEFAULT: '100000/60',
    WEB_DIST: '/nonexistent-web-dist',
  });
  const auth = createAuthModule({
    db: storage.db,
    clock,
    config: {
      jwtSecret: config.jwtSecret,
      registration: config.registration,
      passwordParams: options.passwordParams ?? FAST_SCRYPT,
    },
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const whoami = createRouter();
  whoami.get('/whoami', (c) => c.json({ user: c.var.user }));
  const app = createApp({
    config: { ...config, logLevel: 'trace' },
    clock,
    logger: createLogger({ logLevel: 'trace' }, sink),
    storage: { kind: storage.kind, check: () => storage.health() },
    auth,
    routes: [{ path: '/api/test', routes: whoami }],
  });
  return {
    app,
    auth,
    storage,
    clock,
    jwtSecret: config.jwtSecret,
    logs: () => logLines.join(''),
    dispose: () => storage.dispose(),
  };
}

export interface TestUser {
  user: { id: string; username: string; role: 'owner' | 'user' };
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** `{ authorization: 'Bearer …' }` for hand-built requests. */
  headers: Record<string, string>;
  /** app.request() with this user's access token added. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** Registers a fresh user (random name unless given) through the real route and returns a signed-in handle. */
export async function asUser(
  app: RequestApp,
  options: { username?: string; password?: string } = {},
): Promise<TestUser> {
  const username = options.username ?? `user_${randomBytes(5).toString('hex')}`;
  const password = options.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const res = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`asUser: register answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as Pick<TestUser, 'user' | 'accessToken' | 'refreshToken'>;
  const authorization = `Bearer ${body.accessToken}`;
  return {
    ...body,
    username,
    password,
    headers: { authorization },
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', authorization);
      return app.request(path, { ...init, headers });
    },
  };
}

/**
 * Bar A5 set-up: two signed-in users. Later route tests create a record as `owner`, then act on its id as
 * `intruder` and expect 404 (or 403), never the owner's data.
 */
export async function twoUsers(app: RequestApp): Promise<{ owner: TestUser; intruder: TestUser }> {
  const owner = await asUser(app);
  const intruder = await asUser(app);
  return { owner, intruder };
}

/** JSON POST helper for tests. */
export const postJson = async (
  app: RequestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
