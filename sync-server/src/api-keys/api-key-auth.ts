// The gate's requireAuth for a server with API keys: /v1/* accepts `Bearer cmp_...` keys, everything else JWTs only.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { AuthModule } from '../auth-module.ts';
import { AppError } from '../errors.ts';
import { API_KEY_PREFIX, type ApiKeyStore } from './store.ts';

const BEARER = /^bearer (\S+)$/i;

/** Only the OpenAI-compatible API takes keys: a leaked key cannot manage the account, its keys or its data. */
const acceptsKeys = (path: string) => {
  const p = path.toLowerCase().replace(/\/{2,}/g, '/');
  return p === '/v1' || p.startsWith('/v1/');
};

/**
 * Wraps the auth module's requireAuth. A bearer value that looks like a key (cmp_) on /v1 is looked up by hash;
 * anything else goes to requireAuth unchanged (so access tokens keep every check the auth module makes).
 */
export function createApiKeyAuth(opts: { keys: ApiKeyStore; requireAuth: MiddlewareHandler<AppEnv> }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    if (token?.startsWith(API_KEY_PREFIX) && acceptsKeys(c.req.path)) {
      const user = await opts.keys.authenticate(token);
      if (!user) throw new AppError('UNAUTHORIZED', 401, 'Invalid or revoked API key.');
      c.set('user', user);
      await next();
      return;
    }
    return opts.requireAuth(c, next);
  };
}

/** The auth module with its gate accepting API keys on /v1; its own /api/auth routes are untouched. */
export function withApiKeys<T extends AuthModule>(auth: T, keys: ApiKeyStore): T {
  return { ...auth, requireAuth: createApiKeyAuth({ keys, requireAuth: auth.requireAuth }) };
}
