// requireAuth: turns `Authorization: Bearer <accessToken>` into c.var.user, or answers 401 (never a 5xx).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { MAX_TOKEN_LENGTH } from './access-tokens';
import { invalidToken } from './sessions';
import type { AuthService } from './service';

declare module 'hono' {
  interface ContextVariableMap {
    /** The session and token behind c.var.user; logout needs them. Set by requireAuth. */
    authSession: { sessionId: string; tokenId: string };
  }
}

/**
 * The scheme name is case-insensitive (RFC 9110 §11.1), so "bearer" is accepted like "Bearer"; the token is
 * b64token (RFC 6750 §2.1), after exactly one space. Basic, Token, DPoP and the rest are refused.
 */
const BEARER = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

export function createRequireAuth(service: Pick<AuthService, 'authenticate'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    // Length first: nothing is parsed out of an oversized header.
    if (!header || header.length > MAX_TOKEN_LENGTH + 'Bearer '.length) throw invalidToken('Authentication required');
    const match = BEARER.exec(header);
    if (!match?.[1]) throw invalidToken('Authentication required');
    const auth = await service.authenticate(match[1]);
    c.set('user', auth.user);
    c.set('authSession', { sessionId: auth.sessionId, tokenId: auth.tokenId });
    await next();
  };
}
