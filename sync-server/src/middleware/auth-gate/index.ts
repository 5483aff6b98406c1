// Fails closed: every /api/* and /v1/* route needs a valid Bearer token except a short public list.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import type { AuthModule } from '../../auth-module.ts';
import type { TrustProxy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { clientAddress, limitKeyForAddress } from '../rate-limit/client-address.ts';
import { rateLimitError, type RateLimiters } from '../rate-limit/index.ts';

/** Exact public paths. Compared byte for byte, so odd spellings of them fall through to "protected". */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/health',
  '/api/status',
  '/api/tts/health',
  '/api/voice/health',
  '/openapi.json',
  '/docs',
]);
/** Public prefixes; the auth routes protect their own /me and /logout with requireAuth. */
export const PUBLIC_PREFIXES: readonly string[] = ['/api/auth/', '/docs/'];

export function isPublic(path: string): boolean {
  return PUBLIC_PATHS.has(path) || path === '/api/auth' || PUBLIC_PREFIXES.some((p) => path.startsWith(p));
}

export function isProtected(path: string): boolean {
  if (isPublic(path)) return false;
  // Lower-cased with repeated slashes collapsed, so /API//chat cannot dodge the gate.
  const p = path.toLowerCase().replace(/\/{2,}/g, '/');
  return p === '/api' || p.startsWith('/api/') || p === '/v1' || p.startsWith('/v1/');
}

export interface AuthGateOptions {
  auth: AuthModule | undefined;
  /** A failed token check counts against the auth tier of the caller's address, so guessing tokens is slow too. */
  limiters: RateLimiters;
  trustProxy: TrustProxy;
}

export function authGate(opts: AuthGateOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || !isProtected(c.req.path)) return next();
    if (!opts.auth) throw new AppError('AUTH_UNAVAILABLE', 503, 'Accounts are not configured on this server.');
    try {
      let passed = false;
      await opts.auth.requireAuth(c, async () => {
        passed = true;
      });
      // A requireAuth that answers without calling next (or without a user) has refused the request.
      if (!passed || !c.get('user')) throw new AppError('UNAUTHORIZED', 401, 'Authentication required');
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        const d = await opts.limiters.consume('auth', `addr:${limitKeyForAddress(clientAddress(c, opts.trustProxy))}`);
        if (!d.allowed) throw rateLimitError(d);
      }
      throw err;
    }
    await next();
  };
}
