// Test helpers: apps built from test config, a fake auth module, a log capture and a real loopback server.
import { Writable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import { createApp, type AppDeps } from '../src/app.ts';
import { createRouter, type AppEnv } from '../src/app-env.ts';
import type { AuthModule, AuthUser } from '../src/auth-module.ts';
import { ManualClock } from '../src/clock.ts';
import { testConfig, type Config } from '../src/env.ts';
import { AppError } from '../src/errors.ts';
import { createLogger } from '../src/middleware/logging/index.ts';
import { listen, type RunningServer } from '../src/server.ts';

/** Collects pino's JSON lines in memory so tests can read what would have been logged. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  return { stream, lines, text: () => lines.join('\n') };
}

/** Tokens "token-<id>" sign in user <id>; anything else is 401, like the real module. */
export function fakeAuth(users: Record<string, AuthUser> = { alice: { id: 'alice', username: 'alice', role: 'owner' } }): AuthModule {
  const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
    const m = /^Bearer token-(\w+)$/.exec(c.req.header('authorization') ?? '');
    const user = m?.[1] ? users[m[1]] : undefined;
    if (!user) throw new AppError('UNAUTHORIZED', 401, 'Authentication required');
    c.set('user', user);
    await next();
  };
  const routes = createRouter();
  routes.get('/me', requireAuth, (c) => c.json({ user: c.get('user') }));
  return { routes, requireAuth, service: undefined };
}

export interface TestAppOptions extends Partial<Omit<AppDeps, 'config'>> {
  env?: Record<string, string>;
  config?: Config;
}

export function buildApp(opts: TestAppOptions = {}) {
  const logs = captureLogs();
  // A WEB_DIST that does not exist unless a test gives one, so / is the JSON banner.
  const config = opts.config ?? testConfig({ WEB_DIST: '/nonexistent-web-dist', ...opts.env });
  const clock = opts.clock ?? new ManualClock();
  const logger = opts.logger ?? createLogger({ logLevel: 'trace' }, logs.stream);
  const app = createApp({ ...opts, config, clock, logger });
  return { app, config, clock, logs };
}

/** Starts the app on a free loopback port (real sockets: needed for socket addresses and chunked bodies). */
export async function serveApp(app: ReturnType<typeof createApp>): Promise<RunningServer> {
  return listen(app.fetch, { port: 0, host: '127.0.0.1' });
}

/** Asserts the shared error shape and returns it. */
export async function errorBody(res: Response): Promise<{ code: string; message: string; requestId?: string; details?: unknown }> {
  const text = await res.text();
  if (/\bat .+:\d+:\d+/.test(text) || text.includes('stack')) throw new Error(`error body leaks a stack: ${text}`);
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') throw new Error(`not an error body: ${text}`);
  return body.error as { code: string; message: string; requestId?: string; details?: unknown };
}
