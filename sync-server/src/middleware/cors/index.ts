// Strict CORS: only the configured origins get Access-Control-Allow-Origin; same-origin requests need none.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { setResponseHeaders } from '../../lib/response-headers.ts';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id';
// Clients read rate-limit state, the request id for bug reports, and which voice a chat reply is spoken with.
const EXPOSE_HEADERS =
  'X-Request-Id, Retry-After, RateLimit, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Speech-Voice, X-Speech-Voice-Fallback';

export function cors(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  // Origins compare exactly (scheme, host, port); the browser always sends them lower-case without a path.
  const allowed = new Set(origins.map((o) => o.toLowerCase()));
  return async (c, next) => {
    const origin = c.req.header('origin');
    const ok = origin !== undefined && allowed.has(origin.toLowerCase());
    const isPreflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (isPreflight) {
      // Answered here, before auth: preflights carry no Authorization. A foreign origin gets no grant.
      const headers: Record<string, string> = { Vary: 'Origin' };
      if (ok) {
        Object.assign(headers, {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': '600',
        });
      }
      return c.body(null, 204, headers);
    }
    await next();
    const headers: Record<string, string> = { Vary: 'Origin' };
    if (ok) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = EXPOSE_HEADERS;
    }
    setResponseHeaders(c, headers);
  };
}
